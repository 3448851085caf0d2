"""Bad input for the store: corrupted and locked files, a full disk, a second writer, a killed ingest."""
from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from detente.errors import StoreError
from detente.store import Store
from detente.store.synthetic import synthetic_corpus

PY = sys.executable


def consistency(path) -> dict:
    """Invariants that a half-written batch would break."""
    con = duckdb.connect(str(path), read_only=True)
    q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    out = {
        "articles": q("SELECT count(*) FROM articles"),
        "mentions": q("SELECT count(*) FROM event_mentions"),
        "events": q("SELECT count(*) FROM events"),
        "orphan_mentions": q("SELECT count(*) FROM event_mentions m ANTI JOIN articles a USING (article_id)"),
        "mentions_without_event": q("SELECT count(*) FROM event_mentions m ANTI JOIN events e USING (event_id)"),
        "events_without_mentions": q("SELECT count(*) FROM events e ANTI JOIN event_mentions m USING (event_id)"),
        "bad_article_counts": q("SELECT count(*) FROM articles a WHERE n_events <> "
                                "(SELECT count(*) FROM event_mentions m WHERE m.article_id = a.article_id)"),
        "bad_event_counts": q("SELECT count(*) FROM events e WHERE n_mentions <> "
                              "(SELECT count(*) FROM event_mentions m WHERE m.event_id = e.event_id)"),
        "bad_actor_counts": q("SELECT count(*) FROM actors a WHERE n_mentions <> "
                              "(SELECT count(*) FROM event_mentions m WHERE m.source_actor_id = a.actor_id) + "
                              "(SELECT count(*) FROM event_mentions m WHERE m.target_actor_id = a.actor_id)"),
    }
    con.close()
    for k in ("orphan_mentions", "mentions_without_event", "events_without_mentions", "bad_article_counts",
              "bad_event_counts", "bad_actor_counts"):
        assert out[k] == 0, (k, out)
    return out


def snapshot(path) -> list:
    con = duckdb.connect(str(path), read_only=True)
    rows = con.execute("SELECT * EXCLUDE (updated_at, first_reported, last_reported) FROM events "
                       "ORDER BY event_id").fetchall()
    con.close()
    return rows


def test_robustness_corrupted_file(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 500)
    with pytest.raises(StoreError, match="corrupted or not a DuckDB file"):
        Store(bad)
    good = tmp_path / "good.duckdb"
    with Store(good) as s:
        s.add(synthetic_corpus(30, 3))
        s._con.execute("CHECKPOINT")
    data = good.read_bytes()
    trunc = tmp_path / "trunc.duckdb"
    trunc.write_bytes(data[: len(data) // 3])
    with pytest.raises(StoreError) as exc:
        Store(trunc, read_only=True).count_events()
    assert "corrupted" in str(exc.value) and "\n" not in str(exc.value)


HOLD = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("READY", flush=True)
    time.sleep(60)
""")


@pytest.fixture
def locked_db(tmp_path):
    p = tmp_path / "locked.duckdb"
    with Store(p) as s:
        s.add(synthetic_corpus(5, 2))
    proc = subprocess.Popen([PY, "-c", HOLD, str(p)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "READY"
    yield p
    proc.kill()
    proc.wait()


def test_robustness_locked_by_another_process(locked_db):
    with pytest.raises(StoreError, match=r"locked by another process \(PID \d+\)"):
        Store(locked_db)
    with pytest.raises(StoreError, match="locked by another process"):
        Store(locked_db, read_only=True)


def test_robustness_second_writer_cli_message(locked_db):
    from typer.testing import CliRunner

    from detente.cli import app

    r = CliRunner().invoke(app, ["events", "--db", str(locked_db), "-f", "jsonl"])
    assert r.exit_code == 2
    assert "locked by another process" in r.output and "Traceback" not in r.output


def test_robustness_disk_full_rolls_back(tmp_path, monkeypatch):
    p = tmp_path / "full.duckdb"
    s = Store(p)
    s.add(synthetic_corpus(20, 3, seed=1))
    counts = (s.stats()["articles"], s.stats()["mentions"], s.stats()["events"])
    real = Store._insert

    def full_disk(self, con, table, rows, conflict="DO NOTHING"):
        if table == "event_mentions":  # after the articles of the batch went in
            raise duckdb.IOException("IO Error: Could not write file \"full.duckdb.wal\": No space left on device")
        return real(self, con, table, rows, conflict)

    monkeypatch.setattr(Store, "_insert", full_disk)
    more = list(synthetic_corpus(10, 3, seed=2))
    with pytest.raises(StoreError, match="no space left on the device") as exc:
        s.add(more)
    assert "\n" not in str(exc.value)
    assert (s.stats()["articles"], s.stats()["mentions"], s.stats()["events"]) == counts
    monkeypatch.setattr(Store, "_insert", real)
    st = s.add(more)
    assert st.articles == 10
    s.close()
    consistency(p)


KILLABLE = textwrap.dedent("""
    import sys, time
    from detente.store import Store
    from detente.store.synthetic import synthetic_corpus
    path, n, hang_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    s = Store(path)
    def items():
        for i, c in enumerate(synthetic_corpus(n, 3, seed=7)):
            if i == hang_at:
                print("HANGING", flush=True)
                time.sleep(60)
            yield c
    s.add(items(), batch_size=16)
    print("DONE", flush=True)
""")


def _clean_run(tmp_path, n) -> list:
    p = tmp_path / "clean.duckdb"
    with Store(p) as s:
        s.add(synthetic_corpus(n, 3, seed=7), batch_size=16)
    return snapshot(p)


def test_robustness_killed_mid_batch_then_resume(tmp_path):
    n = 120
    p = tmp_path / "killed.duckdb"
    proc = subprocess.Popen([PY, "-c", KILLABLE, str(p), str(n), "40"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "HANGING"  # batches 0-1 (32 articles) committed, batch 2 half-built
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    c = consistency(p)
    assert c["articles"] == 32 and c["mentions"] == 96
    with Store(p) as s:
        st = s.add(synthetic_corpus(n, 3, seed=7), batch_size=16)
        assert (st.skipped, st.articles) == (32, n - 32)
    c = consistency(p)
    assert (c["articles"], c["mentions"]) == (n, 3 * n)
    assert snapshot(p) == _clean_run(tmp_path, n)  # the same events as an uninterrupted run


def test_robustness_killed_at_random_moments(tmp_path):
    """SIGKILL while batches are being written, several times: always consistent; a re-run completes."""
    n = 1500
    p = tmp_path / "random.duckdb"
    seen = []
    for delay in (0.9, 1.2, 1.5):
        proc = subprocess.Popen([PY, "-c", KILLABLE, str(p), str(n), str(n + 1)], stdout=subprocess.PIPE,
                                text=True)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if p.exists():
            seen.append(consistency(p)["articles"])
    assert any(0 < k < n for k in seen), seen  # at least one kill landed mid-ingest
    with Store(p) as s:
        s.add(synthetic_corpus(n, 3, seed=7), batch_size=16)
    c = consistency(p)
    assert (c["articles"], c["mentions"]) == (n, 3 * n)
    assert snapshot(p) == _clean_run(tmp_path, n)
