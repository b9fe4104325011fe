"""Crud of the review workspace: corrections as record versions, approve/reject, history, the review
queue, ETags, and what approved records teach (learned hints)."""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from yigcha.models.errors import NotFoundError
from yigcha.models.tables import Document, DocumentStatus, HintKind, Record, RecordVersion, ReviewStatus, utcnow
from yigcha.storage.corrections import apply_changes, check_changes
from yigcha.storage.hints import upsert_hint
from yigcha.storage.records import add_record_version, list_record_versions, record_public

# The doc-number prefix the extractor looks up (extractors/fields/header.py): the text before 〔 or 2024年.
_PREFIX_SPLIT = re.compile(r"〔|\d{4}年")
# Letterhead evidence sits in the head of the notice's first page (GB/T 9704 版头); deeper boxes are the
# doc number, title or sign-off and must not be learned as a letterhead.
LETTERHEAD_MAX_TOP = 0.3


def record_etag(record: Record) -> str:
    """A strong ETag of the record as served: changes with every version (and any other served change)."""
    served = json.dumps(record_public(record), sort_keys=True, ensure_ascii=False, default=str)
    return '"' + hashlib.sha256(served.encode()).hexdigest()[:32] + '"'


def etag_matches(if_match: str, record: Record) -> bool:
    """RFC 9110 If-Match with strong comparison: `*`, or one of a comma-separated list of ETags."""
    current = record_etag(record)
    wanted = [t.strip() for t in if_match.split(",") if t.strip()]
    return "*" in wanted or current in wanted


def lock_record(*, session: Session, record_id: int) -> Record:
    """The record, locked for this transaction (PostgreSQL), so two corrections cannot interleave."""
    record = session.scalar(select(Record).where(Record.id == record_id).with_for_update())
    if record is None:
        raise NotFoundError(f"no record {record_id}")
    return record


def correct_record(*, session: Session, record: Record, changes: Any, author: str) -> RecordVersion:
    """Store the reviewer's changes (plain SPEC values) as a new version; raises InvalidCorrectionError."""
    checked = check_changes(changes)
    values = apply_changes(record.values, checked, by=author, at=utcnow())
    return add_record_version(session=session, record=record, values=values, author=author)


def set_review_status(*, session: Session, record: Record, status: ReviewStatus, author: str) -> RecordVersion:
    """Approve or reject (a new version with the same values); an approval teaches the hints."""
    before = record.review_status
    version = add_record_version(session=session, record=record, values=dict(record.values), author=author,
                                 review_status=status.value)
    version.diff = {**version.diff, "review_status": {"before": before, "after": status.value}}
    if status == ReviewStatus.approved:
        learn_from_record(session=session, record=record)
    return version


def version_public(version: RecordVersion) -> dict[str, Any]:
    return {"version": version.version, "author": version.author, "at": version.created_at.isoformat(),
            "review_status": version.review_status, "diff": version.diff, "values": version.values}


def record_history(*, session: Session, record_id: int) -> list[dict[str, Any]]:
    """Every version of the record, oldest first, with who, when, its values and its diff."""
    return [version_public(v) for v in list_record_versions(session=session, record_id=record_id)]


def _letterhead_text(record: Record) -> str | None:
    """The printed letterhead the record's issuers were read from (as the extractor keys it), if any."""
    meta = (record.values.get("meta") or {}).get("issuers") or {}
    first_page = (record.values.get("pages") or [1])[0]
    evidence = [e for e in meta.get("evidence") or [] if isinstance(e, dict)]
    if not evidence or not all(e.get("page") == first_page and (e.get("bbox") or [0, 1])[1] < LETTERHEAD_MAX_TOP
                               for e in evidence):
        return None
    text = re.sub(r"[\s\u3000]+", "", "".join(str(e.get("text") or "") for e in evidence))
    if not text or text == re.sub(r"[\s\u3000]+", "", record.values.get("doc_number") or ""):
        return None
    return text


def learn_from_record(*, session: Session, record: Record) -> list[str]:
    """Teach the issuer dictionary and the contacts directory from an approved record. Returns what was learned."""
    values = record.values
    issuers = [i for i in values.get("issuers") or [] if isinstance(i, str) and i]
    learned = []
    if issuers:
        prefix = _PREFIX_SPLIT.split(values.get("doc_number") or "")[0]
        if prefix:
            upsert_hint(session=session, kind=HintKind.issuer_by_doc_prefix, key=prefix, value=issuers[0],
                        source_record_id=record.id)
            learned.append(f"{HintKind.issuer_by_doc_prefix.value}:{prefix}")
        letterhead = _letterhead_text(record)
        if letterhead and len(issuers) == 1:  # a joint letterhead names several: the extractor splits those
            upsert_hint(session=session, kind=HintKind.issuer_by_letterhead, key=letterhead, value=issuers[0],
                        source_record_id=record.id)
            learned.append(f"{HintKind.issuer_by_letterhead.value}:{letterhead}")
    for contact in values.get("contacts") or []:
        if not isinstance(contact, dict) or not (contact.get("phones") or contact.get("emails")):
            continue
        who = ",".join(contact.get("names") or []) or contact.get("department") or ""
        key = f"{issuers[0] if issuers else ''}|{who}|{(contact.get('phones') or contact.get('emails'))[0]}"
        upsert_hint(session=session, kind=HintKind.contact, key=key[:512],
                    value={**contact, "issuer": issuers[0] if issuers else None}, source_record_id=record.id)
        learned.append(f"{HintKind.contact.value}:{key}")
    return learned


def count_review_states(*, session: Session) -> dict[str, int]:
    """Records by review status (rejected = marked not-a-notice)."""
    counts = {s.value: 0 for s in ReviewStatus}
    rows = session.execute(select(Record.review_status, func.count()).group_by(Record.review_status))
    counts.update({status: n for status, n in rows})
    return counts


def review_queue(*, session: Session, limit: int = 100, include_secret: bool = False) -> list[dict[str, Any]]:
    """Records still as the machine made them, lowest field confidence first (no confidence: last)."""
    query = (
        select(Record, Document.filename)
        .join(Document, Document.id == Record.document_id)
        .where(Record.review_status == ReviewStatus.machine.value, Document.status == DocumentStatus.done.value)
        .order_by(case((Record.min_confidence.is_(None), 1), else_=0), Record.min_confidence, Record.id)
        .limit(limit)
    )
    if not include_secret:
        query = query.where(Record.secrecy.is_(None))
    return [queue_item(record, filename) for record, filename in session.execute(query)]


def queue_item(record: Record, filename: str) -> dict[str, Any]:
    meta = record.values.get("meta") or {}
    scored = [(m.get("confidence"), name) for name, m in meta.items()
              if isinstance(m, dict) and isinstance(m.get("confidence"), (int, float))]
    weakest = min(scored)[1] if scored else None
    return {"id": record.id, "document_id": record.document_id, "filename": filename, "position": record.position,
            "doc_number": record.doc_number, "title": record.values.get("title"), "issuer": record.issuer,
            "min_confidence": record.min_confidence, "weakest_field": weakest, "version": record.version,
            "review_status": record.review_status, "updated_at": record.updated_at.isoformat()}


def next_in_queue(*, session: Session, after_record_id: int, include_secret: bool = False) -> int | None:
    """The queue's first record other than `after_record_id` (the "next document" shortcut)."""
    for item in review_queue(session=session, limit=2, include_secret=include_secret):
        if item["id"] != after_record_id:
            return item["id"]
    return None
