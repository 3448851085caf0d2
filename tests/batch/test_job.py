"""tests for detente/batch/job.py (local engine), load.py and cli/batch.py: dead letters,
re-runs that skip complete inputs, and `detente load` into the store (slow: spaCy)."""
from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from detente.batch import inputs
from detente.batch.load import iter_coded, read_dead_letter, read_events

from .conftest import CORPUS

BAD_LINES = [
    json.dumps({"id": "b-ghana-togo", "published": "2025-03-09",
                "text": "Ghana and Togo signed a fishing agreement in Accra on Sunday."}),
    '{"id": "b-broken", "text": "Mali',  # cut short
    json.dumps({"id": "b-no-text", "title": "a record without its text"}),
]


def _cli(*args):
    from detente.cli import app

    r = CliRunner().invoke(app, [str(a) for a in args])
    assert r.exit_code == 0, r.output
    return r.output


@pytest.fixture()
def folder(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(CORPUS, src / "good.jsonl")
    (src / "mixed.jsonl").write_text("\n".join(BAD_LINES) + "\n")
    return src


@pytest.mark.slow
def test_job_local_dead_letter_rerun_and_load(folder, tmp_path, single_process_events):
    out = tmp_path / "out"
    text = _cli("batch", folder, out, "--engine", "local", "--num-cpus", "1", "--batch-size", "4")
    assert "2 input(s) coded, 0 already complete" in text and "2 dead-letter rows" in text

    # the events are the single-process events; the good line of the mixed file is coded too
    events = [e.to_dict() for e in read_events(str(out))]
    assert [e for e in events if e["article_id"] != "b-ghana-togo"] == \
        [e for aid in sorted(single_process_events) for e in single_process_events[aid]]
    dead = sorted(read_dead_letter(str(out)), key=lambda r: r["where"])
    assert [r["where"].rsplit("/", 1)[-1] for r in dead] == ["mixed.jsonl:2", "mixed.jsonl:3"]
    assert dead[0]["record"] == BAD_LINES[1] and "malformed JSON" in dead[0]["reason"]
    assert 'no "text"' in dead[1]["reason"] and dead[1]["stage"] == "read"

    # a re-run skips both inputs; a changed input is redone alone, its old output replaced
    assert "0 input(s) coded, 2 already complete" in _cli("batch", folder, out, "--engine", "local",
                                                          "--num-cpus", "1")
    (folder / "mixed.jsonl").write_text(BAD_LINES[0] + "\n")
    assert "1 input(s) coded, 1 already complete" in _cli("batch", folder, out, "--engine", "local",
                                                          "--num-cpus", "1")
    assert read_dead_letter(str(out)) == []
    assert [e.to_dict() for e in read_events(str(out))] == events
    key = inputs.input_key(str((folder / "mixed.jsonl").resolve()))
    assert inputs.read_manifest(str(out), key)["articles"] == 1

    # load: the store gets every article and event; a second load adds nothing
    db = tmp_path / "b.duckdb"
    coded = list(iter_coded(str(out)))
    assert len(coded) == 6 and sum(len(c.events) for c in coded) == len(events)
    text = _cli("load", out, "--db", db)
    assert "6 new articles" in text and f"{len(events)} event mentions" in text
    assert "0 new articles (6 already stored)" in _cli("load", out, "--db", db)
    from detente.store import Store

    with Store(db, read_only=True) as s:
        art = s.article("b-kenya-aid")
        assert art["text"].startswith("Kenya said it would send food")
