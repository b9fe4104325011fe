"""Opening an input file: what it is (by content), and its pages as `Page`s.

A PDF is decided page by page: a page with a text layer is read from it (no OCR), a page without one
is rendered and OCR'd. TIFF (incl. multi-page 1-bit G4), JPEG and PNG are OCR'd frame by frame.
"""
from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from typing import Iterator

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageOps, UnidentifiedImageError

from yigcha.extractors.layout import has_text_layer, page_from_pdf_page
from yigcha.models.document import Page
from yigcha.models.errors import EncryptedPdfError, InputFileError

log = logging.getLogger(__name__)

# Image-only PDF pages are rendered at the resolution OCR reads at (raster.py scales scans to 200 dpi:
# PP-OCR reads 300 dpi no better, FIELD-NOTES), which spares rendering 300 dpi and then shrinking it.
RENDER_DPI = 200
MAX_IMAGE_PIXELS = 120_000_000  # ~ A3 at 600 dpi; larger is refused before decoding

# Magic numbers, checked in order: the first that matches names the kind.
FILE_KINDS: tuple[tuple[str, tuple[bytes, ...]], ...] = (
    ("pdf", (b"%PDF-",)),
    ("tiff", (b"II*\x00", b"MM\x00*")),
    ("jpeg", (b"\xff\xd8\xff",)),
    ("png", (b"\x89PNG\r\n\x1a\n",)),
)


def sniff_kind(data: bytes) -> str:
    """The kind of file (`pdf`, `tiff`, `jpeg`, `png`) judged by its content, not its name."""
    if not data:
        raise InputFileError("the file is empty")
    head = data[:1024]
    for kind, magics in FILE_KINDS:
        if kind == "pdf" and b"%PDF-" in head:  # some producers put junk before the header
            return kind
        if head.startswith(magics):
            return kind
    raise InputFileError(
        "unsupported file type: expected a PDF, TIFF, JPEG or PNG (the content is none of these)"
    )


@dataclass(frozen=True, slots=True)
class SourcePage:
    """One page of input before reading: a text-layer page or an image to OCR."""

    page_number: int
    image: Image.Image | None = None  # set when the page must be OCR'd
    dpi: float | None = None
    text_page: Page | None = None  # set when the page was read from its text layer


def count_pages(data: bytes, kind: str) -> int:
    """Number of pages, checked cheaply before any page is read."""
    if kind == "pdf":
        with _open_pdfium(data) as pdf:
            return len(pdf)
    if kind == "tiff":
        with _open_image(data) as image:
            return getattr(image, "n_frames", 1)
    return 1


def iter_source_pages(data: bytes, kind: str, *, max_pages: int) -> Iterator[SourcePage]:
    """The pages of a file, in order, each either read from its text layer or as an image to OCR."""
    pages = count_pages(data, kind)
    if pages == 0:
        raise InputFileError("the file has no pages")
    if pages > max_pages:
        raise InputFileError(
            f"the file has {pages} pages, more than the limit of {max_pages}; split it, or raise the "
            "limit (--max-pages, YIGCHA_MAX_PAGES)"
        )
    if kind == "pdf":
        yield from _pdf_pages(data)
    else:
        yield from _image_pages(data)


def _open_pdfium(data: bytes) -> pdfium.PdfDocument:
    if b"%%EOF" not in data[-2048:]:
        raise InputFileError("the PDF is truncated (no end-of-file marker); upload the complete file")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise EncryptedPdfError() from e
        raise InputFileError(f"the PDF is damaged and cannot be read ({e})") from e


def _pdf_pages(data: bytes) -> Iterator[SourcePage]:
    with _open_pdfium(data) as rendered, pdfplumber.open(io.BytesIO(data)) as parsed:
        for index, plumber_page in enumerate(parsed.pages):
            number = index + 1
            try:
                text_layer = has_text_layer(plumber_page)
            except Exception as e:  # pdfminer raises many types on broken content streams
                log.warning("page %d: text layer unreadable (%s); reading it by OCR", number, e)
                text_layer = False
            if text_layer:
                yield SourcePage(page_number=number, text_page=page_from_pdf_page(plumber_page))
                continue
            bitmap = rendered[index].render(scale=RENDER_DPI / 72, may_draw_forms=False)
            yield SourcePage(page_number=number, image=bitmap.to_pil().convert("RGB"), dpi=RENDER_DPI)


def _open_image(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as e:  # Pillow's own limit, checked from the header
        raise _too_large(None, None) from e
    except (UnidentifiedImageError, OSError) as e:
        raise InputFileError(f"the image is damaged and cannot be read ({e})") from e
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS or width <= 0 or height <= 0:
        raise _too_large(width, height)
    return image


def _too_large(width: int | None, height: int | None) -> InputFileError:
    size = f"{width}×{height} pixels" if width else "larger than Pillow's safety limit"
    return InputFileError(
        f"the image is {size}, beyond the {MAX_IMAGE_PIXELS // 1_000_000} megapixel limit; scan at 300 dpi"
    )


def _image_pages(data: bytes) -> Iterator[SourcePage]:
    with _open_image(data) as image:
        for index in range(getattr(image, "n_frames", 1)):
            try:
                image.seek(index)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                    frame = ImageOps.exif_transpose(image.copy())
                frame.load()
            except (OSError, ValueError, EOFError) as e:
                raise InputFileError(f"page {index + 1} of the image is damaged ({e})") from e
            dpi = _dpi_of(frame)
            yield SourcePage(page_number=index + 1, image=frame, dpi=dpi)


def _dpi_of(image: Image.Image) -> float | None:
    """The stored resolution, when it is a plausible scanner resolution."""
    dpi = image.info.get("dpi")
    if not dpi:
        return None
    value = float(dpi[0])
    return value if 100 <= value <= 1200 else None
