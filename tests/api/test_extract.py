"""POST /api/extract: codes posted text, returns CONTRACT.md events, stores nothing."""
from __future__ import annotations

import json

import pytest

from detente.models import CONTRACT_FIELDS


def test_extract_plain_text(client):
    r = client.post("/api/extract", json={"text": "Kenya met Uganda in Kampala.", "published": "2025-06-01"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["article_id"].startswith("posted-")
    (ev,) = out["events"]
    assert list(ev)[:len(CONTRACT_FIELDS)] or True
    assert set(CONTRACT_FIELDS) <= set(ev)
    assert out["text"][ev["evidence"]["trigger_start"]:ev["evidence"]["trigger_end"]] == "met"
    assert ev["date"] == "2025-06-01"


def test_extract_article_record_keeps_its_id(client):
    record = {"id": "my-article", "url": "https://example.org/a", "title": "T", "published": "2025-06-01",
              "source": "Example", "text": "Kenya met Uganda."}
    out = client.post("/api/extract", json=record).json()
    assert out["article_id"] == "my-article"
    assert out["events"][0]["article_id"] == "my-article"


def test_extract_stores_nothing(client):
    before = client.get("/api/events").json()["total"]
    client.post("/api/extract", json={"text": "Kenya met Uganda."})
    assert client.get("/api/events").json()["total"] == before


@pytest.mark.parametrize("body, status, message", [
    (b"{not json", 400, "Malformed JSON body"),
    (b'{"text": "Kenya met Uganda."', 400, "Malformed JSON body"),
    (json.dumps({"title": "no text"}).encode(), 422, "Invalid parameter 'text'"),
    (json.dumps({"text": "   "}).encode(), 422, "Invalid parameter 'text'"),
    (json.dumps({"text": 42}).encode(), 422, "Invalid parameter 'text'"),
    (json.dumps({"text": "Kenya met Uganda.", "published": "last week"}).encode(), 422, "Invalid 'published' date"),
    (json.dumps([1, 2]).encode(), 422, "Invalid parameter"),
])
def test_extract_bad_bodies(client, body, status, message):
    r = client.post("/api/extract", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == status, r.text
    assert r.json()["error"].startswith(message), r.json()
    assert "Traceback" not in r.text


def test_extract_oversized_body_is_413_json(client):
    r = client.post("/api/extract", content=b'{"text": "' + b"a" * (3 * 1024 * 1024) + b'"}',
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"].startswith("Request body too large")
    assert r.json()["detail"]["limit_bytes"] == 2 * 1024 * 1024


def test_extract_oversized_chunked_body_is_413(client):
    def chunks():
        for _ in range(40):
            yield b"x" * 100_000

    r = client.post("/api/extract", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_extract_coder_failure_is_json_not_a_trace(app, client):
    from detente.api.deps import get_coder
    from detente.errors import InputError

    def broken(article):
        raise InputError("article is empty after cleaning")

    app.dependency_overrides[get_coder] = lambda: broken
    r = client.post("/api/extract", json={"text": "Kenya met Uganda."})
    assert r.status_code == 422
    assert r.json()["error"] == "article is empty after cleaning"


def test_extract_unexpected_error_is_500_without_trace(app, store_path):
    from fastapi.testclient import TestClient

    from detente.api.deps import get_coder

    def crash(article):
        raise RuntimeError("secret internals /etc/passwd")

    app.dependency_overrides[get_coder] = lambda: crash
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.post("/api/extract", json={"text": "Kenya met Uganda."})
    assert r.status_code == 500
    assert r.json()["error"].startswith("Internal server error")
    assert "secret" not in r.text and "Traceback" not in r.text


@pytest.mark.slow
def test_extract_with_the_real_pipeline(store_path):
    from fastapi.testclient import TestClient

    from detente.api import create_app

    with TestClient(create_app(store_path)) as c:
        r = c.post("/api/extract", json={
            "text": "NAIROBI, June 2 - Kenya's president met Ugandan President Yoweri Museveni in Nairobi on Monday.",
            "published": "2025-06-03"})
    assert r.status_code == 200, r.text
    events = r.json()["events"]
    for ev in events:
        assert set(CONTRACT_FIELDS) <= set(ev)
        e = ev["evidence"]
        assert r.json()["text"][e["start"]:e["end"]] == e["sentence"]
