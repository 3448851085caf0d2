"""The event record of ../shared/CONTRACT.md, checked two ways.

1. The JSON Schema shipped with the package (detente/schema/contract_event.schema.json):
   it is a valid draft 2020-12 schema, accepts the contract's own example and the records
   detente builds, and refuses records that break the contract.
2. The real `detente extract --format jsonl` over the bundled examples/: every line validates,
   every offset points at the text it claims, event ids are unique, page furniture is not coded.
"""
from __future__ import annotations

import copy
import json
import re
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from detente.models import ACTOR_FIELDS, CONTRACT_FIELDS, Actor, Event, Evidence, Location

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CONTRACT = ROOT.parent / "shared" / "CONTRACT.md"


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads((resources.files("detente") / "schema" / "contract_event.schema.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def validator(schema) -> Draft202012Validator:
    return Draft202012Validator(schema)


def errors(validator, record) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}" for e in validator.iter_errors(record)]


def sample_record() -> dict:
    text = "Ruritania's foreign minister invited the president of Ghana to Vantor."
    return Event(
        article_id="a1", event_id="a1:1",
        source=Actor("Ruritania's foreign minister", "Ruritania", "RUR", "GOV", None, 0, 28),
        target=Actor("the president of Ghana", "Ghana", "GHA", "GOV", None, 37, 59),
        cameo="036", cameo_root="03", plover="AGREE", quad_class=1, goldstein=4.0, factuality="asserted",
        date="2026-03", date_precision="month", location=Location("Vantor", None, None, None),
        evidence=Evidence(text, 0, len(text), "invited", 29, 36), confidence=0.8,
    ).to_dict()


# --- the schema itself (fast) -------------------------------------------------------------------

def test_contract_schema_is_a_valid_2020_12_schema(schema):
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_contract_schema_requires_the_contract_fields(schema):
    assert set(schema["required"]) == set(CONTRACT_FIELDS)
    assert set(schema["$defs"]["actor"]["required"]) == set(ACTOR_FIELDS)


def test_contract_schema_accepts_the_contract_example(validator):
    if not CONTRACT.exists():
        pytest.skip(f"{CONTRACT} is absent (../shared not laid beside the checkout)")
    block = re.search(r"## One event\s+```json\n(.*?)```", CONTRACT.read_text("utf-8"), re.S)
    assert block, "CONTRACT.md has no '## One event' json block"
    assert errors(validator, json.loads(block.group(1))) == []


def test_contract_schema_accepts_detente_records(validator):
    record = sample_record()
    assert errors(validator, record) == []
    bare = dict(record, target=None, location=None, attributed_to=None, plover=None, date=None,
                date_precision="unknown")
    assert errors(validator, bare) == []
    for date, precision in (("2026", "year"), ("2026-03", "month"), ("2026-03-06", "day")):
        assert errors(validator, dict(record, date=date, date_precision=precision)) == []
    assert errors(validator, dict(record, extra_field="extra fields are welcome")) == []


def _without(key):
    def f(r):
        del r[key]
    return f


def _set(path, value):
    def f(r):
        *parents, last = path.split(".")
        node = r
        for p in parents:
            node = node[p]
        node[last] = value
    return f


BROKEN = {
    **{f"missing {k}": _without(k) for k in CONTRACT_FIELDS},
    "null source": _set("source", None),
    "actor without org": lambda r: r["source"].pop("org"),
    "actor without offsets": lambda r: r["target"].pop("start"),
    "actor with a 2-letter country": _set("source.country", "GH"),
    "negative offset": _set("source.start", -1),
    "cameo as a number": _set("cameo", 36),
    "cameo of one digit": _set("cameo", "3"),
    "cameo of five digits": _set("cameo", "03612"),
    "cameo_root of three digits": _set("cameo_root", "036"),
    "unknown plover type": _set("plover", "EMBRACE"),
    "quad_class 0": _set("quad_class", 0),
    "quad_class 5": _set("quad_class", 5),
    "quad_class as a string": _set("quad_class", "1"),
    "goldstein above 10": _set("goldstein", 10.5),
    "goldstein below -10": _set("goldstein", -11),
    "unknown factuality": _set("factuality", "rumoured"),
    "date in another format": _set("date", "06/03/2026"),
    "date with month 13": _set("date", "2026-13"),
    "date with a time": _set("date", "2026-03-06T10:00:00"),
    "unknown precision": _set("date_precision", "week"),
    "precision longer than the date": _set("date_precision", "day"),
    "unknown precision with a date": _set("date_precision", "unknown"),
    "evidence without trigger": lambda r: r["evidence"].pop("trigger"),
    "evidence without sentence": lambda r: r["evidence"].pop("sentence"),
    "location without coordinates": lambda r: r["location"].pop("lat"),
    "latitude out of range": _set("location.lat", 91.0),
    "confidence above 1": _set("confidence", 1.2),
    "confidence below 0": _set("confidence", -0.1),
}


@pytest.mark.parametrize("breakage", sorted(BROKEN))
def test_contract_schema_refuses_broken_records(validator, breakage):
    record = copy.deepcopy(sample_record())
    BROKEN[breakage](record)
    assert errors(validator, record), f"accepted a record with {breakage}"


# --- the real CLI over examples/ (slow) ---------------------------------------------------------

@pytest.fixture(scope="module")
def pipeline(nlp):
    from detente.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="module")
