"""Crud for documents and the outbox, and the lease that lets one worker at a time process a document."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from yigcha.models.errors import NotFoundError
from yigcha.models.tables import Document, DocumentStatus, Outbox, utcnow


def get_document(*, session: Session, document_id: str) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFoundError(f"no document {document_id!r}")
    return document


def find_document_by_sha256(*, session: Session, sha256: str) -> Document | None:
    return session.scalar(select(Document).where(Document.sha256 == sha256))


def create_document(
    *, session: Session, sha256: str, filename: str, kind: str, content_type: str, size: int, pages: int,
    uploaded_by: str | None,
) -> tuple[Document, Outbox]:
    """A queued document plus its outbox row, in the caller's transaction."""
    document = Document(
        sha256=sha256, filename=filename, kind=kind, content_type=content_type, size=size, pages=pages,
        uploaded_by=uploaded_by, status=DocumentStatus.queued.value, generation=1, timings={}, attempts=0,
    )
    session.add(document)
    session.flush()
    outbox = Outbox(document_id=document.id, generation=document.generation)
    session.add(outbox)
    session.flush()
    return document, outbox


def list_documents(
    *, session: Session, status: str | None = None, limit: int = 50, before: datetime | None = None
) -> list[Document]:
    """Newest first."""
    query = select(Document).order_by(Document.created_at.desc(), Document.id.desc()).limit(limit)
    if status:
        query = query.where(Document.status == status)
    if before:
        query = query.where(Document.created_at < before)
    return list(session.scalars(query))


def request_reprocess(*, session: Session, document_id: str) -> Document:
    """Queue the document again under a new generation (older jobs for it become no-ops)."""
    document = get_document(session=session, document_id=document_id)
    document.generation += 1
    document.status = DocumentStatus.queued.value
    document.error_code = document.error_message = None
    document.lease_owner = document.lease_expires_at = None
    session.add(Outbox(document_id=document.id, generation=document.generation))
    return document


def reprocess_outdated(*, session: Session, extractor_version: str, include_all: bool = False) -> list[str]:
    """Queue every document not processed by `extractor_version` (or every document). Returns their ids."""
    query = select(Document.id).where(Document.status.in_([DocumentStatus.done.value, DocumentStatus.failed.value]))
    if not include_all:
        query = query.where(
            (Document.extractor_version.is_(None)) | (Document.extractor_version != extractor_version)
        )
    ids = list(session.scalars(query))
    for document_id in ids:
        request_reprocess(session=session, document_id=document_id)
    return ids


