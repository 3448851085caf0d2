"""`Store`: the event corpus in one DuckDB file.

Writes: `add()` takes coded articles (anything with `.article`, `.events`, `.error`, or an
`InputError`) and writes them in batches, one transaction per batch: articles, their event
mentions, the events (happenings) those mentions join or create, actor counts, failures
and the run's counters commit together or not at all. Keys are content hashes, so a
re-run after a crash writes nothing twice.

Reads: the query methods return plain JSON-ready dicts and lists; every user value goes
in as a bound parameter.
"""
from __future__ import annotations

import os
import time
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

import duckdb
import pyarrow as pa

from ..dedup.cluster import Clusterer
from ..dedup.rules import block_key, is_symmetric, representative_rank
from ..errors import DetenteError, StoreError
from ..models import Article
from . import db
from .migrations import MIGRATIONS, applied, migrate, pending
from .rows import (article_row, canonical_url, event_out, jsonable, mention_out, mention_row, sha1,
                   text_hash)
from .stats import IngestStats

DEFAULT_DB = "detente.duckdb"
MAX_LIMIT = 10_000

_ARROW = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
          "TIMESTAMP": pa.timestamp("us"), "DATE": pa.date32(), "BOOLEAN": pa.bool_()}

SORTS = {
    "date": "e.event_day ASC NULLS LAST, e.event_id",
    "-date": "e.event_day DESC NULLS LAST, e.event_id",
    "mentions": "e.n_mentions ASC, e.event_id",
    "-mentions": "e.n_mentions DESC, e.event_day DESC NULLS LAST, e.event_id",
    "goldstein": "e.goldstein ASC NULLS LAST, e.event_id",
    "-goldstein": "e.goldstein DESC NULLS LAST, e.event_id",
    "reported": "e.first_reported ASC NULLS LAST, e.event_id",
    "-reported": "e.last_reported DESC NULLS LAST, e.event_id",
}
# the cooperation/conflict split every analysis reports (QuadClass 1-2 and 3-4)
_COOP_CONFLICT = ("count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation, "
                  "count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict")

FILTERS = ("actor", "country", "source_country", "target_country", "code", "root", "plover", "factuality",
           "date_from", "date_to", "text")


def default_path() -> str:
    return os.environ.get("DETENTE_DB") or DEFAULT_DB


