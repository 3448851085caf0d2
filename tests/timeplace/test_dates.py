"""detente.timeplace.dates: publication dates, datelines and event dates.

Every sentence here was written for these tests. Publication day: Wednesday 19 February 2025.
"""
from __future__ import annotations

from datetime import date

import pytest

from detente.timeplace.dates import find_dateline, parse_published, resolve_event_date
from detente.timeplace.expressions import find_expressions, resolve

PUB = date(2025, 2, 19)  # a Wednesday


# -- parse_published ------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2025-02-17", date(2025, 2, 17)),
    ("2025-02-17T23:10:00Z", date(2025, 2, 17)),
    ("2025-02-17T10:00:00+01:00", date(2025, 2, 17)),
    ("Mon, 17 Feb 2025 10:00:00 GMT", date(2025, 2, 17)),
    ("17 February 2025", date(2025, 2, 17)),
    ("Feb. 17, 2025", date(2025, 2, 17)),
    ("17/02/2025", date(2025, 2, 17)),
    ("garbage", None),
    ("yesterday", None),  # relative words would be read against today
    ("", None),
    (None, None),
    ("2025-02-30", None),
    ("February 30, 2025", None),
])
def test_dates_parse_published(value, expected):
    assert parse_published(value) == expected


# -- find_dateline --------------------------------------------------------------------------

@pytest.mark.parametrize("text, place, when, rest", [
    ("BAMAKO, Feb 17 (Reuters) - Soldiers patrolled the city.", "BAMAKO", date(2025, 2, 17), "Soldiers"),
    ("NIAMEY, Niger — The council met.", "NIAMEY", None, "The council"),
    ("Kyiv, 3 March 2025 (AFP) – Drones flew overnight.", "Kyiv", date(2025, 3, 3), "Drones"),
    ("Kyiv, March 3, 2025 - Drones flew overnight.", "Kyiv", date(2025, 3, 3), "Drones"),
    ("WASHINGTON (Reuters) - The envoy left.", "WASHINGTON", None, "The envoy"),
    ("ADDIS ABABA, Ethiopia, Feb. 30 (AP) — The summit opened.", "ADDIS ABABA", None, "The summit"),
])
def test_dates_find_dateline(text, place, when, rest):
    dl = find_dateline(text, published=PUB)
    assert dl is not None
    assert dl.place == place
    assert text[dl.place_start:dl.place_end] == place
    assert dl.date == when
    assert text[dl.end:].startswith(rest)


def test_dates_dateline_without_year_needs_publication():
    dl = find_dateline("BAMAKO, Feb 17 (Reuters) - Soldiers patrolled.")
    assert dl is not None and dl.place == "BAMAKO" and dl.date is None


@pytest.mark.parametrize("text", [
    "Russia — which denies it — says otherwise.",
    "The talks, held in secret - or so they said - failed.",
    "Soldiers patrolled the city on Monday.",
    "",
    "BAMAKO\n, Feb 17 - split over two lines",
])
def test_dates_no_dateline(text):
    assert find_dateline(text) is None


def test_dates_dateline_only_first_line():
    assert find_dateline("Soldiers patrolled.\nGAO, Mali - second line") is None


# -- time expressions without a parse -------------------------------------------------------

def _one(text, published=PUB, future=False):
    exprs = find_expressions(text)
    assert exprs, text
    return resolve(exprs[0], text, published, future)


