"""Upload triage: what the bytes are (by content, never by file name), and whether we accept them.

Sniffing and page counting are the extractor's own (`extractors.sources`), so the service refuses
exactly what the extractor could not read, before anything is stored.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from yigcha.extractors.sources import count_pages, sniff_kind
from yigcha.models.errors import InputFileError

CONTENT_TYPES = {"pdf": "application/pdf", "tiff": "image/tiff", "png": "image/png", "jpeg": "image/jpeg"}


@dataclass(frozen=True, slots=True)
class Upload:
    """An accepted upload: what it is, how big, its content address."""

    filename: str
    kind: str
    content_type: str
    size: int
    pages: int
    sha256: str


def triage(data: bytes, filename: str, *, max_bytes: int, max_pages: int) -> Upload:
    """Check an upload before anything is stored. Raises InputFileError (422) when it is refused."""
    if len(data) > max_bytes:
        raise InputFileError(f"{filename}: {len(data)} bytes is more than the limit of {max_bytes}; split the file")
    try:
        kind = sniff_kind(data)
        pages = count_pages(data, kind)
    except InputFileError as e:
        e.message = f"{filename}: {e.message}"
        raise
    if pages == 0 or pages > max_pages:
        raise InputFileError(f"{filename}: {pages} pages; a notice file has 1 to {max_pages} pages")
    return Upload(filename=filename, kind=kind, content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
                  size=len(data), pages=pages, sha256=hashlib.sha256(data).hexdigest())
