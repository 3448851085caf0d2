"""tests for detente/store/migrations.py: a blank database migrates to exactly EXPECTED."""
from __future__ import annotations

import duckdb

from detente.store.migrations import MIGRATIONS, applied, migrate

EXPECTED = {
    '_detente_migrations': (
        'name VARCHAR', 'applied_order INTEGER', 'applied_at TIMESTAMP',
    ),
    'actors': (
        'actor_id VARCHAR', 'key VARCHAR', 'name VARCHAR', 'country VARCHAR', 'sector VARCHAR', 'org VARCHAR',
        'n_mentions INTEGER', 'n_source INTEGER', 'n_target INTEGER', 'first_seen TIMESTAMP',
        'last_seen TIMESTAMP',
    ),
    'articles': (
        'article_id VARCHAR', 'url VARCHAR', 'canonical_url VARCHAR', 'title VARCHAR', 'published VARCHAR',
        'published_at TIMESTAMP', 'source VARCHAR', 'path VARCHAR', 'text VARCHAR', 'text_hash VARCHAR',
        'n_events INTEGER', 'ingested_at TIMESTAMP', 'run_id VARCHAR',
    ),
    'event_mentions': (
        'mention_id VARCHAR', 'article_id VARCHAR', 'n INTEGER', 'event_id VARCHAR', 'coder_event_id VARCHAR',
        'source_text VARCHAR', 'source_name VARCHAR', 'source_country VARCHAR', 'source_sector VARCHAR',
        'source_org VARCHAR', 'source_start INTEGER', 'source_end INTEGER', 'source_key VARCHAR',
        'source_actor_id VARCHAR', 'target_text VARCHAR', 'target_name VARCHAR', 'target_country VARCHAR',
        'target_sector VARCHAR', 'target_org VARCHAR', 'target_start INTEGER', 'target_end INTEGER',
        'target_key VARCHAR', 'target_actor_id VARCHAR', 'cameo VARCHAR', 'cameo_root VARCHAR',
        'plover VARCHAR', 'quad_class INTEGER', 'goldstein DOUBLE', 'factuality VARCHAR', 'date VARCHAR',
        'date_precision VARCHAR', 'date_end VARCHAR', 'date_source VARCHAR', 'event_day DATE',
        'location_name VARCHAR', 'location_country VARCHAR', 'location_lat DOUBLE', 'location_lon DOUBLE',
        'evidence_sentence VARCHAR', 'evidence_start INTEGER', 'evidence_end INTEGER',
        'evidence_trigger VARCHAR', 'trigger_start INTEGER', 'trigger_end INTEGER', 'attributed_text VARCHAR',
        'attributed_name VARCHAR', 'attributed_country VARCHAR', 'attributed_sector VARCHAR',
        'attributed_org VARCHAR', 'confidence DOUBLE', 'published_at TIMESTAMP', 'outlet VARCHAR',
        'ingested_at TIMESTAMP',
    ),
    'events': (
        'event_id VARCHAR', 'block_key VARCHAR', 'rep_mention_id VARCHAR', 'article_id VARCHAR',
        'source_text VARCHAR', 'source_name VARCHAR', 'source_country VARCHAR', 'source_sector VARCHAR',
        'source_org VARCHAR', 'source_key VARCHAR', 'target_text VARCHAR', 'target_name VARCHAR',
        'target_country VARCHAR', 'target_sector VARCHAR', 'target_org VARCHAR', 'target_key VARCHAR',
        'cameo VARCHAR', 'cameo_root VARCHAR', 'plover VARCHAR', 'quad_class INTEGER', 'goldstein DOUBLE',
        'factuality VARCHAR', 'date VARCHAR', 'date_precision VARCHAR', 'date_end VARCHAR', 'event_day DATE',
        'location_name VARCHAR', 'location_country VARCHAR', 'location_lat DOUBLE', 'location_lon DOUBLE',
        'evidence_sentence VARCHAR', 'evidence_trigger VARCHAR', 'reciprocal BOOLEAN', 'confidence DOUBLE',
        'n_mentions INTEGER', 'n_articles INTEGER', 'n_sources INTEGER', 'first_reported TIMESTAMP',
        'last_reported TIMESTAMP', 'updated_at TIMESTAMP',
    ),
    'failures': (
        'failure_id VARCHAR', 'path VARCHAR', 'reason VARCHAR', 'code VARCHAR', 'n_attempts INTEGER',
        'first_failed TIMESTAMP', 'last_failed TIMESTAMP', 'run_id VARCHAR',
    ),
    'ingest_runs': (
        'run_id VARCHAR', 'started TIMESTAMP', 'finished TIMESTAMP', 'command VARCHAR', 'status VARCHAR',
        'articles INTEGER', 'skipped INTEGER', 'events INTEGER', 'failures INTEGER',
    ),
}


def _columns(con) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for t, c, ty in con.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                                "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall():
        out.setdefault(t, []).append(f"{c} {ty}")
    return {t: tuple(cs) for t, cs in out.items()}


def test_migrations_blank_database_matches_expected():
    con = duckdb.connect(":memory:")
    ran = migrate(con)
    assert ran == [name for name, _ in MIGRATIONS]
    assert _columns(con) == EXPECTED


def test_migrations_run_once_and_are_logged():
    con = duckdb.connect(":memory:")
    migrate(con)
    assert migrate(con) == []
    assert applied(con) == [name for name, _ in MIGRATIONS]
    assert [n for n, _ in MIGRATIONS][0] == "m001_initial"
    assert all(n.startswith("m") and n[1:4].isdigit() for n, _ in MIGRATIONS)
