"""Exports of the events table: parquet, csv, jsonl and GDELT 2.0's event-table TSV.

Files are written by pyarrow / Python from query results (the output path never goes into
SQL text) to a temporary file beside the target, then renamed: an interrupted export
leaves no half-written file.
"""
from __future__ import annotations

import csv
import json
import os
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import StoreError
from . import db
from .rows import event_out, jsonable

if TYPE_CHECKING:
    from .store import Store

FORMATS = ("parquet", "csv", "jsonl", "gdelt")

# flat columns of the parquet/csv export (the events table, minus internals)
FLAT_COLUMNS = (
    "event_id", "event_day", "date", "date_precision", "date_end", "cameo", "cameo_root", "plover", "quad_class",
    "goldstein", "factuality", "source_name", "source_text", "source_country", "source_sector", "source_org",
    "source_key", "target_name", "target_text", "target_country", "target_sector", "target_org", "target_key",
    "location_name", "location_country", "location_lat", "location_lon", "evidence_sentence", "evidence_trigger",
    "article_id", "rep_mention_id", "reciprocal", "confidence", "n_mentions", "n_articles", "n_sources",
    "first_reported", "last_reported",
)


def gdelt_columns() -> list[str]:
    """The 61 GDELT 2.0 event-table columns, in order (data/gdelt_columns.csv)."""
    text = resources.files("detente").joinpath("data/gdelt_columns.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return [r["column"] for r in sorted(rows, key=lambda r: int(r["position"]))]


def gdelt_event_id(event_id: str) -> int:
    """A stable positive 60-bit integer for GLOBALEVENTID."""
    h = event_id[3:] if event_id.startswith("ev_") else __import__("hashlib").sha1(event_id.encode()).hexdigest()
    return int(h[:15], 16)


def _actor_code(country: str | None, org: str | None, sector: str | None) -> str:
    """CAMEO actor code as GDELT writes it: country, known group, then role (RUSGOV, IGOUNO...)."""
    code = (country or "") + (org or "") + (sector or "")
    if not country and org and not sector:
        code = org
    return code


def _clean(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v)) if abs(v) < 1e15 else str(v)
    return str(v).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def gdelt_row(r: dict[str, Any], country_level: bool) -> list[Any]:
    day: date | None = r.get("event_day")
    added: datetime | None = r.get("first_ingested") or r.get("updated_at")
    frac = None
    if day:
        frac = round(day.year + (day.month * 30 + day.day) / 365.0, 4)  # the codebook's formula
    geo_type = None
    if r.get("location_name"):
        geo_type = 1 if country_level else 4
    row = [gdelt_event_id(r["event_id"]),
           day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "", day.year if day else "",
           frac if frac is not None else ""]
    for side in ("source", "target"):
        c, o, s = r.get(f"{side}_country"), r.get(f"{side}_org"), r.get(f"{side}_sector")
        name = r.get(f"{side}_name") or r.get(f"{side}_text")
        present = r.get(f"{side}_key") not in (None, "-")
        row += [_actor_code(c, o, s) if present else "", (name or "").upper() if present else "",
                c or "", o or "", "", "", "", s or "", "", ""]
    cameo = r["cameo"]
    row += [1 if r.get("is_root") else 0, cameo, cameo[:3], r["cameo_root"], r.get("quad_class") or "",
            r.get("goldstein") if r.get("goldstein") is not None else "", r["n_mentions"], r["n_sources"],
            r["n_articles"], ""]
    row += [""] * 8 + [""] * 8  # Actor1Geo_*, Actor2Geo_*: detente places events, not actors
    if r.get("location_name"):
        row += [geo_type, r["location_name"], r.get("location_country") or "", "", "",
                r.get("location_lat") if r.get("location_lat") is not None else "",
                r.get("location_lon") if r.get("location_lon") is not None else "", ""]
    else:
        row += [""] * 8
    row += [added.strftime("%Y%m%d%H%M%S") if added else "", r.get("url") or ""]
    return row


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def export_events(store: "Store", path: Path, format: str, *, header: bool | None = None,
                  **filters: Any) -> dict[str, Any]:
    from .store import build_filters

    fmt = (format or "").lower()
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
    where, params = build_filters(filters)
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise StoreError(f"cannot write {path}: folder {path.parent} does not exist")
    tmp = _tmp(path)
    cur = store.cursor()
    n = 0
    try:
        if fmt in ("parquet", "csv"):
            cols = ", ".join(f"e.{c}" for c in FLAT_COLUMNS)
            try:
                reader = cur.sql(f"SELECT {cols} FROM events e{where} ORDER BY e.event_day NULLS LAST, e.event_id",
                                 params=params).to_arrow_reader(50_000)
            except duckdb.Error as exc:
                raise db.store_error(exc, store.path) from exc
            writer = (pq.ParquetWriter(str(tmp), reader.schema) if fmt == "parquet"
                      else pacsv.CSVWriter(str(tmp), reader.schema,
                                           write_options=pacsv.WriteOptions(include_header=header is not False)))
            try:
                for batch in reader:
                    writer.write_batch(batch)
                    n += batch.num_rows
            finally:
                writer.close()
        elif fmt == "jsonl":
            with open(tmp, "w", encoding="utf-8") as fh:
                for ev in _iter_events_with_mentions(store, cur, where, params):
                    fh.write(json.dumps(ev, ensure_ascii=False) + "\n")
                    n += 1
        else:
            from ..dedup.rules import _is_country_level

            cols = gdelt_columns()
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                if header:
                    fh.write("\t".join(cols) + "\n")
                q = ("SELECT e.*, a.url, rm.evidence_start <= 400 AS is_root, "
                     "(SELECT min(m.ingested_at) FROM event_mentions m WHERE m.event_id = e.event_id) AS first_ingested "
                     "FROM events e LEFT JOIN event_mentions rm ON rm.mention_id = e.rep_mention_id "
                     f"LEFT JOIN articles a ON a.article_id = e.article_id{where} "
                     "ORDER BY e.event_day NULLS LAST, e.event_id")
                res = db.execute(cur, q, params, path=store.path)
                names = [d[0] for d in res.description]
                while True:
                    chunk = res.fetchmany(10_000)
                    if not chunk:
                        break
                    for t in chunk:
                        r = dict(zip(names, t))
                        row = gdelt_row(r, _is_country_level(r))
                        assert len(row) == len(cols)
                        fh.write("\t".join(_clean(v) for v in row) + "\n")
                        n += 1
        os.replace(tmp, path)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        cur.close()
        if tmp.exists():
            tmp.unlink()
    return {"path": str(path), "format": fmt, "rows": n}


