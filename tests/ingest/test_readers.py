"""Every reader and every bad input of issue 2; texts written for these tests."""
from __future__ import annotations

import json
import logging

import pytest

from detente.errors import InputError
from detente.ingest import iter_articles, read_html, read_txt
from detente.ingest.dates import normalise_published
from detente.ingest.language import language_problem

BODY = (
    "Ministers from Ruritania and Borduria met in Vantor on Monday to discuss the disputed river border. "
    "The talks ended without an agreement, according to a statement from the Ruritanian foreign ministry. "
    "Borduria's delegation said it would return to the table next month if the army withdrew its patrols.\n"
)

PAGE = """<!doctype html><html><head><title>Border talks stall | Example News</title>
<meta property="article:published_time" content="2026-02-03T08:30:00Z">
<link rel="canonical" href="https://news.example.org/world/border-talks"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Border talks stall</h1>
<p>Ministers from Ruritania and Borduria met in Vantor on Monday to discuss the disputed river border.
The talks ended without an agreement, according to a statement from the Ruritanian foreign ministry.</p>
<p>Borduria's delegation said it would return to the table next month if the army withdrew its patrols
from the east bank, where both sides keep observation posts.</p></article>
<section class="comments"><h3>Comments</h3><p>This comment is spam from a reader and should go.</p></section>
<footer>Copyright 2026 Example News</footer></body></html>"""

FRENCH = ("Les ministres de la Ruritanie et de la Borduria se sont réunis lundi à Vantor pour discuter de la "
          "frontière contestée. Les pourparlers se sont terminés sans accord, selon un communiqué du ministère "
          "des affaires étrangères, et la délégation a dit qu'elle reviendrait le mois prochain.")


def collect(paths, **kw):
    out = list(iter_articles(paths, **kw))
    return [a for a in out if not isinstance(a, InputError)], [e for e in out if isinstance(e, InputError)]


def test_readers_txt(tmp_path):
    p = tmp_path / "border-talks.txt"
    p.write_text("Border talks stall\n" + BODY + "\nRead more: Borduria recalls envoy\n", encoding="utf-8")
    a = read_txt(p)
    assert a.id == "border-talks" and a.title == "Border talks stall" and a.path == str(p)
    assert [a.text[s:e] for s, e in a.skip_spans] == ["Read more: Borduria recalls envoy"]
    assert a.published is None


def test_readers_published_fills_missing_dates_only(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "b.json").write_text(json.dumps({"id": "b", "text": BODY, "published": "3 February 2026"}))
    arts, errs = collect([tmp_path], published="2026-01-10")
    assert not errs
    assert {a.id: a.published for a in arts} == {"a": "2026-01-10", "b": "2026-02-03"}


def test_readers_html_main_text_title_and_date(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(PAGE)
    a = read_html(p)
    assert a.id == "page" and a.title.startswith("Border talks stall")
    assert a.published == "2026-02-03"
    assert "disputed river border" in a.text and "spam" not in a.text and "Home" not in a.text
    assert a.url == "https://news.example.org/world/border-talks"


def test_readers_html_fallback_to_plain_text(tmp_path, caplog, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    p = tmp_path / "page.htm"
    p.write_text(PAGE)
    with caplog.at_level(logging.WARNING, logger="detente.ingest"):
        a = read_html(p)
    assert "disputed river border" in a.text
    assert "plain text extraction" in caplog.text


def test_readers_json_record_list_and_ids(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"id": "x1", "url": "https://e.org/1", "title": "T",
                                                    "published": "2026-01-05T10:00:00+01:00",
                                                    "source": "Example", "text": BODY}))
    (tmp_path / "many.json").write_text(json.dumps([{"text": BODY}, {"id": "m2", "text": BODY}, {"title": "no text"}]))
    (tmp_path / "noid.json").write_text(json.dumps({"text": BODY}))
    arts, errs = collect([tmp_path])
    assert [a.id for a in arts] == ["many-1", "m2", "noid", "x1"]
    x1 = arts[-1]
    assert (x1.url, x1.title, x1.published, x1.source) == ("https://e.org/1", "T", "2026-01-05", "Example")
    assert len(errs) == 1 and "many.json[3]" in str(errs[0]) and '"text"' in str(errs[0])


def test_readers_jsonl_bad_line_names_file_and_line(tmp_path):
    p = tmp_path / "recs.jsonl"
    p.write_text(json.dumps({"id": "r1", "text": BODY}) + "\n{not json\n\n" + json.dumps({"text": BODY}) + "\n")
    arts, errs = collect([p])
    assert [a.id for a in arts] == ["r1", "recs-4"]
    assert len(errs) == 1 and f"{p}:2:" in str(errs[0]) and "malformed JSON" in str(errs[0])


