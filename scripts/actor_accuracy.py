"""How many gold actor keys of PLOVER-GSR does the ActorResolver find in their sentence?

For each article of eval/plover-gsr (one sentence each), run spaCy and the resolver and collect the
keys of the actors found, as eval/score.py keys an event's actors: the country; for an actor with no
country, its org and its sector, and IGO for any organisation. A gold event's source and target lists
are alternatives: a list counts as found when any of its keys is among ours ("*" and "-" are not
actors and are skipped). Prints the fraction found, overall and for sources and targets.

    .venv/bin/python scripts/actor_accuracy.py [--eval DIR] [--misses N]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from detente.actors import ActorResolver
from detente.nlp import load_nlp
from detente.timeplace.places import get_gazetteer

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "plover-gsr"


def actor_keys(actor) -> set[str]:
    """The keys eval/score.py gives an actor (`actor_keys` there), so this stick measures the same."""
    if actor.country:
        return {actor.country}
    keys = {k for k in (actor.org, actor.sector) if k}
    if actor.org:
        keys.add("IGO")
    return keys


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT)
    ap.add_argument("--misses", type=int, default=0, help="print this many missed sentences")
    args = ap.parse_args()

    gold = {}
    for line in (args.eval / "gold.jsonl").read_text().splitlines():
        if line.strip():
            rec = json.loads(line)
            gold[rec["article_id"]] = rec["events"]
    nlp = load_nlp()
    resolver = ActorResolver()
    get_gazetteer()  # loaded once per process (seconds); not part of the per-sentence time
    found = {"source": [0, 0], "target": [0, 0]}
    misses = []
    spent = 0.0
    for path in sorted((args.eval / "articles").glob("*.json")):
        art = json.loads(path.read_text())
        events = gold.get(art["id"], [])
        doc = nlp(art["text"])
        doc._.published = None
        t0 = time.perf_counter()
        resolver(doc)
        spent += time.perf_counter() - t0
        keys = set().union(*(actor_keys(m.actor) for m in doc._.actors))
        for ev in events:
            for role in ("source", "target"):
                wanted = [k for k in ev.get(role, []) if k not in ("*", "-")]
                if not wanted:
                    continue
                found[role][1] += 1
                if keys.intersection(wanted):
                    found[role][0] += 1
                else:
                    misses.append((art["id"], role, wanted, sorted(keys), art["text"]))
    hit = sum(v[0] for v in found.values())
    total = sum(v[1] for v in found.values())
    for role, (h, n) in found.items():
        print(f"{role}: {h}/{n} = {h / max(n, 1):.3f}")
    print(f"actor keys found: {hit}/{total} = {hit / max(total, 1):.3f}")
    print(f"resolver time: {spent * 1000 / max(len(gold), 1):.2f} ms per sentence")
    for m in misses[: args.misses]:
        print(*m, sep="\n  ", end="\n\n")


if __name__ == "__main__":
    main()
