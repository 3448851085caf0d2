"""tests for detente/cli/extract.py: exit codes, bad input, output formats.

Bad input never reaches the coder, so most tests run the real CLI and the real readers with
a fake `Pipeline` (no spaCy model). The few marked `slow` run the real pipeline; the model is
loaded once per session (the `nlp` fixture). Texts are written for these tests.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.models import Actor, Event, Evidence
from detente.pipeline import CodedArticle

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

runner = CliRunner()

GOOD = ("Ghana accused Togo on Wednesday of closing the shared border without warning. "
        "The foreign ministry in Accra said traders had been stranded at the crossing for two days.\n")
FRENCH = ("Le ministre des affaires étrangères du Ghana a rencontré mardi son homologue du Togo à Lomé. "
          "Les deux pays ont promis de rouvrir la frontière commune avant la fin du mois, selon un "
          "communiqué publié par le gouvernement.\n")
SPANISH = ("El gobierno de Chile anunció el lunes que enviará una delegación a Lima para hablar de la "
           "frontière marítima. Los dos países firmaron un acuerdo de pesca en marzo, según un comunicado "
           "del ministerio.\n")


# --- a fake Pipeline: the CLI and the readers are real, coding is not ------------------------------

def _fake_event(article) -> Event:
    first = article.text.split()[0]
    start = article.text.index(first)
    actor = Actor(text=first, name=None, country=None, sector=None, org=None, start=start, end=start + len(first))
    sent_end = article.text.find(".") + 1 or len(article.text)
    return Event(article_id=article.id, event_id=f"{article.id}:1", source=actor, target=None, cameo="010",
                 cameo_root="01", plover=None, quad_class=1, goldstein=0.0, factuality="asserted",
                 date=article.published, date_precision="day" if article.published else "unknown", location=None,
                 evidence=Evidence(sentence=article.text[:sent_end], start=0, end=sent_end, trigger=first))


class FakePipeline:
    """Checks user actor files the way the real one does (the real loader), then codes one
    stand-in event per article."""

    def __init__(self, settings=None, actor_files=()):
        from detente.actors.knowledge import read_records

        for path in actor_files:
            read_records(path)

    def code_many(self, articles, batch_size=32):
        for article in articles:
            yield CodedArticle(article, [_fake_event(article)], None)


@pytest.fixture
def fake_pipeline(monkeypatch):
    monkeypatch.setattr("detente.pipeline.Pipeline", FakePipeline)


def run(*args):
    return runner.invoke(app, ["extract", *[str(a) for a in args]])


def no_traceback(result) -> None:
    """The command ended by its own exit (never an escaped exception) and printed no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def events_of(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def lines_naming(stderr: str, path: Path) -> list[str]:
    """stderr lines naming `path` (followed by ":" or "[": "a.json" is not "a.jsonl")."""
    return [line for line in stderr.splitlines() if f"{path}:" in line or f"{path}[" in line]


# --- bad inputs ---------------------------------------------------------------------------------

def _write_big(path: Path) -> None:
    """A 50 MB file made sparse: a line of text, then a hole; never held in memory."""
    with path.open("wb") as fh:
        fh.write(GOOD.encode())
        fh.truncate(50_000_000)


BAD_INPUTS = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b" \n\n\t\n", "empty file"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary file"),
    "latin1.txt": (("Le ministre a été reçu à Accra. " * 4).encode("latin-1"), "not valid UTF-8"),
    "broken.json": (b'{"id": "broken", "text": "Ghana accused Togo', "malformed JSON"),
    "broken.jsonl": (b'{"id": "b1", "text": "Ghana accused Togo"\n', "malformed JSON"),
    "broken.html": (b"<html><head><title></title><body><div><p></div></span></b><!-- never closed",
                    "no extractable text in HTML"),
    "big.txt": (_write_big, "too large (50 MB > 10 MB)"),
    "french.txt": (FRENCH.encode(), "not English (looks like French)"),
    "spanish.json": (json.dumps({"id": "es", "text": SPANISH}).encode(), "not English (looks like Spanish)"),
    "notes.pdf": (b"%PDF-1.4\n", "unsupported file type"),
}


