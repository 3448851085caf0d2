"""`detente watch` from the command line, against a local server (127.0.0.1 only)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app

_spec = importlib.util.spec_from_file_location("ingest_test_server",
                                               Path(__file__).resolve().parents[1] / "ingest" / "server.py")
server = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(server)


class FakeCoded:
    def __init__(self, article):
        self.article, self.events, self.error = article, [], None


class FakeCoder:
    def code_many(self, articles, batch_size=32):
        return [FakeCoded(a) for a in articles]


@pytest.fixture
def site():
    s = server.start_site()
    yield s
    server.stop_site(s)


def run(args):
    return CliRunner().invoke(app, ["watch", *args])


def test_watch_cli_once_twice_and_feeds_file(site, tmp_path, monkeypatch):
    import detente.cli.watch as w

    monkeypatch.setattr(w, "_make_coder", FakeCoder)
    for k in ("vantor", "envoy"):
        site.set(f"/news/{k}.html", server.page(k))
    site.set("/world.rss", server.rss(["vantor", "envoy"], site.base), ctype="application/rss+xml")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# my outlets\n{site.base}/world.rss  # wire\n\n")
    db = tmp_path / "w.duckdb"
    r1 = run(["--feeds-file", str(feeds), "--db", str(db), "--once", "--min-interval", "0"])
    assert r1.exit_code == 0, r1.output
    assert "round 1: 1 source(s)" in r1.output and "2 new article(s)" in r1.output
    r2 = run(["--feeds-file", str(feeds), "--db", str(db), "--once", "--min-interval", "0"])
    assert r2.exit_code == 0 and "0 new article(s)" in r2.output and "2 already stored" in r2.output
    assert (tmp_path / "w.duckdb.feeds.json").exists()
    from detente.store import Store

    with Store(db) as store:
        rows = store.sql("SELECT articles FROM ingest_runs WHERE command = 'watch' ORDER BY started")["rows"]
    assert [list(r.values())[0] if isinstance(r, dict) else r[0] for r in rows] == [2, 0]


def test_watch_cli_server_down_exit_1(tmp_path, monkeypatch):
    import socket

    import detente.cli.watch as w

    monkeypatch.setattr(w, "_make_coder", FakeCoder)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    r = run([f"http://127.0.0.1:{port}/feed.xml", "--db", str(tmp_path / "w.duckdb"), "--once", "--timeout", "1"])
    assert r.exit_code == 1 and "connection 1" in r.output


def test_watch_cli_needs_a_source_and_a_duration(tmp_path):
    assert run(["--db", str(tmp_path / "x.duckdb"), "--once"]).exit_code == 2
    assert run(["http://127.0.0.1:1/x", "--every", "soon", "--once"]).exit_code == 2


@pytest.mark.parametrize("value,seconds", [("15m", 900), ("30s", 30), ("2h", 7200), ("90", 90), ("1.5m", 90)])
def test_watch_cli_parse_every(value, seconds):
    from detente.cli.watch import parse_every

    assert parse_every(value) == seconds


@pytest.mark.slow
def test_watch_cli_end_to_end_real_pipeline(site, tmp_path, nlp):
    """One round with the real Pipeline: a page is fetched, coded and its events stored."""
    site.set("/news/envoy.html", server.page("envoy"))
    site.set("/news/sanctions.html", server.page("sanctions"))
    site.set("/w.rss", server.rss(["envoy", "sanctions"], site.base), ctype="application/rss+xml")
    db = tmp_path / "e2e.duckdb"
    r = run([site.base + "/w.rss", "--db", str(db), "--once", "--min-interval", "0"])
    assert r.exit_code == 0, r.output
    assert "2 new article(s)" in r.output
    from detente.store import Store

    with Store(db) as store:
        assert len(store.articles()) == 2
        assert store.count_events() >= 1
