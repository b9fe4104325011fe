"""The database engine, sessions, and migrations (Alembic, run from code so a fresh data dir just works)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from yigcha.models.errors import StorageError
from yigcha.models.settings import Settings


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the background job runner
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL and foreign keys, PostgreSQL a short connect timeout."""
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)  # a fresh YIGCHA_DATA_DIR
        engine = create_engine(url, connect_args={"check_same_thread": False}, json_serializer=_to_json)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, connect_args={"connect_timeout": 5},
                         json_serializer=_to_json)


def _to_json(value: object) -> str:
    """JSON columns keep Chinese as UTF-8, not \\uXXXX: half the size, and served as stored."""
    return json.dumps(value, ensure_ascii=False)


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine per URL and process."""
    return make_engine(url)


def session_factory(settings: Settings) -> sessionmaker[Session]:
    return sessionmaker(engine_for(settings.sqlalchemy_url), expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success, rolls back on error, and turns DB outages into StorageError."""
    session = factory()
    try:
        yield session
        session.commit()
    except SQLAlchemyError as e:
        session.rollback()
        raise StorageError(f"database error ({e.__class__.__name__}): {e.args[0] if e.args else e}") from e
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent; safe when several processes start at once)."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("yigcha.models") / "migrations"))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as e:
        raise StorageError(f"cannot migrate the database at {engine.url!r}: {e}") from e


def ping(engine: Engine) -> None:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as e:
        raise StorageError(f"database at {engine.url!r} unreachable: {e.__class__.__name__}") from e
