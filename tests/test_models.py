"""tests for detente/models.py: the records' shapes are the CONTRACT.md shapes whatever is unknown."""
from __future__ import annotations

import dataclasses
import json
from importlib import resources

import pytest

from detente.models import (ACTOR_FIELDS, CONTRACT_FIELDS, FACTUALITIES, Actor, Article, Event, Evidence, Location,
                            event_from_dict)

TEXT = "Ruritania's foreign minister invited the president of Ghana to Vantor on Monday."


def actor(text="Ruritania's foreign minister", country="RUR", sector="GOV", org=None, start=0, end=28):
    return Actor(text=text, name="Ruritania", country=country, sector=sector, org=org, start=start, end=end)


def full_event() -> Event:
    return Event(article_id="a1", event_id="a1:1", source=actor(),
                 target=Actor("the president of Ghana", "Ghana", "GHA", "GOV", None, 37, 59),
                 cameo="036", cameo_root="03", plover="AGREE", quad_class=1, goldstein=4.0, factuality="asserted",
                 date="2026-03-02", date_precision="day", location=Location("Vantor", "RUR", 1.5, 2.25, 63, 69),
                 evidence=Evidence(TEXT, 0, len(TEXT), "invited", 29, 36),
                 attributed_to=actor(), confidence=0.83333, date_end="2026-03-02", date_source="relative")


def bare_event() -> Event:
    return Event(article_id="a1", event_id="a1:2", source=actor(), target=None, cameo="010", cameo_root="01",
                 plover=None, quad_class=None, goldstein=None, factuality="asserted", date=None,
                 date_precision="unknown", location=None, evidence=Evidence(TEXT, 0, len(TEXT), "invited"))


def test_models_event_dict_has_every_contract_field_whatever_is_unknown():
    full, bare = full_event().to_dict(), bare_event().to_dict()
    assert set(CONTRACT_FIELDS) <= set(full)
    assert list(full) == list(bare)  # the shape never changes
    assert [k for k in CONTRACT_FIELDS if bare[k] is None] == [
        "target", "plover", "quad_class", "goldstein", "date", "location", "attributed_to"]
    assert list(full["source"]) == list(ACTOR_FIELDS) == list(full["target"])
    assert list(full["location"]) == ["name", "country", "lat", "lon"]
    assert {"sentence", "start", "end", "trigger"} <= set(full["evidence"])
    json.dumps(full)  # plain JSON types only


def test_models_confidence_rounded():
    assert full_event().to_dict()["confidence"] == 0.833


@pytest.mark.parametrize("make", [full_event, bare_event])
def test_models_event_from_dict_round_trip(make):
    d = make().to_dict()
    assert event_from_dict(d).to_dict() == d
    assert event_from_dict(json.loads(json.dumps(d))).to_dict() == d


def test_models_records_are_frozen():
    ev = full_event()
    with pytest.raises(dataclasses.FrozenInstanceError):
        ev.cameo = "040"
    with pytest.raises(dataclasses.FrozenInstanceError):
        ev.source.start = 3


@pytest.mark.parametrize("country,org,sector,key", [
    ("RUS", "WAGNER", "MIL", "RUS"), (None, "UNO", "IGO", "UNO"), (None, None, "HRI", "HRI"), (None, None, None, "?"),
])
def test_models_actor_key_is_the_scoring_key(country, org, sector, key):
    assert actor(country=country, org=org, sector=sector).key == key


def test_models_article_dict_is_the_article_record():
    art = Article(id="x", text="Some text.", path="/tmp/x.txt", skip_spans=((0, 4),))
    assert list(art.to_dict()) == ["id", "url", "title", "published", "source", "text"]


def test_models_vocabularies_match_the_schema():
    schema = json.loads((resources.files("detente") / "schema" / "contract_event.schema.json").read_text("utf-8"))
    assert tuple(schema["properties"]["factuality"]["enum"]) == FACTUALITIES
    assert set(schema["properties"]["date_precision"]["enum"]) == {"year", "month", "day", "unknown"}
