"""Read a batch OUTPUT folder back into detente records (and into the store).

Needs only pyarrow, not Ray: a job run on a cluster can be loaded on a laptop.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from ..errors import InputError
from ..pipeline import CodedArticle
from . import inputs, records


def _dataset(output: str, name: str):
    import pyarrow.dataset as pads
    import pyarrow.fs as pafs

    fs, root = inputs.filesystem(output)
    path = f"{root.rstrip('/')}/{name}"
    if fs.get_file_info(path).type != pafs.FileType.Directory:
        return None
    schema = {"events": records.EVENT_SCHEMA, "articles": records.ARTICLE_SCHEMA,
              "dead_letter": records.DEAD_SCHEMA}[name]
    return pads.dataset(path, filesystem=fs, format="parquet", schema=schema,
                        partitioning=pads.partitioning(schema=records.pa.schema([("input", records.pa.string())]),
                                                       flavor="hive"))


def read_events(output: str) -> list:
    """Every event of an OUTPUT folder, as `Event`s, sorted by article and event id."""
    ds = _dataset(output, "events")
    if ds is None:
        return []
    rows = ds.to_table().to_pylist()
    rows.sort(key=lambda r: (r["article_id"], _seq(r["event_id"])))
    return [records.row_event(r) for r in rows]


def read_dead_letter(output: str) -> list[dict]:
    ds = _dataset(output, "dead_letter")
    return [] if ds is None else ds.to_table().to_pylist()


def _seq(event_id: str) -> tuple:
    head, _, n = event_id.rpartition(":")
    return (head, int(n)) if n.isdigit() else (event_id, 0)


def iter_coded(output: str, batch_rows: int = 2_000) -> Iterator[CodedArticle]:
    """The coded articles of an OUTPUT folder, input by input: each article with its events."""
    articles = _dataset(output, "articles")
    if articles is None:
        if _dataset(output, "events") is None:
            raise InputError("not a detente batch output (no articles/ or events/ folder)", path=output)
        raise InputError("no articles/ folder: the store needs the articles beside the events", path=output)
    events = _dataset(output, "events")
    import pyarrow.compute as pc

    keys = sorted(set(articles.to_table(columns=["input"]).column("input").to_pylist()))
    for key in keys:
        by_article = defaultdict(list)
        if events is not None:
            for row in events.to_table(filter=pc.field("input") == key).to_pylist():
                by_article[row["article_id"]].append(row)
        for batch in articles.to_batches(filter=pc.field("input") == key, batch_size=batch_rows):
            for row in batch.to_pylist():
                evs = sorted(by_article.pop(row["id"], []), key=lambda r: _seq(r["event_id"]))
                yield CodedArticle(records.row_article(row), [records.row_event(e) for e in evs])


def load(output: str, db: str):
    """Bring an OUTPUT folder into the store at `db`; the store deduplicates, so loading the
    same output twice adds nothing. Returns the store's IngestStats."""
    from ..store import Store

    store = Store(db)
    try:
        return store.add(iter_coded(output))
    finally:
        close = getattr(store, "close", None)
        if close:
            close()