@pytest.mark.parametrize("text, value, precision, end, source", [
    ("on 17 February 2025", "2025-02-17", "day", None, "explicit"),
    ("on Feb. 17, 2025", "2025-02-17", "day", None, "explicit"),
    ("on 2025-02-17", "2025-02-17", "day", None, "explicit"),
    ("on 17/02/2025", "2025-02-17", "day", None, "explicit"),
    ("on 02/17/2025", "2025-02-17", "day", None, "explicit"),
    ("on Feb. 17", "2025-02-17", "day", None, "explicit"),
    ("on 20 March", "2024-03-20", "day", None, "explicit"),  # past tense: the latest one
    ("in March 2023", "2023-03", "month", None, "explicit"),
    ("in March", "2024-03", "month", None, "relative"),
    ("in February", "2025-02", "month", None, "relative"),
    ("in 2023", "2023", "year", None, "explicit"),
    ("in late 2023", "2023", "year", None, "explicit"),
    ("since 2018", "2018", "year", None, "since"),
    ("since March 2020", "2020-03", "month", None, "since"),
    ("in 2020-2021", "2020", "year", "2021", "range"),
    ("in 2020–2021", "2020", "year", "2021", "range"),
    ("between 2019 and 2022", "2019", "year", "2022", "range"),
    ("from 2014 to 2016", "2014", "year", "2016", "range"),
    ("yesterday", "2025-02-18", "day", None, "relative"),
    ("today", "2025-02-19", "day", None, "relative"),
    ("last night", "2025-02-18", "day", None, "relative"),
    ("last week", "2025-02", "month", None, "relative"),
    ("earlier this month", "2025-02", "month", None, "relative"),
    ("last month", "2025-01", "month", None, "relative"),
    ("last year", "2024", "year", None, "relative"),
    ("earlier this year", "2025", "year", None, "relative"),
    ("two years ago", "2023", "year", None, "relative"),
    ("a decade ago", "2015", "year", None, "relative"),
    ("three days ago", "2025-02-16", "day", None, "relative"),
    ("six months ago", "2024-08", "month", None, "relative"),
    ("on Wednesday", "2025-02-19", "day", None, "weekday"),  # publication day itself
    ("on Monday", "2025-02-17", "day", None, "weekday"),
    ("on Thursday", "2025-02-13", "day", None, "weekday"),
    ("last Wednesday", "2025-02-12", "day", None, "weekday"),
])
def test_dates_expressions_resolve(text, value, precision, end, source):
    res = _one(text)
    assert (res.date, res.precision, res.date_end, res.source) == (value, precision, end, source)


def test_dates_week_across_months_is_a_day_range():
    res = _one("last week", published=date(2025, 3, 5))  # week of 24 Feb - 2 Mar
    assert (res.date, res.precision, res.date_end) == ("2025-02-24", "day", "2025-03-02")


@pytest.mark.parametrize("text, value", [
    ("on Friday", "2025-02-21"),
    ("on Wednesday", "2025-02-26"),
    ("in March", "2025-03"),
    ("in January", "2026-01"),
    ("on 20 March", "2025-03-20"),
])
def test_dates_future_tense_looks_ahead(text, value):
    assert _one(text, future=True).date == value


@pytest.mark.parametrize("text", ["yesterday", "on Monday", "last week", "in March", "two years ago", "on Feb. 17"])
def test_dates_relative_without_publication_stays_unknown(text):
    res = _one(text, published=None)
    assert res.date is None and res.precision == "unknown"


@pytest.mark.parametrize("text", ["on February 30", "on 30 February 2025", "on 2025-02-30", "on 31/04/2024",
                                  "in 2021-2019"])
def test_dates_impossible_dates_are_not_dates(text):
    exprs = find_expressions(text)
    assert all(resolve(e, text, PUB, False) is None for e in exprs)


@pytest.mark.parametrize("text", ["they may go", "the march ended", "a decade", "5,000 troops", "in 1,200 villages"])
def test_dates_non_dates_are_ignored(text):
    assert not find_expressions(text)


# -- resolve_event_date on parsed sentences --------------------------------------------------

