"""`detente serve`: the REST API and the dashboard over one store."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .app import app, report

err = Console(stderr=True)


@app.command()
def serve(
    db: Path = typer.Option(Path("detente.duckdb"), "--db", envvar="DETENTE_DB", help="The event store (DuckDB file)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; 0.0.0.0 exposes the server to your network."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    writable: bool = typer.Option(False, "--writable", help="Allow POST /api/articles to store articles (off: read-only)."),
    token: Optional[str] = typer.Option(None, "--token", envvar="DETENTE_TOKEN",
                                        help="Bearer token required for writes (or set DETENTE_TOKEN)."),
    cors_origin: list[str] = typer.Option([], "--cors-origin", help="An origin allowed to call the API from a browser (repeatable); none by default."),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level."),
) -> None:
    """Serve the REST API (/api, docs at /docs) and the dashboard (/) over one store."""
    import uvicorn

    from ..api import create_app
    from ..errors import DetenteError

    if writable and not token and host not in ("127.0.0.1", "localhost", "::1"):
        err.print("[yellow]warning:[/yellow] --writable on a public address without --token: anyone who can reach it can write.")
    try:
        application = create_app(db, writable=writable, token=token, cors_origins=cors_origin)
        # Open the store now, so a locked or broken file is reported before we listen.
        from ..api.deps import StoreProvider

        application.state.stores = StoreProvider(db, read_only=not writable)
    except DetenteError as exc:
        report("error", exc)
        raise typer.Exit(2)
    mode = "writable" if writable else "read-only"
    err.print(f"detente: serving {db} ({mode}) at http://{host}:{port}/  (API docs: /docs)", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False)
