"""POST/GET/DELETE /documents: 202 at once, dedup by hash, refusals, store-before-ack, roles."""
from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient
from redis import Redis
from rq import Queue
from sqlalchemy import func, select

from utils.service import auth, corpus_file, free_port
from yigcha.api.app import create_app
from yigcha.models.tables import Document, Outbox
from yigcha.storage.db import session_factory, session_scope
from yigcha.storage.objects import original_key, store_from_settings


def upload(client, token, *files: tuple[str, bytes]):
    return client.post("/documents", files=[("files", (name, data)) for name, data in files], headers=auth(token))


def count_rows(settings, table) -> int:
    with session_scope(session_factory(settings)) as session:
        return session.scalar(select(func.count()).select_from(table))


def test_upload_many_in_order_stored_and_queued(client, tokens, settings) -> None:
    pdf, tiff = corpus_file("n001.pdf").read_bytes(), corpus_file("n001.tiff").read_bytes()
    response = upload(client, tokens["uploader"], ("通知.pdf", pdf), ("n001.tiff", tiff))
    assert response.status_code == 202
    docs = response.json()["documents"]
    assert [(d["filename"], d["kind"], d["status"]) for d in docs] == [
        ("通知.pdf", "pdf", "queued"), ("n001.tiff", "tiff", "queued")]
    assert docs[0]["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert store_from_settings(settings).get(original_key(docs[0]["sha256"])) == pdf
    queue = Queue(settings.redis_queue, connection=Redis.from_url(settings.redis_url))
    assert [job.args for job in queue.get_jobs()] == [(docs[0]["id"], 1), (docs[1]["id"], 1)]
    assert count_rows(settings, Outbox) == 0
    got = client.get(f"/documents/{docs[0]['id']}", headers=auth(tokens["reader"])).json()
    assert (got["status"], got["error"], got["record_ids"], got["pages"]) == ("queued", None, [], 3)
    assert client.get(f"/documents/{docs[0]['id']}/file", headers=auth(tokens["reader"])).content == pdf


def test_duplicate_upload_is_the_same_document(client, tokens, settings) -> None:
    pdf = corpus_file("n002.pdf").read_bytes()
    first = upload(client, tokens["uploader"], ("a.pdf", pdf)).json()["documents"][0]
    again = upload(client, tokens["admin"], ("renamed.pdf", pdf), ("a.pdf", pdf)).json()["documents"]
    assert [d["id"] for d in again] == [first["id"], first["id"]]
    assert [d["duplicate"] for d in again] == [True, True]
    assert count_rows(settings, Document) == 1


def test_refused_files(client, tokens, settings) -> None:
    alone = upload(client, tokens["uploader"], ("notes.txt", "不是公文".encode()))
    assert (alone.status_code, alone.json()["code"]) == (422, "input_file")
    truncated = corpus_file("n003.pdf").read_bytes()[:5000]
    mixed = upload(client, tokens["uploader"], ("cut.pdf", truncated), ("ok.pdf", corpus_file("n003.pdf").read_bytes()))
    assert mixed.status_code == 202
    assert [(d["status"], (d["error"] or {}).get("code")) for d in mixed.json()["documents"]] == [
        ("rejected", "input_file"), ("queued", None)]
    assert count_rows(settings, Document) == 1


@pytest.mark.parametrize(("role", "status"), [("reader", 403), ("uploader", 202), ("reviewer", 202)])
def test_upload_roles(client, tokens, role, status) -> None:
    assert upload(client, tokens[role], ("n.pdf", corpus_file("n005.pdf").read_bytes())).status_code == status


def test_s3_unreachable_gives_503_and_writes_nothing(settings, tokens) -> None:
    broken = settings.model_copy(update={"s3_endpoint": f"127.0.0.1:{free_port()}"})
    with TestClient(create_app(broken, background=False)) as client:
        response = upload(client, tokens["uploader"], ("n.pdf", corpus_file("n006.pdf").read_bytes()))
    assert (response.status_code, response.json()["code"]) == (503, "storage_unavailable")
    assert "object storage" in response.json()["message"]
    assert (count_rows(settings, Document), count_rows(settings, Outbox)) == (0, 0)


def test_redis_unreachable_accepts_and_keeps_the_job_in_the_outbox(settings, tokens) -> None:
    from yigcha.ingest.queue import RqDispatcher, relay_outbox

    broken = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"})
    with TestClient(create_app(broken, background=False)) as client:
        response = upload(client, tokens["uploader"], ("n.pdf", corpus_file("n011.pdf").read_bytes()))
        assert client.get("/readyz").json()["checks"]["queue"].startswith("queue at redis://")
    assert response.status_code == 202
    document_id = response.json()["documents"][0]["id"]
    with session_scope(session_factory(settings)) as session:
        assert [(o.document_id, o.attempts) for o in session.scalars(select(Outbox))] == [(document_id, 1)]
    assert relay_outbox(factory=session_factory(settings), dispatcher=RqDispatcher(settings)) == 1
    assert count_rows(settings, Outbox) == 0


def test_admin_delete_removes_everything_and_is_audited(client, tokens, settings) -> None:
    from yigcha.storage.audit import list_audit_events

    pdf = corpus_file("n012.pdf").read_bytes()
    doc = upload(client, tokens["uploader"], ("n.pdf", pdf)).json()["documents"][0]
    assert client.delete(f"/documents/{doc['id']}", headers=auth(tokens["reviewer"])).status_code == 403
    assert client.delete(f"/documents/{doc['id']}", headers=auth(tokens["admin"])).status_code == 204
    assert client.get(f"/documents/{doc['id']}", headers=auth(tokens["admin"])).status_code == 404
    assert not store_from_settings(settings).exists(original_key(doc["sha256"]))
    with session_scope(session_factory(settings)) as session:
        events = [(e.actor, e.action, e.target) for e in list_audit_events(session=session, action="delete_document")]
    assert events == [("test-admin", "delete_document", doc["id"])]
