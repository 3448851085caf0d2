"""Numbered schema migrations.

Each migration is a function `mNNN_name(con)` registered with `@migration`, run once in
order inside its own transaction; `_detente_migrations` logs which have run. A new schema
change is a new function at the end — never edit one that has shipped.
"""
from __future__ import annotations

from typing import Callable

from .db import Connection, execute, transaction

MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = []


def migration(fn: Callable[[Connection], None]) -> Callable[[Connection], None]:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


_ACTOR_COLS = """
    {p}_text VARCHAR, {p}_name VARCHAR, {p}_country VARCHAR, {p}_sector VARCHAR, {p}_org VARCHAR,
    {p}_start INTEGER, {p}_end INTEGER, {p}_key VARCHAR, {p}_actor_id VARCHAR"""


@migration
def m001_initial(con: Connection) -> None:
    con.execute("""
    CREATE TABLE articles (
        article_id VARCHAR PRIMARY KEY,
        url VARCHAR,
        canonical_url VARCHAR UNIQUE,
        title VARCHAR,
        published VARCHAR,          -- as given (ISO date or datetime)
        published_at TIMESTAMP,     -- parsed, UTC; NULL when unknown
        source VARCHAR,             -- the outlet
        path VARCHAR,
        text VARCHAR NOT NULL,
        text_hash VARCHAR NOT NULL UNIQUE,  -- sha1 of the normalised text
        n_events INTEGER NOT NULL,
        ingested_at TIMESTAMP NOT NULL,
        run_id VARCHAR
    )""")
    con.execute(f"""
    CREATE TABLE event_mentions (
        mention_id VARCHAR PRIMARY KEY,     -- article_id:n
        article_id VARCHAR NOT NULL,
        n INTEGER NOT NULL,
        event_id VARCHAR NOT NULL,          -- the happening (events.event_id)
        coder_event_id VARCHAR,             -- Event.event_id as the coder emitted it
        {_ACTOR_COLS.format(p='source')},
        {_ACTOR_COLS.format(p='target')},
        cameo VARCHAR NOT NULL,
        cameo_root VARCHAR NOT NULL,
        plover VARCHAR,
        quad_class INTEGER,
        goldstein DOUBLE,
        factuality VARCHAR NOT NULL,
        date VARCHAR,
        date_precision VARCHAR NOT NULL,
        date_end VARCHAR,
        date_source VARCHAR,
        event_day DATE,                     -- first day of `date`, else the report date
        location_name VARCHAR, location_country VARCHAR, location_lat DOUBLE, location_lon DOUBLE,
        evidence_sentence VARCHAR, evidence_start INTEGER, evidence_end INTEGER,
        evidence_trigger VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
        attributed_text VARCHAR, attributed_name VARCHAR, attributed_country VARCHAR,
        attributed_sector VARCHAR, attributed_org VARCHAR,
        confidence DOUBLE,
        published_at TIMESTAMP,             -- the article's report time (copied)
        outlet VARCHAR,                     -- article source, else URL host, else article id
        ingested_at TIMESTAMP NOT NULL
    )""")
    con.execute("""
    CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY,
        block_key VARCHAR NOT NULL,         -- cameo_root|sorted actor keys: dedup blocking
        rep_mention_id VARCHAR NOT NULL,    -- the mention whose fields represent the event
        article_id VARCHAR,
        source_text VARCHAR, source_name VARCHAR, source_country VARCHAR, source_sector VARCHAR,
        source_org VARCHAR, source_key VARCHAR,
        target_text VARCHAR, target_name VARCHAR, target_country VARCHAR, target_sector VARCHAR,
        target_org VARCHAR, target_key VARCHAR,
        cameo VARCHAR NOT NULL, cameo_root VARCHAR NOT NULL, plover VARCHAR, quad_class INTEGER,
        goldstein DOUBLE, factuality VARCHAR NOT NULL,
        date VARCHAR, date_precision VARCHAR NOT NULL, date_end VARCHAR, event_day DATE,
        location_name VARCHAR, location_country VARCHAR, location_lat DOUBLE, location_lon DOUBLE,
        evidence_sentence VARCHAR, evidence_trigger VARCHAR,
        reciprocal BOOLEAN NOT NULL,       -- a reciprocal code (A and B met): direction is arbitrary
        confidence DOUBLE,
        n_mentions INTEGER NOT NULL,
        n_articles INTEGER NOT NULL,
        n_sources INTEGER NOT NULL,
        first_reported TIMESTAMP,
        last_reported TIMESTAMP,
        updated_at TIMESTAMP NOT NULL
    )""")
    con.execute("""
    CREATE TABLE actors (
        actor_id VARCHAR PRIMARY KEY,       -- sha1 of key|name|country|sector|org
        key VARCHAR NOT NULL,               -- CONTRACT scoring key: country, else org, else sector, else ?
        name VARCHAR, country VARCHAR, sector VARCHAR, org VARCHAR,
        n_mentions INTEGER NOT NULL, n_source INTEGER NOT NULL, n_target INTEGER NOT NULL,
        first_seen TIMESTAMP, last_seen TIMESTAMP
    )""")
    con.execute("""
    CREATE TABLE failures (
        failure_id VARCHAR PRIMARY KEY,     -- sha1 of path|reason
        path VARCHAR NOT NULL,              -- file path or URL
        reason VARCHAR NOT NULL,
        code VARCHAR,                       -- E100, E300, ...
        n_attempts INTEGER NOT NULL,
        first_failed TIMESTAMP NOT NULL,
        last_failed TIMESTAMP NOT NULL,
        run_id VARCHAR
    )""")
    con.execute("""
    CREATE TABLE ingest_runs (
        run_id VARCHAR PRIMARY KEY,
        started TIMESTAMP NOT NULL,
        finished TIMESTAMP,
        command VARCHAR,
        status VARCHAR NOT NULL,            -- running | done | failed (a killed run stays running)
        articles INTEGER NOT NULL,          -- new articles stored
        skipped INTEGER NOT NULL,           -- already stored (same canonical URL or text)
        events INTEGER NOT NULL,            -- mentions stored
        failures INTEGER NOT NULL
    )""")


def applied(con: Connection) -> list[str]:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = '_detente_migrations'").fetchone()[0]
    if not exists:
        return []
    return [r[0] for r in con.execute("SELECT name FROM _detente_migrations ORDER BY applied_order").fetchall()]


def pending(con: Connection) -> list[str]:
    done = set(applied(con))
    return [name for name, _ in MIGRATIONS if name not in done]


def migrate(con: Connection, *, path: str | None = None) -> list[str]:
    """Run every migration not yet logged; returns the names run."""
    execute(con, """CREATE TABLE IF NOT EXISTS _detente_migrations (
        name VARCHAR PRIMARY KEY, applied_order INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)""", path=path)
    done = set(applied(con))
    ran = []
    for i, (name, fn) in enumerate(MIGRATIONS, start=1):
        if name in done:
            continue
        with transaction(con, path=path):
            fn(con)
            con.execute("INSERT INTO _detente_migrations VALUES (?, ?, now())", [name, i])
        ran.append(name)
    return ran
