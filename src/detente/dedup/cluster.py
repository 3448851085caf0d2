"""Incremental clustering of event mentions into events (see `rules` for the rule)."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

import hashlib
from .rules import THRESHOLD, block_key, pair_score


def new_event_id(first_mention_id: str) -> str:
    """Deterministic, so a re-run after a kill gives the same ids."""
    return "ev_" + hashlib.sha1(first_mention_id.encode("utf-8")).hexdigest()[:16]


class Clusterer:
    """Holds the candidate events of one batch and assigns new mentions to them.

    `add_existing(event_id, members)` loads events already in the store (their mention
    rows); `assign(row)` returns the event id for a new mention row, creating an event
    when no member scores `threshold` or more.
    """

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self.members: dict[str, list[dict[str, Any]]] = {}
        self.block_of: dict[str, str] = {}
        self.by_block: dict[str, list[str]] = defaultdict(list)
        self.created: set[str] = set()
        self.touched: set[str] = set()

    def add_existing(self, event_id: str, block: str, members: Iterable[dict[str, Any]]) -> None:
        if event_id not in self.members:
            self.members[event_id] = []
            self.block_of[event_id] = block
            self.by_block[block].append(event_id)
        self.members[event_id].extend(members)

    def best(self, row: dict[str, Any]) -> tuple[str | None, float]:
        best_id, best = None, float("-inf")
        for eid in self.by_block.get(block_key(row), ()):
            for m in self.members[eid]:
                s = pair_score(row, m)
                if s is not None and s > best:
                    best_id, best = eid, s
        return best_id, best

    def assign(self, row: dict[str, Any]) -> str:
        eid, score = self.best(row)
        if eid is None or score < self.threshold:
            eid = new_event_id(row["mention_id"])
            block = block_key(row)
            self.members[eid] = []
            self.block_of[eid] = block
            self.by_block[block].append(eid)
            self.created.add(eid)
        self.members[eid].append(row)
        self.touched.add(eid)
        row["event_id"] = eid
        return eid


def cluster(rows: Iterable[dict[str, Any]], threshold: float = THRESHOLD) -> dict[str, str]:
    """Cluster mention rows from scratch: {mention_id: event_id}."""
    c = Clusterer(threshold)
    return {r["mention_id"]: c.assign(r) for r in rows}
