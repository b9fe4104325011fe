"""Learned hints (the issuer dictionary and contacts directory taught by approved records): admin only."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel

from yigcha.api.deps import Principal, SessionDep, require
from yigcha.models.tables import HintKind, LearnedHint
from yigcha.storage.audit import add_audit_event
from yigcha.storage.hints import delete_hint, list_hints, upsert_hint

router = APIRouter(prefix="/hints", tags=["hints"])
Admin = Annotated[Principal, Depends(require())]


class HintPut(BaseModel):
    kind: HintKind
    key: str
    value: Any  # an issuer name (str) for the issuer kinds, a contact object for `contact`


def hint_public(row: LearnedHint) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind, "key": row.key, "value": row.value,
            "source_record_id": row.source_record_id, "updated_at": row.updated_at.isoformat()}


@router.get("")
def list_hints_route(session: SessionDep, _who: Admin, kind: HintKind | None = None):
    return {"items": [hint_public(r) for r in list_hints(session=session, kind=kind)]}


@router.put("")
def put_hint(hint: HintPut, session: SessionDep, who: Admin):
    """Add or change one hint (kind + key are its identity)."""
    row = upsert_hint(session=session, kind=hint.kind, key=hint.key.strip(), value=hint.value)
    add_audit_event(session=session, actor=who.name, action="put_hint", target=f"{hint.kind.value}:{row.key}")
    return hint_public(row)


@router.delete("/{hint_id}", status_code=204)
def delete_hint_route(hint_id: int, session: SessionDep, who: Admin):
    delete_hint(session=session, hint_id=hint_id)
    add_audit_event(session=session, actor=who.name, action="delete_hint", target=str(hint_id))
    return Response(status_code=204)

