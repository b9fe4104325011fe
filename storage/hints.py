"""Crud for learned hints (what review taught), and their conversion to the extractor's `Hints`."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from yigcha.models.document import Hints
from yigcha.models.tables import HintKind, LearnedHint, utcnow


def upsert_hint(
    *, session: Session, kind: HintKind, key: str, value: Any, source_record_id: int | None = None
) -> LearnedHint:
    row = session.scalar(select(LearnedHint).where(LearnedHint.kind == kind.value, LearnedHint.key == key))
    if row is None:
        row = LearnedHint(kind=kind.value, key=key, value=value, source_record_id=source_record_id)
        session.add(row)
    else:
        row.value, row.source_record_id, row.updated_at = value, source_record_id, utcnow()
    session.flush()
    return row


def list_hints(*, session: Session, kind: HintKind | None = None) -> list[LearnedHint]:
    query = select(LearnedHint).order_by(LearnedHint.kind, LearnedHint.key)
    if kind:
        query = query.where(LearnedHint.kind == kind.value)
    return list(session.scalars(query))


def delete_hint(*, session: Session, hint_id: int) -> None:
    row = session.get(LearnedHint, hint_id)
    if row is not None:
        session.delete(row)


def hints_from_rows(rows: list[LearnedHint]) -> Hints:
    """The extractor's `Hints` from the table rows (contacts keep their table order)."""
    by_kind: dict[str, dict[str, Any]] = {kind.value: {} for kind in HintKind}
    for row in rows:
        by_kind[row.kind][row.key] = row.value
    return Hints(
        issuer_by_doc_prefix={k: str(v) for k, v in by_kind[HintKind.issuer_by_doc_prefix.value].items()},
        issuer_by_letterhead={k: str(v) for k, v in by_kind[HintKind.issuer_by_letterhead.value].items()},
        contacts=tuple(v for v in by_kind[HintKind.contact.value].values() if isinstance(v, dict)),
    )


def load_hints(*, session: Session) -> Hints:
    return hints_from_rows(list_hints(session=session))
