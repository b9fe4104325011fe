"""GET /records and /records/{id}: RECORD shape, filters, cursor pages, roles and 密级 secrecy."""
from __future__ import annotations

import pytest

from utils.service import auth, record_values
from yigcha.storage.audit import list_audit_events
from yigcha.storage.db import session_factory, session_scope
from yigcha.storage.documents import create_document
from yigcha.storage.objects import original_key, store_from_settings
from yigcha.storage.records import replace_records

OPEN = record_values(doc_number="藏质协字〔2024〕10号", issuers=["西藏自治区质量协会"], title="关于开展质量月活动的通知",
                     doc_type="通知", issue_date="2024-07-15")
SECRET = record_values(doc_number="藏质协字〔2024〕12号", issuers=["西藏自治区质量协会"], title="关于内部审计的通知",
                       doc_type="通知", issue_date="2024-08-01")


@pytest.fixture
def seeded(settings) -> dict[str, int]:
    with session_scope(session_factory(settings)) as session:
        document, _ = create_document(session=session, sha256="s" * 64, filename="two.pdf", kind="pdf",
                                      content_type="application/pdf", size=1, pages=2, uploaded_by="t")
        open_record, secret_record = replace_records(
            session=session, document=document, records=[OPEN, {**SECRET, "pages": [2, 2]}],
            page_texts=["西藏自治区质量协会文件\n质量月", "000123\n内部★1年\n西藏自治区质量协会文件\n审计"],
        )
    store_from_settings(settings).put(original_key("s" * 64), b"%PDF-1.7 secret")
    return {"open": open_record.id, "secret": secret_record.id, "document": document.id}


def test_record_is_the_extract_object_plus_service_fields(client, tokens, seeded) -> None:
    body = client.get(f"/records/{seeded['open']}", headers=auth(tokens["reader"])).json()
    service_fields = {"id", "document_id", "version", "review_status", "duplicate_of", "created_at", "updated_at"}
    assert {k: v for k, v in body.items() if k not in service_fields} == OPEN
    assert (body["version"], body["review_status"], body["document_id"]) == (1, "machine", seeded["document"])


@pytest.mark.parametrize(("role", "sees_secret"), [
    ("reader", False), ("uploader", False), ("reviewer", True), ("admin", True),
])
def test_secret_records_only_for_reviewer_and_admin(client, tokens, seeded, settings, role, sees_secret) -> None:
    listed = client.get("/records", headers=auth(tokens[role])).json()["items"]
    one = client.get(f"/records/{seeded['secret']}", headers=auth(tokens[role]))
    original = client.get(f"/documents/{seeded['document']}/file", headers=auth(tokens[role]))
    expected_ids = [seeded["open"], seeded["secret"]] if sees_secret else [seeded["open"]]
    assert [r["id"] for r in listed] == expected_ids, role
    assert one.status_code == (200 if sees_secret else 404), role
    assert original.status_code == (200 if sees_secret else 404), role
    assert original.content == b"%PDF-1.7 secret" if sees_secret else original.json()["code"] == "not_found"
    with session_scope(session_factory(settings)) as session:
        reads = [e for e in list_audit_events(session=session) if e.action.startswith("read_secret")]
    assert len(reads) == (3 if sees_secret else 0), role
    assert {(e.actor, e.action, e.target) for e in reads} == ({
        (f"test-{role}", "read_secret_record", str(seeded["secret"])),
        (f"test-{role}", "read_secret_document", seeded["document"]),
    } if sees_secret else set())


def test_cursor_pages_through_everything_once(client, tokens, settings) -> None:
    with session_scope(session_factory(settings)) as session:
        document, _ = create_document(session=session, sha256="c" * 64, filename="many.pdf", kind="pdf",
                                      content_type="application/pdf", size=1, pages=1, uploaded_by="t")
        replace_records(session=session, document=document, page_texts=["x"],
                        records=[record_values(title=f"通知{i}") for i in range(5)])
    titles, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = client.get("/records", params=params, headers=auth(tokens["reader"])).json()
        titles += [r["title"] for r in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert titles == [f"通知{i}" for i in range(5)]


def test_filters_and_q_over_http(client, tokens, seeded) -> None:
    get = lambda **p: [r["id"] for r in client.get("/records", params=p, headers=auth(tokens["admin"])).json()["items"]]
    assert get(q="审计") == [seeded["secret"]]
    assert get(q="质量月") == [seeded["open"]]
    assert get(doc_number="藏质协字〔2024〕10号") == [seeded["open"]]
    assert get(issue_date_from="2024-07-20") == [seeded["secret"]]
    assert get(review_status="machine", document_id=seeded["document"]) == [seeded["open"], seeded["secret"]]
    assert get(updated_since="2999-01-01T00:00:00Z") == []


@pytest.mark.parametrize(("params", "status", "code"), [
    pytest.param({"cursor": "bogus"}, 422, "invalid_request", id="bad-cursor"),
    pytest.param({"limit": 0}, 422, "invalid_request", id="limit-zero"),
    pytest.param({"review_status": "maybe"}, 422, "invalid_request", id="bad-status"),
])
def test_bad_queries(client, tokens, params, status, code) -> None:
    response = client.get("/records", params=params, headers=auth(tokens["reader"]))
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_unknown_record_404(client, tokens) -> None:
    response = client.get("/records/999999", headers=auth(tokens["reader"]))
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
