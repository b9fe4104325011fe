"""Any notice file in, records out: the extraction recipe, top-down.

(Work in progress: the real stages land here; the signature below is the contract the service uses.)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from yigcha.models.document import Hints, Page, Record


@dataclass(slots=True)
class Extraction:
    """What one input file gave."""

    file: str
    pages: list[Page]
    records: list[Record]
    page_images: list[Image.Image] = field(default_factory=list)  # upright, when asked for

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "pages": len(self.pages),
            "records": [r.to_dict() for r in self.records],
            "page_texts": [p.text for p in self.pages],
        }


def extract(
    data: bytes,
    filename: str,
    *,
    hints: Hints | None = None,
    max_pages: int = 300,
    keep_images: bool = False,
) -> Extraction:
    """Extract every notice in one file.

    Raises `InputFileError` (or `EncryptedPdfError`) for unusable input, `MissingDependencyError` when an
    OCR engine or language is absent, `EngineFailedError` when one crashes.
    """
    raise NotImplementedError
