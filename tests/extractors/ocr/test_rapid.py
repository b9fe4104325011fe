"""PP-OCR adapter: box → Line conversion (no engine) and real reads of corpus pages (`ocr`)."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from yigcha.extractors.ocr import get_engine
from yigcha.extractors.ocr.rapid import RapidEngine, TextBox, is_junk, lines_from_boxes, red_mask

DOC_NUMBER_FORMS = {"藏教发〔2024〕58号", "藏教发[2024]58号", "藏教发【2024】58号", "藏教发［2024］58号"}


def _box(text: str, score: float, x0=10.0, top=10.0, x1=110.0, bottom=30.0) -> TextBox:
    return TextBox(((x0, top), (x1, top), (x1, bottom), (x0, bottom)), text, score)


@pytest.mark.parametrize(
    ("box", "junk"),
    [
        pytest.param(_box("西藏自治区教育厅文件", 0.99), False, id="letterhead"),
        pytest.param(_box("-1-", 0.98), False, id="page-number"),
        pytest.param(_box(".........", 0.95), True, id="dots-where-tibetan-was"),
        pytest.param(_box("教育厅", 0.41), True, id="low-score-seal-arc"),
        pytest.param(_box("——", 0.99), True, id="dashes-only"),
    ],
)
def test_is_junk(box: TextBox, junk: bool) -> None:
    assert is_junk(box) is junk, box.text


def test_lines_from_boxes_converts_pixels_to_points_and_reads_ink() -> None:
    # 200 px per inch: a red bar 40 px high (14.4 pt) at x 100..300, y 50..90; a black bar below it.
    pixels = np.full((400, 400, 3), 255, dtype=np.uint8)
    pixels[50:90, 100:300] = (220, 20, 30)
    pixels[200:230, 100:300] = (20, 20, 20)
    image = Image.fromarray(pixels)
    boxes = [_box("红头", 0.99, 95, 45, 305, 95), _box("正文", 0.97, 95, 195, 305, 235), _box("...", 0.9)]

    lines = lines_from_boxes(boxes, image, page_number=3, points_per_pixel=72 / 200)

    assert [ln.text for ln in lines] == ["红头", "正文"]
    red, black = lines
    assert (red.x0, red.top, red.x1, red.bottom) == pytest.approx((34.2, 16.2, 109.8, 34.2))
    assert red.size == pytest.approx(40 * 72 / 200) and black.size == pytest.approx(30 * 72 / 200)
    assert (red.color, black.color) == ("red", None)
    assert (red.page_number, red.source, red.script, red.confidence) == (3, "ocr", "zh", 0.99)


def test_lines_from_boxes_bitonal_has_no_colour() -> None:
    image = Image.new("1", (200, 100), 1)
    image.paste(0, (20, 20, 180, 60))
    (line,) = lines_from_boxes([_box("文件", 0.99, 15, 15, 185, 65)], image, page_number=1, points_per_pixel=0.36)
    assert line.color is None
    assert line.size == pytest.approx(40 * 0.36)


def test_red_mask_sees_red_not_black_or_orange() -> None:
    pixels = np.array([[[220, 20, 30], [20, 20, 20], [240, 150, 20], [255, 255, 255]]], dtype=np.uint8)
    assert red_mask(pixels).tolist() == [[True, False, False, False]]


@pytest.fixture(scope="module")
def rapid(engines) -> RapidEngine:
    return get_engine("rapid")


@pytest.mark.ocr
def test_recognize_n001_scan_page1(rapid: RapidEngine, n001_scan_p1: Image.Image) -> None:
    lines = rapid.recognize(n001_scan_p1, page_number=1, dpi=300)
    texts = [ln.text for ln in lines]
    assert texts[0] == "西藏自治区教育厅文件", texts
    doc_number = next(ln for ln in lines if ln.text in DOC_NUMBER_FORMS)
    # Printed centred near y = 300 pt on an A4 page (595 × 842 pt), 16 pt FangSong.
    assert 280 < doc_number.top < 330 and 200 < doc_number.x0 < 260, doc_number
    assert 12 <= doc_number.size <= 19
    assert doc_number.confidence > 0.95
    assert not any(set(t) <= set(".·。-") for t in texts), "dots where the Tibetan line was came out"
    assert all(ln.x1 <= 595.7 and ln.bottom <= 842 for ln in lines)


@pytest.mark.ocr
def test_recognize_colour_letterhead_is_red_and_simplified(rapid: RapidEngine, render) -> None:
    image = render("n011.scan.pdf", 0, 200)
    lines = rapid.recognize(image, page_number=1, dpi=200)
    by_text = {ln.text: ln for ln in lines}
    assert by_text["新疆维吾尔自治区教育厅文件"].color == "red"
    assert by_text["新教发〔2024〕45号"].color is None
    # PP-OCRv6 answers this Kai-style line in traditional characters (課堂教學類) before OpenCC t2s.
    assert any(t.startswith("（一）课堂教学类") for t in by_text), sorted(by_text)


def test_black_text_under_a_red_seal_is_not_red() -> None:
    # n020 photo: the signature under the seal measured 55% red ink; letterheads measure 100%.
    pixels = np.full((100, 300, 3), 255, dtype=np.uint8)
    pixels[30:70, 20:152] = (210, 30, 40)  # seal ring and fill, 55% of the ink
    pixels[30:70, 152:260] = (60, 60, 60)  # the black signature
    (line,) = lines_from_boxes([_box("西藏自治区人民医院", 0.99, 10, 20, 290, 80)], Image.fromarray(pixels),
                               page_number=1, points_per_pixel=0.36)
    assert line.color is None
