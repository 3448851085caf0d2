"""tests for detente/batch/inputs.py: finding, fingerprinting and reading inputs (no spaCy)."""
from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from detente.batch import inputs
from detente.errors import InputError

GOOD = {"id": "g1", "published": "2025-02-01", "text": "Ghana and Togo signed a fishing agreement in Accra."}


def test_inputs_list_walks_folders_and_skips_hidden_and_other_types(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text("")
    (tmp_path / "a.parquet").write_bytes(b"")
    (tmp_path / ".hidden.jsonl").write_text("")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    found = inputs.list_inputs(str(tmp_path))
    assert [p.rsplit("/", 1)[-1] for p in found] == ["a.parquet", "b.jsonl"]
    with pytest.raises(InputError):
        inputs.list_inputs(str(tmp_path / "missing"))


def test_inputs_key_is_stable_and_safe():
    k = inputs.input_key("s3://bucket/news 2025/day=1.jsonl")
    assert k == inputs.input_key("s3://bucket/news 2025/day=1.jsonl")
    assert k.startswith("day_1.jsonl-") and "/" not in k and " " not in k


def test_inputs_parse_file_sends_bad_lines_to_dead_letter(tmp_path):
    data = "\n".join([json.dumps(GOOD), "{not json", json.dumps({"id": "t", "title": "no text"})]).encode()
    rows = inputs.parse_file("s3://b/day.jsonl", data, "k")
    good = [r for r in rows if r["reason"] is None]
    bad = [r for r in rows if r["reason"] is not None]
    assert [r["id"] for r in good] == ["g1"] and good[0]["path"] == "s3://b/day.jsonl"
    assert good[0]["published"] == "2025-02-01"
    assert [r["where"] for r in bad] == ["s3://b/day.jsonl:2", "s3://b/day.jsonl:3"]
    assert bad[0]["record"] == "{not json" and "malformed JSON" in bad[0]["reason"]


def test_inputs_parquet_rows_fill_missing_ids_from_the_text(tmp_path):
    path = tmp_path / "arts.parquet"
    pq.write_table(pa.Table.from_pylist([GOOD, {"id": None, "text": GOOD["text"] + " Talks went on."},
                                         {"id": "empty", "text": None}]), path)
    inp = inputs.describe(str(path))
    rows = inputs.read_input(inp)
    assert rows[0]["id"] == "g1"
    assert rows[1]["id"].startswith("p") and len(rows[1]["id"]) == 16
    assert rows[2]["reason"].startswith('article record has no "text"')


def test_inputs_manifest_marks_an_input_complete_until_it_changes(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(GOOD) + "\n")
    out = str(tmp_path / "out")
    inp = inputs.describe(str(src))
    assert not inputs.is_complete(out, inp)
    inputs.write_manifest(out, inp, {"articles": 1, "events": 0, "dead": 0}, engine="local")
    assert inputs.is_complete(out, inp)
    src.write_text(json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "id": "g2"}) + "\n")
    assert not inputs.is_complete(out, inputs.describe(str(src)))
    inputs.clear_partial(out, inp.key)
    assert inputs.read_manifest(out, inp.key) is None
