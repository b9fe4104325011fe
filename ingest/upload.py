"""Accepting an upload: triage, deduplicate by hash, store the original, record it, then queue it.

Order matters. The original is in object storage before the document row exists, and the row exists
(with its outbox entry) before the client hears 202. If storage is down nothing is written and the
client gets 503; if the queue is down the job waits in the outbox.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from yigcha.ingest.queue import Dispatcher, relay_outbox
from yigcha.ingest.triage import triage
from yigcha.models.errors import StorageError
from yigcha.models.settings import Settings
from yigcha.storage.db import session_scope
from yigcha.storage.documents import create_document, document_summary, find_document_by_sha256
from yigcha.storage.objects import ObjectStore, original_key

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Accepted:
    document: dict[str, Any]  # `document_summary` of the stored document
    created: bool  # False: the same bytes were uploaded before, this is that document


def accept_upload(
    *, settings: Settings, factory: sessionmaker[Session], store: ObjectStore, dispatcher: Dispatcher,
    data: bytes, filename: str, uploaded_by: str | None,
) -> Accepted:
    """Store and register one file. Raises InputFileError (refused) or StorageError (storage/DB down)."""
    upload = triage(data, filename, max_bytes=settings.max_upload_bytes, max_pages=settings.max_pages)
    existing = _existing(factory, upload.sha256)
    if existing is not None:
        return existing
    key = original_key(upload.sha256)
    if not store.exists(key):
        store.put(key, data, content_type=upload.content_type)
    try:
        with session_scope(factory) as session:
            document, outbox = create_document(
                session=session, sha256=upload.sha256, filename=upload.filename, kind=upload.kind,
                content_type=upload.content_type, size=upload.size, pages=upload.pages, uploaded_by=uploaded_by,
            )
            summary = document_summary(document) | {"record_ids": []}
    except StorageError as e:
        existing = _existing(factory, upload.sha256) if isinstance(e.__cause__, IntegrityError) else None
        if existing is not None:  # the same file raced in through another request
            return existing
        raise
    _send_now(factory=factory, dispatcher=dispatcher, outbox_ids={outbox.id})
    return Accepted(summary, created=True)


def _existing(factory: sessionmaker[Session], sha256: str) -> Accepted | None:
    with session_scope(factory) as session:
        document = find_document_by_sha256(session=session, sha256=sha256)
        return Accepted(document_summary(document), created=False) if document is not None else None


def _send_now(*, factory: sessionmaker[Session], dispatcher: Dispatcher, outbox_ids: set[int]) -> None:
    """Queue the new job at once; if the queue is down the relay retries it later (the upload stands)."""
    try:
        relay_outbox(factory=factory, dispatcher=dispatcher, only=outbox_ids)
    except StorageError as e:
        log.warning("upload accepted, job left in the outbox: %s", e.message)
