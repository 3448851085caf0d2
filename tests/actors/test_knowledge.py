"""detente.actors.knowledge: the built-in tables load, validate and compile; user files are checked."""
from __future__ import annotations

import pytest

from detente.actors.knowledge import load_knowledge, read_records
from detente.errors import DataFileError


@pytest.fixture(scope="module")
def kn():
    return load_knowledge()


@pytest.mark.parametrize("phrase,kind,country", [
    ("Central African Republic", "country", "CAF"),
    ("CAR", "country", "CAF"),
    ("DRC", "country", "COD"),
    ("Holland", "country", "NLD"),
    ("Ivory Coast", "country", "CIV"),
    ("Côte d'Ivoire", "country", "CIV"),
    ("Burma", "country", "MMR"),
    ("Czechia", "country", "CZE"),
    ("Türkiye", "country", "TUR"),
    ("Eswatini", "country", "SWZ"),  # a name only pycountry lists
    ("Central African", "adjective", "CAF"),
    ("South Sudanese", "adjective", "SSD"),
    ("Congolese", "adjective", "COD"),
    ("Russians", "adjective", "RUS"),
    ("Bangui", "capital", "CAF"),
    ("Kiev", "capital", "UKR"),
    ("the Kremlin", "seat", "RUS"),
    ("Élysée", "seat", "FRA"),
    ("Elysee", "seat", "FRA"),
    ("Downing Street", "seat", "GBR"),
    ("the West", "country", "WST"),
])
def test_knowledge_places(kn, phrase, kind, country):
    entries = [e for e in kn.lookup(phrase) if e.kind == kind]
    assert entries and entries[0].country == country


@pytest.mark.parametrize("phrase,sector", [
    ("troops", "MIL"), ("foreign ministry", "GOV"), ("gendarmes", "COP"), ("rebel coalitions", "REB"),
    ("junta", "GOV"), ("lawmakers", "LEG"), ("human rights groups", "HRI"), ("refugees", "REF"),
])
def test_knowledge_sector_terms(kn, phrase, sector):
    assert any(e.kind == "sector" and e.sector == sector for e in kn.lookup(phrase))


@pytest.mark.parametrize("phrase,org,country,sector", [
    ("MINUSCA", "UNO", None, "IGO"), ("African Union", "AFU", None, "IGO"),
    ("Wagner", "WAGNER", "RUS", "MIL"), ("Hezbollah", "HEZBOLLAH", "LBN", "REB"),
    ("Amnesty International", "AMN", None, "HRI"), ("Islamic State", "ISIS", None, "REB"),
])
def test_knowledge_orgs(kn, phrase, org, country, sector):
    e = next(e for e in kn.lookup(phrase) if e.kind == "org")
    assert (e.org, e.country, e.sector) == (org, country, sector)


def test_knowledge_taliban_is_dated(kn):
    from datetime import date

    entries = [e for e in kn.lookup("Taliban") if e.kind == "org"]
    assert {e.sector for e in entries if e.active_on(date(2019, 1, 1))} == {"REB"}
    assert {e.sector for e in entries if e.active_on(date(2023, 1, 1))} == {"GOV"}


def test_knowledge_is_cached():
    assert load_knowledge() is load_knowledge(())


GOOD = """\
orgs:
  - org: XYZ
    name: Xylophone Liberation Front
    aliases: [XLF, Xylophone Front]
    country: MLI
    sector: REB
people:
  - name: Ana Example
    aliases: Example
    iso3: BRA
    role: foreign minister
    start: 2024-01-01
"""


def test_knowledge_user_file_adds_records(tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text(GOOD)
    kn = load_knowledge([f])
    assert next(e for e in kn.lookup("XLF") if e.kind == "org").country == "MLI"
    assert next(e for e in kn.lookup("Example") if e.kind == "person").country == "BRA"


@pytest.mark.parametrize("text,where", [
    ("people:\n  - name: A\n    iso3: BRA\n  - name: B\n    start: not-a-date\n", "line 4"),
    ("orgs:\n  - org: X\n    name: X\n    colour: red\n", "line 2"),
    ("countries:\n  - iso3: toolong\n", "line 2"),
    ("leaders:\n  - name: A\n", "line 1"),
    ("people: [\n", "line"),
    ("descriptions:\n  - refers: one\n    terms: [outfit]\n  - refers: one\n    terms: [crew]\n"
     "    accepts: [gang]\n", "line 4"),
    ("descriptions:\n  - refers: several\n    terms: [outfit]\n", "line 2"),
])
def test_knowledge_user_file_malformed(tmp_path, text, where):
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    with pytest.raises(DataFileError) as err:
        read_records(f)
    assert "bad.yaml" in str(err.value) and where in str(err.value)


def test_knowledge_missing_user_file(tmp_path):
    with pytest.raises(DataFileError):
        load_knowledge([tmp_path / "nope.yaml"])


@pytest.mark.parametrize("phrase,country", [
    ("Kurds", None), ("Tamils", "LKA"), ("Uighurs", "CHN"), ("Uyghur", "CHN"), ("Rohingya", "MMR"),
    ("Serbs", "SRB"), ("Yoruba", "NGA"),
])
def test_knowledge_ethnic_groups(kn, phrase, country):
    e = next(e for e in kn.lookup(phrase) if e.kind == "ethnic")
    assert (e.country, e.sector) == (country, "CVL")


@pytest.mark.parametrize("phrase,placed", [("refugees", True), ("students", True), ("rights groups", False),
                                           ("journalists", False), ("aid agencies", False)])
def test_knowledge_sector_placed_flag(kn, phrase, placed):
    assert next(e for e in kn.lookup(phrase) if e.kind == "sector").placed is placed


def test_knowledge_plural_demonyms_by_rule(kn):
    assert any(e.kind == "adjective" and e.country == "CYP" and e.sector == "CVL" for e in kn.lookup("Cypriots"))
    assert not kn.lookup("Chineses") and not kn.lookup("Frenchs")


def test_knowledge_user_file_ethnic_groups(tmp_path):
    f = tmp_path / "peoples.yaml"
    f.write_text("ethnic_groups:\n  - group: Zorvans\n    terms: [Zorvans, Zorvan]\n    country: PER\n")
    e = next(e for e in load_knowledge([f]).lookup("Zorvans") if e.kind == "ethnic")
    assert (e.name, e.country, e.sector) == ("Zorvans", "PER", "CVL")


@pytest.mark.parametrize("phrase,refers", [
    ("paramilitary group", "one"),
    ("bloc", "one"),
    ("both sides", "pair"),
    ("warring parties", "pair"),
    ("two rivals", "pair"),
    ("supporters", "member"),
])
def test_knowledge_descriptions_table(kn, phrase, refers):
    assert kn.descriptions[tuple(phrase.split())].refers == refers


def test_knowledge_description_accepts(kn):
    bloc = kn.descriptions[("bloc",)]
    assert bloc.accepts("org", "IGO", "ecowas") and not bloc.accepts("country", None, "germany")
    ministry = kn.descriptions[("ministry",)]
    assert ministry.accepts("group", "GOV", "ministry") and not ministry.accepts("group", "GOV", "army")
