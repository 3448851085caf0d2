"""Matching coded events against the case specs of tests/fixtures/*.jsonl.

A spec is [source key, target key, roots, factualities]: `*` accepts anything, `-` means no
target, and `|` separates accepted alternatives.
"""
from __future__ import annotations


def key(actor) -> str:
    return actor.key if actor else "-"


def fits(spec: str, value: str) -> bool:
    return spec == "*" or value in spec.split("|")


def found(events, spec):
    src, tgt, roots, facts = spec
    return [e for e in events if fits(src, key(e.source)) and fits(tgt, key(e.target))
            and fits(roots, e.cameo_root) and fits(facts, e.factuality)]


def describe(events):
    return [(key(e.source), key(e.target), e.cameo, e.factuality, e.evidence.trigger) for e in events]
