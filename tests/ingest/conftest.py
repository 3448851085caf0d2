from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from .server import start_site, stop_site


@pytest.fixture
def site():
    s = start_site()
    yield s
    stop_site(s)


@pytest.fixture
def fetcher():
    from detente.ingest.http import Fetcher

    f = Fetcher(timeout=2.0, min_interval=0.0, backoff=0.01, retries=2, per_host=4)
    yield f
    f.close()


@dataclass
class FakeCoded:
    article: object
    events: list = field(default_factory=list)
    error: str | None = None


class FakeCoder:
    """Codes nothing for real: one placeholder event per sentence; records what it saw."""

    def __init__(self):
        self.seen = []

    def code_many(self, articles, batch_size=32):
        for a in articles:
            self.seen.append(a)
            yield FakeCoded(a, ["event"] * a.text.count(". "))


@pytest.fixture
def coder():
    return FakeCoder()
