"""tests for detente/batch/records.py and the row plumbing of detente/batch/job.py (no spaCy)."""
from __future__ import annotations

import pyarrow as pa
import pytest

from detente.batch import job, records
from detente.models import Actor, Article, Event, Evidence, Location
from detente.pipeline import CodedArticle


def _event(article_id: str, n: int, *, target: bool = True, location: bool = False) -> Event:
    return Event(
        article_id=article_id, event_id=f"{article_id}:{n}",
        source=Actor("Kenya", "Kenya", "KEN", "GOV", None, 0, 5),
        target=Actor("the African Union", "African Union", None, "IGO", "AFU", 12, 29) if target else None,
        cameo="036", cameo_root="03", plover="AGREE", quad_class=1, goldstein=4.0, factuality="planned",
        date="2025-03", date_precision="month", location=Location("Nairobi", "KEN", -1.29, 36.82) if location else None,
        evidence=Evidence("Kenya will host the African Union.", 0, 34, "host", 11, 15),
        attributed_to=None, confidence=0.8125, date_end=None, date_source="published")


@pytest.mark.parametrize("target,location", [(True, True), (False, False)])
def test_records_event_round_trip_through_arrow(target, location):
    ev = _event("a1", 1, target=target, location=location)
    tbl = records.table([records.event_row(ev, "in-1")], records.EVENT_SCHEMA)
    row = tbl.to_pylist()[0]
    assert row["input"] == "in-1"
    assert records.row_event(row).to_dict() == ev.to_dict()


def test_records_article_round_trip_keeps_skip_spans():
    art = Article(id="x", text="Kenya hosted talks. Read more here.", url="https://e.org/x", title="T",
                  published="2025-03-01", source="S", path="/in/x.jsonl", skip_spans=((20, 35),))
    tbl = records.table([records.article_row(art, "k")], records.ARTICLE_SCHEMA)
    assert records.row_article(tbl.to_pylist()[0]) == art


def test_job_split_coded_sends_each_row_to_its_table():
    ok = Article(id="ok", text="Kenya will host the African Union.")
    broken = Article(id="broken", text="x" * 20)
    parsed = [records.parsed_row("k", ok), records.parsed_row("k", broken),
              records.parsed_row("k", records.dead_row("k", "malformed JSON [E100]", where="f.jsonl:3",
                                                       record="{oops"))]

    def code_many(arts):
        for a in arts:
            yield (CodedArticle(a, [_event(a.id, 1), _event(a.id, 2, target=False)]) if a.id == "ok"
                   else CodedArticle(a, [], "could not be parsed: test"))

    coded = records.table(job.code_rows(parsed, code_many), records.CODED_SCHEMA)
    events, articles, dead = job.split_coded(coded)
    assert events.schema == records.EVENT_SCHEMA and articles.schema == records.ARTICLE_SCHEMA
    assert [r["event_id"] for r in events.to_pylist()] == ["ok:1", "ok:2"]
    assert articles.column("id").to_pylist() == ["ok"]
    rows = dead.to_pylist()
    assert [(r["article_id"], r["stage"]) for r in rows] == [("broken", "code"), (None, "read")]
    assert rows[0]["reason"] == "could not be parsed: test" and '"id": "broken"' in rows[0]["record"]
    assert rows[1]["where"] == "f.jsonl:3" and rows[1]["record"] == "{oops"


def test_job_split_coded_empty_batch_keeps_schemas():
    events, articles, dead = job.split_coded(pa.Table.from_pylist([], schema=records.CODED_SCHEMA))
    assert (events.num_rows, articles.num_rows, dead.num_rows) == (0, 0, 0)
    assert events.schema == records.EVENT_SCHEMA
