"""Corpus commands: `ingest`, `dyad`, `actors`, `events`, `sql`, `export`.

Thin wrappers: they parse arguments, call `detente.store` and print. Tables go to a
terminal through Rich; `--format csv|json|jsonl` gives machine-readable output on stdout.
A `StoreError` becomes a one-line message and exit code 2.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Iterable, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..errors import DetenteError, StoreError
from .app import app, report

err = Console(stderr=True)

DB_HELP = "Database file (default: $DETENTE_DB or ./detente.duckdb)."


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class EventsFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"
    gdelt = "gdelt"


def _fail(exc: DetenteError, code: int = 2) -> typer.Exit:
    report("error", exc)
    return typer.Exit(code)


def _open(db: Optional[Path], read_only: bool = True):
    from ..store import Store

    try:
        return Store(db, read_only=read_only)
    except DetenteError as exc:
        raise _fail(exc) from None


def _flat(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out |= _flat(v, key + "_")
        elif isinstance(v, list):
            out[key] = json.dumps(v, ensure_ascii=False)
        else:
            out[key] = v
    return out


def _write_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> None:
    flat = [_flat(r) for r in rows]
    cols = columns or list(dict.fromkeys(k for r in flat for k in r))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(flat)
    sys.stdout.write(buf.getvalue())


def _print_table(title: str | None, columns: list[str], rows: Iterable[Iterable[Any]]) -> None:
    t = Table(title=title, show_lines=False, header_style="bold")
    for c in columns:
        t.add_column(c, overflow="fold", ratio=3 if c == "evidence" else None)
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
    Console().print(t)


def _actor_label(a: dict | None) -> str:
    if not a:
        return "-"
    name = a.get("name") or a.get("text") or ""
    key = a.get("key") or ""
    return f"{name} ({key})" if name and key and name != key else (name or key)


# ---- ingest --------------------------------------------------------------------------------

@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files (.txt, .html, .json, .jsonl, feeds, WARC), folders or URLs."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date for articles without one."),
    actors: list[Path] = typer.Option([], "--actors", help="Your own actor list (YAML), added to the built-in one."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, max=1024, help="Articles per spaCy batch."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                            help="Progress bar on stderr (default: when stderr is a terminal)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1,
                                          help="Worker processes, one model each (default: all cores)."),
) -> None:
    """Code articles into the database; re-running skips what is already stored."""
    from ..batch.local import code_parallel, default_workers
    from ..store.ingest import ingest_paths

    n_workers = workers or default_workers()
    coder = None  # one process: ingest_paths' own Pipeline
    if n_workers > 1:  # workers code, this process stays the only writer
        def coder(arts):
            from ..store import ingest as ing  # its default_coder codes an input of one chunk

            return code_parallel(arts, n_workers, batch_size, [str(a) for a in actors],
                                 in_process=lambda a: ing.default_coder(actors, batch_size)(a))

    if published is not None:
        from ..store.rows import parse_published

        if parse_published(published) is None:
            raise typer.BadParameter(f"not a date: {published!r} (use YYYY-MM-DD)", param_hint="--published")
    show = sys.stderr.isatty() if progress is None else progress
    command = "detente ingest " + " ".join(str(p) for p in paths)
    try:
        stats = ingest_paths([str(p) for p in paths], db, published=published, actor_files=actors, progress=show,
                             batch_size=batch_size, command=command[:500], coder=coder)
    except DetenteError as exc:
        raise _fail(exc) from None
    rate = stats.articles / stats.seconds if stats.seconds else 0.0
    err.print(f"stored {stats.articles} articles ({stats.skipped} already stored), {stats.events} event mentions "
              f"-> {stats.new_events} new events, {stats.merged} merged into existing; {stats.failures} failed; "
              f"{stats.seconds:.1f} s ({rate:.1f} articles/s)", highlight=False, soft_wrap=True)
    if stats.failures:
        raise typer.Exit(1)


# ---- dyad ----------------------------------------------------------------------------------

@app.command()
def dyad(
    a: str = typer.Argument(..., help="An actor: ISO3 country (RUS), org code (UNO) or exact name."),
    b: str = typer.Argument(..., help="The other actor."),
    date_from: Optional[str] = typer.Option(None, "--from", help="From date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="To date, inclusive."),
    fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f"),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Draw the cooperation/conflict timeline to a PNG."),
    top: int = typer.Option(10, "--top", min=0, max=1000, help="How many top events."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Monthly events between two actors by QuadClass, Goldstein sum and mean, and the top events."""
    with _open(db) as store:
        try:
            d = store.dyad(a, b, date_from=date_from, date_to=date_to, top=top)
        except DetenteError as exc:
            raise _fail(exc) from None
    if plot is not None:
        try:
            _plot_dyad(d, plot)
        except OSError as exc:
            raise _fail(StoreError(f"cannot write {plot}: {exc.strerror or exc}")) from None
        err.print(f"wrote {plot}", highlight=False)
    if fmt is TableFormat.json:
        sys.stdout.write(json.dumps(d, ensure_ascii=False, indent=2) + "\n")
    elif fmt is TableFormat.csv:
        _write_csv(d["months"], ["month", "n_events", "quad1", "quad2", "quad3", "quad4", "goldstein_sum",
                                 "goldstein_mean", "n_mentions"])
    else:
        cols = ["month", "events", "verbal coop", "material coop", "verbal conflict", "material conflict",
                "Goldstein sum", "Goldstein mean"]
        _print_table(f"{a} <-> {b}", cols, ([m["month"], m["n_events"], m["quad1"], m["quad2"], m["quad3"],
                                             m["quad4"], m["goldstein_sum"], m["goldstein_mean"]]
                                            for m in d["months"]))
        t = d["totals"]
        Console().print(f"{t['n_events']} events: {t['cooperation']} cooperation, {t['conflict']} conflict; "
                        f"Goldstein mean {'n/a' if t['goldstein_mean'] is None else t['goldstein_mean']}",
                        highlight=False)
        if d["top_events"]:
            _print_table("top events", ["date", "source", "target", "cameo", "mentions", "evidence"],
                         ([e["date"] or e["event_day"], _actor_label(e["source"]), _actor_label(e["target"]),
                           e["cameo"], e["n_mentions"], (e["evidence"]["sentence"] or "")[:120]]
                          for e in d["top_events"]))


