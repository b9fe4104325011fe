"""Crud for records and their versions: saving an extraction, filtering, cursor pagination, full-text `q`.

A record's `values` is the object `yigcha extract` printed for it. The filter columns are copies of it,
refreshed by `set_record_values`, which every writer (the worker now, review corrections later) goes
through; `add_record_version` is the one way to change a record after it was created.
"""
from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Text, cast, delete, exists, select, text
from sqlalchemy.orm import Session, selectinload

from yigcha.models.errors import NotFoundError
from yigcha.models.tables import Document, Record, RecordDeadline, RecordVersion, ReviewStatus, utcnow

# 密级 marks printed at the top right of a notice (GB/T 9704 §7.2.3); the first match wins.
SECRECY_MARKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("star", re.compile(r"(绝密|机密|秘密|内部)\s*★\s*[^\s]{0,8}")),  # 秘密★1年, 内部★1年 (n018)
    ("bare-line", re.compile(r"^\s*(绝密|机密|秘密)\s*$", re.MULTILINE)),  # 机密
)


def secrecy_from_text(page_text: str) -> str | None:
    """The 密级 printed in the head of a notice's first page, or None."""
    head = page_text[:300]
    for _name, pattern in SECRECY_MARKS:
        found = pattern.search(head)
        if found:
            return found.group(0).strip()
    return None


def _parse_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _min_confidence(values: dict[str, Any]) -> float | None:
    scores = [m.get("confidence") for m in (values.get("meta") or {}).values() if isinstance(m, dict)]
    scores = [s for s in scores if isinstance(s, (int, float))]
    return min(scores) if scores else None


def set_record_values(record: Record, values: dict[str, Any], *, page_text: str | None = None) -> None:
    """Store `values` and refresh every column derived from it (and the search text when given)."""
    issuers = [i for i in values.get("issuers") or [] if isinstance(i, str)]
    record.values = values
    record.doc_number = (values.get("doc_number") or None) and str(values["doc_number"])[:128]
    record.issuer = issuers[0][:256] if issuers else None
    record.issuers_key = "|" + "|".join(issuers) + "|" if issuers else ""
    record.doc_type = (values.get("doc_type") or None) and str(values["doc_type"])[:16]
    record.issue_date = _parse_date(values.get("issue_date"))
    record.min_confidence = _min_confidence(values)
    dates = {_parse_date(d.get("date")) for d in values.get("deadlines") or [] if isinstance(d, dict)}
    record.deadlines = [RecordDeadline(date=d) for d in sorted(dates - {None})]
    if page_text is not None:
        record.secrecy = values.get("secrecy") or secrecy_from_text(page_text)
        fields = [values.get("doc_number") or "", values.get("title") or "", *issuers]
        record.search_text = "\n".join([*fields, page_text]).lower()  # `q` is matched lower-cased
    record.updated_at = utcnow()


def _record_page_text(values: dict[str, Any], page_texts: list[str]) -> str:
    first, last = (values.get("pages") or [1, len(page_texts) or 1])[:2]
    return "\n".join(page_texts[max(first, 1) - 1 : max(last, first)])


def replace_records(
    *, session: Session, document: Document, records: list[dict[str, Any]], page_texts: list[str]
) -> list[Record]:
    """Replace the document's records by these (re-running a job overwrites, never duplicates)."""
    session.execute(delete(Record).where(Record.document_id == document.id))
    created = []
    for position, values in enumerate(records):
        record = Record(document_id=document.id, position=position, version=1,
                        review_status=ReviewStatus.machine.value, created_at=utcnow())
        set_record_values(record, values, page_text=_record_page_text(values, page_texts))
        record.duplicate_of = _earlier_twin(session=session, record=record)
        session.add(record)
        created.append(record)
    session.flush()
    for record in created:
        session.add(RecordVersion(record_id=record.id, version=1, values=record.values, diff={},
                                  review_status=record.review_status, author="machine"))
    return created


def _earlier_twin(*, session: Session, record: Record) -> int | None:
    """The same notice uploaded before in another form (PDF and scan): same doc number and issuer."""
    if not record.doc_number or not record.issuer:
        return None
    return session.scalar(
        select(Record.id)
        .where(Record.doc_number == record.doc_number, Record.issuer == record.issuer,
               Record.document_id != record.document_id, Record.duplicate_of.is_(None))
        .order_by(Record.id).limit(1)
    )


def add_record_version(
    *, session: Session, record: Record, values: dict[str, Any], author: str, review_status: str | None = None
) -> RecordVersion:
    """Make `values` the record's new version, keeping the old one with a per-field diff."""
    before = record.values
    diff = {k: {"before": before.get(k), "after": values.get(k)}
            for k in sorted(set(before) | set(values)) if k != "meta" and before.get(k) != values.get(k)}
    record.version += 1
    if review_status:
        record.review_status = review_status
    set_record_values(record, values)
    version = RecordVersion(record_id=record.id, version=record.version, values=values, diff=diff,
                            review_status=record.review_status, author=author)
    session.add(version)
    return version


def list_record_versions(*, session: Session, record_id: int) -> list[RecordVersion]:
    return list(session.scalars(
        select(RecordVersion).where(RecordVersion.record_id == record_id).order_by(RecordVersion.version)
    ))


def get_record(*, session: Session, record_id: int) -> Record:
    record = session.get(Record, record_id)
    if record is None:
        raise NotFoundError(f"no record {record_id}")
    return record


