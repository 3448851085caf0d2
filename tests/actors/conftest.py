"""Fixtures shared by the resolver tests: one ActorResolver per test module."""
from __future__ import annotations

import pytest

from detente.actors import ActorResolver


@pytest.fixture(scope="module")
def resolve(nlp):
    """`resolve(text, published=None)`: the text parsed, with `doc._.actors` set."""
    resolver = ActorResolver()

    def run(text, published=None):
        doc = nlp(text)
        doc._.published = published
        return resolver(doc)

    return run
