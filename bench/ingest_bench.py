"""Ingest benchmark: articles/s into the store and database size per 10,000 events.

    python bench/ingest_bench.py                       # synthetic events, no parser (store + dedup only)
    python bench/ingest_bench.py --articles 20000 --events-per-article 5
    python bench/ingest_bench.py --pipeline PATH...    # the real spaCy pipeline on your articles

Synthetic mode feeds `Store.add` hand-made coded articles (about a third of the events
re-report an earlier happening, so dedup has work to do). Pipeline mode runs
`ingest_paths` end to end; there the parser dominates (DEPS.md: ~10 articles/s/process).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(str(path) + ".wal")) if p.exists())


def synthetic(n: int, per: int, batch: int, seed: int) -> dict:
    from detente.store import Store
    from detente.store.synthetic import synthetic_corpus

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "bench.duckdb"
        corpus = list(synthetic_corpus(n, per, seed=seed))  # built before timing
        t0 = time.perf_counter()
        with Store(p) as s:
            st = s.add(corpus, batch_size=batch)
            t_add = time.perf_counter() - t0
            s._con.execute("CHECKPOINT")
            stats = s.stats()
            t1 = time.perf_counter()
            again = s.add(corpus, batch_size=batch)  # a full re-run: everything skipped
            t_rerun = time.perf_counter() - t1
            q0 = time.perf_counter()
            s.events(country="RUS", limit=100)
            s.dyad("RUS", "UKR")
            q_ms = (time.perf_counter() - q0) * 1000
        size = _size(p)
    return {
        "mode": "synthetic", "articles": n, "mentions": st.events, "events": stats["events"],
        "merged_mentions": st.merged, "seconds": round(t_add, 2), "articles_per_s": round(n / t_add, 1),
        "mentions_per_s": round(st.events / t_add, 1), "rerun_articles_per_s": round(n / t_rerun, 1),
        "rerun_skipped": again.skipped, "db_mb": round(size / 1e6, 2),
        "mb_per_10k_events": round(size / 1e6 / stats["events"] * 10_000, 2),
        "mb_per_10k_mentions": round(size / 1e6 / st.events * 10_000, 2),
        "events_plus_dyad_query_ms": round(q_ms, 1),
    }


def pipeline(paths: list[str]) -> dict:
    from detente.store import Store
    from detente.store.ingest import ingest_paths

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "bench.duckdb"
        t0 = time.perf_counter()
        st = ingest_paths(paths, p, progress=sys.stderr.isatty())
        dt = time.perf_counter() - t0
        with Store(p) as s:
            s._con.execute("CHECKPOINT")
            ev = s.count_events()
        size = _size(p)
    return {"mode": "pipeline", "articles": st.articles, "mentions": st.events, "events": ev,
            "failures": st.failures, "seconds": round(dt, 2), "articles_per_s": round(st.articles / dt, 2),
            "db_mb": round(size / 1e6, 2),
            "mb_per_10k_events": round(size / 1e6 / ev * 10_000, 2) if ev else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--events-per-article", type=int, default=4)
    ap.add_argument("--batch", type=int, default=64, help="articles per store transaction")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pipeline", nargs="+", metavar="PATH", help="run the real pipeline on these inputs")
    a = ap.parse_args()
    res = pipeline(a.pipeline) if a.pipeline else synthetic(a.articles, a.events_per_article, a.batch, a.seed)
    res |= {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
