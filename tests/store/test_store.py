"""tests for detente/store/store.py with hand-made events (no spaCy)."""
from __future__ import annotations

import json

import pytest

from detente.errors import InputError, StoreError
from detente.models import Article
from detente.store import Store
from detente.store.synthetic import Coded, actor, coded_article, event, place, synthetic_corpus

BANGUI = place("Bangui", "CAF", 4.36, 18.55)


def _meeting(aid: str, sentence: str, src="CAF", tgt="RUS", cameo="040", date="2026-01-14", **kw) -> Coded:
    return coded_article(aid, [event(aid, 0, actor(src), actor(tgt), cameo, sentence, date_=date, location=BANGUI)],
                         **kw)


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "t.duckdb")
    yield s
    s.close()


def _counts(s: Store) -> tuple[int, int, int]:
    st = s.stats()
    return st["articles"], st["mentions"], st["events"]


def test_store_reingest_changes_nothing(store):
    corpus = list(synthetic_corpus(40, 3, seed=1))
    first = store.add(corpus, batch_size=7)
    assert (first.articles, first.events) == (40, 120)
    before = _counts(store)
    dump = store.sql("SELECT * FROM events ORDER BY event_id")
    again = store.add(corpus, batch_size=5)
    assert (again.articles, again.events, again.skipped) == (0, 0, 40)
    assert _counts(store) == before
    assert store.sql("SELECT * FROM events ORDER BY event_id") == dump


def test_store_same_canonical_url_or_text_is_skipped(store):
    store.add([_meeting("a1", "Touadera met Putin's envoy in Bangui.", url="https://www.x.org/news/1?utm_source=rss")])
    st = store.add([
        _meeting("a2", "Something else entirely happened.", url="http://x.org/news/1/"),  # same canonical URL
        coded_article("a3", [], text="  TOUADERA met   Putin's envoy, in Bangui!  "),  # same normalised text
    ])
    assert (st.articles, st.skipped) == (0, 2)
    assert store.has_article(url="https://x.org/news/1#comments")
    assert store.has_article(text="touadera met putin's envoy in bangui")
    assert not store.has_article(url="https://x.org/news/2", text="other text")
    assert not store.has_article()


def test_store_duplicate_within_one_batch(store):
    st = store.add([_meeting("a1", "Same words."), _meeting("a2", "Same  words!")])
    assert (st.articles, st.skipped) == (1, 1)


def test_store_article_id_collision_gets_suffix(store):
    store.add([_meeting("index", "First article text about a meeting.")])
    store.add([_meeting("index", "A different article with the same file name.")])
    ids = sorted(a["article_id"] for a in store.articles())
    assert ids[0] == "index" and ids[1].startswith("index~") and len(ids) == 2


def test_store_failures_and_runs(store):
    run = store.begin_run("detente ingest x")
    bad = Coded(Article(id="b", text="", path="in/b.txt"), [], "empty article")
    st = store.add([bad, InputError("not UTF-8", path="in/c.bin"), _meeting("ok", "A met B.")], run_id=run)
    store.record_failure("https://feed/x", "HTTP 404", code="E400", run_id=run)
    store.finish_run(run)
    assert st.failures == 2 and st.articles == 1
    stats = store.stats()
    reasons = {r["reason"]: r for r in stats["failures_by_reason"]}
    assert set(reasons) == {"empty article", "not UTF-8", "HTTP 404"}
    assert reasons["not UTF-8"]["code"] == "E100"
    (r,) = stats["runs"]
    assert (r["status"], r["articles"], r["failures"], r["events"]) == ("done", 1, 3, 1)
    store.record_failure("https://feed/x", "HTTP 404")
    assert store.stats()["failures"] == 4


def test_store_reciprocal_reports_are_one_event(store):
    store.add([
        _meeting("r1", "CAF President Touadera met Russian envoy in Bangui on Wednesday.", "CAF", "RUS"),
        _meeting("r2", "Russia's envoy held talks with Touadera in Bangui.", "RUS", "CAF", cameo="043",
                 url="https://b.example/2", source="Other Daily"),
    ])
    (ev,) = store.events()
    assert (ev["n_mentions"], ev["n_articles"], ev["n_sources"], ev["reciprocal"]) == (2, 2, 2, True)
    full = store.event(ev["event_id"])
    assert {m["article_id"] for m in full["mentions"]} == {"r1", "r2"}
    assert all(m["evidence"]["sentence"] for m in full["mentions"])


def test_store_incremental_dedup_across_calls(store):
    store.add([_meeting("d1", "Touadera and Putin's envoy met in Bangui.", published="2026-01-14")])
    st = store.add([_meeting("d2", "The envoy met Touadera in Bangui, officials said.", date=None,
                             published="2026-01-15")])
    assert (st.new_events, st.merged) == (0, 1)
    assert store.count_events() == 1
    (ev,) = store.events()
    assert ev["first_reported"].startswith("2026-01-14") and ev["last_reported"].startswith("2026-01-15")
    assert ev["date"] == "2026-01-14"  # the day-precise mention represents the event


def _filter_corpus(store):
    a = "f1"
    evs = [
        event(a, 0, actor("RUS", "MIL", "Russian troops"), actor("UKR"), "190", "Russian troops shelled Kharkiv.",
              "shelled", "2026-02-03", location=place("Kharkiv", "UKR", 49.99, 36.23)),
        event(a, 1, actor("FRA"), actor("MLI"), "163", "France imposed sanctions on Mali.", "imposed", "2026-03"),
        event(a, 2, actor(None, None, org="UNO", name="United Nations"), actor("MLI"), "112",
              "The UN accused Mali's junta of abuses.", "accused", "2026-01-20", factuality="claimed"),
        event(a, 3, actor("CAF"), actor("RUS"), "036", "Touadera invited Putin to visit.", "invited", "2026-01-14",
              factuality="planned"),
    ]
    store.add([coded_article(a, evs, published="2026-03-10")])


