"""The lease that makes jobs exactly-once: claim, expiry, re-queue, generations."""
from __future__ import annotations

import time

from redis import Redis
from rq import Queue

from yigcha.ingest.queue import RqDispatcher, sweep_once
from yigcha.storage.db import session_factory, session_scope
from yigcha.storage.documents import (
    claim_document,
    create_document,
    get_document,
    hold_lease,
    pending_outbox,
    remove_outbox,
    request_reprocess,
)


def new_document(factory) -> str:
    with session_scope(factory) as session:
        document, outbox = create_document(session=session, sha256="l" * 64, filename="n.pdf", kind="pdf",
                                           content_type="application/pdf", size=1, pages=1, uploaded_by=None)
        remove_outbox(session=session, outbox_ids=[outbox.id])
        return document.id


def claim(factory, document_id: str, owner: str, generation: int = 1, lease: int = 30):
    with session_scope(factory) as session:
        return claim_document(session=session, document_id=document_id, generation=generation, owner=owner,
                              lease_seconds=lease)


def test_one_claim_at_a_time_until_the_lease_expires(settings) -> None:
    factory = session_factory(settings)
    document_id = new_document(factory)
    assert claim(factory, document_id, "a", lease=1).lease_owner == "a"
    assert claim(factory, document_id, "b") is None
    time.sleep(1.2)
    taken = claim(factory, document_id, "b")
    assert (taken.lease_owner, taken.attempts) == ("b", 2)
    with session_scope(factory) as session:  # the first worker can no longer write its result
        assert hold_lease(session=session, document_id=document_id, owner="a") is None


def test_sweep_requeues_documents_of_dead_workers(settings) -> None:
    factory = session_factory(settings)
    document_id = new_document(factory)
    claim(factory, document_id, "dead", lease=1)
    time.sleep(1.2)
    sweep_once(factory=factory, dispatcher=RqDispatcher(settings))
    with session_scope(factory) as session:
        assert get_document(session=session, document_id=document_id).status == "queued"
        assert pending_outbox(session=session) == []
    queue = Queue(settings.redis_queue, connection=Redis.from_url(settings.redis_url))
    assert [job.args for job in queue.get_jobs()] == [(document_id, 1)]


def test_reprocess_makes_older_jobs_no_ops(settings) -> None:
    factory = session_factory(settings)
    document_id = new_document(factory)
    with session_scope(factory) as session:
        assert request_reprocess(session=session, document_id=document_id).generation == 2
    assert claim(factory, document_id, "old-job", generation=1) is None
    assert claim(factory, document_id, "new-job", generation=2).lease_owner == "new-job"
