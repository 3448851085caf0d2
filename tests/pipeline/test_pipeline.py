"""tests for detente/pipeline/__init__.py: `extract`, `Pipeline.code`/`code_many`, dates
against the publication date, and settings from $DETENTE_CONFIG. Sentences written for these tests.
"""
from __future__ import annotations

import pytest

from detente.errors import DataFileError, InputError
from detente.models import Article, Event

pytestmark = pytest.mark.slow

ACCUSE = "Ghana accused Togo on Wednesday of closing the shared border without warning."
VISIT = "The president of Senegal visited Mauritania on Tuesday to discuss fishing rights."
PLAIN = "Ghana's president told Togo's ambassador on Monday that the harvest had been good."


@pytest.fixture(scope="module")
def pipeline(nlp):
    from detente.pipeline import Pipeline

    return Pipeline()


@pytest.fixture
def restore_defaults(monkeypatch):
    """A test that points $DETENTE_CONFIG at its own file leaves the defaults behind it."""
    yield
    monkeypatch.delenv("DETENTE_CONFIG", raising=False)


def _one(events, root):
    found = [e for e in events if e.cameo_root == root]
    assert found, [(e.cameo, e.source and e.source.text, e.evidence.trigger) for e in events]
    return found[0]


# --- extract ------------------------------------------------------------------------------------

def test_pipeline_extract_returns_events(pipeline):
    from detente.pipeline import extract

    events = extract(ACCUSE, published="2026-03-06", article_id="gh-tg")
    assert events and all(isinstance(e, Event) for e in events)
    assert [e.event_id for e in events] == [f"gh-tg:{n}" for n in range(1, len(events) + 1)]
    assert {e.article_id for e in events} == {"gh-tg"}
    accusation = _one(events, "11")
    assert (accusation.source.country, accusation.target.country) == ("GHA", "TGO")
    assert (accusation.date, accusation.date_precision) == ("2026-03-04", "day")  # the Wednesday before
    assert ACCUSE[accusation.source.start:accusation.source.end] == accusation.source.text
    assert [e.article_id for e in extract(VISIT)] and {e.article_id for e in extract(VISIT)} == {"text"}


def test_pipeline_extract_empty_text_raises_input_error(pipeline):
    from detente.pipeline import extract

    with pytest.raises(InputError, match="empty article text"):
        extract("   \n ")


# The documented Python API: `detente.extract(...)` (ARCHITECTURE.md, issue 2).
def test_pipeline_extract_is_the_package_api():
    import detente
    import detente.pipeline

    assert detente.extract is detente.pipeline.extract


# --- code_many ----------------------------------------------------------------------------------

def test_pipeline_code_many_keeps_order_and_isolates_bad_articles(pipeline):
    too_long = "Ghana accused Togo. " * (pipeline.settings.ingest.max_chars // 20 + 1)
    arts = [Article("a", ACCUSE, published="2026-03-06"), Article("empty", "  \n"),
            Article("b", VISIT, published="2026-03-06"), Article("long", too_long),
            Article("c", ACCUSE), Article("blank", "")]
    coded = list(pipeline.code_many(arts, batch_size=2))
    assert [c.article.id for c in coded] == ["a", "empty", "b", "long", "c", "blank"]
    errors = {c.article.id: c.error for c in coded if c.error}
    assert set(errors) == {"empty", "long", "blank"}
    assert "empty article text" in errors["empty"] and "too long" in errors["long"]
    for c in coded:
        if c.error:
            assert c.events == []
        else:
            assert c.events and {e.article_id for e in c.events} == {c.article.id}
    assert [e.to_dict() for e in coded[0].events] == [e.to_dict() for e in pipeline.code(arts[0])]


def test_pipeline_code_raises_for_a_bad_article(pipeline):
    with pytest.raises(InputError) as info:
        pipeline.code(Article("empty", "", path="/data/empty.txt"))
    assert str(info.value).startswith("/data/empty.txt: ")


# --- dates against the publication date ---------------------------------------------------------

def test_pipeline_relative_date_unresolved_without_published(pipeline):
    undated = _one(pipeline.code(Article("x", ACCUSE, published=None)), "11")
    assert (undated.date, undated.date_precision) == (None, "unknown")
    dated = _one(pipeline.code(Article("x", ACCUSE, published="2026-03-06")), "11")
    assert (dated.date, dated.date_precision) == ("2026-03-04", "day")


# --- settings from $DETENTE_CONFIG --------------------------------------------------------------

def test_pipeline_settings_from_detente_config(tmp_path, monkeypatch, restore_defaults):
    from detente.pipeline import Pipeline

    assert not [e for e in Pipeline().code(Article("p", PLAIN)) if e.cameo == "010"]
    user = tmp_path / "detente.toml"
    user.write_text("[coding]\nemit_plain_statements = true\n")
    monkeypatch.setenv("DETENTE_CONFIG", str(user))
    custom = Pipeline()
    assert custom.settings.coding.emit_plain_statements is True
    assert custom.settings.ingest.max_chars == 2_000_000  # keys the file does not set keep their defaults
    statement = _one(custom.code(Article("p", PLAIN)), "01")
    assert statement.cameo == "010" and statement.evidence.trigger == "told"


@pytest.mark.parametrize("toml,message", [
    ("[coding]\nemit_plain_statement = true\n", "unknown setting coding.emit_plain_statement"),
    ("[codng]\nemit_plain_statements = true\n", "unknown settings section [codng]"),
    ("[coding\n", "cannot read settings"),
])
def test_pipeline_bad_detente_config_raises_data_file_error(tmp_path, monkeypatch, restore_defaults, toml, message):
    from detente.pipeline import Pipeline

    user = tmp_path / "detente.toml"
    user.write_text(toml)
    monkeypatch.setenv("DETENTE_CONFIG", str(user))
    with pytest.raises(DataFileError) as info:
        Pipeline()
    assert message in str(info.value) and str(user) in str(info.value)


# $DETENTE_CONFIG is read at each load, so a process that loaded settings once sees a later one.
def test_pipeline_detente_config_read_when_settings_load(tmp_path, monkeypatch, restore_defaults):
    from detente.settings import load_settings

    assert load_settings().coding.emit_plain_statements is False
    user = tmp_path / "detente.toml"
    user.write_text("[coding]\nemit_plain_statements = true\n")
    monkeypatch.setenv("DETENTE_CONFIG", str(user))
    assert load_settings().coding.emit_plain_statements is True


# Each Pipeline owns its Language: building a second one (other settings, other --actors files)
# never changes the first one's coding.
def test_pipeline_instances_are_independent(pipeline, restore_defaults):
    from detente.pipeline import Pipeline
    from detente.settings import CodingSettings, Settings

    first = Pipeline()
    Pipeline(settings=Settings(coding=CodingSettings(emit_plain_statements=True)))
    assert not [e for e in first.code(Article("p", PLAIN)) if e.cameo == "010"]
