"""The page recipe: scans, bitonal frames, photos and turned pages into upright `Page`s."""
from __future__ import annotations

import json

import pytest
from PIL import Image
from utils.corpus import CORPUS as _CORPUS
from utils.corpus import require_corpus
from utils.engines import require_engines
from yigcha.extractors.raster import find_ink_bands, page_from_image, sort_reading_order
from yigcha.models.document import Line, Page

DOC_NUMBER_FORMS = {"藏教发〔2024〕58号", "藏教发[2024]58号", "藏教发【2024】58号", "藏教发［2024］58号"}


def _line(text: str, top: float, x0: float, bottom: float | None = None) -> Line:
    return Line(text, x0, top, x0 + 50, top + 16 if bottom is None else bottom, 1, "ocr")


def test_sort_reading_order_rows_then_left_to_right() -> None:
    lines = [
        _line("日期", 700.4, 380),
        _line("正文", 300, 80),
        _line("署名", 699.0, 90),  # same row as 日期, a little higher: still left to right
        _line("标题", 200, 150),
    ]
    assert [ln.text for ln in sort_reading_order(lines)] == ["标题", "正文", "署名", "日期"]


def test_find_ink_bands_merges_small_gaps() -> None:
    import numpy as np

    ink = np.zeros((100, 50), dtype=bool)
    ink[10:14, :] = True  # vowel signs
    ink[16:30, :] = True  # letters, 2 px below: same band
    ink[50:60, :] = True  # next line
    assert find_ink_bands(ink, max_gap=3) == [(10, 30), (50, 60)]


def _need_engines() -> None:
    require_engines()
    require_corpus()


def _letterhead(notice: str, script: str) -> str:
    spec = json.loads((_CORPUS / "specs" / f"{notice}.json").read_text("utf-8"))
    return next(x["text"] for d in spec["documents"] for x in d["letterhead"] if x["script"] == script)


def _pdf_image(name: str, index: int = 0) -> Image.Image:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(_CORPUS / "files" / name)
    try:
        if name.endswith(".photo.pdf"):  # the camera JPEG as the phone delivered it
            return next(iter(pdf[index].get_objects())).get_bitmap().to_pil().convert("RGB")
        return pdf[index].render(scale=300 / 72).to_pil()
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def n001_scan() -> tuple[Image.Image, Page, Image.Image]:
    _need_engines()
    source = _pdf_image("n001.scan.pdf")
    page, upright = page_from_image(source, page_number=1, dpi=300)
    return source, page, upright


def _texts(page: Page, script: str = "zh") -> list[str]:
    return [ln.text for ln in page.lines if ln.script == script]


@pytest.mark.ocr
def test_scan_page_letterhead_doc_number_and_geometry(n001_scan) -> None:
    _, page, upright = n001_scan
    assert page.lines[0].script == "bo" and page.lines[0].text == _letterhead("n001", "bo")
    assert page.lines[1].text == "西藏自治区教育厅文件"
    assert any(t in DOC_NUMBER_FORMS for t in _texts(page)), _texts(page)
    assert (page.rotation, page.source, page.red_rules) == (0, "ocr", ())  # grey scan: no colour
    assert page.width == pytest.approx(2482 / 300 * 72, abs=0.5) and page.height == pytest.approx(842, abs=0.5)
    # Line coordinates are on the returned image: points = pixels / image width × page width.
    assert page.width / upright.width == pytest.approx(page.height / upright.height, rel=1e-3)
    assert [ln.top for ln in page.lines] == sorted(ln.top for ln in page.lines)


@pytest.mark.ocr
def test_scan_page_is_deterministic(n001_scan) -> None:
    source, page, upright = n001_scan
    again, again_image = page_from_image(source, page_number=1, dpi=300)
    assert again == page and again_image.tobytes() == upright.tobytes()


@pytest.mark.ocr
def test_page_turned_90_clockwise_comes_back_with_rotation_270(n001_scan) -> None:
    source, page, _ = n001_scan
    turned = source.transpose(Image.Transpose.ROTATE_270)  # 90° clockwise, as fed sideways
    back, upright = page_from_image(turned, page_number=1, dpi=300)
    assert back.rotation == 270
    assert upright.height > upright.width
    assert _texts(back) == _texts(page)
    assert _texts(back, "bo") == [_letterhead("n001", "bo")]


@pytest.mark.ocr
def test_photo_is_found_straightened_and_read() -> None:
    _need_engines()
    page, upright = page_from_image(_pdf_image("n011.photo.pdf"), page_number=1, dpi=None)
    assert (page.width, page.height) == pytest.approx((595.28, 841.89), abs=0.1)
    assert upright.width / upright.height == pytest.approx(595.28 / 841.89, rel=2e-3)
    zh = {ln.text: ln for ln in page.lines if ln.script == "zh"}
    assert zh["新疆维吾尔自治区教育厅文件"].color == "red"
    assert "新教发〔2024〕45号" in zh or "新教发[2024]45号" in zh, sorted(zh)
    # The red rule under the letterhead, between the doc number (≈ 250 pt) and the title (≈ 300 pt).
    assert len(page.red_rules) == 1 and 255 < page.red_rules[0] < 295, page.red_rules
    assert [ln.script for ln in page.lines[:2]] == ["ug", "zh"]
    assert page.lines[0].text == _letterhead("n011", "ug") and page.lines[0].color == "red"


@pytest.mark.ocr
def test_bitonal_tiff_frame_reads_uyghur_letterhead() -> None:
    _need_engines()
    with Image.open(_CORPUS / "files" / "n011.tiff") as tiff:
        frame = tiff.copy()
    assert frame.mode == "1"
    page, _ = page_from_image(frame, page_number=1, dpi=300)
    assert _texts(page, "ug") == [_letterhead("n011", "ug")]
    assert all(ln.color is None for ln in page.lines) and page.red_rules == ()
