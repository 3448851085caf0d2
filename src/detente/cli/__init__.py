"""detente's command line. Each command group lives in its own module."""
from __future__ import annotations

from .app import app
from . import extract  # noqa: F401  (registers `extract`)
from . import serve  # noqa: F401  (registers `serve`)
from . import corpus  # noqa: F401  (registers `ingest`, `dyad`, `actors`, `events`, `sql`, `export`)
from . import watch  # noqa: F401  (registers `watch`)
from . import batch  # noqa: F401  (registers `batch`, `load`)


def main() -> None:
    app()
