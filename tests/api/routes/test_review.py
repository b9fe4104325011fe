"""Review API: ETag/If-Match, PATCH corrections as versions, history, approve/reject, roles, sessions +
CSRF, the review queue, and learning (an approved record improves a later document)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue, SimpleWorker

from utils.service import auth, corpus_file, record_values
from yigcha.models.tables import Role
from yigcha.storage.db import session_factory, session_scope
from yigcha.storage.documents import create_document
from yigcha.storage.records import replace_records
from yigcha.storage.users import create_user

FILES = Path(__file__).resolve().parents[2] / "web" / "files"
MACHINE = record_values(doc_number="2024年第3号", issuers=["西藏自治区林业和草原局"], title="关于禁火期的公告",
                        doc_type="公告", issue_date="2024-03-01",
                        deadlines=[{"date": "2024-04-30", "task": "报送"}])


@pytest.fixture
def record_id(settings) -> int:
    with session_scope(session_factory(settings)) as session:
        document, _ = create_document(session=session, sha256="r" * 64, filename="n012.pdf", kind="pdf",
                                      content_type="application/pdf", size=1, pages=1, uploaded_by="t")
        document.status = "done"
        (record,) = replace_records(session=session, document=document, records=[MACHINE], page_texts=["公告"])
        return record.id


def get(client, token, record_id):
    response = client.get(f"/records/{record_id}", headers=auth(token))
    assert response.status_code == 200, response.text
    return response.json(), response.headers["ETag"]


def patch(client, token, record_id, body, etag, **headers):
    return client.patch(f"/records/{record_id}", json=body, headers=auth(token) | {"If-Match": etag} | headers)


def test_patch_makes_a_new_version_with_reviewer_meta_and_history(client, tokens, record_id) -> None:
    before, etag = get(client, tokens["reviewer"], record_id)
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    response = patch(client, tokens["reviewer"], record_id,
                     {"doc_number": "藏林草发[２０２４]03号", "deadlines": [{"date": "2024-05-15", "task": "报送方案"}]}, etag)
    assert response.status_code == 200, response.text
    after = response.json()
    assert (after["id"], after["version"], after["doc_number"]) == (record_id, 2, "藏林草发〔2024〕3号")
    assert after["deadlines"] == [{"date": "2024-05-15", "task": "报送方案"}]
    assert after["meta"]["doc_number"]["source"] == "reviewer"
    assert after["meta"]["doc_number"]["by"] == "test-reviewer"
    assert after["meta"]["doc_number"]["at"].startswith(after["updated_at"][:10])
    assert after["meta"]["title"] == before["meta"]["title"]  # untouched fields keep the machine's meta
    new_etag = response.headers["ETag"]
    assert new_etag != etag and get(client, tokens["reader"], record_id) == (after, new_etag)
    history = client.get(f"/records/{record_id}/history", headers=auth(tokens["reader"])).json()
    assert [(v["version"], v["author"]) for v in history["versions"]] == [(1, "machine"), (2, "test-reviewer")]
    assert history["versions"][1]["diff"] == {
        "deadlines": {"before": [{"date": "2024-04-30", "task": "报送"}], "after": [{"date": "2024-05-15", "task": "报送方案"}]},
        "doc_number": {"before": "2024年第3号", "after": "藏林草发〔2024〕3号"},
    }
    assert history["versions"][0]["values"]["doc_number"] == "2024年第3号"


def test_stale_if_match_is_a_conflict_with_the_current_version(client, tokens, record_id) -> None:
    _, etag = get(client, tokens["reviewer"], record_id)
    assert patch(client, tokens["admin"], record_id, {"title": "关于春季禁火期的公告"}, etag).status_code == 200
    stale = patch(client, tokens["reviewer"], record_id, {"title": "关于秋季禁火期的公告"}, etag)
    assert stale.status_code == 409
    body = stale.json()
    assert (body["code"], body["current"]["version"], body["current"]["title"]) == ("conflict", 2, "关于春季禁火期的公告")
    assert body["etag"] == stale.headers["ETag"] == get(client, tokens["reader"], record_id)[1]


def test_if_match_is_checked_before_the_body(client, tokens, record_id) -> None:
    headers = auth(tokens["reviewer"]) | {"Content-Type": "application/json"}
    stale = client.patch(f"/records/{record_id}", content=b"{not json", headers=headers | {"If-Match": '"stale"'})
    assert stale.status_code == 409
    missing = client.patch(f"/records/{record_id}", content=b"{}", headers=headers)
    assert (missing.status_code, missing.json()["code"]) == (428, "http_error")


@pytest.mark.parametrize(("body", "content_type", "status", "code", "path"), [
    pytest.param({"doc_number": "第58号"}, "application/json", 422, "invalid_correction", "doc_number", id="doc-number"),
    pytest.param({"issue_date": "2024-02-30"}, "application/json", 422, "invalid_correction", "issue_date", id="date"),
    pytest.param({"contacts": [{"phones": ["6815193"]}]}, "application/json", 422, "invalid_correction",
                 "contacts[0].phones[0]", id="phone"),
    pytest.param({"contacts": [{"emails": ["a@b"]}]}, "application/json", 422, "invalid_correction",
                 "contacts[0].emails[0]", id="email"),
    pytest.param({"meta": {}}, "application/json", 422, "invalid_correction", "meta", id="not-a-field"),
    pytest.param({"title": "x"}, "text/plain", 415, "http_error", None, id="content-type"),
])
def test_bad_corrections(client, tokens, record_id, body, content_type, status, code, path) -> None:
    _, etag = get(client, tokens["reviewer"], record_id)
    import json

    response = client.patch(f"/records/{record_id}", content=json.dumps(body).encode(),
                            headers=auth(tokens["reviewer"]) | {"If-Match": etag, "Content-Type": content_type})
    assert (response.status_code, response.json()["code"]) == (status, code), response.text
    if path:
        assert response.json()["message"].startswith(f"{path}: ")
    assert get(client, tokens["reader"], record_id)[0]["version"] == 1


@pytest.mark.parametrize(("role", "allowed"), [("reader", False), ("uploader", False), ("reviewer", True),
                                               ("admin", True)])
def test_only_reviewers_and_admins_correct(client, tokens, record_id, role, allowed) -> None:
    _, etag = get(client, tokens["reader"], record_id)
    response = patch(client, tokens[role], record_id, {"title": "关于禁火的公告"}, etag)
    assert response.status_code == (200 if allowed else 403), role
    approve = client.post(f"/records/{record_id}/approve", headers=auth(tokens[role]))
    assert approve.status_code == (200 if allowed else 403), role


def test_approve_and_reject_are_versions(client, tokens, record_id) -> None:
    approved = client.post(f"/records/{record_id}/approve", headers=auth(tokens["reviewer"]))
    assert (approved.json()["review_status"], approved.json()["version"]) == ("approved", 2)
    rejected = client.post(f"/records/{record_id}/reject", headers=auth(tokens["admin"]) | {"If-Match": approved.headers["ETag"]})
    assert (rejected.json()["review_status"], rejected.json()["version"]) == ("rejected", 3)
    stale = client.post(f"/records/{record_id}/approve", headers=auth(tokens["admin"]) | {"If-Match": approved.headers["ETag"]})
    assert stale.status_code == 409
    history = client.get(f"/records/{record_id}/history", headers=auth(tokens["reader"])).json()["versions"]
    assert [v["diff"] for v in history[1:]] == [{"review_status": {"before": "machine", "after": "approved"}},
                                                {"review_status": {"before": "approved", "after": "rejected"}}]
    filtered = client.get("/records", params={"review_status": "rejected"}, headers=auth(tokens["reader"])).json()
    assert [r["id"] for r in filtered["items"]] == [record_id]


def test_review_queue_lowest_confidence_first_with_counts(client, tokens, settings) -> None:
    with session_scope(session_factory(settings)) as session:
        document, _ = create_document(session=session, sha256="q" * 64, filename="stack.pdf", kind="pdf",
                                      content_type="application/pdf", size=1, pages=3, uploaded_by="t")
        document.status = "done"
        values = [record_values(title=f"通知{i}") for i in range(3)]
        for v, score in zip(values, (0.9, 0.4, 0.7)):
            v["meta"]["title"]["confidence"] = score
        ids = [r.id for r in replace_records(session=session, document=document, records=values, page_texts=["x"])]
    client.post(f"/records/{ids[0]}/approve", headers=auth(tokens["reviewer"]))
    body = client.get("/review/queue", headers=auth(tokens["reviewer"])).json()
    assert [(i["id"], i["min_confidence"], i["weakest_field"]) for i in body["items"]] == [
        (ids[1], 0.4, "title"), (ids[2], 0.7, "title")]
    assert body["counts"] == {"machine": 2, "approved": 1, "rejected": 0}
    assert body["documents"]["done"] == 1
    assert client.get("/review/queue", headers=auth(tokens["reader"])).status_code == 403


def _sign_in(client, settings, role: Role = Role.reviewer) -> str:
    """Create a user, sign in through the form; returns the page's CSRF token (the cookie is in the client)."""
    with session_scope(session_factory(settings)) as session:
        create_user(session=session, username=f"web-{role.value}", password="correct horse", role=role)
    form = client.get("/login")
    login_csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    signed = client.post("/login", data={"username": f"web-{role.value}", "password": "correct horse",
                                         "csrf_token": login_csrf, "next": "/queue"}, follow_redirects=False)
    assert (signed.status_code, signed.headers["location"]) == (303, "/queue")
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie  # http: no Secure
    page = client.get("/queue")
    assert page.status_code == 200
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def test_signed_in_reviewer_patches_with_csrf(client, settings, record_id) -> None:
    csrf = _sign_in(client, settings)
    etag = client.get(f"/records/{record_id}").headers["ETag"]
    body = {"title": "关于禁火期的公告（更正）"}
    without = client.patch(f"/records/{record_id}", json=body, headers={"If-Match": etag})
    assert (without.status_code, without.json()["code"]) == (403, "csrf_failed")
    foreign = client.patch(f"/records/{record_id}", json=body,
                           headers={"If-Match": etag, "X-CSRF-Token": csrf, "Origin": "http://evil.example"})
    assert foreign.status_code == 403
    ok = client.patch(f"/records/{record_id}", json=body, headers={"If-Match": etag, "X-CSRF-Token": csrf})
    assert ok.status_code == 200, ok.text
    assert ok.json()["meta"]["title"]["by"] == "web-reviewer"
    out = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get(f"/records/{record_id}").status_code == 401


