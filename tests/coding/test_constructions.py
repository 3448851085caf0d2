"""The coder on wire-style constructions (tests/fixtures/news_constructions.jsonl).

~300 short sentences written for this test, one clear event each, covering every CAMEO root
and the usual ways reporters tell an act: verbs with their objects and prepositions,
phrasal verbs, passives, nominalisations; plus traps (planned, negated, hypothetical, denied
acts). The format is that of coding_cases.jsonl: `with` events must be found, `without`
traps must not be reported as asserted/claimed; `*` any key, `-` no target, `|` alternatives.

Rather than one test per sentence, the share of sentences fully right must stay above a
floor (raise it as the coder improves), each root must keep a minimum share, and no trap may
ever fire. `scripts/construction_report.py` prints every miss with what the coder produced.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .cases import describe, found

from detente.models import Article

CASES = [json.loads(line) for line in
         (Path(__file__).parents[1] / "fixtures" / "news_constructions.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]
ROOTS = [f"{r:02d}" for r in range(1, 21)]

# share of sentences fully right (measured 0.765 on 315 sentences when the fixture was written)
FLOOR = 0.80
# no root may fall below this share (the weakest, 15, is held back by target choice: 5/13)
ROOT_FLOOR = 0.55

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def results(nlp):
    """case id -> (case, events, missing specs, traps that fired), coded once per module."""
    from detente.pipeline import Pipeline

    pipeline = Pipeline()
    out = {}
    for case in CASES:
        events = pipeline.code(Article(id=case["id"], text=case["text"], published=case.get("published")))
        missing = [spec for spec in case["with"] if not found(events, spec)]
        fired = []
        for src, tgt, roots, facts in case["without"]:
            facts = "asserted|claimed" if facts == "*" else facts
            if found(events, [src, tgt, roots, facts]):
                fired.append([src, tgt, roots, facts])
        out[case["id"]] = (case, events, missing, fired)
    return out


def _misses(results, ids) -> str:
    lines = []
    for cid in ids:
        case, events, missing, fired = results[cid]
        lines.append(f"[{cid}] {case['text']}\n    missing {missing} traps {fired}\n    got {describe(events)}")
    return "\n".join(lines)


def test_fixture_is_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "case ids repeat"
    for c in CASES:
        for spec in c["with"] + c["without"]:
            assert len(spec) == 4, c["id"]
        assert c["with"] or c["without"], c["id"]
    covered = {c["id"].split("-")[0] for c in CASES}
    assert set(ROOTS) <= covered, f"roots without sentences: {sorted(set(ROOTS) - covered)}"


def test_share_of_constructions_right(results):
    wrong = [cid for cid, (_, _, missing, fired) in results.items() if missing or fired]
    share = 1 - len(wrong) / len(results)
    assert share >= FLOOR, f"{share:.3f} of {len(results)} sentences right (floor {FLOOR}); misses:\n" \
                           + _misses(results, wrong)


@pytest.mark.parametrize("root", ROOTS)
def test_each_root_keeps_its_share(results, root):
    ids = [cid for cid in results if cid.split("-")[0] == root]
    wrong = [cid for cid in ids if results[cid][2] or results[cid][3]]
    share = 1 - len(wrong) / len(ids)
    assert share >= ROOT_FLOOR, f"root {root}: {share:.2f} right (floor {ROOT_FLOOR}); misses:\n" \
                                + _misses(results, wrong)


@pytest.mark.parametrize("cid", [c["id"] for c in CASES if c["without"]])
def test_traps_never_fire(results, cid):
    assert not results[cid][3], _misses(results, [cid])

