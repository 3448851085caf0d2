"""Watcher rounds against a local server, with a fake coder (no spaCy) and in-memory or DuckDB sinks."""
from __future__ import annotations

import time

import pytest

from detente.ingest.http import Fetcher
from detente.ingest.watch import MemorySink, StoreSink, Watcher, failure_reason

from .server import BODIES, atom, etag_feed, flaky, page, rss, slow


def make_watcher(site, sources, coder, sink=None, tmp_path=None, **kw):
    fetcher = Fetcher(timeout=kw.pop("timeout", 2.0), min_interval=0, backoff=0.01, per_host=4)
    lines = []
    w = Watcher([site.base + s if s.startswith("/") else s for s in sources], sink=sink or MemorySink(),
                coder=coder, fetcher=fetcher, state_path=tmp_path / "feeds.json" if tmp_path else None,
                report=lines.append, **kw)
    w.lines = lines
    return w


def serve_pages(site, keys):
    for k in keys:
        site.set(f"/news/{k}.html", page(k))


def test_watch_new_entries_coded_once_across_rounds(site, coder, tmp_path):
    serve_pages(site, BODIES)
    site.set("/world.rss", rss(["vantor", "envoy"], site.base), ctype="application/rss+xml")
    site.set("/world.atom", atom(["envoy", "aid"], site.base), ctype="application/atom+xml")
    w = make_watcher(site, ["/world.rss", "/world.atom"], coder, tmp_path=tmp_path)
    first = w.run_round()
    assert (first.new_articles, first.entries, first.n_failures) == (3, 3, 0)
    assert first.events == sum(len(c.events) for c in w.sink.coded) > 0
    a = next(c.article for c in w.sink.coded if "Vantor" in c.article.text)
    assert a.url == site.base + "/news/vantor.html?utm_source=rss" or a.url.startswith(site.base + "/news/vantor")
    assert a.source == "Example Wire" and a.published and a.title
    second = w.run_round()
    assert (second.new_articles, second.already_stored) == (0, 3)
    assert len(coder.seen) == 3
    assert all(site.hits[p] == 1 for p in site.hits if p.startswith("/news/"))
    assert "round 2:" in w.lines[1] and "0 new article(s)" in w.lines[1]
    # a new entry appears: only it is fetched and coded
    site.set("/world.rss", rss(["vantor", "envoy", "sanctions"], site.base), ctype="application/rss+xml")
    third = w.run_round()
    assert third.new_articles == 1 and coder.seen[-1].title.startswith("Norway announces sanctions")


def test_watch_304_respected(site, coder, tmp_path):
    serve_pages(site, ["vantor"])
    site.routes["/feed.xml"] = etag_feed(lambda: rss(["vantor"], site.base), '"abc"')
    w = make_watcher(site, ["/feed.xml"], coder, tmp_path=tmp_path)
    assert w.run_round().new_articles == 1
    st = w.run_round()
    assert st.not_modified == 1 and st.entries == 0
    assert site.headers_seen[-1].get("if-none-match") == '"abc"'
    # the ETag survives a restart (state file)
    w2 = make_watcher(site, ["/feed.xml"], coder, tmp_path=tmp_path)
    assert w2.run_round().not_modified == 1


