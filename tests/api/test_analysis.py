"""GET /api/dyad, /api/network, /api/actors, /api/pairs, /api/status."""
from __future__ import annotations


def test_dyad_timeline_by_month(client):
    d = client.get("/api/dyad?a=RUS&b=UKR").json()
    assert d["a"] == "RUS" and d["b"] == "UKR"
    assert d["totals"]["n_events"] == 15
    months = {m["month"]: m for m in d["months"]}
    assert months["2024-01"]["quad1"] == 1 and months["2024-02"]["quad4"] == 1
    assert months["2025-04"]["n_events"] == 2
    assert sum(m["n_events"] for m in d["months"]) == 15
    assert len(d["top_events"]) == 15
    assert all(e["article_id"] for e in d["top_events"])


def test_dyad_either_order_and_dates(client):
    ab = client.get("/api/dyad?a=RUS&b=UKR&date_from=2025").json()
    ba = client.get("/api/dyad?a=UKR&b=RUS&date_from=2025").json()
    assert ab["totals"]["n_events"] == ba["totals"]["n_events"] == 3
    assert ab["date_from"] == "2025-01-01"


def test_dyad_bad_parameters(client):
    assert client.get("/api/dyad?a=RUS").status_code == 422
    r = client.get("/api/dyad?a=RUS&b=rus")
    assert r.status_code == 422 and "two different actors" in r.json()["error"]
    r = client.get("/api/dyad?a=RUS&b=UKR&date_from=2025-02&date_to=2025-01")
    assert r.status_code == 422 and r.json()["error"].startswith("Reversed date range")


def test_dyad_unknown_pair_is_empty(client):
    d = client.get("/api/dyad?a=KEN&b=RUS").json()
    assert d["totals"]["n_events"] == 0 and d["months"] == [] and d["top_events"] == []


def test_network_nodes_and_weighted_edges(client):
    net = client.get("/api/network").json()
    ids = {n["id"] for n in net["nodes"]}
    assert {"RUS", "UKR", "MLI", "KEN", "UGA", "EUR"} <= ids
    edge = next(e for e in net["edges"] if (e["source"], e["target"]) == ("RUS", "UKR"))
    assert edge["weight"] == 14
    heavy = client.get("/api/network?min_weight=2").json()
    assert [(e["source"], e["target"]) for e in heavy["edges"]] == [("RUS", "UKR")]
    period = client.get("/api/network?date_from=2025-03&date_to=2025-03").json()
    assert {n["id"] for n in period["nodes"]} == {"RUS", "MLI"}


def test_network_bad_parameters(client):
    assert client.get("/api/network?min_weight=0").status_code == 422
    assert client.get("/api/network?date_from=2025-05-01&date_to=2024-01-01").status_code == 422


def test_actors_and_pairs(client):
    actors = client.get("/api/actors?limit=5").json()
    assert actors[0]["key"] == "RUS" and len(actors) <= 5
    pairs = client.get("/api/pairs?limit=1").json()
    assert pairs == [pairs[0]] and (pairs[0]["a"], pairs[0]["b"]) == ("RUS", "UKR")
    assert client.get("/api/pairs?limit=9999").status_code == 422


def test_status(client):
    s = client.get("/api/status").json()
    assert s["events"] == 20 and s["articles"] == 16
    assert s["writable"] is False and s["token_required"] is False
    assert s["db"] == "events.duckdb"  # the file name only, never the server's path


def test_status_on_a_missing_store_makes_an_empty_one(tmp_path):
    from fastapi.testclient import TestClient

    from detente.api import create_app

    with TestClient(create_app(tmp_path / "fresh.duckdb")) as c:
        assert c.get("/api/status").json()["events"] == 0
        assert c.get("/api/events").json() == {"total": 0, "limit": 50, "offset": 0, "sort": "-date", "items": []}
