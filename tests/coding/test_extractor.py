"""The event coder on sentences written for these tests (tests/fixtures/coding_cases.jsonl).

Each case lists events that must be found (`with`) and traps that must not be reported as
asserted (`without`), as [source key, target key, roots, factualities]; `*` accepts any key,
`-` means no target, `|` separates accepted alternatives; a trap's factuality `*` stands
for the counted ones (asserted|claimed).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .cases import describe, found

from detente.models import Article

CASES = [json.loads(line) for line in (Path(__file__).parents[1] / "fixtures" / "coding_cases.jsonl").read_text().splitlines() if line.strip()]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pipeline(nlp):
    from detente.pipeline import Pipeline

    return Pipeline()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_extractor_codes_case(pipeline, case):
    events = pipeline.code(Article(id=case["id"], text=case["text"], published=case["published"]))
    for spec in case["with"]:
        assert found(events, spec), f"missing {spec} in {describe(events)}"
    for src, tgt, roots, facts in case["without"]:
        # a trap names the factualities it must not be reported with (the counted ones by default)
        facts = "asserted|claimed" if facts == "*" else facts
        assert not found(events, [src, tgt, roots, facts]), f"trap {src}->{tgt} {roots} {facts} in {describe(events)}"


def test_extractor_events_carry_evidence_offsets(pipeline):
    text = "Quiet day. Kenya accused Uganda of arming rebels along the border."
    events = pipeline.code(Article(id="offsets", text=text, published="2025-03-10"))
    ev = next(e for e in events if e.cameo_root == "11")
    assert text[ev.evidence.start:ev.evidence.end] == ev.evidence.sentence
    assert text[ev.evidence.trigger_start:ev.evidence.trigger_end] == ev.evidence.trigger == "accused"
    assert text[ev.source.start:ev.source.end] == ev.source.text == "Kenya"
    assert text[ev.target.start:ev.target.end] == "Uganda"


def test_extractor_skips_furniture(pipeline):
    text = "Kenya accused Uganda of arming rebels along the border.\n\nEgypt accuses Sudan of closing the crossing"
    art = Article(id="furniture", text=text, published="2025-03-10", skip_spans=((text.index("Egypt"), len(text)),))
    events = pipeline.code(art)
    assert all(e.evidence.start < text.index("Egypt") for e in events)