def _make(tmp_path: Path, name: str) -> tuple[Path, str]:
    content, reason = BAD_INPUTS[name]
    path = tmp_path / name
    if callable(content):
        content(path)
    else:
        path.write_bytes(content)
    return path, reason


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_extract_bad_input_one_line_and_the_batch_goes_on(tmp_path, fake_pipeline, name):
    bad, reason = _make(tmp_path, name)
    first, last = tmp_path / "first.txt", tmp_path / "last.txt"
    first.write_text(GOOD)
    last.write_text(GOOD)
    result = run("--format", "jsonl", first, bad, last)
    no_traceback(result)
    assert result.exit_code == 1, result.stderr
    named = lines_naming(result.stderr, bad)
    assert len(named) == 1, result.stderr
    assert reason in named[0], named[0]
    assert "1 input(s) failed" in result.stderr
    assert [e["article_id"] for e in events_of(result)] == ["first", "last"]


def test_extract_bad_input_whole_folder(tmp_path, fake_pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = [_make(folder, name)[0] for name in BAD_INPUTS if not name.endswith(".pdf")]
    other = _make(folder, "notes.pdf")[0]  # a folder walk passes over files of other types
    (folder / "good.txt").write_text(GOOD)
    (folder / "good.json").write_text(json.dumps({"id": "rec", "published": "2026-03-06", "text": GOOD}))
    missing = tmp_path / "missing.txt"
    result = run("--format", "jsonl", folder, missing)
    no_traceback(result)
    assert result.exit_code == 1
    for path in bad + [missing]:
        assert len(lines_naming(result.stderr, path)) == 1, (path, result.stderr)
    assert not lines_naming(result.stderr, other)
    assert f"{len(bad) + 1} input(s) failed" in result.stderr
    assert sorted(e["article_id"] for e in events_of(result)) == ["good", "rec"]


def test_extract_all_good_exit_0_and_only_json_on_stdout(tmp_path, fake_pipeline):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b1", "text": GOOD}) + "\n"
                                      + json.dumps({"id": "b2", "text": GOOD}) + "\n")
    result = run(tmp_path)  # stdout is not a terminal: jsonl is the default
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert "skipped" not in result.stderr and "failed" not in result.stderr
    assert [e["article_id"] for e in events_of(result)] == ["a", "b1", "b2"]


def test_extract_article_failing_in_the_coder_counts_as_failed(tmp_path, monkeypatch):
    class Failing(FakePipeline):
        def code_many(self, articles, batch_size=32):
            for article in articles:
                error = "could not be parsed: boom" if article.id == "bad" else None
                yield CodedArticle(article, [] if error else [_fake_event(article)], error)

    monkeypatch.setattr("detente.pipeline.Pipeline", Failing)
    (tmp_path / "bad.txt").write_text(GOOD)
    (tmp_path / "good.txt").write_text(GOOD)
    result = run("--format", "jsonl", tmp_path)
    no_traceback(result)
    assert result.exit_code == 1
    assert len(lines_naming(result.stderr, tmp_path / "bad.txt")) == 1
    assert [e["article_id"] for e in events_of(result)] == ["good"]


# --- options ------------------------------------------------------------------------------------

@pytest.mark.parametrize("yaml_text,reason", [
    ("people:\n  - name: Ama Mensah\n    country: [GHA\n", "not valid YAML"),
    ("- just\n- a list\n", "expected a mapping"),
    ("spies:\n  - name: Nobody\n", "unknown section"),
])
def test_extract_broken_actor_file_exit_2(tmp_path, fake_pipeline, yaml_text, reason):
    actors = tmp_path / "my_actors.yaml"
    actors.write_text(yaml_text)
    (tmp_path / "a.txt").write_text(GOOD)
    result = run("--format", "jsonl", "--actors", actors, tmp_path / "a.txt")
    no_traceback(result)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    said = result.stderr
    assert str(actors) in said and reason in said and "[E200]" in said, result.stderr


def test_extract_broken_actor_file_one_line(tmp_path, fake_pipeline):
    actors = tmp_path / "my_actors.yaml"
    actors.write_text("spies:\n  - name: Nobody\n")
    (tmp_path / "a.txt").write_text(GOOD)
    result = run("--format", "jsonl", "--actors", actors, tmp_path / "a.txt")
    assert result.exit_code == 2
    named = lines_naming(result.stderr, actors)
    assert len(named) == 1 and "unknown section" in named[0] and "[E200]" in named[0], result.stderr


def test_extract_missing_actor_file_exit_2(tmp_path, fake_pipeline):
    (tmp_path / "a.txt").write_text(GOOD)
    result = run("--actors", tmp_path / "nope.yaml", tmp_path / "a.txt")
    no_traceback(result)
    assert result.exit_code == 2 and "cannot read actor file" in result.stderr


