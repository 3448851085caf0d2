"""The batch output's tables, as Arrow schemas, and the conversions to and from detente records.

A batch OUTPUT folder holds three Parquet datasets, each partitioned by input file
(`input=<key>/`, the key naming one input file, see `inputs.input_key`):

- `events/`: one row per event, exactly the CONTRACT.md record (`Event.to_dict()`), with
  `source`, `target`, `attributed_to`, `location` and `evidence` kept as structs;
- `articles/`: one row per coded article (id, url, title, published, source, path, text), so
  `detente load` can fill the store's article table;
- `dead_letter/`: one row per record that could not be read or coded: the input file, the
  article id when known, where in the input (`file:line`, WARC URI), the record itself
  (truncated) and the reason.

The schemas are explicit so every block and every file has the same columns and types even
when, say, no event in a block has a target (Arrow would otherwise infer a null column).
"""
from __future__ import annotations

import json
from typing import Any, Iterable

import pyarrow as pa

from ..models import Article, Event, event_from_dict

_ACTOR = pa.struct([("text", pa.string()), ("name", pa.string()), ("country", pa.string()),
                    ("sector", pa.string()), ("org", pa.string()), ("start", pa.int64()), ("end", pa.int64())])
_LOCATION = pa.struct([("name", pa.string()), ("country", pa.string()), ("lat", pa.float64()),
                       ("lon", pa.float64())])
_EVIDENCE = pa.struct([("sentence", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
                       ("trigger", pa.string()), ("trigger_start", pa.int64()), ("trigger_end", pa.int64())])

EVENT_TYPE = pa.struct([
    ("article_id", pa.string()), ("event_id", pa.string()), ("source", _ACTOR), ("target", _ACTOR),
    ("cameo", pa.string()), ("cameo_root", pa.string()), ("plover", pa.string()), ("quad_class", pa.int64()),
    ("goldstein", pa.float64()), ("factuality", pa.string()), ("date", pa.string()),
    ("date_precision", pa.string()), ("date_end", pa.string()), ("date_source", pa.string()),
    ("location", _LOCATION), ("evidence", _EVIDENCE), ("attributed_to", _ACTOR), ("confidence", pa.float64()),
])
EVENT_SCHEMA = pa.schema([pa.field("input", pa.string())] + list(EVENT_TYPE))

ARTICLE_FIELDS = ("id", "url", "title", "published", "source", "path", "text")
ARTICLE_SCHEMA = pa.schema([("input", pa.string())] + [(f, pa.string()) for f in ARTICLE_FIELDS]
                           + [("skip_spans", pa.list_(pa.list_(pa.int64())))])

DEAD_FIELDS = ("input", "article_id", "where", "stage", "record", "reason")
DEAD_SCHEMA = pa.schema([(f, pa.string()) for f in DEAD_FIELDS])

# what the coder receives (articles, or records that already failed to be read) ...
PARSED_SCHEMA = pa.schema(list(ARTICLE_SCHEMA) + [("where", pa.string()), ("record", pa.string()),
                                                  ("reason", pa.string())])
# ... and what it gives back: the same row, a coding error, and the article's events
CODED_SCHEMA = pa.schema(list(PARSED_SCHEMA) + [("stage", pa.string()), ("events", pa.list_(EVENT_TYPE))])

RECORD_LIMIT = 10_000  # characters of a bad record kept in the dead-letter file


# -- articles ------------------------------------------------------------------------------

def article_row(article: Article, input_key: str) -> dict[str, Any]:
    row = {"input": input_key, **{f: getattr(article, f) for f in ARTICLE_FIELDS}}
    row["skip_spans"] = [list(s) for s in article.skip_spans]
    return row


def row_article(row: dict[str, Any]) -> Article:
    spans = row.get("skip_spans") or ()
    return Article(id=row["id"], text=row["text"], url=row.get("url"), title=row.get("title"),
                   published=row.get("published"), source=row.get("source"), path=row.get("path"),
                   skip_spans=tuple((int(a), int(b)) for a, b in spans))


def dead_row(input_key: str, reason: str, *, article_id: str | None = None, where: str | None = None,
             stage: str = "read", record: str | None = None) -> dict[str, Any]:
    if record is not None and len(record) > RECORD_LIMIT:
        record = record[:RECORD_LIMIT]
    return {"input": input_key, "article_id": article_id, "where": where, "stage": stage, "record": record,
            "reason": reason}


def parsed_row(input_key: str, item: Article | dict) -> dict[str, Any]:
    """A row of PARSED_SCHEMA: an article to code, or a dead-letter row carried along."""
    row = {f: None for f in PARSED_SCHEMA.names}
    if isinstance(item, Article):
        row.update(article_row(item, input_key))
    else:
        row.update({"input": item["input"], "id": item.get("article_id"), "where": item.get("where"),
                    "record": item.get("record"), "reason": item["reason"]})
    return row


def article_json(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


# -- events --------------------------------------------------------------------------------

def event_row(event: Event, input_key: str) -> dict[str, Any]:
    return {"input": input_key, **event.to_dict()}


def row_event(row: dict[str, Any]) -> Event:
    """An `events/` row (dicts for the structs, as pyarrow's to_pylist gives) back to an Event."""
    return event_from_dict(row)


def table(rows: Iterable[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(list(rows), schema=schema)
