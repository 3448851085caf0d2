"""`detente watch`: follow feeds and pages, coding new articles into the store as they arrive."""
from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .app import app, report

err = Console(stderr=True)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.IGNORECASE)
_UNIT = {None: 1, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}


def parse_every(value: str) -> float:
    """'15m' -> 900.0; '30s', '2h', '1d', or plain seconds."""
    m = _DURATION.match(value or "")
    if not m or float(m[1]) <= 0:
        raise typer.BadParameter(f"not a duration: {value!r} (use e.g. 30s, 15m, 1h)")
    return float(m[1]) * _UNIT[m[2].lower() if m[2] else None]


def read_feeds_file(path: Path) -> list[str]:
    """One URL a line; blank lines and `#` comments (whole-line or trailing) ignored."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise typer.BadParameter(f"cannot read feeds file {path}: {e}") from None
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if line:
            out.append(line)
    return out


def _make_coder():
    from ..pipeline import Pipeline

    return Pipeline()


@app.command()
def watch(
    sources: Optional[list[str]] = typer.Argument(None, help="Feed (RSS/Atom) or page URLs to follow."),
    every: str = typer.Option("15m", "--every", help="Time between rounds (30s, 15m, 1h)."),
    db: Path = typer.Option(Path("detente.duckdb"), "--db", envvar="DETENTE_DB", help="The event store (DuckDB file)."),
    once: bool = typer.Option(False, "--once", help="One round, then exit (for cron)."),
    feeds_file: Optional[Path] = typer.Option(None, "--feeds-file", help="More URLs, one a line (# comments)."),
    state: Optional[Path] = typer.Option(None, "--state", help="Feed state (ETag, pages to retry); default DB.feeds.json."),
    workers: int = typer.Option(4, "--workers", min=1, max=32, help="Parallel fetches (at most 2 per host)."),
    timeout: float = typer.Option(15.0, "--timeout", min=0.1, help="Seconds to wait for a server."),
    min_interval: float = typer.Option(1.0, "--min-interval", min=0.0, help="Seconds between requests to one host."),
) -> None:
    """Poll feeds, fetch each new entry's page, code it and store it; a summary per round on stderr.

    Exit status with --once: 0 after a round, 1 when every source failed (e.g. all servers down),
    2 when the store or the models cannot be opened.
    """
    from ..errors import DetenteError
    from ..ingest.http import Fetcher
    from ..ingest.watch import StoreSink, Watcher
    from ..store import Store

    seconds = parse_every(every)
    urls = list(sources or []) + (read_feeds_file(feeds_file) if feeds_file else [])
    if not urls:
        raise typer.BadParameter("give at least one feed or page URL (or --feeds-file)")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        store = Store(db)
        coder = _make_coder()
    except DetenteError as exc:
        report("error", exc)
        raise typer.Exit(2)
    fetcher = Fetcher(timeout=timeout, min_interval=min_interval)
    watcher = Watcher(urls, sink=StoreSink(store), coder=coder, fetcher=fetcher,
                      state_path=state or Path(f"{db}.feeds.json"), workers=workers,
                      report=lambda line: err.print(f"detente watch: {line}", highlight=False, soft_wrap=True))
    stop = threading.Event()
    try:
        if once:
            stats = watcher.run_round()
            if stats.failed_sources == stats.sources:
                raise typer.Exit(1)
        else:
            err.print(f"detente watch: {len(watcher.sources)} source(s) every {every} into {db} (Ctrl-C stops)",
                      highlight=False)
            watcher.run(seconds, stop=stop)
    except KeyboardInterrupt:
        stop.set()
        err.print("detente watch: stopped", highlight=False)
    except DetenteError as exc:
        report("error", exc)
        raise typer.Exit(2)
    finally:
        fetcher.close()
        store.close()
