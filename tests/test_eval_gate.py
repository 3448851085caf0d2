"""Accuracy gate: the dev and PLOVER-GSR scores may not fall below the floors recorded in
tests/eval_baseline.json. Raise the floors as the coder improves; lowering one needs
DETENTE_ALLOW_LOWER_FLOOR=1 and a reason in the commit.

Skipped, with the reason, where ../shared (the gold corpora) is absent.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text())

pytestmark = pytest.mark.slow


def _fingerprint(corpus: Path) -> str:
    h = hashlib.sha256((corpus / "gold.jsonl").read_bytes())
    for p in sorted((corpus / "articles").glob("*.json")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _score(corpus: Path, on: str) -> dict:
    cmd = f"{sys.executable} -m detente.cli extract --format jsonl"
    out = subprocess.run([sys.executable, str(EVAL / "score.py"), str(corpus), "--on", on, "--json", "--cmd", cmd],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(BASELINE["floors"]))
def test_eval_gate_score_above_floor(name):
    spec = BASELINE["floors"][name]
    corpus = EVAL / spec["corpus"]
    if not (corpus / "gold.jsonl").exists():
        pytest.skip(f"gold corpus {corpus} is absent (../shared not laid beside the checkout)")
    fingerprint = _fingerprint(corpus)
    if fingerprint != spec["fingerprint"]:
        pytest.skip(f"{corpus} changed (fingerprint {fingerprint} != {spec['fingerprint']}): re-record the floor")
    summary = _score(corpus, spec["on"])
    assert summary["f1"] >= spec["f1"], f"{name}: F1 {summary['f1']} fell below the floor {spec['f1']} ({summary})"
    if "max_traps" in spec:
        assert summary["traps"] <= spec["max_traps"], f"{name}: {summary['traps']} traps reported as facts"
