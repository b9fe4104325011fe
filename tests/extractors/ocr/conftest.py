"""Shared fixtures for the image-side tests: corpus pages as images, engines that may be absent."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

_CORPUS_CANDIDATES = (
    Path(__file__).resolve().parents[4] / "shared" / "corpus" / "files",  # CI: shared/ beside the clone
    Path("/work/shared/corpus/files"),
)
CORPUS_FILES = next((p for p in _CORPUS_CANDIDATES if p.is_dir()), _CORPUS_CANDIDATES[-1])


def render_pdf_page(name: str, index: int = 0, dpi: int = 300) -> Image.Image:
    """Page `index` (from 0) of a corpus PDF rendered at `dpi`."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(CORPUS_FILES / name)
    try:
        return pdf[index].render(scale=dpi / 72).to_pil()
    finally:
        pdf.close()


def photo_pdf_page(name: str, index: int = 0) -> Image.Image:
    """The embedded camera image of page `index` of a corpus `<id>.photo.pdf` (as a phone delivers it)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(CORPUS_FILES / name)
    try:
        return next(iter(pdf[index].get_objects())).get_bitmap().to_pil().convert("RGB")
    finally:
        pdf.close()


@pytest.fixture(scope="session")
def corpus_files() -> Path:
    return CORPUS_FILES


@pytest.fixture(scope="session")
def render(engines):
    """`render(name, index, dpi)`: a corpus PDF page as an image (skips when engines/corpus are absent)."""
    return render_pdf_page


@pytest.fixture(scope="session")
def n001_scan_p1(engines) -> Image.Image:
    """n001.scan.pdf page 1 at 300 dpi: grey scan, Tibetan + Chinese letterhead, doc number 藏教发〔2024〕58号."""
    return render_pdf_page("n001.scan.pdf", 0, 300)
