"""Fetcher against a real local server (127.0.0.1 only)."""
from __future__ import annotations

import time

import pytest

from detente.errors import FetchError
from detente.ingest import iter_articles
from detente.ingest.http import Fetcher

from .server import flaky, page, slow


def reason(exc_info) -> str:
    return exc_info.value.reason


def test_http_user_agent_and_page(site, fetcher):
    site.set("/a.html", page("vantor"))
    res = fetcher.fetch_page(site.base + "/a.html")
    assert res.status == 200 and b"Vantor" in res.content
    ua = site.headers_seen[-1]["user-agent"]
    assert ua.startswith("detente/") and "github.com/detente-project/detente" in ua


def test_http_robots_disallow_obeyed(site, fetcher):
    site.set("/robots.txt", "User-agent: *\nDisallow: /private/\n", ctype="text/plain")
    site.set("/private/a.html", page("vantor"))
    site.set("/public/a.html", page("vantor"))
    with pytest.raises(FetchError) as e:
        fetcher.fetch_page(site.base + "/private/a.html")
    assert reason(e) == "robots" and "robots.txt" in str(e.value)
    assert site.hits["/private/a.html"] == 0
    fetcher.fetch_page(site.base + "/public/a.html")
    fetcher.fetch_page(site.base + "/public/a.html")
    assert site.hits["/robots.txt"] == 1  # cached per host


def test_http_robots_agent_specific_rule(site, fetcher):
    site.set("/robots.txt", "User-agent: detente\nDisallow: /\n\nUser-agent: *\nAllow: /\n", ctype="text/plain")
    site.set("/a.html", page("vantor"))
    with pytest.raises(FetchError):
        fetcher.fetch_page(site.base + "/a.html")


def test_http_500_is_retried(site, fetcher):
    site.routes["/flaky.html"] = flaky(2, page("envoy"))
    assert b"ambassador" in fetcher.fetch_page(site.base + "/flaky.html").content
    assert site.hits["/flaky.html"] == 3


def test_http_500_gives_up_with_reason(site, fetcher):
    site.routes["/down.html"] = flaky(10, page("envoy"), status=503)
    with pytest.raises(FetchError) as e:
        fetcher.fetch_page(site.base + "/down.html")
    assert reason(e) == "http_503" and site.hits["/down.html"] == 3


def test_http_429_retry_after_honoured_and_capped(site):
    waits = []
    f = Fetcher(min_interval=0, backoff=0.01, max_retry_after=0.05, sleep=lambda s: waits.append(s))
    site.routes["/busy.html"] = flaky(1, page("aid"), status=429, retry_after="120")
    try:
        f.fetch_page(site.base + "/busy.html")
    finally:
        f.close()
    assert waits == [0.05]


def test_http_timeout_and_others_not_blocked(site):
    from concurrent.futures import ThreadPoolExecutor

    site.routes["/slow.html"] = slow(5, page("aid"))
    for k in ("vantor", "envoy", "aid"):
        site.set(f"/{k}.html", page(k))
    f = Fetcher(timeout=0.5, min_interval=0, per_host=2, retries=0)
    t0 = time.monotonic()
    urls = [site.base + p for p in ("/slow.html", "/vantor.html", "/envoy.html", "/aid.html")]

    def get(u):
        try:
            return f.fetch_page(u).status
        except FetchError as e:
            return e.reason

    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(get, urls))
    f.close()
    assert got == ["timeout", 200, 200, 200]
    assert time.monotonic() - t0 < 2.5


def test_http_oversized_page_refused(site):
    site.set("/big.html", b"<html><body><p>" + b"x" * 300_000 + b"</p></body></html>")
    f = Fetcher(min_interval=0, max_bytes=100_000)

    def chunked(req, site_):
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        req.send_header("Connection", "close")
        req.end_headers()
        try:
            for _ in range(50):
                req.wfile.write(b"<p>" + b"y" * 10_000 + b"</p>")
        except (BrokenPipeError, ConnectionResetError):  # the client aborted, as it should
            pass
        return None

    site.routes["/stream.html"] = chunked
    try:
        with pytest.raises(FetchError) as e:
            f.fetch_page(site.base + "/big.html")
        assert reason(e) == "too_large" and "too large" in str(e.value)
        with pytest.raises(FetchError) as e:  # no Content-Length: aborted while streaming
            f.fetch_page(site.base + "/stream.html")
        assert reason(e) == "too_large"
    finally:
        f.close()


def test_http_non_html_refused(site, fetcher):
    site.set("/report.pdf", b"%PDF-1.4 fake", ctype="application/pdf")
    with pytest.raises(FetchError) as e:
        fetcher.fetch_page(site.base + "/report.pdf")
    assert reason(e) == "not_html" and "application/pdf" in str(e.value)


def test_http_redirects_limited_and_followed(site, fetcher):
    site.set("/old.html", b"", status=301, headers={"Location": "/new.html"})
    site.set("/new.html", page("vantor"))
    res = fetcher.fetch_page(site.base + "/old.html")
    assert res.url.endswith("/new.html")
    for i in range(10):
        site.set(f"/loop{i}", b"", status=302, headers={"Location": f"/loop{i + 1}"})
    with pytest.raises(FetchError) as e:
        fetcher.fetch_page(site.base + "/loop0")
    assert reason(e) == "too_many_redirects"


def test_http_only_http_and_https(fetcher, site):
    with pytest.raises(FetchError) as e:
        fetcher.fetch("file:///etc/passwd")
    assert reason(e) == "bad_scheme"
    site.set("/to-ftp", b"", status=302, headers={"Location": "ftp://127.0.0.1/x"})
    with pytest.raises(FetchError) as e:
        fetcher.fetch(site.base + "/to-ftp")
    assert reason(e) == "bad_scheme"


def test_http_conditional_get_304(site, fetcher):
    site.set("/feed.xml", b"<rss/>", ctype="application/rss+xml", headers={"ETag": '"v1"'})
    first = fetcher.fetch_feed(site.base + "/feed.xml")
    assert first.etag == '"v1"'
    site.set("/feed.xml", b"", ctype="application/rss+xml", status=304, headers={"ETag": '"v1"'})
    second = fetcher.fetch_feed(site.base + "/feed.xml", etag=first.etag)
    assert second.not_modified and site.headers_seen[-1]["if-none-match"] == '"v1"'


def test_http_server_down(fetcher):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(FetchError) as e:
        fetcher.fetch_page(f"http://127.0.0.1:{port}/a.html")
    assert reason(e) == "connection" and "cannot connect" in str(e.value)


def test_http_rate_limit_per_host(site):
    site.set("/a.html", page("vantor"))
    f = Fetcher(min_interval=0.2, respect_robots=False)
    t0 = time.monotonic()
    for _ in range(3):
        f.fetch_page(site.base + "/a.html")
    f.close()
    assert time.monotonic() - t0 >= 0.4


def test_http_iter_articles_reads_urls(site, fetcher):
    site.set("/a.html", page("vantor"))
    site.set("/b.pdf", b"%PDF", ctype="application/pdf")
    out = list(iter_articles([site.base + "/a.html", site.base + "/b.pdf"], fetcher=fetcher))
    assert out[0].url == site.base + "/a.html" and "Vantor" in out[0].text
    assert "not_html" in str(out[1]) and type(out[1]).__name__ == "InputError"
