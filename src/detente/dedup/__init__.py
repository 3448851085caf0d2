"""Clustering event mentions across articles into events (one per happening)."""
from __future__ import annotations

from .cluster import Clusterer, cluster, new_event_id
from .rules import THRESHOLD, block_key, is_symmetric, pair_score

__all__ = ["Clusterer", "cluster", "new_event_id", "THRESHOLD", "block_key", "is_symmetric", "pair_score"]
