"""OCR engines behind one small Protocol, looked up by name.

An engine turns an upright page image into `Line`s in PDF points. Engines do not parallelise: the
workers are the concurrency. To add PaddleOCR's own runtime where its models are installed, write
`extractors/ocr/paddle.py` with a class that satisfies `OcrEngine` and call `register(...)` for it.
"""
from __future__ import annotations

from typing import Callable, Protocol, runtime_checkable

from PIL import Image

from yigcha.models.document import Line


@runtime_checkable
class OcrEngine(Protocol):
    name: str

    def languages(self) -> set[str]: ...

    def recognize(self, image: Image.Image, *, page_number: int, dpi: float) -> list[Line]: ...


def line_from_pixels(
    text: str,
    bbox: tuple[float, float, float, float],
    points_per_pixel: float,
    *,
    page_number: int,
    confidence: float,
    script: str,
    ink_height: float | None = None,
    red: bool = False,
) -> Line:
    """An OCR'd line, its pixel box (x0, top, x1, bottom) converted to points once, here."""
    x0, top, x1, bottom = bbox
    return Line(
        text=text,
        x0=x0 * points_per_pixel,
        top=top * points_per_pixel,
        x1=x1 * points_per_pixel,
        bottom=bottom * points_per_pixel,
        page_number=page_number,
        source="ocr",
        confidence=round(confidence, 4),
        size=round((bottom - top if ink_height is None else ink_height) * points_per_pixel, 2),
        color="red" if red else None,
        script=script,
    )


_FACTORIES: dict[str, Callable[[], OcrEngine]] = {}
_ENGINES: dict[str, OcrEngine] = {}


def register(name: str, factory: Callable[[], OcrEngine]) -> None:
    """Make an engine available under `name`; it is built on first use, once per process."""
    _FACTORIES[name] = factory
    _ENGINES.pop(name, None)


def get_engine(name: str) -> OcrEngine:
    """The engine registered under `name`, built once and then cached."""
    if name not in _ENGINES:
        try:
            factory = _FACTORIES[name]
        except KeyError:
            raise KeyError(f"no OCR engine named {name!r}; known: {sorted(_FACTORIES)}") from None
        _ENGINES[name] = factory()
    return _ENGINES[name]
