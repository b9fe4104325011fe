"""Any notice file in, records out: the extraction recipe, top-down.

    bytes ─sniff→ kind ─pages→ Page[] (text layer or OCR) ─split→ notices ─zones→ ─fields→ Record[]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
from PIL import Image

from yigcha.extractors.records import build_record
from yigcha.extractors.sources import iter_source_pages, sniff_kind
from yigcha.extractors.zones import find_zones, split_notices
from yigcha.models.document import Hints, Page, Record

PREVIEW_DPI = 100  # page images kept for reviewers when a page was read from its text layer


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
    kind = sniff_kind(data)
    pages, images = read_pages(data, kind, max_pages=max_pages, keep_images=keep_images)
    records = [build_record(find_zones(group), hints or Hints()) for group in split_notices(pages)]
    return Extraction(file=filename, pages=pages, records=records, page_images=images)


def read_pages(
    data: bytes, kind: str, *, max_pages: int, keep_images: bool
) -> tuple[list[Page], list[Image.Image]]:
    """Every page upright, read from its text layer where it has one and by OCR otherwise."""
    from yigcha.extractors.raster import page_from_image  # OCR models load only when a page needs them

    pages: list[Page] = []
    images: list[Image.Image] = []
    for source in iter_source_pages(data, kind, max_pages=max_pages):
        if source.text_page is not None:
            pages.append(source.text_page)
            if keep_images:
                images.append(_render_pdf_page(data, source.page_number))
            continue
        page, upright = page_from_image(source.image, page_number=source.page_number, dpi=source.dpi)
        pages.append(page)
        if keep_images:
            images.append(upright)
    return pages, images


def _render_pdf_page(data: bytes, page_number: int) -> Image.Image:
    with pdfium.PdfDocument(data) as pdf:
        return pdf[page_number - 1].render(scale=PREVIEW_DPI / 72).to_pil().convert("RGB")
