"""FastAPI dependencies: the store, the coder and the write guard.

Routers take `StoreDep` / `CoderDep`; tests replace `get_store` or `get_coder` through
`app.dependency_overrides`.
"""
from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Callable

from fastapi import Depends, Request

from ..models import Article, Event
from .errors import ApiError

Coder = Callable[[Article], list[Event]]


@dataclass
class ApiConfig:
    db_path: Path
    writable: bool = False
    token: str | None = None
    max_body_bytes: int = 2 * 1024 * 1024
    max_text_chars: int = 200_000


class StoreProvider:
    """Opens the app's one `Store` (read-only unless the app is writable).

    Threads share it safely: every `Store` query takes a `cursor()` of its own for the
    duration of the call, as DuckDB wants (a connection must not be used by two threads at
    once). Writes are serialised by the app's `write_lock`.
    """

    def __init__(self, path: Path, read_only: bool = True):
        from ..store import Store

        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            # A first `detente serve` before any ingest: make an empty, migrated store so the
            # dashboard can say "no events yet" rather than fail.
            Store(self.path, read_only=False).close()
        self.store = Store(self.path, read_only=read_only)

    def get(self):
        return self.store

    def close(self) -> None:
        self.store.close()


@dataclass
class LazyCoder:
    """The real pipeline, loaded on the first POST that needs it (spaCy takes seconds)."""

    _pipeline: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, article: Article) -> list[Event]:
        # One article at a time: a spaCy pipeline is not meant to be called from two threads
        # at once, and coding is CPU-bound anyway. A failed load is retried on the next call.
        with self._lock:
            if self._pipeline is None:
                from ..pipeline import Pipeline

                self._pipeline = Pipeline()
            return self._pipeline.code(article)


def get_config(request: Request) -> ApiConfig:
    return request.app.state.config


def get_store(request: Request):
    """The named store dependency: a per-thread handle on the app's store.

    The store is opened by the first request that needs it, so a test that overrides this
    dependency never opens one.
    """
    state = request.app.state
    if state.stores is None:
        with state.stores_lock:
            if state.stores is None:
                config: ApiConfig = state.config
                state.stores = StoreProvider(config.db_path, read_only=not config.writable)
    return state.stores.get()


def get_coder(request: Request) -> Coder:
    return request.app.state.coder


def require_writer(request: Request) -> None:
    """Writes need `--writable`, and the bearer token when one was set."""
    config: ApiConfig = request.app.state.config
    if not config.writable:
        raise ApiError(403, "This server is read-only: start it with `detente serve --writable` to store articles")
    if config.token:
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise ApiError(401, "A bearer token is required: send 'Authorization: Bearer <token>'")
        if not hmac.compare_digest(given.strip().encode(), config.token.encode()):
            raise ApiError(403, "The bearer token is not valid")


ConfigDep = Annotated[ApiConfig, Depends(get_config)]
StoreDep = Annotated[Any, Depends(get_store)]
CoderDep = Annotated[Coder, Depends(get_coder)]
WriterDep = Depends(require_writer)


def coded_article(article: Article, events: list[Event], error: str | None):
    """A `CodedArticle` as `Store.add` takes it (the pipeline's record)."""
    from ..pipeline import CodedArticle

    return CodedArticle(article=article, events=events, error=error)
