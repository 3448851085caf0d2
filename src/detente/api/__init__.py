"""detente's REST API and dashboard: `create_app(db_path, writable=False, token=None, coder=None)`."""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
