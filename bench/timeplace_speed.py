"""Speed of the timeplace stage: gazetteer load, place lookups, date resolutions.

    python bench/timeplace_speed.py [--names 5000] [--sentences 200] [--seed 7]

1. gazetteer build time (first `get_gazetteer()` in a fresh process) and peak RSS;
2. lookups/second over a few thousand names: real city and country names drawn from the
   gazetteer, half with country hints, a tenth in capitals, plus a tenth of unknown names;
3. date resolutions/second: `resolve_event_date` on sentences written for this benchmark,
   parsed once beforehand so only the resolver is timed (locate_event is timed the same way).
"""
from __future__ import annotations

import argparse
import random
import resource
import time
from datetime import date

SENTENCES = [
    "Rebels attacked an army post in the northern town of Kidal on Wednesday.",
    "The foreign minister met his counterpart in Niamey last week to discuss the border.",
    "Officials said on Monday that drones struck the port two days ago.",
    "The two presidents will meet in Addis Ababa in March.",
    "The council has criticised the junta since 2018.",
    "Troops held the district from 2020 to 2022 before withdrawing.",
    "Protesters gathered outside the embassy in Bamako yesterday.",
    "The envoy arrived in Kyiv on 17 February 2025 for talks.",
    "A new armed group has emerged in the region.",
    "The army arrested the mayor of Gao.",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names", type=int, default=5000)
    ap.add_argument("--sentences", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    from detente.timeplace.places import get_gazetteer, locate_event

    t0 = time.perf_counter()
    gaz = get_gazetteer()
    load_s = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"gazetteer load: {load_s:.2f} s, {len(gaz):,} names, peak RSS {rss_mb:.0f} MB")

    pool = sorted({p.name for lst in gaz._index.values() for _, p in lst})
    codes = sorted(gaz.countries)
    queries = []
    for i in range(args.names):
        if i % 10 == 0:
            name = "Xq" + "".join(rng.choice("abcdefghij") for _ in range(6))  # not a place
        else:
            name = rng.choice(pool)
            if i % 10 == 1:
                name = name.upper()
        hints = (rng.choice(codes), rng.choice(codes)) if i % 2 else ()
        queries.append((name, hints))
    rounds = 5
    t0 = time.perf_counter()
    found = 0
    for _ in range(rounds):
        for name, hints in queries:
            found += gaz.lookup(name, hints) is not None
    dt = time.perf_counter() - t0
    n = rounds * len(queries)
    print(f"lookups: {n / dt:,.0f}/s ({n:,} lookups, {found / n:.0%} found)")

    from detente.nlp import load_nlp
    from detente.timeplace.dates import resolve_event_date

    nlp = load_nlp()
    docs = list(nlp.pipe(SENTENCES))
    items = []
    for doc in docs:
        verbs = [t for t in doc if t.pos_ == "VERB"] or [doc[0]]
        items.extend((t.sent, t) for t in verbs)
    published = date(2025, 2, 19)
    reps = max(1, args.sentences // len(items))
    t0 = time.perf_counter()
    for _ in range(reps):
        for sent, trig in items:
            resolve_event_date(sent, trig, published)
    dt = time.perf_counter() - t0
    print(f"date resolutions: {reps * len(items) / dt:,.0f}/s ({reps * len(items):,} calls)")
    t0 = time.perf_counter()
    for _ in range(reps):
        for sent, trig in items:
            locate_event(sent, trig, ("MLI",), None)
    dt = time.perf_counter() - t0
    print(f"event locations: {reps * len(items) / dt:,.0f}/s ({reps * len(items):,} calls)")


if __name__ == "__main__":
    main()
