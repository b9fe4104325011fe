"""An engine that reads nothing: for tests and text-layer-only runs."""
from __future__ import annotations

from PIL import Image

from yigcha.extractors.ocr import register
from yigcha.models.document import Line


class NullEngine:
    """Returns no lines for any image."""

    name = "null"

    def languages(self) -> set[str]:
        return set()

    def recognize(self, image: Image.Image, *, page_number: int, dpi: float) -> list[Line]:
        return []


register("null", NullEngine)
