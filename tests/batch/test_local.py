"""tests for detente/batch/local.py: code_parallel on worker processes (slow: spaCy per worker)."""
from __future__ import annotations

import os

import pytest

from detente.batch.local import code_parallel
from detente.models import Article


def _explode() -> Article:  # unpickled in a worker: kills it, as a segfault would
    os._exit(7)


class Bomb(Article):
    def __reduce__(self):
        return (_explode, ())


@pytest.mark.slow
def test_local_code_parallel_gives_single_process_events_in_order(corpus_articles, single_process_events):
    coded = list(code_parallel(corpus_articles, workers=2, batch_size=2))
    assert [c.article.id for c in coded] == [a.id for a in corpus_articles]
    assert all(c.error is None for c in coded)
    assert {c.article.id: [e.to_dict() for e in c.events] for c in coded} == single_process_events
    flat = [e.to_dict() for c in coded for e in c.events]
    assert flat == [e for a in corpus_articles for e in single_process_events[a.id]]


@pytest.mark.slow
def test_local_code_parallel_a_dead_worker_costs_only_its_article(corpus_articles, single_process_events):
    arts = list(corpus_articles[:3])
    arts.insert(1, Bomb(id="bomb", text="Nothing here."))
    coded = list(code_parallel(arts, workers=2, batch_size=2))
    assert [c.article.id for c in coded] == [a.id for a in arts]
    assert coded[1].error == "worker process died while coding this article"
    for c in coded[:1] + coded[2:]:
        assert c.error is None
        assert [e.to_dict() for e in c.events] == single_process_events[c.article.id]
