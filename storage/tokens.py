"""Crud for API tokens: only the sha256 of a token is stored; the token itself is shown once."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from yigcha.models.errors import NotFoundError
from yigcha.models.tables import ApiToken, Role, utcnow

TOKEN_PREFIX = "yg_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    *, session: Session, role: Role, name: str | None = None, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token row and the plain token (never stored)."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(name=name or f"{role.value}-{plain[3:9]}", token_hash=hash_token(plain), prefix=plain[:9],
                   role=role.value, expires_at=expires_at)
    session.add(row)
    session.flush()
    return row, plain


def authenticate_token(*, session: Session, token: str) -> ApiToken | None:
    """The live token row for `token`, or None when unknown, revoked or expired."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    now = utcnow()
    if row is None or row.revoked_at is not None or (row.expires_at is not None and row.expires_at <= now):
        return None
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        row.last_used_at = now  # at most one write a minute per token
    return row


def list_tokens(*, session: Session, include_revoked: bool = False) -> list[ApiToken]:
    query = select(ApiToken).order_by(ApiToken.id)
    if not include_revoked:
        query = query.where(ApiToken.revoked_at.is_(None))
    return list(session.scalars(query))


def revoke_token(*, session: Session, token_id: int) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFoundError(f"no token {token_id}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    return row


def token_public(row: ApiToken) -> dict:
    return {
        "id": row.id, "name": row.name, "prefix": row.prefix, "role": row.role,
        "created_at": row.created_at.isoformat(),
        "expires_at": row.expires_at.isoformat() if row.expires_at else None,
        "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None,
        "last_used_at": row.last_used_at.isoformat() if row.last_used_at else None,
    }
