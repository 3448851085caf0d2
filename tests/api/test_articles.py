"""GET /api/articles, GET /api/articles/{id}, POST /api/articles."""
from __future__ import annotations


def test_articles_list_and_search(client):
    page = client.get("/api/articles?limit=100").json()
    ids = [a["article_id"] for a in page["items"]]
    assert "sahel-talks" in ids and len(ids) == 16
    assert "path" not in page["items"][0]
    found = client.get("/api/articles?text=Bamako").json()["items"]
    assert [a["article_id"] for a in found] == ["sahel-talks"]
    assert client.get("/api/articles?limit=2&offset=1").json()["items"][0]["article_id"] == ids[1]


def test_articles_one_with_text_and_events(client):
    art = client.get("/api/articles/port-shelling").json()
    assert art["title"] == "Kyiv blames Moscow for overnight shelling"
    assert art["text"].startswith("Ukraine accused Russia")
    assert [m["evidence"]["trigger"] for m in art["mentions"]] == ["accused", "shelling", "threatened"]
    claimed = art["mentions"][1]
    assert claimed["factuality"] == "claimed" and claimed["attributed_to"]["name"] == "Ukraine"


def test_articles_unknown_is_404(client):
    r = client.get("/api/articles/nope")
    assert r.status_code == 404 and r.json()["error"] == "No article with id 'nope'"


def test_articles_huge_page_is_422(client):
    r = client.get("/api/articles?limit=501")
    assert r.status_code == 422 and "limit" in r.json()["error"]


def test_articles_post_refused_when_read_only(client):
    r = client.post("/api/articles", json={"text": "Kenya met Uganda."})
    assert r.status_code == 403
    assert "read-only" in r.json()["error"]


def test_articles_post_needs_the_token(writable_client):
    body = {"id": "new-one", "text": "Kenya met Uganda in Kampala.", "published": "2025-06-01"}
    r = writable_client.post("/api/articles", json=body)
    assert r.status_code == 401 and "bearer token" in r.json()["error"]
    assert r.headers["www-authenticate"] == "Bearer"
    r = writable_client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403


def test_articles_post_stores_and_codes(writable_client):
    auth = {"Authorization": "Bearer s3cret"}
    before = writable_client.get("/api/events").json()["total"]
    body = {"articles": [{"id": "new-one", "text": "Kenya met Uganda in Kampala.", "published": "2025-06-01"},
                         {"id": "no-events", "text": "Nothing happened today."}]}
    r = writable_client.post("/api/articles", json=body, headers=auth)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["articles"] == 2 and out["events"] == 1 and out["errors"] == []
    assert out["stats"]["articles"] == 2
    assert writable_client.get("/api/events").json()["total"] == before + 1
    assert writable_client.get("/api/articles/new-one").json()["mentions"][0]["evidence"]["trigger"] == "met"
    # the same text again is recognised and skipped
    again = writable_client.post("/api/articles", json=body["articles"][0], headers=auth).json()
    assert again["stats"]["skipped"] == 1
