"""Whether the real OCR engines are installed: skip on a developer's machine, fail in CI."""
from __future__ import annotations

import shutil

import pytest

from utils.service import missing as _missing


def require_engines() -> None:
    """Skip (developer machine) or fail (CI=true) when Tesseract + bod/uig/osd or rapidocr are absent."""
    missing = []
    if shutil.which("tesseract") is None:
        missing.append("tesseract binary (apt tesseract-ocr)")
    else:
        import pytesseract

        langs = set(pytesseract.get_languages(config=""))
        missing += [f"tesseract {lang} (apt tesseract-ocr-{lang})" for lang in ("bod", "uig", "osd") if lang not in langs]
    try:
        import rapidocr  # noqa: F401
    except ImportError:
        missing.append("rapidocr")
    if missing:
        _missing(f"OCR engines missing: {', '.join(missing)}")


@pytest.fixture(scope="session")
def engines() -> None:
    require_engines()
