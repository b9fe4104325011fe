"""The one settings object. Nothing else reads the environment."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr
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


@lru_cache
def get_settings() -> Settings:
    return Settings()