def claim_document(
    *, session: Session, document_id: str, generation: int, owner: str, lease_seconds: int
) -> Document | None:
    """Take the lease on a document for one run; None when it is done, newer, or held by a live worker.

    One UPDATE decides, so two workers can never both claim the same document.
    """
    now = utcnow()
    result = session.execute(
        update(Document)
        .where(
            Document.id == document_id,
            Document.generation == generation,
            Document.status != DocumentStatus.done.value,
            (Document.lease_owner.is_(None)) | (Document.lease_expires_at < now),
        )
        .values(
            status=DocumentStatus.processing.value, lease_owner=owner,
            lease_expires_at=now + timedelta(seconds=lease_seconds), started_at=now,
            attempts=Document.attempts + 1, error_code=None, error_message=None,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    return session.get(Document, document_id, populate_existing=True)


def renew_lease(*, session: Session, document_id: str, owner: str, lease_seconds: int) -> bool:
    """Extend a held lease; False when it was lost (another worker took the document over)."""
    result = session.execute(
        update(Document)
        .where(Document.id == document_id, Document.lease_owner == owner)
        .values(lease_expires_at=utcnow() + timedelta(seconds=lease_seconds))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def hold_lease(*, session: Session, document_id: str, owner: str) -> Document | None:
    """Lock the document row for the final write; None when the lease is no longer ours."""
    return session.scalar(
        select(Document).where(Document.id == document_id, Document.lease_owner == owner).with_for_update()
    )


def fail_document(*, session: Session, document_id: str, owner: str, code: str, message: str) -> bool:
    document = hold_lease(session=session, document_id=document_id, owner=owner)
    if document is None:
        return False
    document.status = DocumentStatus.failed.value
    document.error_code, document.error_message = code, message[:4000]
    document.lease_owner = document.lease_expires_at = None
    document.finished_at = utcnow()
    return True


def requeue_expired(*, session: Session) -> list[str]:
    """Documents whose worker died mid-job (lease expired): back to queued, with an outbox row each."""
    now = utcnow()
    expired = list(session.execute(
        select(Document.id, Document.generation)
        .where(Document.status == DocumentStatus.processing.value, Document.lease_expires_at < now)
    ))
    requeued = []
    for document_id, generation in expired:
        result = session.execute(
            update(Document)
            .where(Document.id == document_id, Document.status == DocumentStatus.processing.value,
                   Document.lease_expires_at < now)
            .values(status=DocumentStatus.queued.value, lease_owner=None, lease_expires_at=None)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            session.add(Outbox(document_id=document_id, generation=generation))
            requeued.append(document_id)
    return requeued


def pending_outbox(*, session: Session, limit: int = 100, ids: set[int] | None = None) -> list[Outbox]:
    """Outbox rows, oldest first, locked for this transaction (rows another relay holds are skipped)."""
    query = select(Outbox).order_by(Outbox.id).limit(limit).with_for_update(skip_locked=True)
    if ids is not None:
        query = query.where(Outbox.id.in_(ids))
    return list(session.scalars(query))


def remove_outbox(*, session: Session, outbox_ids: list[int]) -> None:
    if outbox_ids:
        session.execute(delete(Outbox).where(Outbox.id.in_(outbox_ids)))


def note_outbox_error(*, session: Session, outbox_id: int, error: str) -> None:
    session.execute(
        update(Outbox).where(Outbox.id == outbox_id)
        .values(attempts=Outbox.attempts + 1, last_error=error[:1000])
    )


def count_documents_by_status(*, session: Session) -> dict[str, int]:
    rows = session.execute(select(Document.status, func.count()).group_by(Document.status))
    counts = {status.value: 0 for status in DocumentStatus}
    counts.update({status: n for status, n in rows})
    return counts


def count_pages(*, session: Session) -> int:
    return int(session.scalar(
        select(func.coalesce(func.sum(Document.pages), 0)).where(Document.status == DocumentStatus.done.value)
    ))


def delete_document(*, session: Session, document_id: str) -> Document:
    """Delete the row (records, versions and outbox rows cascade); the caller removes its objects."""
    document = get_document(session=session, document_id=document_id)
    session.delete(document)
    return document


def document_summary(document: Document) -> dict[str, Any]:
    """The public shape of a document (GET /documents/{id})."""
    error = {"code": document.error_code, "message": document.error_message} if document.error_code else None
    return {
        "id": document.id, "status": document.status, "error": error, "filename": document.filename,
        "kind": document.kind, "size": document.size, "sha256": document.sha256, "pages": document.pages,
        "record_ids": [r.id for r in document.records], "extractor_version": document.extractor_version,
        "attempts": document.attempts, "timings": document.timings or {},
        "created_at": document.created_at.isoformat() if document.created_at else None,
        "started_at": document.started_at.isoformat() if document.started_at else None,
        "finished_at": document.finished_at.isoformat() if document.finished_at else None,
    }


def requeue_stranded(*, session: Session) -> list[str]:
    """Queued documents with no outbox row: their job lived in a queue that is gone (the embedded,
    in-process one after a restart). Give each an outbox row again; duplicate jobs are no-ops."""
    stranded = list(session.execute(
        select(Document.id, Document.generation)
        .where(Document.status == DocumentStatus.queued.value, ~Document.id.in_(select(Outbox.document_id)))
    ))
    for document_id, generation in stranded:
        session.add(Outbox(document_id=document_id, generation=generation))
    return [document_id for document_id, _ in stranded]
