"""A batch job: INPUT files -> OUTPUT/{events,articles,dead_letter}/input=<key>/*.parquet.

Two engines share the inputs, the output layout, the manifests and the row conversions:

- `run_local`: `code_parallel` on this machine's cores, one input after another;
- `detente.batch.ray_job.run_ray`: a Ray Data job on a local Ray instance or a cluster.

`code_rows` is the one place that turns parsed rows into coded rows; the local engine and
the Ray actors both call it, so a bad record lands in the dead-letter file the same way.
"""
from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

import pyarrow as pa

from ..pipeline import CodedArticle
from . import inputs, records

log = logging.getLogger(__name__)


@dataclass
class JobStats:
    inputs: int = 0
    skipped: int = 0
    articles: int = 0
    events: int = 0
    dead: int = 0
    seconds: float = 0.0
    per_input: dict[str, dict[str, int]] = field(default_factory=dict)


# -- rows ----------------------------------------------------------------------------------

def code_rows(rows: list[dict[str, Any]], code_many: Callable[[Iterable], Iterator[CodedArticle]]
              ) -> list[dict[str, Any]]:
    """PARSED rows -> CODED rows. Rows that already failed to be read pass through; an article
    that cannot be coded gets stage "code", its reason, and its record for the dead letter."""
    todo = [records.row_article(r) for r in rows if r["reason"] is None]
    coded = iter(code_many(todo))
    return [coded_row(r, None if r["reason"] is not None else next(coded)) for r in rows]


def coded_row(row: dict[str, Any], coded: CodedArticle | None) -> dict[str, Any]:
    out = {**row, "stage": None, "events": []}
    if coded is None:
        out["stage"] = "read"
    elif coded.error:
        out.update(stage="code", reason=coded.error, where=row.get("where") or row.get("path"),
                   record=records.article_json(coded.article)[:records.RECORD_LIMIT])
    else:
        out["events"] = [e.to_dict() for e in coded.events]
    return out


def split_coded(coded: pa.Table) -> tuple[pa.Table, pa.Table, pa.Table]:
    """A CODED table -> (events, articles, dead_letter) tables in the output schemas."""
    import pyarrow.compute as pc

    events_col = coded.column("events").combine_chunks()
    flat = pc.list_flatten(events_col)
    parents = pc.list_parent_indices(events_col)
    event_inputs = pc.take(coded.column("input"), parents)
    events = pa.Table.from_arrays([event_inputs] + flat.flatten(), schema=records.EVENT_SCHEMA)

    ok = pc.is_null(coded.column("reason"))
    good = coded.filter(ok)
    articles = pa.Table.from_arrays([good.column(n) for n in records.ARTICLE_SCHEMA.names],
                                    schema=records.ARTICLE_SCHEMA)
    bad = coded.filter(pc.invert(ok))
    dead = pa.Table.from_arrays([bad.column("input"), bad.column("id"), bad.column("where"), bad.column("stage"),
                                 bad.column("record"), bad.column("reason")], schema=records.DEAD_SCHEMA)
    return events, articles, dead


def counts(events: pa.Table, articles: pa.Table, dead: pa.Table) -> dict[str, int]:
    return {"articles": articles.num_rows, "events": events.num_rows, "dead": dead.num_rows}


# -- the local engine ----------------------------------------------------------------------

@dataclass
class _Input:
    inp: inputs.InputFile
    rows: list[dict[str, Any]]
    n_articles: int
    coded: list[CodedArticle] = field(default_factory=list)


def _write_local(output: str, state: _Input) -> dict[str, int]:
    import pyarrow.parquet as pq

    it = iter(state.coded)
    rows = [coded_row(r, None if r["reason"] is not None else next(it)) for r in state.rows]
    tables = split_coded(records.table(rows, records.CODED_SCHEMA))
    for name, tbl in zip(inputs.TABLES, tables):
        if tbl.num_rows == 0:
            continue
        fs, path = inputs.filesystem(inputs._join(output, name, f"input={state.inp.key}"))
        fs.create_dir(path, recursive=True)
        pq.write_table(tbl.drop_columns(["input"]), f"{path}/part-0.parquet", filesystem=fs)
    return counts(*tables)


def run_local(location: str, output: str, *, workers: int | None = None, batch_size: int = 32,
              actor_files: Iterable[str] = (), published: str | None = None, settings=None,
              progress: Callable[[int], None] | None = None) -> JobStats:
    """Code every pending input at `location` with `code_parallel`; one writer (this process)."""
    import time

    from .local import code_parallel

    t0 = time.perf_counter()
    pending, done = inputs.plan(location, output)
    stats = JobStats(inputs=len(pending), skipped=len(done))
    queue: deque[_Input] = deque()

    def feed():
        for inp, rows in inputs.iter_rows(pending, published, settings):
            inputs.clear_partial(output, inp.key)
            todo = [r for r in rows if r["reason"] is None]
            queue.append(_Input(inp, rows, len(todo)))
            yield from (records.row_article(r) for r in todo)

    def flush() -> None:
        while queue and len(queue[0].coded) == queue[0].n_articles:
            state = queue.popleft()
            c = _write_local(output, state)
            inputs.write_manifest(output, state.inp, c, engine="local")
            stats.per_input[state.inp.key] = c
            stats.articles += c["articles"]
            stats.events += c["events"]
            stats.dead += c["dead"]

    for coded in code_parallel(feed(), workers, batch_size, actor_files):
        flush()
        queue[0].coded.append(coded)
        if progress:
            progress(1)
        flush()
    flush()
    stats.seconds = time.perf_counter() - t0
    return stats
