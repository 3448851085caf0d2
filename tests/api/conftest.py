"""Fixtures for the API tests: a tmp store of hand-made events and a fake coder."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from detente.api import create_app
from detente.api.deps import get_coder
from detente.models import Article

from .sample_store import build_store, make_events


def fake_coder(article: Article):
    """Codes "X met Y" style text without spaCy: one CONSULT event on the word 'met'."""
    if "met" not in article.text:
        return []
    specs = [(("Kenya", "Kenya", "KEN", "GOV", None), ("Uganda", "Uganda", "UGA", "GOV", None),
              "met", "040", "CONSULT", 1, 1.0, "asserted", article.published, None)]
    return make_events(article, specs)


@pytest.fixture(scope="session")
def store_path(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("store") / "events.duckdb", with_timeline=True)


@pytest.fixture()
def app(store_path):
    application = create_app(store_path)
    application.dependency_overrides[get_coder] = lambda: fake_coder
    return application


@pytest.fixture()
def client(app):
    with TestClient(app) as c:
        yield c


@pytest.fixture()
def writable_client(tmp_path):
    path = build_store(tmp_path / "rw.duckdb")
    application = create_app(path, writable=True, token="s3cret")
    application.dependency_overrides[get_coder] = lambda: fake_coder
    with TestClient(application) as c:
        yield c