def test_sign_in_refuses_wrong_password_and_missing_form_token(client, settings) -> None:
    with session_scope(session_factory(settings)) as session:
        create_user(session=session, username="pema", password="correct horse", role=Role.reviewer)
    form = client.get("/login?lang=en")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    wrong = client.post("/login", data={"username": "pema", "password": "wrong horse", "csrf_token": token})
    assert wrong.status_code == 401 and "Wrong username or password." in wrong.text
    forged = client.post("/login", data={"username": "pema", "password": "correct horse", "csrf_token": "x"})
    assert forged.status_code == 403
    assert client.get("/queue", follow_redirects=False).headers["location"] == "/login?next=%2Fqueue"


def _work(settings) -> None:
    connection = Redis.from_url(settings.redis_url)
    SimpleWorker([Queue(settings.redis_queue, connection=connection)], connection=connection).work(burst=True)


def _upload(client, token, name: str, data: bytes) -> str:
    response = client.post("/documents", files=[("files", (name, data))], headers=auth(token))
    assert response.status_code == 202, response.text
    return response.json()["documents"][0]["id"]


def _records(client, token, document_id: str) -> list[dict]:
    return client.get("/records", params={"document_id": document_id}, headers=auth(token)).json()["items"]


def test_approved_record_teaches_a_later_document(client, tokens, settings) -> None:
    """A notice without letterhead or signed issuer gets its issuer once a record with the same doc-number
    prefix is approved (tests/web/files/README.md)."""
    later = _upload(client, tokens["uploader"], "no_letterhead.pdf", (FILES / "no_letterhead.pdf").read_bytes())
    _work(settings)
    (before,) = _records(client, tokens["reader"], later)
    assert (before["doc_number"], before["issuers"]) == ("藏教发〔2024〕77号", [])

    taught = _upload(client, tokens["uploader"], "n001.pdf", corpus_file("n001.pdf").read_bytes())
    _work(settings)
    (n001,) = _records(client, tokens["reader"], taught)
    assert (n001["doc_number"], n001["issuers"]) == ("藏教发〔2024〕58号", ["西藏自治区教育厅"])
    assert client.post(f"/records/{n001['id']}/approve", headers=auth(tokens["reviewer"])).status_code == 200
    hints = {(h["kind"], h["key"]): h["value"] for h in client.get("/hints", headers=auth(tokens["admin"])).json()["items"]}
    assert hints[("issuer_by_doc_prefix", "藏教发")] == "西藏自治区教育厅"
    assert any(kind == "contact" and value.get("issuer") == "西藏自治区教育厅" for (kind, _), value in hints.items())

    assert client.post(f"/documents/{later}/reprocess", headers=auth(tokens["admin"])).status_code == 202
    _work(settings)
    (after,) = _records(client, tokens["reader"], later)
    assert after["issuers"] == ["西藏自治区教育厅"]
    assert after["meta"]["issuers"]["evidence"][0]["text"] == "藏教发〔2024〕77号"


def test_admin_edits_hints(client, tokens) -> None:
    put = client.put("/hints", json={"kind": "issuer_by_letterhead", "key": "西藏自治区质量协会文件",
                                     "value": "西藏自治区质量协会"}, headers=auth(tokens["admin"]))
    assert put.status_code == 200
    listed = client.get("/hints", headers=auth(tokens["admin"])).json()["items"]
    assert [(h["kind"], h["key"], h["value"]) for h in listed] == [
        ("issuer_by_letterhead", "西藏自治区质量协会文件", "西藏自治区质量协会")]
    assert client.get("/hints", headers=auth(tokens["reviewer"])).status_code == 403
    assert client.delete(f"/hints/{listed[0]['id']}", headers=auth(tokens["admin"])).status_code == 204
    assert client.get("/hints", headers=auth(tokens["admin"])).json()["items"] == []
