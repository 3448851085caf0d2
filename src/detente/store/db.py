"""The only place in detente that opens DuckDB.

`connect()` opens a database file (or `:memory:`), sets the session time zone to UTC and
translates DuckDB's own errors into `StoreError` with a one-line message. All SQL goes
through `execute()` (parameterised: user values are never formatted into SQL text), and
writes go through `transaction()`, which rolls back on any error so a batch is either
committed whole or not at all.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

import duckdb

from ..errors import StoreError

Connection = duckdb.DuckDBPyConnection


def _describe(exc: BaseException, path: str | None) -> str:
    """One line a user can act on, for a DuckDB error."""
    msg = str(exc)
    where = path or "the database"
    if "Could not set lock on file" in msg:
        pid = re.search(r"\(PID (\d+)\)", msg)
        who = f" (PID {pid.group(1)})" if pid else ""
        return (f"database {where} is locked by another process{who}: only one writer at a time; "
                "wait for it to finish or pass --db to use another file")
    if "not a valid DuckDB database" in msg or "Could not read enough bytes" in msg or "Corrupt" in msg \
            or "checksum" in msg.lower() or "Failed to read database header" in msg:
        return (f"database {where} is corrupted or not a DuckDB file; move it aside and re-run "
                "the ingest to rebuild it")
    if "No space left" in msg or "disk is full" in msg.lower() or "ENOSPC" in msg or "out of disk" in msg.lower():
        return f"no space left on the device holding {where}; the last batch was rolled back, nothing half-written"
    if "read-only mode: database does not exist" in msg or "database does not exist" in msg:
        return f"no database at {where}; create one with `detente ingest PATH --db {where}`"
    if "read-only" in msg.lower() or "read only" in msg.lower():
        return f"database {where} is open read-only: {msg.splitlines()[0]}"
    first = msg.strip().splitlines()[0] if msg.strip() else type(exc).__name__
    return f"database {where}: {first}"


def store_error(exc: BaseException, path: str | None = None) -> StoreError:
    err = StoreError(_describe(exc, path))
    err.__cause__ = exc
    return err


def connect(path: str | Path = "detente.duckdb", read_only: bool = False) -> Connection:
    """Open (or create) a DuckDB database with the session time zone set to UTC.

    Raises `StoreError` for a corrupted file, a file locked by another process, a full
    disk or a read-only open of a file that does not exist.
    """
    spath = str(path)
    if spath != ":memory:":
        p = Path(spath)
        if read_only and not p.exists():
            raise StoreError(_describe(duckdb.IOException("database does not exist"), spath))
        if p.exists() and p.is_dir():
            raise StoreError(f"database {spath} is a directory, not a DuckDB file")
        if not read_only:
            p.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(spath, read_only=read_only)
        con.execute("SET TimeZone = 'UTC'")
    except duckdb.Error as exc:
        raise store_error(exc, spath) from exc
    return con


def execute(con: Connection, sql: str, params: Sequence[Any] | dict | None = None, *,
            path: str | None = None) -> Connection:
    """Run one parameterised statement; DuckDB errors become `StoreError`."""
    try:
        return con.execute(sql, params) if params is not None else con.execute(sql)
    except duckdb.Error as exc:
        raise store_error(exc, path) from exc


def fetch_dicts(con: Connection, sql: str, params: Sequence[Any] | dict | None = None, *,
                path: str | None = None) -> list[dict[str, Any]]:
    cur = execute(con, sql, params, path=path)
    cols = [d[0] for d in cur.description] if cur.description else []
    return [dict(zip(cols, row)) for row in cur.fetchall()]


@contextmanager
def transaction(con: Connection, *, path: str | None = None) -> Iterator[Connection]:
    """BEGIN ... COMMIT, rolling back on any exception (which is re-raised, DuckDB errors
    as `StoreError`). A process killed inside leaves the transaction uncommitted, and DuckDB
    discards it when the file is next opened."""
    execute(con, "BEGIN TRANSACTION", path=path)
    try:
        yield con
    except BaseException as exc:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        if isinstance(exc, duckdb.Error):
            raise store_error(exc, path) from exc
        raise
    else:
        try:
            con.execute("COMMIT")
        except duckdb.Error as exc:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            raise store_error(exc, path) from exc
