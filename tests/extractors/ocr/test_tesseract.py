"""Tesseract adapter: Tibetan/Uyghur bands, OSD, and errors wrapped at the boundary."""
from __future__ import annotations

import json

import pytest
import pytesseract
from PIL import Image

from yigcha.extractors.ocr import tesseract
from yigcha.extractors.ocr.tesseract import TesseractEngine, detect_rotation, read_band
from yigcha.models.errors import EngineFailedError, MissingDependencyError

# n001 page 1 at 300 dpi: the Tibetan letterhead line sits between y ≈ 690 and 835 px.
TIBETAN_BAND_PX = (400, 680, 2100, 845)


def _spec_letterhead(corpus_files, notice: str, script: str) -> str:
    spec = json.loads((corpus_files.parent / "specs" / f"{notice}.json").read_text("utf-8"))
    return next(x["text"] for d in spec["documents"] for x in d["letterhead"] if x["script"] == script)


@pytest.mark.ocr
def test_read_band_n001_tibetan_letterhead(n001_scan_p1: Image.Image, corpus_files) -> None:
    band = n001_scan_p1.convert("L").crop(TIBETAN_BAND_PX)
    read = read_band(band, lang="bod", psm=7)
    assert read.text == _spec_letterhead(corpus_files, "n001", "bo")
    assert read.confidence > 0.6


@pytest.mark.ocr
@pytest.mark.parametrize("clockwise", [90, 180, 270])
def test_detect_rotation_names_the_turn(n001_scan_p1: Image.Image, clockwise: int) -> None:
    small = n001_scan_p1.convert("L").resize((1240, 1754))
    turned = small.rotate(-clockwise, expand=True)  # Pillow turns counter-clockwise
    found = detect_rotation(turned, dpi=150)
    assert found is not None and found[0] == (360 - clockwise) % 360, found


@pytest.mark.ocr
def test_engine_recognize_returns_tibetan_lines_in_points(n001_scan_p1: Image.Image, corpus_files) -> None:
    band = n001_scan_p1.convert("L").crop(TIBETAN_BAND_PX)
    (line,) = TesseractEngine("bod").recognize(band, page_number=1, dpi=300)
    assert line.script == "bo" and line.text == _spec_letterhead(corpus_files, "n001", "bo")
    assert 0 <= line.x0 < line.x1 <= band.width * 72 / 300


def test_missing_language_names_the_apt_package(engines) -> None:
    with pytest.raises(MissingDependencyError, match="tesseract-ocr-xyz"):
        TesseractEngine("xyz")


def test_missing_binary_is_a_missing_dependency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(MissingDependencyError, match="apt package tesseract-ocr"):
        read_band(Image.new("L", (200, 40), 255), lang="bod")


def test_timeout_is_an_engine_failure(engines, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tesseract, "TIMEOUT_S", 0.001)
    with pytest.raises(EngineFailedError, match="timed out"):
        read_band(Image.new("L", (2000, 400), 255), lang="bod")


def test_crash_is_an_engine_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args, **kwargs):
        raise pytesseract.TesseractError(-11, "Segmentation fault")

    monkeypatch.setattr(pytesseract, "image_to_data", crash)
    with pytest.raises(EngineFailedError, match="Segmentation fault"):
        read_band(Image.new("L", (200, 40), 255), lang="bod")
