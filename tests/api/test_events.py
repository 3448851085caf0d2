"""GET /api/events and /api/events/{id}."""
from __future__ import annotations

import pytest

from detente.models import CONTRACT_FIELDS


def test_events_lists_newest_first(client):
    r = client.get("/api/events")
    assert r.status_code == 200
    page = r.json()
    assert page["total"] == 20 and page["limit"] == 50 and page["offset"] == 0
    dates = [e["date"] for e in page["items"]]
    assert dates == sorted(dates, reverse=True)
    first = page["items"][0]
    assert first["article_id"] == "prisoner-swap"
    assert first["evidence"]["trigger"] == "exchanged"


@pytest.mark.parametrize("query, expected", [
    ("country=MLI", 2),
    ("country=mli", 2),
    ("source_country=MLI", 1),
    ("target_country=UGA", 1),
    ("actor=Kenyan police", 1),
    ("root=19", 9),
    ("code=17", 1),
    ("plover=SUPPORT", 2),
    ("factuality=claimed", 1),
    ("date_from=2025-01-01&date_to=2025-03-31", 4),
    ("date_from=2025", 8),
    ("date_to=2024-06", 6),
    ("text=Busia", 1),
    ("text=nothing%20like%20this", 0),
    ("country=RUS&root=04", 5),
])
def test_events_filters(client, query, expected):
    r = client.get(f"/api/events?{query}")
    assert r.status_code == 200, r.text
    assert r.json()["total"] == expected
    assert len(r.json()["items"]) == expected


def test_events_paging_and_sorting(client):
    a = client.get("/api/events?limit=5&offset=0&sort=goldstein").json()
    b = client.get("/api/events?limit=5&offset=5&sort=goldstein").json()
    assert a["total"] == b["total"] == 20
    ids = [e["event_id"] for e in a["items"] + b["items"]]
    assert len(set(ids)) == 10
    golds = [e["goldstein"] for e in a["items"] + b["items"]]
    assert golds == sorted(golds)
    assert client.get("/api/events?offset=100").json()["items"] == []


def test_events_one_with_mentions_and_evidence(client):
    listed = client.get("/api/events?text=thanked").json()["items"][0]
    r = client.get(f"/api/events/{listed['event_id']}")
    assert r.status_code == 200
    ev = r.json()
    assert ev["event_id"] == listed["event_id"]
    assert ev["article_id"] == "sahel-talks"
    (m,) = ev["mentions"]
    text = client.get("/api/articles/sahel-talks").json()["text"]
    assert text[m["evidence"]["trigger_start"]:m["evidence"]["trigger_end"]] == "thanked"
    assert text[m["source"]["start"]:m["source"]["end"]] == "Mali's interim president"
    assert text[m["target"]["start"]:m["target"]["end"]] == "Moscow"
    assert set(CONTRACT_FIELDS) <= set(m)


def test_events_unknown_id_is_404_json(client):
    r = client.get("/api/events/no-such-event")
    assert r.status_code == 404
    assert r.json() == {"error": "No event with id 'no-such-event'", "detail": None}


@pytest.mark.parametrize("query, status, message", [
    ("country=XYZ", 422, "Unknown country code 'XYZ'"),
    ("source_country=ZZ", 422, "Unknown country code 'ZZ'"),
    ("date_from=2025-05-01&date_to=2025-01-01", 422, "Reversed date range"),
    ("date_from=2025-13-01", 422, "Invalid date '2025-13-01'"),
    ("date_to=yesterday", 422, "Invalid date 'yesterday'"),
    ("limit=100000", 422, "Invalid parameter 'limit'"),
    ("limit=0", 422, "Invalid parameter 'limit'"),
    ("offset=-1", 422, "Invalid parameter 'offset'"),
    ("sort=DROP TABLE events", 422, "Invalid parameter 'sort'"),
    ("plover=HUG", 422, "Invalid parameter 'plover'"),
    ("root=99", 422, "Invalid parameter 'root'"),
    ("code=0;1", 422, "Invalid parameter 'code'"),
])
def test_events_bad_parameters(client, query, status, message):
    r = client.get(f"/api/events?{query}")
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error", "detail"}
    assert body["error"].startswith(message), body
    assert "Traceback" not in r.text


def test_events_injection_text_is_only_a_value(client):
    r = client.get("/api/events", params={"text": "'; DROP TABLE events; --", "actor": "%' OR 1=1 --"})
    assert r.status_code == 200
    assert r.json()["total"] == 0
    assert client.get("/api/events").json()["total"] == 20