@dataclass(frozen=True, slots=True)
class RecordFilter:
    """The GET /records query: every field optional."""

    document_id: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    doc_type: str | None = None
    issue_date_from: date | None = None
    issue_date_to: date | None = None
    deadline_from: date | None = None
    deadline_to: date | None = None
    review_status: str | None = None
    q: str | None = None
    updated_since: datetime | None = None
    include_secret: bool = False


def encode_cursor(record_id: int) -> str:
    return base64.urlsafe_b64encode(f"r{record_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("r"):
            raise ValueError(raw)
        return int(raw[1:])
    except (ValueError, UnicodeDecodeError) as e:
        raise ValueError(f"invalid cursor {cursor!r}: pass back the next_cursor of the previous page") from e


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text_condition(session: Session, q: str):
    """Full-text over page text: pg_trgm (ILIKE) on PostgreSQL, FTS5 trigram on SQLite (q of 3+ chars)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and len(q) >= 3:
        phrase = '"' + q.replace('"', '""') + '"'
        return Record.id.in_(select(text("rowid")).select_from(text("records_fts"))
                             .where(text("records_fts MATCH :phrase").bindparams(phrase=phrase)))
    # LIKE on lower-cased text, not ILIKE: ILIKE case-folds every row's UTF-8 text (5 s over 100k records)
    return Record.search_text.like(f"%{_like_escape(q.lower())}%", escape="\\")


def _records_query(session: Session, filters: RecordFilter, cursor: str | None):
    """SELECT records matching `filters` after `cursor`, in id order (the caller adds columns and limit)."""
    query = select(Record).order_by(Record.id)
    if cursor:
        query = query.where(Record.id > decode_cursor(cursor))
    f = filters
    conditions = [
        (f.document_id, lambda: Record.document_id == f.document_id),
        (f.doc_number, lambda: Record.doc_number == f.doc_number),
        (f.issuer, lambda: Record.issuers_key.like(f"%|{_like_escape(f.issuer)}|%", escape="\\")),
        (f.doc_type, lambda: Record.doc_type == f.doc_type),
        (f.issue_date_from, lambda: Record.issue_date >= f.issue_date_from),
        (f.issue_date_to, lambda: Record.issue_date <= f.issue_date_to),
        (f.review_status, lambda: Record.review_status == f.review_status),
        (f.updated_since, lambda: Record.updated_at >= f.updated_since),
        (f.q, lambda: _text_condition(session, f.q)),
        (not f.include_secret, lambda: Record.secrecy.is_(None)),
    ]
    for wanted, condition in conditions:
        if wanted:
            query = query.where(condition())
    if f.deadline_from or f.deadline_to:
        deadline = exists().where(RecordDeadline.record_id == Record.id)
        if f.deadline_from:
            deadline = deadline.where(RecordDeadline.date >= f.deadline_from)
        if f.deadline_to:
            deadline = deadline.where(RecordDeadline.date <= f.deadline_to)
        query = query.where(deadline)
    return query


def list_records(
    *, session: Session, filters: RecordFilter, limit: int = 50, cursor: str | None = None
) -> tuple[list[Record], str | None]:
    """One page of records in id order, and the cursor of the next page (None at the end)."""
    rows = list(session.scalars(_records_query(session, filters, cursor).limit(limit + 1)))
    next_cursor = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], next_cursor


def list_records_json(
    *, session: Session, filters: RecordFilter, limit: int = 50, cursor: str | None = None
) -> tuple[str, list[tuple[int, str | None]]]:
    """The GET /records body as JSON text, and (id, secrecy) of each record in it.

    The stored `values` JSON is spliced in as text, never parsed and re-encoded: decoding and encoding
    50 records of ~4 KB took ~25 ms of the ~35 ms a page cost (bench/api_bench.py, 100k records).
    """
    columns = (Record.id, Record.document_id, Record.version, Record.review_status, Record.duplicate_of,
               Record.created_at, Record.updated_at, Record.secrecy, cast(Record.values, Text))
    query = _records_query(session, filters, cursor).with_only_columns(*columns).limit(limit + 1)
    rows = list(session.execute(query))
    items = []
    for (record_id, document_id, version, review_status, duplicate_of, created, updated, _s, values) in rows[:limit]:
        extra = json.dumps({"id": record_id, "document_id": document_id, "version": version,
                            "review_status": review_status, "duplicate_of": duplicate_of,
                            "created_at": created.isoformat(), "updated_at": updated.isoformat()})[1:-1]
        values = values.strip()
        items.append("{" + extra + "}" if values == "{}" else values[:-1] + "," + extra + "}")
    next_cursor = encode_cursor(rows[limit - 1][0]) if len(rows) > limit else None
    body = '{"items":[' + ",".join(items) + '],"next_cursor":' + json.dumps(next_cursor) + "}"
    return body, [(row[0], row[7]) for row in rows[:limit]]


def record_public(record: Record) -> dict[str, Any]:
    """RECORD as the API serves it: the extractor's object plus id, document, version and review state."""
    out = dict(record.values)
    out.update({
        "id": record.id, "document_id": record.document_id, "version": record.version,
        "review_status": record.review_status, "duplicate_of": record.duplicate_of,
        "created_at": record.created_at.isoformat(), "updated_at": record.updated_at.isoformat(),
    })
    return out


def records_of_document(*, session: Session, document_id: str) -> list[Record]:
    return list(session.scalars(
        select(Record).where(Record.document_id == document_id).order_by(Record.position)
        .options(selectinload(Record.deadlines))
    ))


def document_is_secret(*, session: Session, document_id: str) -> bool:
    """Whether any notice in the document carries a 密级 (its file and pages are then restricted too)."""
    return bool(session.scalar(
        select(exists().where(Record.document_id == document_id, Record.secrecy.is_not(None)))
    ))
