"""Tokens: hashed at rest, revocable, expiring."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from yigcha.models.tables import ApiToken, Role, utcnow
from yigcha.storage.db import session_factory, session_scope
from yigcha.storage.tokens import authenticate_token, create_token, hash_token, list_tokens, revoke_token


def test_token_lifecycle(settings) -> None:
    factory = session_factory(settings)
    with session_scope(factory) as session:
        row, plain = create_token(session=session, role=Role.reader, name="downstream")
        expired, expired_plain = create_token(session=session, role=Role.reader,
                                              expires_at=utcnow() - timedelta(seconds=1))
    with session_scope(factory) as session:
        stored = session.scalars(select(ApiToken.token_hash)).all()
        assert plain not in stored and hash_token(plain) in stored
        assert authenticate_token(session=session, token=plain).name == "downstream"
        assert authenticate_token(session=session, token=expired_plain) is None
        assert authenticate_token(session=session, token="yg_wrong") is None
        revoke_token(session=session, token_id=row.id)
    with session_scope(factory) as session:
        assert authenticate_token(session=session, token=plain) is None
        assert [t.id for t in list_tokens(session=session)] == [expired.id]
        assert len(list_tokens(session=session, include_revoked=True)) == 2