@pytest.mark.parametrize("value", ["yesterday", "2026-13-40", "14/14/2026"])
def test_extract_bad_published_is_a_usage_error(tmp_path, fake_pipeline, value):
    (tmp_path / "a.txt").write_text(GOOD)
    result = run("--published", value, tmp_path / "a.txt")
    assert result.exit_code == 2
    assert "not a date" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_extract_published_fills_articles_without_a_date(tmp_path, fake_pipeline):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.json").write_text(json.dumps({"id": "b", "published": "2025-11-02", "text": GOOD}))
    result = run("--format", "jsonl", "--published", "2026-03-06", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert {e["article_id"]: e["date"] for e in events_of(result)} == {"a": "2026-03-06", "b": "2025-11-02"}


def test_extract_format_table(tmp_path, fake_pipeline):
    (tmp_path / "a.txt").write_text(GOOD)
    result = run("--format", "table", tmp_path / "a.txt")
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert "a: 1 events" in result.stdout  # one table per article, titled by its id
    for column in ("source", "event", "target", "factuality", "date", "trigger"):
        assert column in result.stdout
    assert "Ghana" in result.stdout and "{" not in result.stdout


def test_extract_unknown_format_is_a_usage_error(tmp_path, fake_pipeline):
    (tmp_path / "a.txt").write_text(GOOD)
    result = run("--format", "xml", tmp_path / "a.txt")
    assert result.exit_code == 2 and result.stdout == ""


def test_extract_no_path_is_a_usage_error(fake_pipeline):
    assert run().exit_code == 2


# Input names are printed verbatim: a bracket in a path or a record's location ("feed.xml[entry 2]",
# "a[/b].txt") must not be read as Rich markup.
@pytest.mark.parametrize("case", ["bracket-path", "feed-entry"])
def test_extract_input_names_with_brackets_kept_verbatim(tmp_path, fake_pipeline, case):
    if case == "bracket-path":
        (tmp_path / "a[").mkdir()
        bad = tmp_path / "a[" / "b].txt"
        bad.write_text("")
        expected = str(bad)
    else:
        bad = tmp_path / "feed.xml"
        bad.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                       "<item><title>No body</title></item></channel></rss>")
        expected = f"{bad}[entry 1]"
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    result = run("--format", "jsonl", bad, good)
    no_traceback(result)
    assert result.exit_code == 1
    assert len([line for line in result.stderr.splitlines() if expected in line]) == 1, result.stderr
    assert [e["article_id"] for e in events_of(result)] == ["good"]


# --- the real pipeline --------------------------------------------------------------------------

@pytest.fixture
def real_pipeline(nlp):
    """The real Pipeline (model from the session fixture). Afterwards a default Pipeline is built
    again: Pipeline() re-adds its components to the shared cached Language, and one that failed
    half-way (a broken actor file) leaves that Language without them."""
    yield
    from detente.pipeline import Pipeline

    Pipeline()


@pytest.mark.slow
def test_extract_real_pipeline_codes_good_files_beside_bad_ones(tmp_path, real_pipeline):
    bad, _ = _make(tmp_path, "broken.json")
    empty, _ = _make(tmp_path, "empty.txt")
    result = run("--format", "jsonl", EXAMPLES / "kenya-uganda-dispute.txt", bad, empty,
                 EXAMPLES / "sudan-attack.json")
    no_traceback(result)
    assert result.exit_code == 1
    assert len(lines_naming(result.stderr, bad)) == 1 and len(lines_naming(result.stderr, empty)) == 1
    events = events_of(result)
    assert {e["article_id"] for e in events} == {"kenya-uganda-dispute", "sudan-attack"}
    assert any(e["cameo_root"] == "11" and e["target"] and e["target"]["country"] == "UGA" for e in events)


@pytest.mark.slow
def test_extract_real_pipeline_table_and_broken_actor_file(tmp_path, real_pipeline):
    table = run("--format", "table", EXAMPLES / "sudan-attack.json")
    no_traceback(table)
    assert table.exit_code == 0, table.stderr
    assert " events" in table.stdout and "factuality" in table.stdout and "{" not in table.stdout
    actors = tmp_path / "actors.yaml"
    actors.write_text("orgs:\n  - org: XYZ\n    name: [unclosed\n")
    broken = run("--format", "jsonl", "--actors", actors, EXAMPLES / "sudan-attack.json")
    no_traceback(broken)
    assert broken.exit_code == 2 and broken.stdout == ""
    assert str(actors) in " ".join(broken.stderr.split()), broken.stderr
