"""Tesseract for Tibetan (`bod`) and Uyghur (`uig`) lines, and for page orientation (OSD).

PP-OCR reads no Tibetan or Uyghur, and Tesseract's `chi_sim` is far worse than PP-OCR on Chinese
(FIELD-NOTES: 5–9% CER), so this engine is only asked about single lines or bands of those scripts.
Never run `chi_sim+bod` on a page: the mixed model turns Chinese into Tibetan junk.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import pytesseract
from PIL import Image

from yigcha.extractors.ocr import line_from_pixels, register
from yigcha.models.document import Line
from yigcha.models.errors import EngineFailedError, MissingDependencyError

# A busy second core makes Tesseract 3–8x slower with OpenMP threads (FIELD-NOTES). The subprocess
# inherits our environment, so this is the one place to say it; it is written, never read.
os.environ["OMP_THREAD_LIMIT"] = "1"

SCRIPT_BY_LANG: dict[str, str] = {"bod": "bo", "uig": "ug"}
APT_PACKAGE_BY_LANG: dict[str, str] = {
    "bod": "tesseract-ocr-bod",
    "uig": "tesseract-ocr-uig",
    "osd": "tesseract-ocr-osd",
}
TIMEOUT_S = 30


@dataclass(frozen=True, slots=True)
class LineRead:
    """What Tesseract read in one band: text and mean word confidence (0..1)."""

    text: str
    confidence: float


def _check_language(lang: str) -> None:
    try:
        available = set(pytesseract.get_languages(config=""))
    except pytesseract.TesseractNotFoundError as e:
        raise MissingDependencyError(
            "the tesseract binary is not installed; install the apt package tesseract-ocr"
        ) from e
    if lang not in available:
        raise MissingDependencyError(
            f"Tesseract language {lang!r} is not installed; install the apt package "
            f"{APT_PACKAGE_BY_LANG.get(lang, 'tesseract-ocr-' + lang)}"
        )


def _run(func, image: Image.Image, **kwargs):
    """Call one pytesseract function, turning its errors into ours."""
    try:
        return func(image, timeout=TIMEOUT_S, **kwargs)
    except pytesseract.TesseractNotFoundError as e:
        raise MissingDependencyError(
            "the tesseract binary is not installed; install the apt package tesseract-ocr"
        ) from e
    except pytesseract.TesseractError as e:
        if "Failed loading language" in str(e.message):
            raise MissingDependencyError(
                f"a Tesseract language is missing ({e.message.strip()}); install the matching "
                "tesseract-ocr-<lang> apt package"
            ) from e
        raise EngineFailedError(f"Tesseract failed (status {e.status}): {e.message}") from e
    except RuntimeError as e:  # pytesseract signals a timeout with a bare RuntimeError
        raise EngineFailedError(f"Tesseract timed out after {TIMEOUT_S} s: {e}") from e


def read_band(image: Image.Image, *, lang: str, psm: int = 7) -> LineRead:
    """Read one band of a single script (one text line, or a few) as one string.

    Args:
        image: the band cropped from an upright page, dark ink on light paper.
        lang: a Tesseract language, "bod" or "uig".
        psm: Tesseract page segmentation mode; 7 = one line, 6 = a block.
    """
    data = _run(
        pytesseract.image_to_data,
        image,
        lang=lang,
        config=f"--psm {psm}",
        output_type=pytesseract.Output.DICT,
    )
    words, confs = [], []
    for text, conf in zip(data["text"], data["conf"]):
        conf = float(conf)
        if conf >= 0 and text.strip():
            words.append(text.strip())
            confs.append(conf / 100)
    if not words:
        return LineRead("", 0.0)
    # Tibetan words carry their own tsheg (་) separators; Uyghur words are separated by spaces.
    joiner = "" if lang == "bod" else " "
    return LineRead(joiner.join(words), sum(confs) / len(confs))


def detect_rotation(image: Image.Image, *, dpi: float) -> tuple[int, float] | None:
    """Tesseract OSD: (degrees counter-clockwise the page is turned, confidence), or None if unsure.

    Undo the turn with `image.rotate(-degrees, expand=True)`, i.e. turn it `degrees` clockwise.
    """
    _check_language("osd")
    try:
        osd = _run(pytesseract.image_to_osd, image, config=f"--psm 0 --dpi {round(dpi)}", output_type=pytesseract.Output.DICT)
    except EngineFailedError as e:
        # "Too few characters" on a nearly empty page is no answer, not a failure.
        if "Too few characters" in str(e) or "Invalid resolution" in str(e):
            return None
        raise
    return int(osd["rotate"]) % 360, float(osd["orientation_conf"])


class TesseractEngine:
    """Reads a whole upright image as one block of Tibetan (or Uyghur) text."""

    name = "tesseract"

    def __init__(self, lang: str = "bod") -> None:
        _check_language(lang)
        self.lang = lang

    def languages(self) -> set[str]:
        return {SCRIPT_BY_LANG[self.lang]}

    def recognize(self, image: Image.Image, *, page_number: int, dpi: float) -> list[Line]:
        """One `Line` per Tesseract text line, in points."""
        data = _run(
            pytesseract.image_to_data,
            image,
            lang=self.lang,
            config="--psm 6",
            output_type=pytesseract.Output.DICT,
        )
        scale = 72 / dpi
        groups: dict[tuple[int, int, int], list[int]] = {}
        for i, (text, conf) in enumerate(zip(data["text"], data["conf"])):
            if float(conf) >= 0 and text.strip():
                key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
                groups.setdefault(key, []).append(i)
        joiner = "" if self.lang == "bod" else " "
        lines = []
        for idxs in groups.values():
            x0 = min(data["left"][i] for i in idxs)
            top = min(data["top"][i] for i in idxs)
            x1 = max(data["left"][i] + data["width"][i] for i in idxs)
            bottom = max(data["top"][i] + data["height"][i] for i in idxs)
            lines.append(
                line_from_pixels(
                    joiner.join(data["text"][i].strip() for i in idxs), (x0, top, x1, bottom), scale,
                    page_number=page_number, script=SCRIPT_BY_LANG[self.lang],
                    confidence=sum(float(data["conf"][i]) for i in idxs) / len(idxs) / 100,
                )
            )
        return lines


register("tesseract", TesseractEngine)
