"""rq job functions in-process (SimpleWorker, burst) on real files: results, hints, failures, idempotency."""
from __future__ import annotations

import pytest
from redis import Redis
from rq import Queue, SimpleWorker

from utils.service import auth, corpus_file
from yigcha.ingest.jobs import process_document
from yigcha.models.errors import EngineFailedError
from yigcha.models.tables import HintKind
from yigcha.storage.db import session_factory, session_scope
from yigcha.storage.hints import upsert_hint


def work(settings) -> None:
    connection = Redis.from_url(settings.redis_url)
    SimpleWorker([Queue(settings.redis_queue, connection=connection)], connection=connection).work(burst=True)


def upload(client, token, name: str) -> dict:
    path = corpus_file(name)
    response = client.post("/documents", files=[("files", (name, path.read_bytes()))], headers=auth(token))
    return response.json()["documents"][0]


@pytest.fixture
def pipeline():
    from yigcha.extractors import pipeline

    return pipeline


def test_job_stores_records_pages_and_artifacts(client, tokens, settings, pipeline) -> None:
    document = upload(client, tokens["uploader"], "n003.pdf")
    work(settings)
    done = client.get(f"/documents/{document['id']}", headers=auth(tokens["reader"])).json()
    expected = pipeline.extract(corpus_file("n003.pdf").read_bytes(), "n003.pdf").to_dict()
    assert (done["status"], done["error"], done["pages"]) == ("done", None, expected["pages"])
    assert set(done["timings"]) == {"download", "extract", "store", "save"}
    items = client.get("/records", params={"document_id": document["id"]}, headers=auth(tokens["admin"])).json()["items"]
    assert [r["doc_number"] for r in items] == [r["doc_number"] for r in expected["records"]]
    image = client.get(f"/documents/{document['id']}/pages/{expected['pages']}.png", headers=auth(tokens["admin"]))
    assert (image.status_code, image.headers["content-type"]) == (200, "image/png")


def test_learned_hints_reach_the_extractor(client, tokens, settings, pipeline, monkeypatch) -> None:
    seen = []
    real = pipeline.extract

    def spy(data, filename, **kwargs):
        seen.append(kwargs["hints"])
        return real(data, filename, **kwargs)

    monkeypatch.setattr(pipeline, "extract", spy)
    with session_scope(session_factory(settings)) as session:
        upsert_hint(session=session, kind=HintKind.issuer_by_doc_prefix, key="藏质协字", value="西藏自治区质量协会")
        upsert_hint(session=session, kind=HintKind.contact, key="张三", value={"names": ["张三"], "phones": ["0891-6815193"]})
    upload(client, tokens["uploader"], "n001.pdf")
    work(settings)
    assert [h.issuer_by_doc_prefix for h in seen] == [{"藏质协字": "西藏自治区质量协会"}]
    assert seen[0].contacts == ({"names": ["张三"], "phones": ["0891-6815193"]},)


def test_engine_failure_marks_the_document_failed_with_its_reason(client, tokens, settings, pipeline, monkeypatch) -> None:
    def crash(data, filename, **kwargs):
        raise EngineFailedError("PP-OCR crashed on page 1; the worker log has the details")

    monkeypatch.setattr(pipeline, "extract", crash)
    document = upload(client, tokens["uploader"], "n002.pdf")
    work(settings)
    failed = client.get(f"/documents/{document['id']}", headers=auth(tokens["reader"])).json()
    assert (failed["status"], failed["error"]) == (
        "failed", {"code": "ocr_failed", "message": "PP-OCR crashed on page 1; the worker log has the details"})


def test_running_a_job_again_overwrites_not_duplicates(client, tokens, settings) -> None:
    document = upload(client, tokens["uploader"], "n006.pdf")
    work(settings)
    first = client.get(f"/documents/{document['id']}", headers=auth(tokens["reader"])).json()
    assert process_document(document["id"], 1) == "skipped"  # done: a duplicate job is a no-op
    client.post(f"/documents/{document['id']}/reprocess", headers=auth(tokens["admin"]))
    work(settings)
    again = client.get(f"/documents/{document['id']}", headers=auth(tokens["reader"])).json()
    assert again["status"] == "done" and len(again["record_ids"]) == len(first["record_ids"])
    total = client.get("/records", params={"document_id": document["id"]}, headers=auth(tokens["admin"])).json()
    assert [r["id"] for r in total["items"]] == again["record_ids"]
