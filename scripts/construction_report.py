"""Run tests/fixtures/news_constructions.jsonl through the coder and print what it gets wrong.

    .venv/bin/python scripts/construction_report.py [--only ID_SUBSTRING] [--all]

Each case is one wire-style sentence with the events an expert CAMEO coder would list
(`with`) and traps that must not be reported as asserted/claimed (`without`); the format and
the `*`, `-`, `|` conventions are those of tests/fixtures/coding_cases.jsonl. Cases are grouped
by the CAMEO root their id starts with ("t" for traps). For every case that is not fully right
the script prints the missing or trapped specs next to the events the coder produced, then the
share right per root and overall.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "news_constructions.jsonl"


def load_cases(path: Path = FIXTURE) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _key(actor) -> str:
    return actor.key if actor else "-"


def _fits(spec: str, value: str) -> bool:
    return spec == "*" or value in spec.split("|")


def found(events, spec) -> list:
    src, tgt, roots, facts = spec
    return [e for e in events if _fits(src, _key(e.source)) and _fits(tgt, _key(e.target))
            and _fits(roots, e.cameo_root) and _fits(facts, e.factuality)]


def describe(events) -> list[tuple]:
    return [(_key(e.source), _key(e.target), e.cameo, e.factuality, e.evidence.trigger) for e in events]


def check(case: dict, events) -> list[str]:
    """The problems of one case (empty when it is fully right)."""
    problems = []
    for spec in case["with"]:
        if not found(events, spec):
            problems.append(f"missing {'>'.join(spec[:2])} {spec[2]} {spec[3]}")
    for src, tgt, roots, facts in case["without"]:
        facts = "asserted|claimed" if facts == "*" else facts
        if found(events, [src, tgt, roots, facts]):
            problems.append(f"trap {src}>{tgt} {roots} {facts}")
    return problems


def run(cases: list[dict], pipeline=None) -> list[tuple[dict, list, list[str]]]:
    from detente.models import Article
    from detente.pipeline import Pipeline

    pipeline = pipeline or Pipeline()
    out = []
    for case in cases:
        events = pipeline.code(Article(id=case["id"], text=case["text"], published=case.get("published")))
        out.append((case, events, check(case, events)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="run only cases whose id contains this")
    ap.add_argument("--all", action="store_true", help="print every case, not just the wrong ones")
    ap.add_argument("--fixture", type=Path, default=FIXTURE)
    args = ap.parse_args(argv)
    cases = [c for c in load_cases(args.fixture) if not args.only or args.only in c["id"]]
    results = run(cases)
    by_root: dict[str, list[bool]] = defaultdict(list)
    for case, events, problems in results:
        root = case["id"].split("-")[0]
        by_root[root].append(not problems)
        if problems or args.all:
            mark = "ok " if not problems else "BAD"
            print(f"{mark} [{case['id']}] {case['text']}")
            for p in problems:
                print(f"      {p}")
            print(f"      got {describe(events)}")
    print()
    for root in sorted(by_root):
        ok = by_root[root]
        print(f"root {root:>2}: {sum(ok):3d}/{len(ok):3d} right")
    total = [x for v in by_root.values() for x in v]
    print(f"overall: {sum(total)}/{len(total)} = {sum(total) / max(len(total), 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
