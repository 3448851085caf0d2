"""Pages/s fetched-and-coded by `detente watch` from a local server, and what happens when it is down.

    python bench/fetch_bench.py [--pages 60] [--workers 4] [--coder real|fake]

Starts an HTTP server on 127.0.0.1 serving one RSS feed of N news-length pages written
from templates here, runs one Watcher round into a temporary store and prints:

- fetch only (no coding): pages/s through the Fetcher (robots.txt, per-host cap);
- fetch + extract + code + store: pages/s for one full round;
- a second round (feed unchanged): how long "nothing new" takes;
- server down: the round's failures by reason and how long it took to give up.

`--coder fake` replaces spaCy by a no-op coder to isolate the fetch/extract cost.
Nothing leaves 127.0.0.1.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COUNTRIES = ["Ruritania", "Borduria", "Syldavia", "Freedonia", "Genovia", "Elbonia", "Latveria", "Sokovia"]
CAPITALS = ["Strelsau", "Szohod", "Klow", "Fredonia City", "Pyrus", "Elbon", "Doomstadt", "Novi Grad"]
SENTENCES = [
    "The government of {a} accused {b} of moving troops toward the border on {day}.",
    "Officials in {ca} denied the accusation and said the exercises had been planned for months.",
    "The foreign minister of {a} met her counterpart from {b} in {cb} to discuss trade and security.",
    "{b} announced new sanctions on three companies from {a}, freezing their assets abroad.",
    "Protesters gathered outside the embassy of {a} in {cb}, demanding the release of two journalists.",
    "The president of {b} said his country would consider sending aid if the floods in {a} worsened.",
    "Police in {ca} arrested a dozen demonstrators after clashes near the parliament on {day}.",
    "{a} and {b} signed an agreement to reopen two border crossings closed since last year.",
    "A spokesman for the ministry in {ca} said the talks had been useful but difficult.",
    "Analysts in {cb} expect the dispute to continue until elections are held next spring.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(i: int) -> tuple[str, str]:
    rnd = random.Random(i)
    a, b = rnd.sample(range(len(COUNTRIES)), 2)
    fill = {"a": COUNTRIES[a], "b": COUNTRIES[b], "ca": CAPITALS[a], "cb": CAPITALS[b], "day": rnd.choice(DAYS)}
    paras = []
    for _ in range(6):  # ~600 words
        paras.append(" ".join(rnd.choice(SENTENCES).format(**fill) for _ in range(6)))
    title = f"{COUNTRIES[a]} and {COUNTRIES[b]} trade accusations ({i})"
    body = "".join(f"<p>{p}</p>" for p in paras)
    html = (f"<!doctype html><html><head><title>{title}</title>"
            f'<meta property="article:published_time" content="2026-03-{i % 28 + 1:02d}T08:00:00Z"></head>'
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>")
    return title, html


def start_server(n: int):
    pages = {f"/news/{i}.html": article(i) for i in range(n)}
    state = {"base": ""}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):
            if self.path == "/feed.rss":
                items = "".join(f"<item><title>{t}</title><link>{state['base']}{p}</link></item>"
                                for p, (t, _) in pages.items())
                body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>{items}</channel></rss>'
                ctype = "application/rss+xml"
            elif self.path in pages:
                body, ctype = pages[self.path][1], "text/html; charset=utf-8"
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    state["base"] = f"http://127.0.0.1:{srv.server_address[1]}"
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, state["base"], list(pages)


class FakeCoded:
    def __init__(self, a):
        self.article, self.events, self.error = a, [], None


class FakeCoder:
    def code_many(self, articles, batch_size=32):
        return [FakeCoded(a) for a in articles]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--coder", choices=("real", "fake"), default="real")
    args = ap.parse_args()

    from detente.ingest.http import Fetcher
    from detente.ingest.watch import StoreSink, Watcher
    from detente.store import Store

    srv, base, paths = start_server(args.pages)
    print(f"local server {base}: 1 feed, {len(paths)} pages of ~600 words", file=sys.stderr)

    with Fetcher(min_interval=0, per_host=args.workers) as f:
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as pool:
            list(pool.map(lambda p: f.fetch_page(base + p), paths))
        dt = time.perf_counter() - t0
    print(f"fetch only:            {len(paths) / dt:7.1f} pages/s ({dt:.2f} s)")

    if args.coder == "real":
        from detente.pipeline import Pipeline

        t0 = time.perf_counter()
        coder = Pipeline()
        print(f"pipeline load:         {time.perf_counter() - t0:7.1f} s")
    else:
        coder = FakeCoder()

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        fetcher = Fetcher(min_interval=0, per_host=args.workers, timeout=5, retries=2, backoff=0.2)
        w = Watcher([base + "/feed.rss"], sink=StoreSink(store, "bench"), coder=coder, fetcher=fetcher,
                    state_path=Path(tmp) / "feeds.json", workers=args.workers, report=lambda s: None)
        t0 = time.perf_counter()
        st = w.run_round()
        dt = time.perf_counter() - t0
        print(f"fetch+extract+code+store ({args.coder} coder): {st.new_articles / dt:7.1f} pages/s "
              f"({st.new_articles} pages, {st.events} events, {dt:.2f} s)")
        t0 = time.perf_counter()
        st2 = w.run_round()
        print(f"second round, nothing new: {time.perf_counter() - t0:.2f} s "
              f"({st2.new_articles} new, {st2.already_stored} already stored)")

        srv.shutdown()
        srv.server_close()
        w.fetcher = Fetcher(min_interval=0, per_host=args.workers, timeout=5, retries=2, backoff=0.2)
        t0 = time.perf_counter()
        st3 = w.run_round()
        print(f"server down: round took {time.perf_counter() - t0:.2f} s, failures {dict(st3.failures)}, "
              f"store untouched ({store.stats().get('articles', '?') if hasattr(store, 'stats') else '?'} articles)")
        w.fetcher.close()
        fetcher.close()
        store.close()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