def articles():
    from detente.errors import InputError
    from detente.ingest import iter_articles

    items = list(iter_articles([EXAMPLES]))
    assert not [i for i in items if isinstance(i, InputError)]
    return {a.id: a for a in items}


@pytest.fixture(scope="module")
def cli_records(pipeline):
    from detente.cli import app

    result = CliRunner().invoke(app, ["extract", "--format", "jsonl", str(EXAMPLES)])
    assert result.exception is None, repr(result.exception)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines, "no events from examples/"
    return [json.loads(line) for line in lines]  # stdout carries JSON lines and nothing else


pytest_slow = pytest.mark.slow


@pytest_slow
def test_contract_every_line_validates(validator, cli_records):
    bad = {r["event_id"]: errors(validator, r) for r in cli_records}
    assert {k: v for k, v in bad.items() if v} == {}


@pytest_slow
def test_contract_codes_agree_with_the_cameo_table(cli_records):
    from detente.coding.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    for r in cli_records:
        code = taxonomy[r["cameo"]]
        assert r["cameo"].startswith(r["cameo_root"]) and r["cameo_root"] == code.root, r["event_id"]
        assert (r["plover"], r["quad_class"], r["goldstein"]) == (code.plover, code.quad_class, code.goldstein), \
            r["event_id"]


@pytest_slow
def test_contract_offsets_point_at_their_text(cli_records, articles):
    for r in cli_records:
        text = articles[r["article_id"]].text
        for role in ("source", "target", "attributed_to"):
            actor = r[role]
            if actor is not None:
                assert text[actor["start"]:actor["end"]] == actor["text"], (r["event_id"], role, actor)
        ev = r["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["sentence"], (r["event_id"], ev)
        assert ev["trigger_start"] is not None and ev["trigger_end"] is not None, r["event_id"]
        assert text[ev["trigger_start"]:ev["trigger_end"]] == ev["trigger"], (r["event_id"], ev)
        assert ev["start"] <= ev["trigger_start"] < ev["trigger_end"] <= ev["end"], (r["event_id"], ev)


@pytest_slow
def test_contract_event_ids_unique_and_per_article(cli_records, articles):
    ids = [r["event_id"] for r in cli_records]
    assert len(ids) == len(set(ids))
    assert all(r["event_id"].startswith(r["article_id"] + ":") for r in cli_records)
    # every example is news with events in it, and every record names an article we read
    assert {r["article_id"] for r in cli_records} == set(articles)


@pytest_slow
def test_contract_no_event_from_page_furniture(cli_records, articles):
    visit = articles["mali-algeria-visit"]
    start = visit.text.index("Read more:")
    end = visit.text.index("\n", start) if "\n" in visit.text[start:] else len(visit.text)
    assert any(s <= start and end <= e for s, e in visit.skip_spans), "the Read more line is not marked furniture"
    for r in cli_records:
        spans = [(r["evidence"]["start"], r["evidence"]["end"])]
        spans += [(r[k]["start"], r[k]["end"]) for k in ("source", "target") if r[k]]
        if r["article_id"] == "mali-algeria-visit":
            assert all(e <= start or s >= end for s, e in spans), r
        assert "Read more" not in r["evidence"]["sentence"], r
        assert "Related stories" not in r["evidence"]["sentence"], r
        assert "Oil prices" not in r["evidence"]["sentence"], r


@pytest_slow
def test_contract_cli_is_the_pipeline(cli_records, pipeline, articles):
    """The CLI is a thin wrapper: its lines are the Pipeline's events, in article order."""
    coded = list(pipeline.code_many(articles.values()))
    assert all(c.error is None for c in coded)
    assert [e.to_dict() for c in coded for e in c.events] == cli_records