def test_watch_failures_by_reason_do_not_stop_others(site, coder, tmp_path):
    serve_pages(site, ["vantor", "envoy"])
    site.set("/robots.txt", "User-agent: *\nDisallow: /private/\n", ctype="text/plain")
    site.set("/private/a.html", page("aid"))
    site.routes["/slow.html"] = slow(5, page("aid"))
    site.routes["/flaky.html"] = flaky(1, page("sanctions"))
    site.set("/big.html", b"<html><body>" + b"<p>word </p>" * 200_000 + b"</body></html>")
    site.set("/doc.pdf", b"%PDF-1.4", ctype="application/pdf")
    items = "".join(f"<item><title>t{i}</title><link>{site.base}{p}</link></item>" for i, p in enumerate(
        ["/news/vantor.html", "/private/a.html", "/slow.html", "/flaky.html", "/big.html", "/doc.pdf",
         "/news/envoy.html"]))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed</title>{items}</channel></rss>'
    site.routes["/mixed.rss"] = etag_feed(lambda: feed.encode(), '"m1"')
    t0 = time.monotonic()
    w = make_watcher(site, ["/mixed.rss", "/missing.rss", "ftp://127.0.0.1/x"], coder, tmp_path=tmp_path,
                     timeout=0.5)
    w.fetcher.max_bytes = 1_000_000
    st = w.run_round()
    assert time.monotonic() - t0 < 4
    assert st.new_articles == 3  # vantor, envoy and the flaky page (500 retried)
    assert site.hits["/flaky.html"] == 2
    assert dict(st.failures) == {"robots": 1, "timeout": 1, "too_large": 1, "not_html": 1, "http_404": 1,
                                 "bad_scheme": 1}
    assert site.hits["/private/a.html"] == 0
    reasons = {path: reason for path, reason, _ in w.sink.failures}
    assert reasons[site.base + "/doc.pdf"].startswith("not_html: not an HTML page (application/pdf)")
    assert "failure(s) (bad_scheme 1, http_404 1, not_html 1, robots 1, timeout 1, too_large 1)" in w.lines[0]
    # next round: the feed answers 304, but the failed pages are retried
    site.routes["/slow.html"] = lambda req, s: (200, "text/html", page("aid"), {})
    st2 = w.run_round()
    assert st2.not_modified == 1 and st2.new_articles == 1 and site.hits["/big.html"] == 2


def test_watch_same_text_other_url_is_already_stored(site, coder):
    serve_pages(site, ["vantor"])
    site.set("/copy/vantor.html", page("vantor"))
    site.set("/a.rss", rss(["vantor"], site.base), ctype="application/rss+xml")
    items = f"<item><title>copy</title><link>{site.base}/copy/vantor.html</link></item>"
    site.set("/b.rss", f'<?xml version="1.0"?><rss version="2.0"><channel><title>B</title>{items}</channel></rss>',
             ctype="application/rss+xml")
    w = make_watcher(site, ["/a.rss", "/b.rss"], coder)
    st = w.run_round()
    assert st.new_articles == 1 and st.already_stored == 1


def test_watch_page_url_as_source(site, coder):
    serve_pages(site, ["aid"])
    w = make_watcher(site, ["/news/aid.html"], coder)
    assert w.run_round().new_articles == 1 and site.hits["/news/aid.html"] == 1


def test_watch_run_stops_after_rounds(site, coder):
    site.set("/a.rss", rss([], site.base), ctype="application/rss+xml")
    w = make_watcher(site, ["/a.rss"], coder)
    w.run(every=0.01, rounds=3)
    assert w.rounds == 3


def test_watch_store_sink_records_runs_and_failures(site, tmp_path):
    from detente.store import Store

    from .conftest import FakeCoded

    class NoEvents:
        def code_many(self, articles, batch_size=32):
            return [FakeCoded(a, []) for a in articles]

    serve_pages(site, ["vantor", "envoy"])
    site.set("/a.rss", rss(["vantor", "envoy", "aid"], site.base), ctype="application/rss+xml")  # aid: 404
    store = Store(tmp_path / "w.duckdb")
    w = make_watcher(site, ["/a.rss"], NoEvents(), sink=StoreSink(store))
    w.run_round()
    w.run_round()
    runs = store.sql("SELECT command, status, articles, failures FROM ingest_runs ORDER BY started")
    rows = runs["rows"] if isinstance(runs, dict) else runs
    assert [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in rows] == [
        ("watch", "done", 2, 1), ("watch", "done", 0, 1)]
    assert store.has_article(url=site.base + "/news/vantor.html")
    fails = store.sql("SELECT path, reason, n_attempts FROM failures")
    frows = fails["rows"] if isinstance(fails, dict) else fails
    assert len(frows) == 1
    store.close()


@pytest.mark.parametrize("msg,reason", [("not English (looks like French)", "not_english"),
                                        ("no extractable text in HTML", "no_text"),
                                        ("too large (52 MB > 10 MB)", "too_large"), ("weird", "bad_input")])
def test_watch_failure_reason_codes(msg, reason):
    from detente.errors import InputError

    assert failure_reason(InputError(msg)) == reason
