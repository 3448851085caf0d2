"""Shared fixtures: the spaCy model is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from detente.nlp import load_nlp

    return load_nlp()


@pytest.fixture(autouse=True)
def _tmp_store_path(tmp_path, monkeypatch):
    """Never let a test write ./detente.duckdb in the working tree."""
    monkeypatch.setenv("DETENTE_DB", str(tmp_path / "detente.duckdb"))
    yield
