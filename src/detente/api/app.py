"""The FastAPI application: REST API under /api, the dashboard at /."""
from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Iterable

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from . import errors
from .deps import ApiConfig, Coder, LazyCoder
from .limits import DEFAULT_MAX_BODY, BodySizeLimit, SecurityHeaders
from .routers import analysis, articles, events, extract

log = logging.getLogger("detente.api")
STATIC = Path(str(files("detente.api") / "static"))

DESCRIPTION = """Search the events detente coded from news, read the sentences they came from,
follow a pair of actors over time, and code new text.

Errors are JSON: `{"error": "<message>", "detail": <more>}`. The server is read-only unless
started with `--writable`; writes then take `Authorization: Bearer <token>` when a token is set."""


def create_app(db_path: str | Path = "detente.duckdb", writable: bool = False, token: str | None = None,
               coder: Coder | None = None, *, cors_origins: Iterable[str] = (),
               max_body_bytes: int = DEFAULT_MAX_BODY) -> FastAPI:
    """Build the app over the store at `db_path`.

    `coder` codes one `Article` into events (default: the full pipeline, loaded on first use).
    CORS is closed unless `cors_origins` lists the origins allowed to call the API.
    """
    config = ApiConfig(db_path=Path(db_path), writable=writable, token=token or None,
                       max_body_bytes=max_body_bytes)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if app.state.stores is not None:
            app.state.stores.close()
            app.state.stores = None

    # Swagger UI's default page loads its assets from a CDN, which an offline machine cannot
    # reach; /docs is served from the Swagger UI files the fastapi-offline package ships
    app = FastAPI(title="detente", description=DESCRIPTION, version=_version(), lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  openapi_tags=[{"name": "events"}, {"name": "articles"}, {"name": "analysis"},
                                {"name": "extract"}])
    app.state.config = config
    app.state.coder = coder or LazyCoder()
    app.state.stores = None  # a StoreProvider, opened by the first request that needs it
    app.state.stores_lock = threading.Lock()
    app.state.write_lock = threading.Lock()
    errors.install(app)

    for router in (events.router, articles.router, analysis.router, extract.router):
        app.include_router(router)

    origins = list(cors_origins)
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)

    try:
        import fastapi_offline

        swagger = Path(fastapi_offline.__file__).parent / "static"
        app.mount("/static/swagger", StaticFiles(directory=swagger), name="swagger")
    except ImportError:  # /openapi.json still describes the API
        pass
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", headers={"Cache-Control": "no-cache"})

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("detente")
    except PackageNotFoundError:
        return "0"