def _iter_events_with_mentions(store: "Store", cur, where: str, params: list) -> Iterator[dict[str, Any]]:
    res = db.execute(cur, f"SELECT e.* FROM events e{where} ORDER BY e.event_day NULLS LAST, e.event_id", params,
                     path=store.path)
    names = [d[0] for d in res.description]
    while True:
        chunk = [dict(zip(names, t)) for t in res.fetchmany(2_000)]
        if not chunk:
            break
        ids = [r["event_id"] for r in chunk]
        mcur = store.cursor()
        try:
            ms = mcur.execute(
                "SELECT m.event_id, m.mention_id, m.article_id, a.url, a.title, m.published_at, m.outlet, "
                "m.evidence_sentence, m.evidence_start, m.evidence_end, m.evidence_trigger, m.cameo, m.factuality "
                "FROM event_mentions m JOIN articles a USING (article_id) WHERE list_contains(?, m.event_id) "
                "ORDER BY m.mention_id", [ids])
            mnames = [d[0] for d in ms.description]
            by: dict[str, list] = {}
            for t in ms.fetchall():
                d = dict(zip(mnames, t))
                by.setdefault(d.pop("event_id"), []).append(jsonable(d))
        finally:
            mcur.close()
        for r in chunk:
            ev = event_out(r)
            ev["mentions"] = by.get(r["event_id"], [])
            yield ev
