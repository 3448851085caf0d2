"""`detente extract`: code articles and print their events (JSON lines or a table)."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from ..errors import DetenteError, InputError
from .app import app, report

err = Console(stderr=True)


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


def _published_option(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    from ..timeplace.dates import parse_published

    parsed = parse_published(value)
    if parsed is None:
        raise typer.BadParameter(f"not a date: {value!r} (use YYYY-MM-DD)")
    return parsed.isoformat()


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Files (.txt, .html, .json, .jsonl, feeds, WARC) or folders."),
    published: Optional[str] = typer.Option(None, "--published", callback=_published_option,
                                            help="Publication date for articles that carry none (YYYY-MM-DD)."),
    output_format: Optional[OutputFormat] = typer.Option(None, "--format", "-f",
                                                         help="jsonl (CONTRACT.md records) or table; table on a terminal."),
    actors: list[Path] = typer.Option([], "--actors", help="Your own actor list (YAML), added to the built-in one."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, max=1024, help="Articles per spaCy batch."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes, one model each (output order kept)."),
) -> None:
    """Code articles into events and print them; nothing is stored."""
    from ..ingest import iter_articles
    from ..pipeline import Pipeline

    fmt = output_format or (OutputFormat.table if sys.stdout.isatty() else OutputFormat.jsonl)
    failures = 0
    try:
        pipeline = Pipeline(actor_files=[str(p) for p in actors]) if workers == 1 else None
    except DetenteError as exc:
        report("error", exc)
        raise typer.Exit(2)

    def good_articles():
        nonlocal failures
        for item in iter_articles(paths, published=published):
            if isinstance(item, InputError):
                failures += 1
                report("skipped", item)
                continue
            yield item

    rows = []
    out = sys.stdout
    coded_articles = (pipeline.code_many(good_articles(), batch_size=batch_size) if pipeline is not None
                      else _code_parallel(good_articles(), workers, batch_size, actors))
    for coded in coded_articles:
        if coded.error:
            failures += 1
            where = coded.article.path or coded.article.id
            report("skipped", f"{where}: {coded.error}")
            continue
        for event in coded.events:
            if fmt is OutputFormat.jsonl:
                out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            else:
                rows.append(event)
    if fmt is OutputFormat.table:
        _print_table(rows)
    out.flush()
    if failures:
        err.print(f"{failures} input(s) failed", highlight=False)
        raise typer.Exit(1)


def _code_parallel(articles, workers: int, batch_size: int, actors):
    """`detente.batch.local.code_parallel`, with a Pipeline that cannot be built -> exit 2."""
    from ..batch.local import code_parallel

    try:
        yield from code_parallel(articles, workers, batch_size, [str(p) for p in actors])
    except DetenteError as exc:
        report("error", exc)
        raise typer.Exit(2)


def _actor_label(actor) -> str:
    if actor is None:
        return "-"
    key = "/".join(x for x in (actor.country, actor.sector, actor.org) if x) or "?"
    text = actor.text if len(actor.text) <= 28 else actor.text[:27] + "…"
    return f"{text} [{key}]"


def _print_table(events) -> None:
    """One table per article: source, event, target, factuality, date and trigger."""
    from itertools import groupby

    from rich.table import Table

    from ..coding.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    console = Console()
    if not console.is_terminal:
        console = Console(width=max(console.width, 140))
    for article_id, group in groupby(events, key=lambda e: e.article_id):
        group = list(group)
        table = Table(title=f"{article_id}: {len(group)} events", title_justify="left", expand=False)
        for col, style in (("source", "cyan"), ("event", None), ("target", "magenta"), ("factuality", None),
                           ("date", None), ("trigger", "bold")):
            table.add_column(col, style=style, overflow="fold")
        for ev in group:
            name = taxonomy[ev.cameo].name if ev.cameo in taxonomy else ""
            table.add_row(_actor_label(ev.source), f"{ev.cameo} {name} ({ev.plover or '-'})",
                          _actor_label(ev.target), ev.factuality, ev.date or "?", ev.evidence.trigger)
        console.print(table)
    if not events:
        console.print("no events")