@pytest.mark.parametrize("filters, expected", [
    ({}, 4),
    ({"country": "MLI"}, 2),
    ({"country": "mli,ukr"}, 3),
    ({"source_country": "RUS"}, 1),
    ({"target_country": "RUS"}, 1),
    ({"actor": "troops"}, 1),
    ({"actor": "United Nations"}, 1),
    ({"actor": "UNO"}, 1),
    ({"code": "19"}, 1),
    ({"code": "163"}, 1),
    ({"root": "3"}, 1),
    ({"plover": "sanction"}, 1),
    ({"factuality": "claimed"}, 1),
    ({"factuality": "asserted,planned"}, 3),
    ({"date_from": "2026-02-01"}, 2),
    ({"date_to": "2026-01"}, 2),
    ({"date_from": "2026-02", "date_to": "2026-02-28"}, 1),
    ({"text": "sanctions"}, 1),
    ({"text": "100%_' OR 1=1 --"}, 0),
])
def test_store_event_filters(store, filters, expected):
    _filter_corpus(store)
    assert store.count_events(**filters) == expected
    assert len(store.events(**filters)) == expected


def test_store_events_sort_limit_offset_and_bad_args(store):
    _filter_corpus(store)
    days = [e["event_day"] for e in store.events(sort="date")]
    assert days == sorted(days)
    assert len(store.events(limit=2, offset=3)) == 1
    with pytest.raises(StoreError, match="unknown filter"):
        store.events(colour="red")
    with pytest.raises(StoreError, match="unknown sort"):
        store.events(sort="random()")
    with pytest.raises(StoreError, match="not a date"):
        store.count_events(date_from="last week")


def test_store_article_and_articles(store):
    _filter_corpus(store)
    (a,) = store.articles(text="Kharkiv")
    assert a["n_events"] == 4
    full = store.article("f1")
    assert len(full["mentions"]) == 4 and "Kharkiv" in full["text"]
    m = full["mentions"][0]
    assert set(m) >= {"article_id", "event_id", "source", "target", "cameo", "cameo_root", "plover", "quad_class",
                      "goldstein", "factuality", "date", "date_precision", "location", "evidence",
                      "attributed_to", "confidence"}
    assert store.article("nope") is None and store.event("nope") is None
    json.dumps(full)


def test_store_dyad_actors_pairs_network(store):
    store.add(synthetic_corpus(60, 4, seed=3))
    d = store.dyad("RUS", "caf")
    assert d["totals"]["n_events"] == sum(m["n_events"] for m in d["months"])
    assert d["totals"]["n_events"] == store.count_events(country="RUS") - store.sql(
        "SELECT count(*) FROM events WHERE (source_country='RUS' OR target_country='RUS') AND NOT "
        "((source_country='RUS' AND target_country='CAF') OR (source_country='CAF' AND target_country='RUS'))"
    )["rows"][0][0]
    for m in d["months"]:
        assert m["n_events"] == m["quad1"] + m["quad2"] + m["quad3"] + m["quad4"]
    assert len(d["top_events"]) <= 10
    narrow = store.dyad("RUS", "CAF", date_from="2025-03", date_to="2025-04")
    assert all("2025-03" <= m["month"] <= "2025-04" for m in narrow["months"])
    acts = store.actors(5)
    assert len(acts) == 5 and acts[0]["n_events"] >= acts[-1]["n_events"]
    assert all(a["as_source"] + a["as_target"] == a["n_events"] for a in acts)
    pairs = store.pairs(3)
    assert pairs[0]["a"] < pairs[0]["b"] and pairs[0]["a_to_b"] + pairs[0]["b_to_a"] == pairs[0]["n_events"]
    net = store.network(min_weight=2)
    assert net["edges"] and all(e["weight"] >= 2 for e in net["edges"])
    assert {e["source"] for e in net["edges"]} <= {n["id"] for n in net["nodes"]}
    json.dumps([d, acts, pairs, net])


def test_store_sql_is_read_only(store):
    _filter_corpus(store)
    assert store.sql("SELECT count(*) AS n FROM events") == {"columns": ["n"], "rows": [[4]]}
    for bad in ("DELETE FROM events", "DROP TABLE events", "SELECT 1; DELETE FROM events",
                "COPY events TO '/tmp/x.csv'", "ATTACH '/tmp/y.duckdb'", "CREATE TABLE x AS SELECT 1"):
        with pytest.raises(StoreError, match="read-only"):
            store.sql(bad)
    with pytest.raises(StoreError, match="parse"):
        store.sql("SELEKT 1")
    assert store.count_events() == 4


def test_store_read_only_open(tmp_path):
    p = tmp_path / "ro.duckdb"
    with Store(p) as s:
        _filter_corpus(s)
    with Store(p, read_only=True) as ro:
        assert ro.count_events() == 4
        with pytest.raises(StoreError, match="read-only"):
            ro.add([_meeting("x", "y")])
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_store_default_path_from_env(tmp_path, monkeypatch):
    monkeypatch.setenv("DETENTE_DB", str(tmp_path / "env.duckdb"))
    with Store() as s:
        assert s.path == str(tmp_path / "env.duckdb")
    assert (tmp_path / "env.duckdb").exists()