def _plot_dyad(d: dict[str, Any], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    have = {m["month"]: m for m in d["months"] if m["month"]}
    months = []
    if have:  # a timeline: months without events are drawn as zero, not skipped
        y, mo = map(int, min(have).split("-"))
        while f"{y:04d}-{mo:02d}" <= max(have):
            key = f"{y:04d}-{mo:02d}"
            months.append(have.get(key) or {"month": key, "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 0,
                                            "goldstein_mean": None})
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    x = list(range(len(months)))
    coop = [m["quad1"] + m["quad2"] for m in months]
    conf = [m["quad3"] + m["quad4"] for m in months]
    gold = [m["goldstein_mean"] if m["goldstein_mean"] is not None else float("nan") for m in months]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    w = 0.4
    ax.bar([i - w / 2 for i in x], coop, w, label="cooperation (Quad 1-2)", color="#2b8cbe")
    ax.bar([i + w / 2 for i in x], conf, w, label="conflict (Quad 3-4)", color="#e34a33")
    ax.set_ylabel("events per month")
    ax.set_xticks(x)
    ax.set_xticklabels([m["month"] for m in months], rotation=45, ha="right")
    ax2 = ax.twinx()
    ax2.plot(x, gold, color="black", marker="o", linewidth=1.5, label="mean Goldstein")
    ax2.axhline(0, color="grey", linewidth=0.5)
    ax2.set_ylim(-10, 10)
    ax2.set_ylabel("mean Goldstein (-10 conflict ... +10 cooperation)")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper left", fontsize=8)
    if not months:
        ax.text(0.5, 0.5, "no events in this period", transform=ax.transAxes, ha="center", va="center")
    ax.set_title(f"{d['a']} <-> {d['b']}: cooperation and conflict by month")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


# ---- actors --------------------------------------------------------------------------------

@app.command("actors")
def actors_cmd(
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=10_000),
    fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f"),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """The most active actors and actor pairs."""
    with _open(db) as store:
        acts, pairs = store.actors(limit), store.pairs(limit)
    if fmt is TableFormat.json:
        sys.stdout.write(json.dumps({"actors": acts, "pairs": pairs}, ensure_ascii=False, indent=2) + "\n")
    elif fmt is TableFormat.csv:
        _write_csv([{"kind": "actor"} | a for a in acts] + [{"kind": "pair"} | p for p in pairs])
    else:
        _print_table("most active actors", ["actor", "key", "sector", "events", "as source", "as target",
                                            "Goldstein mean"],
                     ([a["name"], a["key"], a["sector"], a["n_events"], a["as_source"], a["as_target"],
                       a["goldstein_mean"]] for a in acts))
        _print_table("most active pairs", ["a", "b", "events", "a->b", "b->a", "cooperation", "conflict",
                                           "Goldstein mean"],
                     ([p["a"], p["b"], p["n_events"], p["a_to_b"], p["b_to_a"], p["cooperation"], p["conflict"],
                       p["goldstein_mean"]] for p in pairs))


# ---- events --------------------------------------------------------------------------------

@app.command("events")
def events_cmd(
    actor: Optional[str] = typer.Option(None, "--actor", help="Actor name or text (substring) or key."),
    country: Optional[str] = typer.Option(None, "--country", help="ISO3 on either side (comma-separated)."),
    code: Optional[str] = typer.Option(None, "--code", help="CAMEO code prefix (e.g. 19, 036)."),
    root: Optional[str] = typer.Option(None, "--root", help="CAMEO root (01-20)."),
    plover: Optional[str] = typer.Option(None, "--plover", help="PLOVER type (e.g. ASSAULT)."),
    factuality: Optional[str] = typer.Option(None, "--factuality", help="asserted, claimed, ... (comma-separated)."),
    date_from: Optional[str] = typer.Option(None, "--from", help="From date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="To date, inclusive."),
    text: Optional[str] = typer.Option(None, "--text", help="Substring of any evidence sentence."),
    sort: str = typer.Option("-date", "--sort", help="date, -date, mentions, -mentions, goldstein, -goldstein."),
    limit: int = typer.Option(50, "--limit", "-n", min=0, max=10_000),
    fmt: Optional[EventsFormat] = typer.Option(None, "--format", "-f", help="table (on a terminal), jsonl or csv."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Stored events (one per happening), filtered."""
    filters = dict(actor=actor, country=country, code=code, root=root, plover=plover, factuality=factuality,
                   date_from=date_from, date_to=date_to, text=text)
    fmt = fmt or (EventsFormat.table if sys.stdout.isatty() else EventsFormat.jsonl)
    with _open(db) as store:
        try:
            rows = store.events(limit=limit, sort=sort, **filters)
            total = store.count_events(**filters)
        except DetenteError as exc:
            raise _fail(exc) from None
    if fmt is EventsFormat.jsonl:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt is EventsFormat.csv:
        _write_csv(rows)
    else:
        _print_table(f"{len(rows)} of {total} events",
                     ["date", "source", "target", "cameo", "plover", "fact.", "place", "mentions", "evidence"],
                     ([r["date"] or r["event_day"], _actor_label(r["source"]), _actor_label(r["target"]), r["cameo"],
                       r["plover"], r["factuality"], (r["location"] or {}).get("name"), r["n_mentions"],
                       (r["evidence"]["sentence"] or "")[:120]] for r in rows))


# ---- sql -----------------------------------------------------------------------------------

@app.command("sql")
def sql_cmd(
    query: str = typer.Argument(..., help="A read-only SQL query (tables: events, event_mentions, articles, ...)."),
    fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f"),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=0, help="At most this many rows."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Run SQL on a read-only connection to the database."""
    with _open(db, read_only=True) as store:
        try:
            res = store.sql(query, limit=limit)
        except DetenteError as exc:
            raise _fail(exc) from None
    if fmt is TableFormat.json:
        sys.stdout.write(json.dumps([dict(zip(res["columns"], r)) for r in res["rows"]], ensure_ascii=False,
                                    indent=2) + "\n")
    elif fmt is TableFormat.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(res["columns"])
        w.writerows(res["rows"])
    else:
        _print_table(None, res["columns"], res["rows"])


# ---- export --------------------------------------------------------------------------------

@app.command("export")
def export_cmd(
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="parquet, csv, jsonl, or gdelt (GDELT 2.0 TSV)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output file."),
    header: Optional[bool] = typer.Option(None, "--header/--no-header",
                                          help="Column header line (csv: on by default; gdelt: off, as in GDELT)."),
    country: Optional[str] = typer.Option(None, "--country", help="Only events with this ISO3 on either side."),
    date_from: Optional[str] = typer.Option(None, "--from", help="From date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="To date, inclusive."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Export the events (one row per happening)."""
    with _open(db) as store:
        try:
            res = store.export(out, fmt.value, header=header, country=country, date_from=date_from, date_to=date_to)
        except DetenteError as exc:
            raise _fail(exc) from None
    err.print(f"wrote {res['rows']} events to {res['path']} ({res['format']})", highlight=False)
