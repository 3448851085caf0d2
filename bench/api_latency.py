"""Latency of GET /api/events on a store of 100,000 synthetic events.

    python bench/api_latency.py [--events 100000] [--requests 300] [--db FILE] [--keep]

Builds the store with `Store.add` (synthetic articles, four events each, in large batches),
starts a real `detente serve` on a free 127.0.0.1 port, and times GET /api/events over
keep-alive HTTP, with and without filters. Prints p50/p95 per query, in milliseconds.
An existing --db with enough events is reused.
"""
from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from detente.models import Actor, Article, Event, Evidence  # noqa: E402

COUNTRIES = ["RUS", "UKR", "USA", "CHN", "FRA", "DEU", "GBR", "MLI", "CAF", "KEN", "UGA", "ETH", "SDN", "TCD",
             "NER", "BFA", "NGA", "ZAF", "IND", "PAK", "IRN", "ISR", "SYR", "TUR", "EGY", "LBY", "VEN", "BRA",
             "MEX", "JPN", "KOR", "PRK", "TWN", "PHL", "VNM", "IDN", "POL", "BLR", "GEO", "ARM"]
SECTORS = ["GOV", "MIL", "REB", "OPP", "COP", None]
# (cameo, plover, quad, goldstein, trigger)
CODES = [("040", "CONSULT", 1, 1.0, "met"), ("036", "AGREE", 1, 4.0, "invited"), ("057", "AGREE", 1, 8.0, "signed"),
         ("070", "AID", 2, 7.0, "sent aid to"), ("112", "ACCUSE", 3, -2.0, "accused"),
         ("130", "THREATEN", 3, -4.4, "threatened"), ("173", "COERCE", 4, -5.0, "detained"),
         ("190", "ASSAULT", 4, -10.0, "attacked"), ("0874", "RETREAT", 2, 5.0, "withdrew from"),
         ("1411", "PROTEST", 3, -6.5, "protested against")]
WORDS = ["ceasefire", "border", "talks", "sanctions", "convoy", "election", "port", "pipeline", "refugees", "summit"]


def synthetic(n_events: int, seed: int = 7):
    """Yield CodedArticle-like tuples (article, events, None); four events per article."""
    rnd = random.Random(seed)
    start = date(2020, 1, 1)
    per = 4
    for i in range(0, n_events, per):
        day = start + timedelta(days=rnd.randrange(0, 5 * 365))
        sentences, specs = [], []
        pos = 0
        for k in range(min(per, n_events - i)):
            a, b = rnd.sample(COUNTRIES, 2)
            cameo, plover, quad, gold, trig = rnd.choice(CODES)
            word = rnd.choice(WORDS)
            s = f"{a} officials {trig} {b} counterparts over the {word} question, case {i + k}."
            specs.append((pos, s, a, b, cameo, plover, quad, gold, trig))
            sentences.append(s)
            pos += len(s) + 1
        text = " ".join(sentences)
        art = Article(id=f"bench-{i // per:06d}", text=text, published=day.isoformat(), source=f"Wire {i % 13}",
                      title=f"Synthetic report {i // per}")
        events = []
        for k, (p, s, a, b, cameo, plover, quad, gold, trig) in enumerate(specs):
            t0 = p + s.index(trig)
            sec_a, sec_b = rnd.choice(SECTORS), rnd.choice(SECTORS)
            events.append(Event(
                article_id=art.id, event_id=f"{art.id}:{k}",
                source=Actor(f"{a} officials", a, a, sec_a, None, p, p + 3 + 10),
                target=Actor(b, b, b, sec_b, None, p + s.index(b, 4), p + s.index(b, 4) + 3),
                cameo=cameo, cameo_root=cameo[:2], plover=plover, quad_class=quad, goldstein=gold,
                factuality="asserted", date=day.isoformat(), date_precision="day", location=None,
                evidence=Evidence(s, p, p + len(s), trig, t0, t0 + len(trig)), confidence=0.7))
        yield art, events, None


def build(path: Path, n_events: int) -> float:
    from detente.store import Store

    t0 = time.perf_counter()
    with Store(path) as store:
        have = store.count_events()
        if have >= n_events:
            print(f"reusing {path}: {have:,} events", file=sys.stderr)
            return 0.0
        stats = store.add(synthetic(n_events), batch_size=2500)
        print(f"built {path}: {stats.events:,} mentions, {store.count_events():,} events "
              f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return time.perf_counter() - t0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


QUERIES = [
    ("no filters (newest 50)", {}),
    ("country=RUS", {"country": "RUS"}),
    ("country + root + year", {"country": "RUS", "root": "19", "date_from": "2023", "date_to": "2023"}),
    ("actor name substring", {"actor": "UKR"}),
    ("evidence text search", {"text": "ceasefire question, case 99"}),
    ("plover + factuality, sort goldstein", {"plover": "ASSAULT", "factuality": "asserted", "sort": "goldstein"}),
    ("deep page (offset 50,000)", {"offset": 50_000}),
    ("page size 500", {"limit": 500}),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=300, help="requests per query")
    ap.add_argument("--db", type=Path, default=None, help="store file (default: a temp file)")
    ap.add_argument("--keep", action="store_true", help="keep the temp store")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()

    import httpx

    tmp = None
    if args.db is None:
        tmp = tempfile.mkdtemp(prefix="detente-bench-")
        args.db = Path(tmp) / "bench.duckdb"
    build_s = build(args.db, args.events)

    port = free_port()
    log = open(args.db.with_suffix(".serve.log"), "w")
    proc = subprocess.Popen([sys.executable, "-c", "from detente.cli import main; main()", "serve", "--db",
                             str(args.db), "--port", str(port), "--log-level", "warning"],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    results = []
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(300):
                try:
                    if client.get("/api/status").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            total = client.get("/api/status").json()["events"]
            for name, params in QUERIES:
                for _ in range(5):  # warm up
                    client.get("/api/events", params=params).raise_for_status()
                times = []
                for _ in range(args.requests):
                    t0 = time.perf_counter()
                    r = client.get("/api/events", params=params)
                    times.append((time.perf_counter() - t0) * 1000)
                    r.raise_for_status()
                times.sort()
                q = statistics.quantiles(times, n=100)
                results.append({"query": name, "params": params, "matches": r.json()["total"],
                                "p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1),
                                "mean_ms": round(statistics.fmean(times), 1)})
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()

    if args.json:
        print(json.dumps({"events": total, "build_seconds": round(build_s, 1), "results": results}, indent=2))
        return
    print(f"GET /api/events over real HTTP (uvicorn, 127.0.0.1), store of {total:,} events, "
          f"{args.requests} sequential requests per query")
    print(f"{'query':40} {'matches':>9} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
    for r in results:
        print(f"{r['query']:40} {r['matches']:>9,} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['mean_ms']:>8}")
    if tmp and not args.keep:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
