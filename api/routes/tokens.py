"""API tokens (admin): create, list, revoke."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from yigcha.api.deps import Principal, SessionDep, require
from yigcha.api.schemas import TokenCreate, TokenCreated, TokenPublic
from yigcha.storage.audit import add_audit_event
from yigcha.storage.tokens import create_token, list_tokens, revoke_token, token_public

router = APIRouter(prefix="/tokens", tags=["admin"])
Admin = Annotated[Principal, Depends(require())]


@router.post("", status_code=201, response_model=TokenCreated)
def create_token_route(body: TokenCreate, session: SessionDep, who: Admin):
    """A new token; the plain token is in this response only."""
    row, plain = create_token(session=session, role=body.role, name=body.name, expires_at=body.expires_at)
    add_audit_event(session=session, actor=who.name, action="create_token", target=str(row.id),
                    detail={"role": row.role})
    return JSONResponse(token_public(row) | {"token": plain}, status_code=201)


@router.get("", response_model=list[TokenPublic])
def list_tokens_route(session: SessionDep, _who: Admin, include_revoked: bool = False):
    return [token_public(row) for row in list_tokens(session=session, include_revoked=include_revoked)]


@router.delete("/{token_id}", response_model=TokenPublic)
def revoke_token_route(token_id: int, session: SessionDep, who: Admin):
    row = revoke_token(session=session, token_id=token_id)
    add_audit_event(session=session, actor=who.name, action="revoke_token", target=str(token_id))
    return token_public(row)
