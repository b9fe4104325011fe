"""Alembic environment: the URL comes from the connection `storage.db.migrate` hands over, or Settings."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

from yigcha.models.settings import get_settings
from yigcha.models.tables import Base

target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # api and worker processes may start together: one migrates, the others wait.
            connection.execute(text("SELECT pg_advisory_xact_lock(7193001)"))
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    with create_engine(get_settings().sqlalchemy_url).connect() as conn:
        _run(conn)
