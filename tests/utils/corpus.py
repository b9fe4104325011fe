"""The shared corpus (../shared/corpus beside the checkout, as in CI) and its scorer."""
from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

from utils.service import missing

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus"
# Variant → file name ending; every id of the corpus has one file of each.
VARIANTS = {"pdf": ".pdf", "scan": ".scan.pdf", "tiff": ".tiff", "photo": ".photo"}


def corpus_ids() -> list[str]:
    return sorted(p.stem for p in (CORPUS / "expected").glob("*.json"))


def corpus_file(doc_id: str, variant: str) -> Path:
    """The file of one id and variant (photos are .photo.jpg for one page, .photo.pdf otherwise)."""
    files = CORPUS / "files"
    if variant == "photo":
        for suffix in (".photo.pdf", ".photo.jpg"):
            if (files / f"{doc_id}{suffix}").exists():
                return files / f"{doc_id}{suffix}"
    return files / f"{doc_id}{VARIANTS[variant]}"


def require_corpus() -> None:
    if not (CORPUS / "expected").is_dir():
        missing(f"the shared corpus is not at {CORPUS}")


@cache
def scorer() -> ModuleType:
    """shared/eval/score.py, imported by path: the same scorer the product is judged by."""
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
