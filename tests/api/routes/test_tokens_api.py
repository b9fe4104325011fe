"""Tokens over HTTP (admin only), and that every endpoint but the health checks needs one."""
from __future__ import annotations

import pytest

from utils.service import auth


def test_admin_creates_lists_and_revokes(client, tokens) -> None:
    created = client.post("/tokens", json={"role": "reader", "name": "erp"}, headers=auth(tokens["admin"]))
    assert created.status_code == 201
    token, token_id = created.json()["token"], created.json()["id"]
    assert client.get("/records", headers=auth(token)).status_code == 200
    listed = client.get("/tokens", headers=auth(tokens["admin"])).json()
    assert "token" not in listed[-1] and listed[-1]["name"] == "erp" and listed[-1]["prefix"] == token[:9]
    assert client.delete(f"/tokens/{token_id}", headers=auth(tokens["admin"])).json()["revoked_at"]
    refused = client.get("/records", headers=auth(token))
    assert (refused.status_code, refused.json()["code"]) == (401, "unauthorized")


@pytest.mark.parametrize("role", ["reader", "uploader", "reviewer"])
def test_only_admin_manages_tokens(client, tokens, role) -> None:
    response = client.post("/tokens", json={"role": "admin"}, headers=auth(tokens[role]))
    assert (response.status_code, response.json()["code"]) == (403, "forbidden"), role


def test_every_endpoint_but_health_needs_a_token(client) -> None:
    open_paths = {"/healthz", "/readyz", "/metrics"}
    checked = 0
    for path, operations in client.app.openapi()["paths"].items():
        if path in open_paths:
            continue
        url = path.replace("{document_id}", "x").replace("{record_id}", "1").replace("{token_id}", "1") \
            .replace("{page_number}", "1")
        for method in operations:
            response = client.request(method.upper(), url)
            assert response.status_code == 401, f"{method.upper()} {path}"
            checked += 1
    assert checked >= 10


def test_health_metrics(client, tokens) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/docs").status_code == 200 and "/records" in client.get("/openapi.json").json()["paths"]
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json()
    assert ready.json()["checks"] == {"database": "ok", "storage": "ok", "queue": "ok"}
    text = client.get("/metrics").text
    assert 'yigcha_documents{status="queued"} 0.0' in text
    assert "yigcha_pages_processed_total 0.0" in text
