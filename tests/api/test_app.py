"""The app as a whole: dashboard, docs, headers, CORS, unknown routes."""
from __future__ import annotations

from fastapi.testclient import TestClient

from detente.api import create_app


def test_app_serves_the_dashboard(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert '<script src="/static/app.js">' in r.text
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    for asset in ("/static/app.js", "/static/style.css"):
        assert client.get(asset).status_code == 200


def test_app_dashboard_fetches_nothing_from_the_internet(client):
    for asset in ("/", "/static/app.js", "/static/style.css"):
        text = client.get(asset).text
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in text


def test_app_openapi_lists_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/articles/{article_id}",
              "/api/dyad", "/api/network", "/api/extract"):
        assert p in paths
    assert "post" in paths["/api/articles"] and "post" in paths["/api/extract"]
    assert paths["/api/events"]["get"]["parameters"]


def test_app_unknown_route_is_json_404(client):
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["error"] == "Not found: /api/nothing-here"
    r = client.delete("/api/events")
    assert r.status_code == 405 and r.json()["error"]


def test_app_cors_closed_by_default(client):
    r = client.get("/api/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    r = client.options("/api/events", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in r.headers


def test_app_cors_opens_for_listed_origins(store_path):
    with TestClient(create_app(store_path, cors_origins=["https://ok.example"])) as c:
        r = c.get("/api/events", headers={"Origin": "https://ok.example"})
        assert r.headers["access-control-allow-origin"] == "https://ok.example"
        r = c.get("/api/events", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers


def test_app_store_override_by_name(store_path):
    from detente.api.deps import get_store

    class Empty:
        def events(self, **kw):
            return []

        def count_events(self, **kw):
            return 0

    app = create_app(store_path)
    app.dependency_overrides[get_store] = Empty
    with TestClient(app) as c:
        assert c.get("/api/events").json()["total"] == 0


def test_app_read_only_store_refuses_writes_underneath(store_path):
    """Even past the API's guard, the store itself is opened read-only."""
    with TestClient(create_app(store_path)) as c:
        c.get("/api/status")
        assert c.app.state.stores.get().read_only is True


def test_app_concurrent_reads(client):
    from concurrent.futures import ThreadPoolExecutor

    def hit(i):
        return client.get(f"/api/events?limit=5&offset={i % 10}").status_code

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(hit, range(64))) == {200}


def test_app_docs_page_is_served_without_a_cdn(client):
    r = client.get("/docs")
    assert r.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in r.text
    assert "cdn" not in r.text.lower()
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert "script-src 'self'" in r.headers["content-security-policy"]