EVENT_CASES = [
    # sentence, trigger, date, precision, date_end, source
    ("Protesters gathered in the capital on Wednesday.", "gathered", "2025-02-19", "day", None, "weekday"),
    ("Officials said on Monday that rebels attacked the base last week.", "attacked", "2025-02", "month", None,
     "relative"),
    ("Officials said on Monday that rebels attacked the base last week.", "said", "2025-02-17", "day", None,
     "weekday"),
    ("The two leaders will meet on Friday.", "meet", "2025-02-21", "day", None, "weekday"),
    ("Rebels held the town in 2020-2021.", "held", "2020", "year", "2021", "range"),
    ("France has criticised the junta since 2018.", "criticised", "2018", "year", None, "since"),
    ("Troops clashed with fighters two years ago.", "clashed", "2023", "year", None, "relative"),
    ("The army shelled the district yesterday.", "shelled", "2025-02-18", "day", None, "relative"),
    ("The envoy arrived in the city on 17 February 2025.", "arrived", "2025-02-17", "day", None, "explicit"),
    ("The ministers met in March to discuss the border.", "met", "2024-03", "month", None, "relative"),
    ("Talks resumed earlier this month.", "resumed", "2025-02", "month", None, "relative"),
    ("The council voted in 2023 to expel the mission.", "voted", "2023", "year", None, "explicit"),
    ("The army arrested the mayor.", "arrested", "2025-02-19", "day", None, "publication"),
    ("The army, which seized power in 2021, arrested the mayor.", "arrested", "2025-02-19", "day", None,
     "publication"),
    ("The army, which seized power in 2021, arrested the mayor.", "seized", "2021", "year", None, "explicit"),
    ("The attack on Tuesday killed five soldiers.", "attack", "2025-02-18", "day", None, "weekday"),
    ("A new armed group has emerged in the region.", "emerged", None, "unknown", None, "none"),
    ("Critics have accused the government of abuses.", "accused", None, "unknown", None, "none"),
    ("The president will visit the region.", "visit", None, "unknown", None, "none"),
    ("Soldiers attacked the village on February 30.", "attacked", None, "unknown", None, "none"),
    ("SOLDIERS ATTACKED THE VILLAGE ON MONDAY.", "ATTACKED", "2025-02-17", "day", None, "weekday"),
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence, trigger, value, precision, end, source", EVENT_CASES,
                         ids=[f"{c[1]}:{c[0][:30]}" for c in EVENT_CASES])
def test_dates_resolve_event_date(nlp, sentence, trigger, value, precision, end, source):
    doc = _parse(nlp, sentence)
    tok = next(t for t in doc if t.text == trigger)
    res = resolve_event_date(tok.sent, tok, PUB)
    assert (res.date, res.precision, res.date_end, res.source) == (value, precision, end, source)


@pytest.mark.slow
@pytest.mark.parametrize("sentence, trigger", [
    ("The army shelled the district yesterday.", "shelled"),
    ("The army arrested the mayor.", "arrested"),
    ("Protesters gathered in the capital on Wednesday.", "gathered"),
])
def test_dates_event_without_publication_is_not_guessed(nlp, sentence, trigger):
    doc = _parse(nlp, sentence)
    tok = next(t for t in doc if t.text == trigger)
    res = resolve_event_date(tok.sent, tok, None)
    assert res.date is None and res.precision == "unknown"


@pytest.mark.slow
def test_dates_explicit_date_without_publication(nlp):
    doc = _parse(nlp, "The envoy arrived in the city on 17 February 2025.")
    tok = next(t for t in doc if t.text == "arrived")
    assert resolve_event_date(tok.sent, tok, None).date == "2025-02-17"


_PARSED: dict[str, object] = {}


def _parse(nlp, sentence):
    # one parse per sentence for the whole module: the model is slow on shared cores
    if sentence not in _PARSED:
        _PARSED[sentence] = nlp(sentence)
    return _PARSED[sentence]


def test_dates_dateline_after_a_headline_line():
    text = "Ministers agree on grain corridor\nODESA, March 3 - Ukraine and Turkey agreed on Monday to extend the corridor."
    dl = find_dateline(text)
    assert dl is not None and dl.place == "ODESA"
    assert text[dl.place_start:dl.place_end] == "ODESA"
    # a first line that is already a sentence is not a headline: no look at the second line
    assert find_dateline("Ukraine agreed to extend the corridor.\nODESA - more follows") is None
