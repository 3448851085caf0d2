"""detente's command line. Each command group lives in its own module."""
from __future__ import annotations

from .app import app
from . import extract  # noqa: F401  (registers `extract`)


def main() -> None:
    app()
