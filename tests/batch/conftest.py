"""Fixtures of tests/batch: a small corpus of our own sentences and its single-process events."""
from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "articles.jsonl"


@pytest.fixture(scope="session")
def corpus_articles():
    from detente.ingest import iter_articles

    arts = list(iter_articles([CORPUS]))
    assert all(not isinstance(a, Exception) for a in arts)
    return arts


@pytest.fixture(scope="session")
def single_process_events(corpus_articles):
    """{article id: [event dicts]} from one in-process Pipeline: what every engine must give."""
    from detente.pipeline import Pipeline

    out = {}
    for coded in Pipeline().code_many(corpus_articles):
        assert coded.error is None
        out[coded.article.id] = [e.to_dict() for e in coded.events]
    assert sum(map(len, out.values())) > 0, "the corpus should give some events"
    return out
