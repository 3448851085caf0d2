"""detente.timeplace.places: the gazetteer and event locations (sentences written for these tests)."""
from __future__ import annotations

import pytest

from detente.timeplace.places import Place, get_gazetteer, locate_event, normalize


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer()


@pytest.mark.parametrize("name, hints, country, kind", [
    ("Bamako", (), "MLI", "city"),
    ("bamako", (), "MLI", "city"),
    ("BAMAKO", (), "MLI", "city"),
    ("Niamey", (), "NER", "city"),
    ("Kiev", (), "UKR", "city"),  # an alternate name
    ("Menaka", (), "MLI", "city"),  # accent-insensitive (Ménaka), a town under 15,000
    ("New York", (), "USA", "city"),
    ("Georgia", (), "GEO", "country"),
    ("Georgia", ("USA",), "USA", "admin"),
    ("Georgia", ("US",), "USA", "admin"),  # ISO2 hints work too
    ("Tripoli", (), "LBY", "city"),
    ("Tripoli", ("LBN",), "LBN", "city"),
    ("Russia", (), "RUS", "country"),
    ("the United States", (), "USA", "country"),
    ("U.S.", (), "USA", "country"),
    ("DRC", (), "COD", "country"),
    ("Central African Republic", (), "CAF", "country"),
    ("Côte d'Ivoire", (), "CIV", "country"),
    ("Ivory Coast", (), "CIV", "country"),
    ("Gaza Strip", (), "PSE", "admin"),
    ("Tigray", (), "ETH", "admin"),
])
def test_places_lookup(gaz, name, hints, country, kind):
    place = gaz.lookup(name, hints)
    assert place is not None, name
    assert (place.country, place.kind) == (country, kind)


@pytest.mark.parametrize("name", ["", "Xyzzyville", "the", "Korea"])
def test_places_lookup_unknown_is_none(gaz, name):
    assert gaz.lookup(name) is None


def test_places_countries_have_coordinates(gaz):
    mali = gaz.lookup("Mali")
    bamako = gaz.lookup("Bamako")
    assert (mali.lat, mali.lon) == (bamako.lat, bamako.lon)  # the capital stands for the country
    defunct = {"SCG", "ANT"}  # Serbia and Montenegro, Netherlands Antilles: no cities of their own
    missing = [p.name for p in gaz.countries.values()
               if p.lat is None and p.population > 1_000_000 and p.country not in defunct]
    assert missing == []


def test_places_gazetteer_is_cached():
    assert get_gazetteer() is get_gazetteer()


def test_places_normalize():
    assert normalize("The  Ivory-Coast") == normalize("ivory coast")
    assert normalize("Côte d’Ivoire") == normalize("Cote d'Ivoire")


# -- locate_event ------------------------------------------------------------------------

LOCATE_CASES = [
    # sentence, trigger, expected name (None: no location), expected text at the offsets
    ("Protesters gathered in Bamako on Friday.", "gathered", "Bamako", "Bamako"),
    ("The minister met his counterpart at the UN headquarters in New York.", "met", "New York City", "New York"),
    ("Protesters gathered in the capital, Niamey, on Wednesday.", "gathered", "Niamey", "Niamey"),
    ("Fighters attacked an army post in the northern town of Kidal.", "attacked", "Kidal", "Kidal"),
    ("Fighters attacked a base near Gao.", "attacked", "Gao", "Gao"),
    ("Police dispersed a crowd outside Bangui.", "dispersed", "Bangui", "Bangui"),
    ("Moscow said it would respond.", "said", None, None),  # an actor, not a place
    ("Officials in Kyiv said the talks failed.", "said", "Kyiv", "Kyiv"),
    ("Chad Smith said the talks had failed.", "said", None, None),
    ("Lawmakers met in Chad Smith's office.", "met", None, None),
    ("Soldiers patrolled in Jordan on Monday.", "patrolled", "Jordan", "Jordan"),
    ("Jordan Peterson spoke in London.", "spoke", "London", "London"),
    ("The president visited Bangui yesterday.", "visited", "Bangui", "Bangui"),
    ("Delegates met in Xyzzyville and later in Dakar.", "met", "Dakar", "Dakar"),  # unresolved never drops others
    ("DELEGATES MET IN NIAMEY ON MONDAY.", "MET", "Niamey", "NIAMEY"),
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence, trigger, name, surface", LOCATE_CASES,
                         ids=[f"{c[1]}:{c[0][:30]}" for c in LOCATE_CASES])
def test_places_locate_event(nlp, gaz, sentence, trigger, name, surface):
    doc = _parse(nlp, sentence)
    tok = next(t for t in doc if t.text == trigger)
    loc = locate_event(tok.sent, tok, (), None)
    if name is None:
        assert loc is None
        return
    assert loc is not None and loc.name == name
    assert loc.lat is not None and loc.country
    assert doc.text[loc.start:loc.end] == surface


@pytest.mark.slow
def test_places_locate_event_falls_back_to_dateline(nlp, gaz):
    doc = _parse(nlp, "The council approved the budget.")
    tok = next(t for t in doc if t.text == "approved")
    niamey = gaz.lookup("NIAMEY")
    loc = locate_event(tok.sent, tok, (), niamey, dateline_span=(0, 6))
    assert loc.name == "Niamey" and loc.country == "NER" and (loc.start, loc.end) == (0, 6)
    assert locate_event(tok.sent, tok, (), None) is None


@pytest.mark.slow
def test_places_locate_event_uses_country_hints(nlp, gaz):
    doc = _parse(nlp, "Gunmen attacked a checkpoint in Tripoli.")
    tok = next(t for t in doc if t.text == "attacked")
    assert locate_event(tok.sent, tok, (), None).country == "LBY"
    assert locate_event(tok.sent, tok, ("LBN",), None).country == "LBN"


def test_places_place_to_location():
    loc = Place("Gao", "MLI", 16.27, -0.04, 1, "city").to_location(5, 8)
    assert (loc.name, loc.country, loc.start, loc.end) == ("Gao", "MLI", 5, 8)


_PARSED: dict[str, object] = {}


def _parse(nlp, sentence):
    if sentence not in _PARSED:
        _PARSED[sentence] = nlp(sentence)
    return _PARSED[sentence]
