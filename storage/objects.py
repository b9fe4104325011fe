"""Object storage: originals (content-addressed by sha256) and derived artifacts.

Two backends behind one small Protocol: `S3Store` (any S3 server, through the minio SDK) and
`LocalStore` (files under the data dir, the embedded default). Third-party errors are wrapped in
`StorageError` here, so nothing above this module sees a minio or OS exception.
"""
from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Protocol, runtime_checkable

import urllib3
from minio import Minio
from minio.error import MinioException, S3Error

from yigcha.models.errors import NotFoundError, StorageError
from yigcha.models.settings import Settings

_CHUNK = 256 * 1024


def original_key(sha256: str) -> str:
    return f"originals/{sha256[:2]}/{sha256}"


def page_key(document_id: str, page_number: int) -> str:
    return f"pages/{document_id}/{page_number}.png"


def artifact_key(document_id: str, name: str) -> str:
    return f"artifacts/{document_id}/{name}"


@runtime_checkable
class ObjectStore(Protocol):
    name: str

    def put(self, key: str, data: bytes, *, content_type: str = "application/octet-stream") -> None: ...
    def get(self, key: str) -> bytes: ...
    def stream(self, key: str) -> Iterator[bytes]: ...
    def exists(self, key: str) -> bool: ...
    def delete_prefix(self, prefix: str) -> int: ...
    def delete(self, key: str) -> None: ...
    def ping(self) -> None: ...


class LocalStore:
    """Objects as files under `root`; writes are atomic (temp file + rename)."""

    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise NotFoundError(f"no object {key!r}")
        return path

    def put(self, key: str, data: bytes, *, content_type: str = "application/octet-stream") -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError as e:
            raise StorageError(f"cannot write {key} under {self.root}: {e}; check disk space and permissions") from e

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as e:
            raise NotFoundError(f"no object {key!r}") from e
        except OSError as e:
            raise StorageError(f"cannot read {key} under {self.root}: {e}") from e

    def stream(self, key: str) -> Iterator[bytes]:
        path = self._path(key)
        if not path.is_file():
            raise NotFoundError(f"no object {key!r}")

        def chunks() -> Iterator[bytes]:
            with path.open("rb") as f:
                while chunk := f.read(_CHUNK):
                    yield chunk

        return chunks()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> int:
        base = self._path(prefix)
        files = [p for p in base.rglob("*") if p.is_file()] if base.is_dir() else []
        for p in files:
            p.unlink(missing_ok=True)
        return len(files)

    def ping(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StorageError(f"data dir {self.root} is not writable: {e}") from e


class S3Store:
    """Objects in one S3 bucket through the minio SDK (MinIO, SeaweedFS, AWS)."""

    name = "s3"

    def __init__(self, *, endpoint: str, access_key: str, secret_key: str, bucket: str, secure: bool) -> None:
        # Fail fast when the server is down: an upload must answer 503 in seconds, not after minio's retries.
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=2.0, read=60.0),
            retries=urllib3.Retry(total=1, backoff_factor=0.2, status_forcelist=(500, 502, 503, 504)),
            maxsize=16,
        )
        self.endpoint = endpoint
        self.bucket = bucket
        self.client = Minio(endpoint, access_key=access_key, secret_key=secret_key, secure=secure, http_client=http)
        self._bucket_ready = False

    def _fail(self, action: str, key: str, e: Exception) -> StorageError:
        return StorageError(
            f"object storage at {self.endpoint} failed to {action} {key!r} ({e.__class__.__name__}: {e}); "
            "check that the S3 server is running and the credentials are right, then retry"
        )

    def _ensure_bucket(self) -> None:
        if self._bucket_ready:
            return
        try:
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket)
        except S3Error as e:
            if e.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise self._fail("create bucket", self.bucket, e) from e
        except (MinioException, urllib3.exceptions.HTTPError, OSError, ValueError) as e:
            raise self._fail("reach bucket", self.bucket, e) from e
        self._bucket_ready = True

    def put(self, key: str, data: bytes, *, content_type: str = "application/octet-stream") -> None:
        self._ensure_bucket()
        try:
            self.client.put_object(self.bucket, key, io.BytesIO(data), len(data), content_type=content_type)
        except (MinioException, urllib3.exceptions.HTTPError, OSError, ValueError) as e:
            raise self._fail("write", key, e) from e

    def _open(self, key: str):
        self._ensure_bucket()
        try:
            return self.client.get_object(self.bucket, key)
        except S3Error as e:
            if e.code in ("NoSuchKey", "NoSuchObject"):
                raise NotFoundError(f"no object {key!r}") from e
            raise self._fail("read", key, e) from e
        except (MinioException, urllib3.exceptions.HTTPError, OSError, ValueError) as e:
            raise self._fail("read", key, e) from e

    def get(self, key: str) -> bytes:
        response = self._open(key)
        try:
            return response.read()
        except (urllib3.exceptions.HTTPError, OSError) as e:
            raise self._fail("read", key, e) from e
        finally:
            response.close()
            response.release_conn()

    def stream(self, key: str) -> Iterator[bytes]:
        response = self._open(key)

        def chunks() -> Iterator[bytes]:
            try:
                yield from response.stream(_CHUNK)
            finally:
                response.close()
                response.release_conn()

        return chunks()

    def exists(self, key: str) -> bool:
        self._ensure_bucket()
        try:
            self.client.stat_object(self.bucket, key)
            return True
        except S3Error as e:
            if e.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                return False
            raise self._fail("stat", key, e) from e
        except (MinioException, urllib3.exceptions.HTTPError, OSError, ValueError) as e:
            raise self._fail("stat", key, e) from e

    def delete(self, key: str) -> None:
        self._ensure_bucket()
        try:
            self.client.remove_object(self.bucket, key)
        except (MinioException, urllib3.exceptions.HTTPError, OSError, ValueError) as e:
            raise self._fail("delete", key, e) from e

    def delete_prefix(self, prefix: str) -> int:
        self._ensure_bucket()
        try:
            keys = [o.object_name for o in self.client.list_objects(self.bucket, prefix=prefix, recursive=True)]
            for key in keys:
                self.client.remove_object(self.bucket, key)
        except (MinioException, urllib3.exceptions.HTTPError, OSError, ValueError) as e:
            raise self._fail("delete", prefix, e) from e
        return len(keys)

    def presigned_url(self, key: str, *, seconds: int) -> str:
        return self.client.presigned_get_object(self.bucket, key, expires=timedelta(seconds=seconds))

    def ping(self) -> None:
        self._bucket_ready = False
        self._ensure_bucket()


def store_from_settings(settings: Settings) -> ObjectStore:
    """S3 when `YIGCHA_S3_ENDPOINT` is set, else files under `data_dir/objects`."""
    if settings.s3_endpoint:
        return S3Store(
            endpoint=settings.s3_endpoint,
            access_key=settings.s3_access_key or "",
            secret_key=settings.s3_secret_key.get_secret_value() if settings.s3_secret_key else "",
            bucket=settings.s3_bucket,
            secure=settings.s3_secure,
        )
    return LocalStore(settings.data_dir / "objects")
