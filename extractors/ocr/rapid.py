"""PP-OCR (PP-OCRv6 small, shipped inside the rapidocr wheel) on onnxruntime, one thread: Chinese.

Settings are the measured ones from FIELD-NOTES: one intra/inter-op thread, the text-direction classifier
off (pages reach the recogniser upright; orientation is `imaging`'s job), and detection on the long side
capped at 960 px, which finds every line of an A4 notice and is 3x faster than the 2000 px default.
Recognition crops come from the page at ≤ 200 dpi: more pixels read no better (the engine caps at 2000 px).

PP-OCRv6's recogniser is one model for simplified and traditional Chinese, and on Kai-style lines it
answers in traditional characters (n011 scan p1: 課堂教學類 for 课堂教学类, CER 8.6% → 0.4%). The notices
are all in simplified Chinese, so each line goes through OpenCC `t2s`; it leaves simplified text alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image

from yigcha.extractors.ocr import line_from_pixels, register
from yigcha.models.document import Line
from yigcha.models.errors import EngineFailedError, MissingDependencyError

MAX_LONG_SIDE_PX = 2339  # A4 at 200 dpi
MIN_SCORE = 0.6  # below this PP-OCR lines are junk: dots where Tibetan was, seal arc text on photos
# A line is "red" when at least this share of its ink is red. Red letterheads measure 1.0; black
# signatures and dates under a red seal 0.51–0.61 (n001 photo p3, n020 photo), so 0.5 would call them red.
RED_INK_SHARE = 0.8
_HAS_WORD = re.compile(r"[\w\u3400-\u9fff]")  # a line of dots or dashes only is no text

_PARAMS = {
    "Global.log_level": "warning",
    "Global.use_cls": False,
    "Det.limit_type": "max",
    "Det.limit_side_len": 960,
    # One line per recognition run: batches pad every line to the widest one in them, which on one
    # thread costs more than it saves (3 scan pages: 1.91 s/page at 1, 2.24 at 3, 2.59 at 6, the default).
    "Rec.rec_batch_num": 1,
    "EngineConfig.onnxruntime.intra_op_num_threads": 1,
    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
}


@dataclass(frozen=True, slots=True)
class TextBox:
    """One PP-OCR detection: its 4 corners in pixels of the image it was read from."""

    quad: tuple[tuple[float, float], ...]
    text: str
    score: float

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.quad]
        ys = [p[1] for p in self.quad]
        return min(xs), min(ys), max(xs), max(ys)


@lru_cache(maxsize=1)
def _to_simplified():
    """OpenCC's traditional → simplified converter, loaded once."""
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _engine():
    """The RapidOCR object, loaded once per process (≈ 0.5 s, ≈ 0.9 GB)."""
    try:
        from rapidocr import RapidOCR

        return RapidOCR(params=_PARAMS)
    except ImportError as e:
        raise MissingDependencyError("rapidocr is not installed; `pip install rapidocr onnxruntime`") from e
    except Exception as e:  # a missing or corrupt ONNX model inside the wheel
        raise MissingDependencyError(f"the PP-OCR models could not be loaded: {e}") from e


def read_boxes(image: Image.Image) -> list[TextBox]:
    """Every text box PP-OCR finds, in pixels of `image`, junk included (see `is_junk`)."""
    rgb = image.convert("RGB")
    scale = min(1.0, MAX_LONG_SIDE_PX / max(rgb.size))
    if scale < 1.0:
        size = (round(rgb.width * scale), round(rgb.height * scale))
        rgb = rgb.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    try:
        result = _engine()(np.asarray(rgb))
    except Exception as e:
        raise EngineFailedError(f"PP-OCR failed: {e.__class__.__name__}: {e}") from e
    if result.boxes is None:
        return []
    return [
        TextBox(
            tuple((float(x) / scale, float(y) / scale) for x, y in quad),
            _to_simplified().convert(str(text)),
            float(score),
        )
        for quad, text, score in zip(result.boxes, result.txts, result.scores)
    ]


def is_junk(box: TextBox) -> bool:
    """A low-score read or one with no letter, digit or Han character in it."""
    return box.score < MIN_SCORE or not _HAS_WORD.search(box.text)


def ink_mask(rgb: np.ndarray) -> np.ndarray:
    """Dark or red pixels of an RGB (or grey) array."""
    if rgb.ndim == 2:
        return rgb < 160
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return (grey < 160) | red_mask(rgb)


def red_mask(rgb: np.ndarray) -> np.ndarray:
    """Saturated red pixels (letterheads, red rules, seals)."""
    if rgb.ndim == 2:
        return np.zeros(rgb.shape, dtype=bool)
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    return ((h <= 10) | (h >= 170)) & (s >= 90) & (v >= 70)


def _ink_traits(pixels: np.ndarray, bbox: tuple[float, float, float, float]) -> tuple[float, bool]:
    """(ink height in pixels, whether the ink is mostly red) inside one box."""
    x0, top, x1, bottom = (int(round(v)) for v in bbox)
    crop = pixels[max(0, top) : max(0, bottom), max(0, x0) : max(0, x1)]
    if crop.size == 0:
        return max(0.0, bbox[3] - bbox[1]), False
    ink = ink_mask(crop)
    rows = np.flatnonzero(ink.sum(axis=1) >= max(2, 0.01 * crop.shape[1]))
    height = float(rows[-1] - rows[0] + 1) if rows.size else float(crop.shape[0])
    total = int(ink.sum())
    is_red = total > 0 and crop.ndim == 3 and red_mask(crop).sum() >= RED_INK_SHARE * total
    return height, bool(is_red)


def lines_from_boxes(
    boxes: list[TextBox], image: Image.Image, *, page_number: int, points_per_pixel: float
) -> list[Line]:
    """Lines in points for the boxes that are not junk, with ink height and red colour from `image`."""
    # Bitonal and grey images carry no colour: their lines get color=None.
    pixels = np.asarray(image.convert("RGB") if image.mode in ("RGB", "RGBA", "P", "CMYK") else image.convert("L"))
    lines = []
    for box in boxes:
        if is_junk(box):
            continue
        height, is_red = _ink_traits(pixels, box.bbox)
        lines.append(
            line_from_pixels(
                box.text, box.bbox, points_per_pixel, page_number=page_number, confidence=box.score,
                script="zh", ink_height=height, red=is_red,
            )
        )
    return lines


class RapidEngine:
    """PP-OCR for Chinese (Han, Latin letters, digits) on an upright page image."""

    name = "rapid"

    def languages(self) -> set[str]:
        return {"zh"}

    def recognize(self, image: Image.Image, *, page_number: int, dpi: float) -> list[Line]:
        return lines_from_boxes(read_boxes(image), image, page_number=page_number, points_per_pixel=72 / dpi)


register("rapid", RapidEngine)
