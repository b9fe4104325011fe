"""Corpus tests: every notice of the shared corpus, in every rendering, against its expected records.

Each file is extracted once per test run (a session cache) and shared by the tests that check it.
Born-digital PDFs are checked field by field; OCR'd variants by their field score, with the floors the
product promises (scan ≥ 0.93, bitonal TIFF ≥ 0.90, phone photo ≥ 0.85, turned pages ≥ 0.90).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from utils.corpus import corpus_file, corpus_ids, require_corpus, scorer
from utils.rotated import make_rotated_scan
from yigcha.extractors.pipeline import extract

_CACHE: dict[Path, dict] = {}
FLOORS = {"pdf": 0.97, "scan": 0.93, "tiff": 0.90, "photo": 0.85, "rotated": 0.90}
HEADER_FIELDS = ("doc_number", "issuers", "title", "issue_date")


def extracted(path: Path) -> dict:
    if path not in _CACHE:
        _CACHE[path] = extract(path.read_bytes(), path.name).to_dict()
    return _CACHE[path]


def expected_records(doc_id: str) -> list[dict]:
    return json.loads((corpus_file(doc_id, "pdf").parents[1] / "expected" / f"{doc_id}.json").read_text())[
        "records"
    ]


@pytest.mark.parametrize("doc_id", corpus_ids())
@pytest.mark.parametrize("field", [*scorer().EXACT_FIELDS, *scorer().SET_FIELDS])
def test_born_digital_field(doc_id: str, field: str) -> None:
    require_corpus()
    score = scorer()
    predicted = extracted(corpus_file(doc_id, "pdf"))["records"]
    pairs, extra = score.align(expected_records(doc_id), predicted)
    assert extra == 0, f"{doc_id}.pdf: {extra} records more than expected"
    for want, got in pairs:
        if field in score.EXACT_FIELDS:
            key = score.EXACT_FIELDS[field]
            assert key(got) == key(want), f"{doc_id}.pdf {field}: {key(got)!r} != {key(want)!r}"
        else:
            key = score.SET_FIELDS[field]
            tp, n_want, n_got = score.prf(key(want), key(got), score.FUZZY.get(field, lambda a, b: a == b))
            assert tp == n_want == n_got, f"{doc_id}.pdf {field}: {key(got)!r} != {key(want)!r}"


def _variant_score(tmp_path: Path, files: dict[str, Path]) -> dict:
    for doc_id, path in files.items():
        result = extracted(path)
        (tmp_path / f"{doc_id}.json").write_text(json.dumps(result, ensure_ascii=False))
    return scorer().score(str(files and next(iter(files.values())).parents[1] / "expected"), str(tmp_path))


@pytest.mark.ocr
@pytest.mark.parametrize("variant", ["scan", "tiff", "photo"])
def test_ocr_variant_score(variant: str, tmp_path: Path, engines) -> None:
    require_corpus()
    files = {doc_id: corpus_file(doc_id, variant) for doc_id in corpus_ids()}
    result = _variant_score(tmp_path, files)
    assert result["extra_records"] == 0, f"{variant}: extra records {result['per_document']}"
    assert result["macro_field_score"] >= FLOORS[variant], f"{variant}: {result['fields']}"


@pytest.mark.ocr
def test_scans_with_turned_pages(tmp_path: Path, engines) -> None:
    """Pages turned 90/180/270° one by one (our own generator) read as well as upright scans."""
    require_corpus()
    files = {}
    for doc_id in corpus_ids()[::3]:
        target = tmp_path / "files" / f"{doc_id}.rotated.pdf"
        target.parent.mkdir(exist_ok=True)
        turns = make_rotated_scan(corpus_file(doc_id, "scan"), target)
        assert set(turns) - {0}, f"{doc_id}: no page was turned"
        files[doc_id] = target
    out = tmp_path / "out"
    out.mkdir()
    for doc_id, path in files.items():
        (out / f"{doc_id}.json").write_text(json.dumps(extracted(path), ensure_ascii=False))
    result = scorer().score(str(corpus_file("seed", "pdf").parents[1] / "expected"), str(out))
    assert result["macro_field_score"] >= FLOORS["rotated"], result["fields"]
    shutil.rmtree(tmp_path / "files")


def test_evidence_is_on_the_page() -> None:
    """Every field found carries a confidence in 0..1 and evidence boxes in fractions of the page."""
    require_corpus()
    result = extracted(corpus_file("n019", "pdf"))
    record = result["records"][0]
    assert record["meta"]["doc_number"]["evidence"][0]["text"] == "果卫健〔2024〕27号"
    for name, meta in record["meta"].items():
        assert 0 < meta["confidence"] <= 1, name
        assert meta["source"] == "machine"
        for evidence in meta["evidence"]:
            x0, y0, x1, y1 = evidence["bbox"]
            assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1, (name, evidence)
            assert 1 <= evidence["page"] <= result["pages"], (name, evidence)


def test_same_input_same_output() -> None:
    require_corpus()
    path = corpus_file("n071", "pdf")
    first = extracted(path)
    again = extract(path.read_bytes(), path.name).to_dict()
    assert json.dumps(first, ensure_ascii=False) == json.dumps(again, ensure_ascii=False)