def _utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _like(s: str) -> str:
    return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _as_date(v: Any, name: str) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    s = str(v).strip()
    try:
        if len(s) == 4:
            return date(int(s), 1, 1)
        if len(s) == 7:
            return date(int(s[:4]), int(s[5:7]), 1)
        return date.fromisoformat(s[:10])
    except ValueError:
        raise StoreError(f"{name}: {v!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None


def _date_to(v: Any) -> date:
    """An inclusive upper bound: `2026` means to the end of 2026, `2026-02` to the end of February."""
    d = _as_date(v, "date_to")
    s = str(v).strip()
    if not isinstance(v, (date, datetime)) and len(s) == 4:
        return date(d.year, 12, 31)
    if not isinstance(v, (date, datetime)) and len(s) == 7:
        nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return nxt - timedelta(days=1)
    return d


def _limit(limit: int | None, default: int = 100) -> int:
    if limit is None:
        return default
    try:
        n = int(limit)
    except (TypeError, ValueError):
        raise StoreError(f"limit must be a number, not {limit!r}") from None
    return max(0, min(n, MAX_LIMIT))


def _items(x: Any) -> list[str]:
    if isinstance(x, str):
        return [p.strip() for p in x.split(",") if p.strip()]
    return [str(p) for p in x]


def _actor_side(side: str) -> str:
    return (f"(upper(e.{side}_key) = upper(?) OR upper(e.{side}_country) = upper(?) OR "
            f"upper(e.{side}_org) = upper(?) OR lower(e.{side}_name) = lower(?))")


def build_filters(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    """WHERE clause (alias `e` = events) and its parameters for the documented filters."""
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise StoreError(f"unknown filter(s): {', '.join(sorted(unknown))}; known: {', '.join(FILTERS)}")
    where, params = [], []
    f = {k: v for k, v in filters.items() if v not in (None, "", [], ())}
    if "actor" in f:
        where.append("(e.source_name ILIKE ? ESCAPE '\\' OR e.target_name ILIKE ? ESCAPE '\\' OR "
                     "e.source_text ILIKE ? ESCAPE '\\' OR e.target_text ILIKE ? ESCAPE '\\' OR "
                     "upper(e.source_key) = upper(?) OR upper(e.target_key) = upper(?))")
        params += [_like(str(f["actor"]))] * 4 + [str(f["actor"])] * 2
    if "country" in f:
        cs = [c.upper() for c in _items(f["country"])]
        where.append("(list_contains(?, e.source_country) OR list_contains(?, e.target_country))")
        params += [cs, cs]
    for side in ("source", "target"):
        if f"{side}_country" in f:
            where.append(f"list_contains(?, e.{side}_country)")
            params.append([c.upper() for c in _items(f[f"{side}_country"])])
    if "code" in f:
        where.append("(" + " OR ".join("starts_with(e.cameo, ?)" for _ in _items(f["code"])) + ")")
        params += _items(f["code"])
    if "root" in f:
        where.append("list_contains(?, e.cameo_root)")
        params.append([r.zfill(2) for r in _items(f["root"])])
    if "plover" in f:
        where.append("list_contains(?, upper(e.plover))")
        params.append([p.upper() for p in _items(f["plover"])])
    if "factuality" in f:
        where.append("list_contains(?, e.factuality)")
        params.append([p.lower() for p in _items(f["factuality"])])
    if "date_from" in f:
        where.append("e.event_day >= ?")
        params.append(_as_date(f["date_from"], "date_from"))
    if "date_to" in f:
        where.append("e.event_day <= ?")
        params.append(_date_to(f["date_to"]))
    if "text" in f:
        where.append("EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.event_id "
                     "AND m.evidence_sentence ILIKE ? ESCAPE '\\')")
        params.append(_like(str(f["text"])))
    return (" WHERE " + " AND ".join(where)) if where else "", params


def _coded_parts(item: Any) -> tuple[Article | None, list, str | None]:
    if isinstance(item, DetenteError):
        return None, [], str(item)
    if isinstance(item, tuple):
        return item[0], list(item[1]) if len(item) > 1 and item[1] else [], item[2] if len(item) > 2 else None
    return item.article, list(item.events or []), getattr(item, "error", None)


class Store:
    """The corpus: `Store(path, read_only=False)`; see docs/ARCHITECTURE.md for the methods."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = str(path) if path is not None else default_path()
        self.read_only = read_only
        self._con = db.connect(self.path, read_only=read_only)
        self._columns: dict[str, list[tuple[str, str]]] = {}
        try:
            if read_only:
                todo = pending(self._con)
                if len(todo) == len(MIGRATIONS) and not applied(self._con):
                    raise StoreError(f"{self.path} is not a detente database (no _detente_migrations table)")
                if todo:
                    raise StoreError(f"database {self.path} needs migrations {', '.join(todo)}; open it once "
                                     "for writing (e.g. `detente ingest`) to upgrade it")
            else:
                migrate(self._con, path=self.path)
        except duckdb.Error as exc:
            self._con.close()
            raise db.store_error(exc, self.path) from exc
        except BaseException:
            self._con.close()
            raise

    # ---- plumbing ----------------------------------------------------------------------

    def close(self) -> None:
        try:
            self._con.close()
        except duckdb.Error:
            pass

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own, for one thread (DuckDB connections are not shared across threads)."""
        try:
            cur = self._con.cursor()
            cur.execute("SET TimeZone = 'UTC'")
            return cur
        except duckdb.Error as exc:
            raise db.store_error(exc, self.path) from exc

    def _q(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        cur = self.cursor()
        try:
            return db.fetch_dicts(cur, sql, params, path=self.path)
        finally:
            cur.close()

    def _one(self, sql: str, params: list | None = None) -> Any:
        cur = self.cursor()
        try:
            row = db.execute(cur, sql, params, path=self.path).fetchone()
            return row[0] if row else None
        finally:
            cur.close()

    def _table_columns(self, table: str) -> list[tuple[str, str]]:
        if table not in self._columns:
            self._columns[table] = [tuple(r) for r in self._con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [table]).fetchall()]
        return self._columns[table]

    def _insert(self, con, table: str, rows: list[dict[str, Any]], conflict: str = "DO NOTHING") -> None:
        if not rows:
            return
        cols = self._table_columns(table)
        schema = pa.schema([(c, _ARROW[t]) for c, t in cols])
        names = [c for c, _ in cols]
        tbl = pa.Table.from_pylist([{c: r.get(c) for c in names} for r in rows], schema=schema)
        view = f"_batch_{table}"
        collist = ", ".join(names)
        con.register(view, tbl)
        try:
            con.execute(f"INSERT INTO {table} ({collist}) SELECT {collist} FROM {view} ON CONFLICT {conflict}")
        finally:
            con.unregister(view)

    # ---- writes ------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"database {self.path} is open read-only")

    def begin_run(self, command: str | None = None) -> str:
        self._writable()
        run_id = uuid.uuid4().hex[:16]
        with db.transaction(self._con, path=self.path):
            self._con.execute("INSERT INTO ingest_runs VALUES (?, ?, NULL, ?, 'running', 0, 0, 0, 0)",
                              [run_id, _utcnow(), command])
        return run_id

    def finish_run(self, run_id: str, status: str = "done") -> None:
        self._writable()
        with db.transaction(self._con, path=self.path):
            self._con.execute("UPDATE ingest_runs SET finished = ?, status = ? WHERE run_id = ?",
                              [_utcnow(), status, run_id])

    def add(self, coded: Iterable[Any], *, batch_size: int = 64, run_id: str | None = None,
            on_batch: Callable[[IngestStats, int], None] | None = None) -> IngestStats:
        """Store coded articles, one transaction per `batch_size` items.

        Items are objects with `.article`, `.events`, `.error` (a `CodedArticle`), tuples
        `(article, events[, error])`, or `InputError`s (stored as failures). Articles already
        stored (same canonical URL or normalised text) are skipped. `on_batch(stats, n)` is
        called after each committed batch of n items.
        """
        self._writable()
        total = IngestStats(run_id=run_id)
        t0 = time.perf_counter()
        batch: list[Any] = []
        for item in coded:
            batch.append(item)
            if len(batch) >= batch_size:
                bs = self._add_batch(batch, run_id)
                total.add(bs)
                if on_batch:
                    on_batch(bs, len(batch))
                batch = []
        if batch:
            bs = self._add_batch(batch, run_id)
            total.add(bs)
            if on_batch:
                on_batch(bs, len(batch))
        total.seconds = time.perf_counter() - t0
        return total

    def record_failure(self, where: str, reason: str, *, code: str | None = None,
                       run_id: str | None = None) -> None:
        """Log an input that could not be read or coded (`failures`, counted per path+reason)."""
        self._writable()
        with db.transaction(self._con, path=self.path):
            self._failure(self._con, where, reason, code, run_id, _utcnow())
            if run_id:
                self._con.execute("UPDATE ingest_runs SET failures = failures + 1 WHERE run_id = ?", [run_id])

    @staticmethod
    def _failure(con, where: str, reason: str, code: str | None, run_id: str | None, now: datetime) -> None:
        con.execute(
            "INSERT INTO failures VALUES (?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (failure_id) DO UPDATE SET "
            "n_attempts = failures.n_attempts + 1, last_failed = EXCLUDED.last_failed, run_id = EXCLUDED.run_id",
            [sha1(f"{where}|{reason}"), where, reason, code, now, now, run_id])

    def _add_batch(self, batch: list[Any], run_id: str | None) -> IngestStats:
        st = IngestStats(run_id=run_id)
        now = _utcnow()
        con = self._con
        with db.transaction(con, path=self.path):
            ok: list[tuple[Article, list]] = []
            for item in batch:
                article, events, error = _coded_parts(item)
                if error or article is None:
                    where = (getattr(item, "path", None) if isinstance(item, DetenteError) else None) or (
                        (article.url or article.path or article.id) if article is not None else "?")
                    reason = item.message if isinstance(item, DetenteError) else str(error)
                    code = item.code if isinstance(item, DetenteError) else None
                    self._failure(con, str(where), reason, code, run_id, now)
                    st.failures += 1
                    st.failed.append((str(where), reason))
                else:
                    ok.append((article, events))
            hashes = [text_hash(a.text) for a, _ in ok]
            curls = [canonical_url(a.url) for a, _ in ok]
            seen_h, seen_u, used = set(), set(), set()
            if ok:
                for h, u, aid in con.execute(
                        "SELECT text_hash, canonical_url, article_id FROM articles "
                        "WHERE list_contains(?, text_hash) OR list_contains(?, canonical_url) "
                        "OR list_contains(?, article_id)",
                        [hashes, [u for u in curls if u], [a.id for a, _ in ok]]).fetchall():
                    seen_h.add(h)
                    if u:
                        seen_u.add(u)
                    used.add(aid)
            art_rows, men_rows = [], []
            for (article, events), h, u in zip(ok, hashes, curls):
                if h in seen_h or (u and u in seen_u):
                    st.skipped += 1
                    continue
                seen_h.add(h)
                if u:
                    seen_u.add(u)
                key = article.id
                if key in used:
                    key = f"{article.id}~{h[:8]}"
                    if key in used:
                        key = f"{article.id}~{h}"
                used.add(key)
                art_rows.append(article_row(article, key, len(events), now, run_id))
                men_rows += [mention_row(ev, article, key, n, now) for n, ev in enumerate(events)]
            st.articles = len(art_rows)
            st.events = len(men_rows)
            clusterer = self._load_candidates(con, men_rows)
            for row in men_rows:
                eid = clusterer.assign(row)
                if eid in clusterer.created and len(clusterer.members[eid]) == 1:
                    st.new_events += 1
            st.merged = st.events - st.new_events
            self._insert(con, "articles", art_rows)
            self._insert(con, "event_mentions", men_rows)
            self._upsert_actors(con, men_rows, now)
            self._upsert_events(con, clusterer, now)
            if run_id:
                con.execute("UPDATE ingest_runs SET articles = articles + ?, skipped = skipped + ?, "
                            "events = events + ?, failures = failures + ? WHERE run_id = ?",
                            [st.articles, st.skipped, st.events, st.failures, run_id])
        return st

    def _load_candidates(self, con, rows: list[dict[str, Any]]) -> Clusterer:
        c = Clusterer()
        if not rows:
            return c
        blocks = sorted({block_key(r) for r in rows})
        days = [r["event_day"] for r in rows if r.get("event_day")]
        params: list[Any] = [blocks]
        cond = ""
        if days:
            lo, hi = min(days) - timedelta(days=40), max(days) + timedelta(days=40)
            cond = (" AND (event_day IS NULL OR event_day BETWEEN ? AND ? OR "
                    "(date_precision = 'year' AND year(event_day) BETWEEN ? AND ?))")
            params += [lo, hi, lo.year, hi.year]
        cands = con.execute(f"SELECT event_id, block_key FROM events WHERE list_contains(?, block_key){cond}",
                            params).fetchall()
        if not cands:
            return c
        block_of = dict(cands)
        cur = con.execute("SELECT * FROM event_mentions WHERE list_contains(?, event_id) ORDER BY mention_id",
                          [list(block_of)])
        cols = [d[0] for d in cur.description]
        members: dict[str, list[dict]] = defaultdict(list)
        for r in cur.fetchall():
            d = dict(zip(cols, r))
            members[d["event_id"]].append(d)
        for eid, blk in cands:
            c.add_existing(eid, blk, members.get(eid, []))
        return c

    def _upsert_actors(self, con, rows: list[dict[str, Any]], now: datetime) -> None:
        acc: dict[str, dict[str, Any]] = {}
        for r in rows:
            seen = r.get("published_at") or now
            for side in ("source", "target"):
                aid = r.get(f"{side}_actor_id")
                if not aid:
                    continue
                a = acc.setdefault(aid, {
                    "actor_id": aid, "key": r[f"{side}_key"], "name": r[f"{side}_name"] or r[f"{side}_text"],
                    "country": r[f"{side}_country"], "sector": r[f"{side}_sector"], "org": r[f"{side}_org"],
                    "n_mentions": 0, "n_source": 0, "n_target": 0, "first_seen": seen, "last_seen": seen})
                a["n_mentions"] += 1
                a[f"n_{side}"] += 1
                a["first_seen"] = min(a["first_seen"], seen)
                a["last_seen"] = max(a["last_seen"], seen)
        self._insert(con, "actors", list(acc.values()), conflict=(
            "(actor_id) DO UPDATE SET n_mentions = actors.n_mentions + EXCLUDED.n_mentions, "
            "n_source = actors.n_source + EXCLUDED.n_source, n_target = actors.n_target + EXCLUDED.n_target, "
            "first_seen = least(actors.first_seen, EXCLUDED.first_seen), "
            "last_seen = greatest(actors.last_seen, EXCLUDED.last_seen)"))

    def _upsert_events(self, con, clusterer: Clusterer, now: datetime) -> None:
        out = []
        for eid in sorted(clusterer.touched):
            ms = clusterer.members[eid]
            rep = min(ms, key=representative_rank)
            reported = [m.get("published_at") or m.get("ingested_at") for m in ms]
            reported = [r for r in reported if r is not None]
            row = {k: rep.get(k) for k in (
                "article_id", "cameo", "cameo_root", "plover", "quad_class", "goldstein", "factuality", "date",
                "date_precision", "date_end", "event_day", "location_name", "location_country", "location_lat",
                "location_lon", "evidence_sentence", "evidence_trigger")}
            for side in ("source", "target"):
                for k in ("text", "name", "country", "sector", "org", "key"):
                    row[f"{side}_{k}"] = rep.get(f"{side}_{k}")
            if any(m["factuality"] == "asserted" for m in ms):
                row["factuality"] = "asserted"
            row |= {
                "event_id": eid, "block_key": clusterer.block_of[eid], "rep_mention_id": rep["mention_id"],
                "reciprocal": any(is_symmetric(m["cameo"]) for m in ms),
                "confidence": max((m.get("confidence") or 0.0) for m in ms),
                "n_mentions": len(ms), "n_articles": len({m["article_id"] for m in ms}),
                "n_sources": len({m.get("outlet") or m["article_id"] for m in ms}),
                "first_reported": min(reported) if reported else None,
                "last_reported": max(reported) if reported else None, "updated_at": now,
            }
            out.append(row)
        if out:
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c, _ in self._table_columns("events") if c != "event_id")
            self._insert(con, "events", out, conflict=f"(event_id) DO UPDATE SET {sets}")

    # ---- lookups -----------------------------------------------------------------------

    def has_article(self, url: str | None = None, text: str | None = None) -> bool:
        """Is an article with this URL (canonicalised) or this text (normalised) stored?"""
        conds, params = [], []
        cu = canonical_url(url)
        if cu:
            conds.append("canonical_url = ?")
            params.append(cu)
        if text:
            conds.append("text_hash = ?")
            params.append(text_hash(text))
        if not conds:
            return False
        return bool(self._one(f"SELECT count(*) FROM articles WHERE {' OR '.join(conds)}", params))

    def events(self, *, limit: int | None = 100, offset: int = 0, sort: str = "-date",
               **filters: Any) -> list[dict[str, Any]]:
        """Events (happenings) matching the filters; `sort` is one of SORTS (`-date` newest first)."""
        if sort not in SORTS:
            raise StoreError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        where, params = build_filters(filters)
        rows = self._q(f"SELECT e.* FROM events e{where} ORDER BY {SORTS[sort]} LIMIT ? OFFSET ?",
                       params + [_limit(limit), max(0, int(offset or 0))])
        return [event_out(r) for r in rows]

    def count_events(self, **filters: Any) -> int:
        where, params = build_filters(filters)
        return int(self._one(f"SELECT count(*) FROM events e{where}", params) or 0)

    def _mentions(self, where: str, params: list) -> list[dict[str, Any]]:
        rows = self._q("SELECT m.*, a.url, a.title, a.published FROM event_mentions m "
                       f"JOIN articles a USING (article_id) WHERE {where} ORDER BY m.published_at NULLS LAST, "
                       "m.mention_id", params)
        return [mention_out(r) for r in rows]

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with all its mentions (evidence, article URL and title); None if unknown."""
        rows = self._q("SELECT * FROM events WHERE event_id = ?", [event_id])
        if not rows:
            return None
        out = event_out(rows[0])
        out["mentions"] = self._mentions("m.event_id = ?", [event_id])
        return out

    def articles(self, limit: int | None = 100, offset: int = 0, text: str | None = None) -> list[dict[str, Any]]:
        where, params = "", []
        if text:
            where = " WHERE (title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')"
            params = [_like(text)] * 2
        rows = self._q("SELECT article_id, url, title, published, source, path, n_events, ingested_at "
                       f"FROM articles{where} ORDER BY published_at DESC NULLS LAST, article_id LIMIT ? OFFSET ?",
                       params + [_limit(limit), max(0, int(offset or 0))])
        return [jsonable(r) for r in rows]

    def article(self, article_id: str) -> dict[str, Any] | None:
        rows = self._q("SELECT article_id, url, canonical_url, title, published, source, path, text, n_events, "
                       "ingested_at FROM articles WHERE article_id = ?", [article_id])
        if not rows:
            return None
        out = jsonable(rows[0])
        out["mentions"] = self._mentions("m.article_id = ?", [article_id])
        return out

    # ---- analyses ----------------------------------------------------------------------

    def dyad(self, a: str, b: str, date_from: Any = None, date_to: Any = None, top: int = 10) -> dict[str, Any]:
        """Events between a and b (either direction; a key/ISO3, org code or exact name):
        monthly counts by QuadClass, Goldstein sum and mean, and the top events."""
        cond = f"(({_actor_side('source')} AND {_actor_side('target')}) OR " \
               f"({_actor_side('source')} AND {_actor_side('target')}))"
        params: list[Any] = [a] * 4 + [b] * 4 + [b] * 4 + [a] * 4
        where, fparams = build_filters({"date_from": date_from, "date_to": date_to})
        where = (where + " AND " if where else " WHERE ") + cond
        params = fparams + params
        months = self._q(
            "SELECT strftime(e.event_day, '%Y-%m') AS month, count(*) AS n_events, "
            "count(*) FILTER (WHERE quad_class = 1) AS quad1, count(*) FILTER (WHERE quad_class = 2) AS quad2, "
            "count(*) FILTER (WHERE quad_class = 3) AS quad3, count(*) FILTER (WHERE quad_class = 4) AS quad4, "
            "round(sum(goldstein), 2) AS goldstein_sum, round(avg(goldstein), 3) AS goldstein_mean, "
            "sum(n_mentions) AS n_mentions "
            f"FROM events e{where} GROUP BY month ORDER BY month NULLS LAST", params)
        totals = self._q(
            f"SELECT count(*) AS n_events, {_COOP_CONFLICT}, "
            "round(sum(goldstein), 2) AS goldstein_sum, round(avg(goldstein), 3) AS goldstein_mean, "
            f"min(event_day) AS first_day, max(event_day) AS last_day FROM events e{where}", params)[0]
        top_rows = self._q(f"SELECT e.* FROM events e{where} ORDER BY e.n_mentions DESC, abs(e.goldstein) DESC "
                           "NULLS LAST, e.event_day DESC NULLS LAST, e.event_id LIMIT ?", params + [_limit(top)])
        return {"a": a, "b": b, "date_from": jsonable(date_from), "date_to": jsonable(date_to),
                "months": jsonable(months), "totals": jsonable(totals),
                "top_events": [event_out(r) for r in top_rows]}

    def actors(self, limit: int | None = 20) -> list[dict[str, Any]]:
        """Most active actors: events they take part in, as source or target."""
        rows = self._q(
            "WITH sides AS ("
            " SELECT source_key AS key, source_name AS name, source_country AS country, source_sector AS sector,"
            "  source_org AS org, 1 AS as_source, 0 AS as_target, goldstein, n_mentions FROM events"
            "  WHERE source_key IS NOT NULL AND source_key <> '-'"
            " UNION ALL"
            " SELECT target_key, target_name, target_country, target_sector, target_org, 0, 1, goldstein,"
            "  n_mentions FROM events WHERE target_key IS NOT NULL AND target_key <> '-')"
            " SELECT key, name, country, sector, org, count(*) AS n_events, sum(as_source) AS as_source,"
            " sum(as_target) AS as_target, sum(n_mentions) AS n_mentions, round(avg(goldstein), 3) AS goldstein_mean"
            " FROM sides GROUP BY ALL ORDER BY n_events DESC, key, name NULLS LAST LIMIT ?", [_limit(limit, 20)])
        return [jsonable(r) for r in rows]

    def pairs(self, limit: int | None = 20) -> list[dict[str, Any]]:
        """Most active actor pairs (by key, either direction)."""
        rows = self._q(
            "SELECT least(source_key, target_key) AS a, greatest(source_key, target_key) AS b, count(*) AS n_events,"
            " count(*) FILTER (WHERE source_key = least(source_key, target_key)) AS a_to_b,"
            " count(*) FILTER (WHERE source_key <> least(source_key, target_key)) AS b_to_a,"
            f" {_COOP_CONFLICT},"
            " round(avg(goldstein), 3) AS goldstein_mean, sum(n_mentions) AS n_mentions"
            " FROM events WHERE target_key IS NOT NULL AND target_key <> '-' AND source_key <> target_key"
            " GROUP BY ALL ORDER BY n_events DESC, a, b LIMIT ?", [_limit(limit, 20)])
        return [jsonable(r) for r in rows]

    def network(self, date_from: Any = None, date_to: Any = None, min_weight: int = 1) -> dict[str, Any]:
        """Directed actor-key graph: nodes with event counts, edges weighted by events."""
        where, params = build_filters({"date_from": date_from, "date_to": date_to})
        where = (where + " AND " if where else " WHERE ") + "e.target_key IS NOT NULL AND e.target_key <> '-' " \
                                                            "AND e.source_key <> e.target_key"
        edges = self._q(
            f"SELECT e.source_key AS source, e.target_key AS target, count(*) AS weight, {_COOP_CONFLICT},"
            f" round(avg(goldstein), 3) AS goldstein_mean FROM events e{where}"
            " GROUP BY ALL HAVING count(*) >= ? ORDER BY weight DESC, source, target",
            params + [max(1, int(min_weight or 1))])
        nodes: dict[str, int] = defaultdict(int)
        for e in edges:
            nodes[e["source"]] += e["weight"]
            nodes[e["target"]] += e["weight"]
        return {"nodes": [{"id": k, "label": k, "n_events": v} for k, v in sorted(nodes.items(), key=lambda x: -x[1])],
                "edges": jsonable(edges)}

    def sql(self, query: str, limit: int | None = None) -> dict[str, Any]:
        """Run read-only SQL (SELECT/WITH/DESCRIBE/SHOW/EXPLAIN/SUMMARIZE; no writes, no COPY or ATTACH).

        Returns {"columns": [...], "rows": [[...], ...]} with JSON-ready values."""
        cur = self.cursor()
        try:
            try:
                stmts = cur.extract_statements(query)
            except duckdb.Error as exc:
                raise StoreError(f"SQL does not parse: {str(exc).splitlines()[0]}") from exc
            if not stmts:
                raise StoreError("empty SQL")
            allowed = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
            bad = [s.type.name for s in stmts if s.type not in allowed]
            if bad:
                raise StoreError(f"only read-only queries are allowed here (got {', '.join(bad)})")
            db.execute(cur, "BEGIN TRANSACTION", path=self.path)
            try:
                res = None
                for s in stmts:
                    res = db.execute(cur, s.query, path=self.path)
                cols = [d[0] for d in res.description] if res is not None and res.description else []
                rows = res.fetchmany(_limit(limit)) if limit is not None else res.fetchall()
            finally:
                cur.execute("ROLLBACK")
            return {"columns": cols, "rows": [[jsonable(v) for v in r] for r in rows]}
        finally:
            cur.close()

    def stats(self) -> dict[str, Any]:
        """Counts of everything, failures by reason, the last runs and the file size."""
        one = self._one
        out = {
            "path": self.path,
            "articles": one("SELECT count(*) FROM articles"),
            "mentions": one("SELECT count(*) FROM event_mentions"),
            "events": one("SELECT count(*) FROM events"),
            "merged_events": one("SELECT count(*) FROM events WHERE n_mentions > 1"),
            "actors": one("SELECT count(*) FROM actors"),
            "failures": one("SELECT coalesce(sum(n_attempts), 0) FROM failures"),
            "failures_by_reason": self._q("SELECT reason, code, count(*) AS n_inputs, sum(n_attempts) AS n_attempts "
                                          "FROM failures GROUP BY ALL ORDER BY n_inputs DESC, reason LIMIT 50"),
            "first_event_day": one("SELECT min(event_day) FROM events"),
            "last_event_day": one("SELECT max(event_day) FROM events"),
            "runs": self._q("SELECT * FROM ingest_runs ORDER BY started DESC LIMIT 10"),
            "migrations": applied(self._con),
            "bytes": Path(self.path).stat().st_size if self.path != ":memory:" and Path(self.path).exists() else None,
        }
        return jsonable(out)

    def export(self, path: str | Path, format: str = "jsonl", *, header: bool | None = None,
               **filters: Any) -> dict[str, Any]:
        """Write events to `path` as parquet, csv, jsonl (nested, with mentions) or gdelt (TSV in
        GDELT 2.0 event-table order; no header unless `header=True`). Returns {"path", "format", "rows"}."""
        from .export import export_events

        return export_events(self, Path(path), format, header=header, **filters)
