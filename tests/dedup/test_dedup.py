"""tests for detente/dedup: the merge rule, and merge precision/recall on tests/fixtures/dedup_cases.jsonl.

The fixture holds differently worded reports of the same happenings plus look-alikes (the
same two countries meeting a month apart, a different town attacked the same day, the
same accusation eight days later, a planned visit vs the meeting) and a few cases the
rule is known to get wrong (they keep the figures honest).
"""
from __future__ import annotations

import itertools
import json
from datetime import datetime
from pathlib import Path

import pytest

from detente.dedup import cluster, is_symmetric
from detente.dedup.rules import ancestors, date_score, place_score
from detente.models import Location
from detente.store import Store
from detente.store.rows import mention_row
from detente.store.synthetic import actor, coded_article, event

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dedup_cases.jsonl"
PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.75


def _load():
    arts, gold = [], {}
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        evs = []
        for n, e in enumerate(rec["events"]):
            src = actor(e["source"][0], e["source"][1], e["source"][2], e["source"][3])
            tgt = actor(e["target"][0], e["target"][1], e["target"][2], e["target"][3]) if e["target"] else None
            loc = Location(*e["location"]) if e["location"] else None
            evs.append(event(rec["article_id"], n, src, tgt, e["cameo"], e["sentence"], e["trigger"], e["date"],
                             location=loc, factuality=e["factuality"]))
            gold[f"{rec['article_id']}:{n}"] = e["gold"]
        arts.append(coded_article(rec["article_id"], evs, published=rec["published"], url=rec["url"],
                                  source=rec["source"]))
    return arts, gold


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, int, int, int]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_pred, same_gold = pred[a] == pred[b], gold[a] == gold[b]
        tp += same_pred and same_gold
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, tp, fp, fn


def test_dedup_precision_recall_on_fixture(tmp_path, capsys):
    arts, gold = _load()
    with Store(tmp_path / "d.duckdb") as s:
        s.add(arts, batch_size=4)  # several batches: later reports are matched against stored events
        pred = {m: e for m, e in s.sql("SELECT mention_id, event_id FROM event_mentions")["rows"]}
        n_events = s.count_events()
    p, r, tp, fp, fn = pairwise(pred, gold)
    with capsys.disabled():
        print(f"\ndedup on {len(gold)} mentions / {len(set(gold.values()))} happenings -> {n_events} events: "
              f"pairwise precision {p:.3f} recall {r:.3f} (tp {tp}, fp {fp}, fn {fn})")
    assert p >= PRECISION_FLOOR and r >= RECALL_FLOOR


def test_dedup_store_matches_in_memory_clustering(tmp_path):
    """Incremental (batched, through the store) and one-shot clustering agree on this set."""
    arts, gold = _load()
    now = datetime(2026, 6, 1)
    rows = [mention_row(e, c.article, c.article.id, n, now) for c in arts for n, e in enumerate(c.events)]
    mem = cluster(rows)
    with Store(tmp_path / "d.duckdb") as s:
        s.add(arts, batch_size=3)
        stored = dict(s.sql("SELECT mention_id, event_id FROM event_mentions")["rows"])
    assert pairwise(mem, gold)[:2] == pairwise(stored, gold)[:2]


@pytest.mark.parametrize("code, expected", [("040", True), ("043", True), ("061", True), ("057", True),
                                            ("019", True), ("190", True), ("051", False), ("193", False),
                                            ("112", False), ("1823", False)])
def test_dedup_reciprocal_codes(code, expected):
    assert is_symmetric(code) is expected


def test_dedup_code_ancestors():
    assert ancestors("0311") == {"031", "030"}
    assert ancestors("036") == {"030"}
    assert ancestors("030") == set()


def _row(date_=None, prec="unknown", pub="2026-01-10", loc=None):
    r = {"date": date_, "date_precision": prec, "date_end": None,
         "published_at": datetime.fromisoformat(pub) if pub else None}
    if loc:
        r |= {"location_name": loc[0], "location_country": loc[1], "location_lat": loc[2], "location_lon": loc[3]}
    return r


@pytest.mark.parametrize("a, b, ok", [
    (_row("2026-01-10", "day"), _row("2026-01-12", "day"), True),
    (_row("2026-01-10", "day"), _row("2026-01-13", "day"), False),
    (_row("2026-01-31", "day"), _row("2026-01", "month"), True),
    (_row("2026-02-14", "day"), _row("2026-01", "month"), False),
    (_row("2026-07-01", "day"), _row("2026", "year"), True),
    (_row("2025-12-31", "day"), _row("2026", "year"), True),   # day spans tolerate one day
    (_row("2025-06-01", "day"), _row("2026", "year"), False),
    (_row("2026-01-10", "day"), _row(pub="2026-01-16"), True),  # undated report 6 days later
    (_row("2026-01-10", "day"), _row(pub="2026-01-20"), False),
    (_row(pub="2026-01-10"), _row(pub="2026-01-13"), True),
    (_row(pub="2026-01-10"), _row(pub="2026-01-15"), False),
])
def test_dedup_date_windows(a, b, ok):
    assert (date_score(a, b) is not None) is ok
    assert (date_score(b, a) is not None) is ok


@pytest.mark.parametrize("a, b, ok", [
    (("Bangui", "CAF", 4.36, 18.55), ("Bangui", "CAF", 4.36, 18.55), True),
    (("Bangui", "CAF", 4.36, 18.55), ("Central African Republic", "CAF", 6.6, 20.9), True),  # country-level
    (("Maiduguri", "NGA", 11.85, 13.16), ("Damaturu", "NGA", 11.75, 11.96), False),
    (("Kharkiv", "UKR", 49.99, 36.23), ("Kyiv", "RUS", 50.45, 30.52), False),
    (("Kharkiv", "UKR", 49.99, 36.23), None, True),
])
def test_dedup_places(a, b, ok):
    assert (place_score(_row(loc=a), _row(loc=b)) is not None) is ok