def test_readers_folder_walk_sorted_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(BODY)
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / ".hidden.txt").write_text(BODY)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text(BODY)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    arts, errs = collect([tmp_path])
    assert [a.id for a in arts] == ["a", "z"] and not errs


def test_readers_folder_with_nothing_to_read_is_one_error(tmp_path):
    empty, other = tmp_path / "empty", tmp_path / "other"
    empty.mkdir()
    other.mkdir()
    (other / "notes.pdf").write_bytes(b"%PDF")
    (other / "scan.png").write_bytes(b"\x89PNG")
    (other / ".hidden.txt").write_text(BODY)
    arts, errs = collect([empty, other])
    assert not arts and [e.path for e in errs] == [str(empty), str(other)]
    assert "empty folder" in str(errs[0])
    assert "no supported files (2 other file(s): .pdf, .png;" in str(errs[1]) and "\n" not in str(errs[1])


def test_readers_feed_file(tmp_path):
    p = tmp_path / "world.rss"
    p.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Example World</title>
<item><title>Border talks stall</title><link>https://news.example.org/a?utm_source=rss</link>
<pubDate>Tue, 03 Feb 2026 08:30:00 GMT</pubDate><description>&lt;p&gt;{BODY}&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://news.example.org/b</link></item></channel></rss>""")
    arts, errs = collect([p])
    assert len(arts) == 1 and arts[0].title == "Border talks stall" and arts[0].published == "2026-02-03"
    assert arts[0].source == "Example World" and arts[0].text.startswith("Ministers from Ruritania")
    assert len(errs) == 1 and "no content" in str(errs[0])


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("latin1.txt", ("Le ministre a visité Bangui. " * 3).encode("latin-1"), "not valid UTF-8 text"),
    ("broken.json", b'{"id": "x", "text": "unfinished', "malformed JSON"),
    ("scalar.json", b'"just a string"', "not an article record"),
    ("nothing.html", b"<html><head><script>var x = 1;</script></head><body><div></div></body></html>",
     "no extractable text in HTML"),
    ("french.txt", FRENCH.encode(), "not English (looks like French)"),
    ("russian.txt", ("Министры двух стран встретились в понедельник для переговоров о границе. " * 3).encode(),
     "not English (looks like Cyrillic"),
    ("notes.pdf", b"%PDF-1.4", "unsupported file type"),
    ("page.xml", b"<catalog><book>Not a feed at all</book></catalog>", "not an RSS/Atom feed"),
    ("archive.warc", b"this is not a warc archive\r\n", "not a WARC archive"),
    ("zero.json", b"", "empty file"),
    ("menu.html", b'<html><head><title>Menu</title></head><body><nav><ul><li><a href="/">Home</a></li>'
     b'<li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>'
     b'<footer><a href="/about">About</a></footer></body></html>',
     "no extractable text in HTML (only navigation links)"),
])
def test_readers_bad_input_one_line_reason(tmp_path, name, content, reason):
    p = tmp_path / name
    p.write_bytes(content)
    arts, errs = collect([p, tmp_path / "missing.txt"])
    assert not arts and len(errs) == 2
    msg = str(errs[0])
    assert msg.startswith(str(p)) and reason in msg and "\n" not in msg, msg
    assert "no such file" in str(errs[1])


def test_readers_too_large(tmp_path):
    p = tmp_path / "big.txt"
    with p.open("wb") as fh:
        fh.truncate(52_000_000)
    (errs,) = collect([p])[1]
    assert "too large (52 MB > 10 MB)" in str(errs)
    small = tmp_path / "small.txt"
    small.write_text(BODY)
    from detente.settings import IngestSettings
    assert "too large" in str(collect([small], settings=IngestSettings(max_file_bytes=100))[1][0])


@pytest.mark.parametrize("value,expected", [
    ("2026-01-14", "2026-01-14"), ("2026-01-14T23:10:00Z", "2026-01-14"),
    ("Wed, 14 Jan 2026 10:00:00 GMT", "2026-01-14"), ("14 January 2026", "2026-01-14"),
    ("January 14, 2026", "2026-01-14"), ("not a date", None), ("", None),
])
def test_dates_normalise_published(value, expected):
    assert normalise_published(value) == expected


def test_language_english_passes_short_text_passes():
    assert language_problem(BODY) is None
    assert language_problem("Putin arrives") is None
