"""Object storage backends: S3 (SeaweedFS through minio) and local files behave the same."""
from __future__ import annotations

import time

import pytest

from utils.service import free_port
from yigcha.models.errors import NotFoundError, StorageError
from yigcha.storage.objects import LocalStore, S3Store, original_key, store_from_settings


@pytest.fixture(params=["s3", "local"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalStore(tmp_path / "objects")
    return store_from_settings(request.getfixturevalue("settings"))


def test_roundtrip_stream_and_delete(store) -> None:
    key = original_key("ab" * 32)
    store.put(key, b"%PDF-1.7 \xe8\x97\x8f", content_type="application/pdf")
    assert store.exists(key)
    assert store.get(key) == b"%PDF-1.7 \xe8\x97\x8f"
    assert b"".join(store.stream(key)) == b"%PDF-1.7 \xe8\x97\x8f"
    store.put("pages/doc1/1.png", b"1")
    store.put("pages/doc1/2.png", b"2")
    assert store.delete_prefix("pages/doc1/") == 2
    store.delete(key)
    assert not store.exists(key)
    with pytest.raises(NotFoundError):
        store.get(key)


def test_chinese_key(store) -> None:
    store.put("artifacts/测试/结果.json", b"{}")
    assert store.get("artifacts/测试/结果.json") == b"{}"


def test_local_store_refuses_keys_outside_root(tmp_path) -> None:
    with pytest.raises(NotFoundError):
        LocalStore(tmp_path / "objects").get("../../etc/passwd")


def test_s3_unreachable_is_a_fast_storage_error() -> None:
    store = S3Store(endpoint=f"127.0.0.1:{free_port()}", access_key="k", secret_key="s", bucket="b", secure=False)
    start = time.monotonic()
    with pytest.raises(StorageError, match="object storage at 127.0.0.1"):
        store.put("originals/x", b"data")
    assert time.monotonic() - start < 5


def test_s3_presigned_url_serves_the_object(settings) -> None:
    import httpx

    store = store_from_settings(settings)
    store.put("originals/presigned", b"hello")
    url = store.presigned_url("originals/presigned", seconds=60)
    assert httpx.get(url).content == b"hello"
