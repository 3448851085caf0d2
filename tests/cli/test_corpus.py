"""tests for detente/cli/corpus.py: every corpus command through CliRunner (no spaCy unless marked slow)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.store import Store
from detente.store.export import gdelt_columns
from detente.store.synthetic import Coded, actor, event, place, synthetic_corpus

runner = CliRunner()


@pytest.fixture
def db(tmp_path) -> Path:
    p = tmp_path / "c.duckdb"
    with Store(p) as s:
        s.add(synthetic_corpus(80, 4, seed=5))
    return p


def run(*args: str, ok: bool = True):
    r = runner.invoke(app, [str(a) for a in args])
    if ok:
        assert r.exit_code == 0, r.output
    return r


def test_corpus_events_filters_and_formats(db):
    lines = run("events", "--db", db, "--country", "RUS", "-n", "5", "-f", "jsonl").stdout.splitlines()
    assert len(lines) == 5
    evs = [json.loads(x) for x in lines]
    assert all("RUS" in (e["source"]["country"], e["target"]["country"]) for e in evs)
    rows = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--root", "19", "-n", "3", "-f", "csv").stdout)))
    assert len(rows) == 3 and all(r["cameo_root"] == "19" for r in rows) and "source_name" in rows[0]
    t = run("events", "--db", db, "--plover", "assault", "--from", "2025-03", "--to", "2025-06", "-f", "table")
    assert "17 of 17 events" in t.stdout or " events" in t.stdout.splitlines()[0]
    assert run("events", "--db", db, "--text", "no such words anywhere", "-f", "jsonl").stdout == ""
    bad = run("events", "--db", db, "--from", "yesterday", ok=False)
    assert bad.exit_code == 2 and "not a date" in bad.output


def test_corpus_dyad_formats_and_plot(db, tmp_path):
    d = json.loads(run("dyad", "RUS", "CAF", "--db", db, "-f", "json").stdout)
    assert d["totals"]["n_events"] == sum(m["n_events"] for m in d["months"]) > 0
    rows = list(csv.DictReader(io.StringIO(run("dyad", "RUS", "CAF", "--db", db, "-f", "csv").stdout)))
    assert [r["month"] for r in rows] == [m["month"] for m in d["months"]]
    png = tmp_path / "t.png"
    out = run("dyad", "RUS", "CAF", "--db", db, "--plot", png, "--from", "2025")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "RUS <-> CAF" in out.stdout and "top events" in out.stdout


def test_corpus_dyad_with_no_events_says_so(db, tmp_path):
    png = tmp_path / "none.png"
    out = run("dyad", "RUS", "CAF", "--db", db, "--plot", png, "--from", "2099")
    assert "0 events" in out.stdout and "Goldstein mean n/a" in out.stdout and "None" not in out.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_corpus_actors(db):
    d = json.loads(run("actors", "--db", db, "-n", "4", "-f", "json").stdout)
    assert len(d["actors"]) == 4 and len(d["pairs"]) == 4
    table = run("actors", "--db", db, "-n", "4").stdout
    assert "most active actors" in table and "most active pairs" in table
    rows = list(csv.DictReader(io.StringIO(run("actors", "--db", db, "-f", "csv").stdout)))
    assert {r["kind"] for r in rows} == {"actor", "pair"}


def test_corpus_sql_read_only(db):
    out = json.loads(run("sql", "SELECT count(*) AS n FROM articles", "--db", db, "-f", "json").stdout)
    assert out == [{"n": 80}]
    r = run("sql", "DROP TABLE events", "--db", db, ok=False)
    assert r.exit_code == 2 and "read-only" in r.output
    assert "n" in run("sql", "SELECT 1 AS n", "--db", db).stdout


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl", "gdelt"])
def test_corpus_export(db, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    r = run("export", "--db", db, "--format", fmt, "--out", out)
    with Store(db, read_only=True) as s:
        n = s.count_events()
    assert f"wrote {n} events" in r.output
    if fmt == "parquet":
        assert pq.read_table(out).num_rows == n
    elif fmt == "csv":
        assert len(list(csv.DictReader(out.open()))) == n
    elif fmt == "jsonl":
        evs = [json.loads(x) for x in out.read_text().splitlines()]
        assert len(evs) == n and all(e["mentions"] and e["mentions"][0]["evidence_sentence"] for e in evs)
        assert sum(len(e["mentions"]) for e in evs) == 320
    else:
        lines = out.read_text().splitlines()
        assert len(lines) == n and all(len(x.split("\t")) == 61 for x in lines)


def test_corpus_export_gdelt_header_matches_published_columns(db, tmp_path):
    cols = gdelt_columns()
    assert len(cols) == 61 and cols[0] == "GLOBALEVENTID" and cols[-1] == "SOURCEURL"
    assert cols[25:35] == ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                           "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    assert cols[35:43] == ["Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
                           "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID"]
    out = tmp_path / "g.tsv"
    run("export", "--db", db, "-f", "gdelt", "-o", out, "--header")
    header, first, *_ = out.read_text().splitlines()
    assert header.split("\t") == cols
    rec = dict(zip(cols, first.split("\t")))
    assert rec["GLOBALEVENTID"].isdigit() and len(rec["SQLDATE"]) == 8 and rec["MonthYear"] == rec["SQLDATE"][:6]
    assert rec["EventRootCode"] == rec["EventCode"][:2] and rec["QuadClass"] in "1234"
    assert rec["SOURCEURL"].startswith("https://") and len(rec["DATEADDED"]) == 14
    assert int(rec["NumMentions"]) >= 1


def test_corpus_missing_db_is_one_line(tmp_path):
    r = run("events", "--db", tmp_path / "none.duckdb", ok=False)
    assert r.exit_code == 2 and "no database at" in r.output and "Traceback" not in r.output


def _fake_coder(actor_files=(), batch_size=32):
    """Stands in for the spaCy pipeline: one Russia-CAF meeting per article that mentions Bangui."""

    def code(arts):
        for a in arts:
            if "unparseable" in a.text:
                yield Coded(a, [], "could not be parsed: test")
                continue
            evs = []
            if "Bangui" in a.text:
                s = a.text.strip().split("\n")[0]
                evs.append(event(a.id, 0, actor("CAF"), actor("RUS"), "040", s, "met", "2026-01-14",
                                 location=place("Bangui", "CAF", 4.36, 18.55)))
            yield Coded(a, evs)

    return code


def test_corpus_ingest_resume_and_failures(tmp_path, monkeypatch):
    import detente.store.ingest as ing

    monkeypatch.setattr(ing, "default_coder", _fake_coder)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Touadera met the Russian envoy in Bangui on Wednesday.\n")
    (src / "b.txt").write_text("The Russian envoy and Touadera held talks in Bangui.\n")
    (src / "c.txt").write_text("Nothing political happened here at all today.\n")
    dbp = tmp_path / "i.duckdb"
    r = run("ingest", src, "--db", dbp, "--published", "2026-01-15", "--no-progress")
    assert "stored 3 articles" in r.output and "2 event mentions -> 1 new events" in r.output
    r = run("ingest", src, "--db", dbp, "--no-progress")
    assert "stored 0 articles (3 already stored)" in r.output
    (src / "d.txt").write_text("this one is unparseable\n")
    r = run("ingest", src, tmp_path / "missing.txt", "--db", dbp, "--no-progress", ok=False)
    assert r.exit_code == 1
    assert "failed" in r.output and "missing.txt" in r.output and "could not be parsed" in r.output
    with Store(dbp, read_only=True) as s:
        st = s.stats()
        assert (st["articles"], st["mentions"], st["events"]) == (3, 2, 1)
        assert {f["reason"] for f in st["failures_by_reason"]} >= {"could not be parsed: test"}
        assert [r["status"] for r in st["runs"]] == ["done", "done", "done"]
        assert st["runs"][0]["failures"] == 2


def test_corpus_ingest_default_db_from_env(tmp_path, monkeypatch):
    import detente.store.ingest as ing

    monkeypatch.setattr(ing, "default_coder", _fake_coder)
    (tmp_path / "a.txt").write_text("Touadera met the Russian envoy in Bangui.\n")
    run("ingest", tmp_path / "a.txt", "--no-progress")
    with Store(read_only=True) as s:  # $DETENTE_DB, set by tests/conftest.py
        assert s.count_events() == 1


@pytest.mark.slow
def test_corpus_ingest_real_pipeline(tmp_path):
    (tmp_path / "car.txt").write_text(
        "BANGUI, Jan 14 - Central African Republic President Faustin-Archange Touadera met Russian "
        "Foreign Minister Sergei Lavrov in Bangui on Wednesday.\n")
    dbp = tmp_path / "real.duckdb"
    r = run("ingest", tmp_path / "car.txt", "--db", dbp, "--published", "2026-01-15", "--no-progress")
    assert "stored 1 articles" in r.output
    with Store(dbp, read_only=True) as s:
        assert s.article("car")["text"].startswith("BANGUI")
