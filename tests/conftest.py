"""Shared fixtures of the service tests: the machine's PostgreSQL and Redis, and the SeaweedFS S3 server
that `.ci/run` starts. In CI (`CI=true`) a missing service fails the run; on a developer's machine the
tests that need it are skipped with the reason.

Isolation: every test session gets its own PostgreSQL database (created and dropped here), its own
bucket, and its own rq queue name in a dedicated Redis DB, so a concurrent run on the same machine
does not see our rows, objects or jobs.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from utils.service import is_listening, missing
from yigcha.models.settings import Settings, get_settings

PG_ADMIN_URL = "postgresql+psycopg://postgres:root@127.0.0.1:5432/test"
REDIS_DB = 13  # dedicated to these tests; flushed at session start and end
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
# The keys `.ci/run` starts SeaweedFS with (test-only credentials); exported as YIGCHA_S3_* there too.
S3_ENDPOINT = "127.0.0.1:8333"
S3_ACCESS_KEY = "yigcha-test"
S3_SECRET_KEY = "yigcha-test-secret"
SESSION_TAG = uuid.uuid4().hex[:8]

# The `engines` fixture (real OCR engines, or skip / fail in CI) for every test folder.
pytest_plugins = ["utils.engines"]


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this session, migrated once."""
    if not is_listening("127.0.0.1", 5432):
        missing("PostgreSQL is not running on 127.0.0.1:5432")
    from sqlalchemy import create_engine, text

    name = f"yigcha_t_{SESSION_TAG}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    from yigcha.storage.db import engine_for, migrate

    migrate(engine_for(url))
    yield url
    engine_for(url).dispose()
    engine_for.cache_clear()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    if not is_listening("127.0.0.1", 6379):
        missing("Redis is not running on 127.0.0.1:6379")
    from redis import Redis

    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    yield REDIS_URL
    connection.flushdb()


@pytest.fixture(scope="session")
def s3_env() -> dict[str, str]:
    """YIGCHA_S3_* for the SeaweedFS server (from the environment .ci/run exports, or its defaults)."""
    endpoint = os.environ.get("YIGCHA_S3_ENDPOINT", S3_ENDPOINT)
    host, port = endpoint.rsplit(":", 1)
    if not is_listening(host, int(port)):
        missing(f"no S3 server on {endpoint}; .ci/run starts SeaweedFS (`weed mini`)")
    return {
        "YIGCHA_S3_ENDPOINT": endpoint,
        "YIGCHA_S3_ACCESS_KEY": os.environ.get("YIGCHA_S3_ACCESS_KEY", S3_ACCESS_KEY),
        "YIGCHA_S3_SECRET_KEY": os.environ.get("YIGCHA_S3_SECRET_KEY", S3_SECRET_KEY),
        "YIGCHA_S3_BUCKET": f"yigcha-test-{SESSION_TAG}",
    }


@pytest.fixture(scope="session")
def service_env(pg_url: str, redis_url: str, s3_env: dict[str, str], tmp_path_factory) -> dict[str, str]:
    """The environment of a service wired to PostgreSQL, Redis and S3 (for in-process and real processes)."""
    return {
        "YIGCHA_DATABASE_URL": pg_url,
        "YIGCHA_REDIS_URL": redis_url,
        "YIGCHA_REDIS_QUEUE": f"yigcha-{SESSION_TAG}",
        "YIGCHA_DATA_DIR": str(tmp_path_factory.mktemp("data")),
        "YIGCHA_LEASE_SECONDS": "6",
        "YIGCHA_SWEEP_SECONDS": "0.5",
        "YIGCHA_JOB_RETRIES": "0",
        **s3_env,
    }


def _truncate_all(url: str) -> None:
    from sqlalchemy import text

    from yigcha.models.tables import Base
    from yigcha.storage.db import engine_for

    names = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine_for(url).begin() as c:
        c.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def settings(service_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings of the full service (PostgreSQL, Redis, S3), with empty tables and an empty queue."""
    for key, value in service_env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    _truncate_all(service_env["YIGCHA_DATABASE_URL"])
    from redis import Redis

    Redis.from_url(service_env["YIGCHA_REDIS_URL"]).flushdb()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def embedded_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The embedded defaults: SQLite and local files under a fresh data dir, no Redis."""
    for key in list(os.environ):
        if key.startswith("YIGCHA_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("YIGCHA_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def services(settings: Settings):
    from yigcha.api.app import open_services

    return open_services(settings)


@pytest.fixture
def client(settings: Settings):
    from fastapi.testclient import TestClient

    from yigcha.api.app import create_app

    with TestClient(create_app(settings, background=False)) as test_client:
        yield test_client


@pytest.fixture
def tokens(settings: Settings) -> dict[str, str]:
    """One bearer token per role."""
    from yigcha.models.tables import Role
    from yigcha.storage.db import session_factory, session_scope
    from yigcha.storage.tokens import create_token

    with session_scope(session_factory(settings)) as session:
        return {role.value: create_token(session=session, role=role, name=f"test-{role.value}")[1] for role in Role}
