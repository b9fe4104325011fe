"""The one settings object. Nothing else reads the environment."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="YIGCHA_", env_file=".env", extra="ignore")

    data_dir: Path = Path("yigcha-data")  # embedded default: SQLite + local files live here
    database_url: str | None = None  # None → SQLite under data_dir
    redis_url: str | None = None  # None → jobs run in the serving process
    s3_endpoint: str | None = None  # host:port; None → local files under data_dir
    s3_access_key: str | None = None
    s3_secret_key: SecretStr | None = None
    s3_bucket: str = "notices"
    s3_secure: bool = False

    max_pages: int = 300  # a longer file is refused before any page is read
    max_upload_bytes: int = 200 * 1024 * 1024

    # --- the service (issue 3) ---
    redis_queue: str = "yigcha"  # rq queue name
    job_timeout: int = 900  # seconds one extraction may take before rq kills it
    job_retries: int = 2  # rq retries of a job that raised an unknown error (backoff: retry_intervals)
    retry_intervals: list[int] = [10, 60]
    lease_seconds: int = 30  # a processing document whose worker stopped heart-beating this long is re-run
    sweep_seconds: float = 2.0  # how often the outbox relay and the lease sweeper run
    presign_seconds: int = 300  # lifetime of presigned URLs for originals on S3
    secret_roles: list[str] = ["reviewer", "admin"]  # roles that may read records of notices with 密级
    watch_dir: Path | None = None  # a folder a scanner drops files into; ingested and moved to done/
    cors_origins: list[str] = []
    log_level: str = "INFO"

    # --- the review workspace (issue 4) ---
    session_secret: SecretStr | None = None  # signs session cookies; None → a random key kept in data_dir
    session_hours: float = 12  # a sign-in lasts this long

    @model_validator(mode="after")
    def _s3_needs_credentials(self) -> "Settings":
        if self.s3_endpoint and not (self.s3_access_key and self.s3_secret_key):
            raise ValueError("YIGCHA_S3_ENDPOINT is set: set YIGCHA_S3_ACCESS_KEY and YIGCHA_S3_SECRET_KEY too")
        return self

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, with the embedded SQLite default under `data_dir`."""
        if self.database_url:
            if self.database_url.startswith(("postgresql://", "postgres://")):
                return "postgresql+psycopg://" + self.database_url.split("://", 1)[1]
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'yigcha.db').resolve()}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
