"""The event corpus: DuckDB schema, migrations, `Store` and the ingest loop."""
from __future__ import annotations

from .stats import IngestStats
from .store import Store, default_path

__all__ = ["Store", "IngestStats", "default_path"]
