"""Actor knowledge: countries, sector nouns, organisations and people, loaded from data files.

The built-in tables live in `detente/data/actors/` (CSV, one row per record, `|` between list
items). A user file (`--actors FILE.yaml`) holds the same records under the keys `countries`,
`sectors`, `orgs`, `people`, `ethnic_groups` and `descriptions`. Every row is checked with a pydantic model when
loaded, and a bad row raises `DataFileError` naming the file and the line.

The knowledge is compiled into one phrase table keyed by normalised token tuples, so the
resolver matches every name, alias, demonym, capital, title and sector noun in a single pass.
"""
from __future__ import annotations

import csv
import functools
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..errors import DataFileError

BUILTIN_FILES = {"countries": "countries.csv", "sectors": "sectors.csv", "orgs": "orgs.csv", "people": "people.csv",
                 "ethnic_groups": "ethnic_groups.csv", "descriptions": "descriptions.csv"}
# Mention kinds a description may accept (`kind:SECTOR` in descriptions.csv); "*" is any.
ACCEPT_KINDS = frozenset({"org", "group", "country", "capital", "seat", "person", "title", "*"})
# Regions of the gold guideline: not ISO 3166, but keyed like countries.
REGION_CODES = frozenset({"WST", "AFR", "MEA", "EUR", "ASA", "LAM"})


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split("|") if v.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def _empty_to_none(value: Any) -> Any:
    return None if value in ("", None) else value


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CountryRecord(_Record):
    iso3: str
    aliases: list[str] = []
    adjectives: list[str] = []
    capitals: list[str] = []
    seats: list[str] = []

    _lists = field_validator("aliases", "adjectives", "capitals", "seats", mode="before")(_split)

    @field_validator("iso3")
    @classmethod
    def _iso3(cls, v: str) -> str:
        if len(v) != 3 or not v.isalpha() or not v.isupper():
            raise ValueError(f"iso3 must be three capital letters, got {v!r}")
        return v


class SectorRecord(_Record):
    sector: str
    kind: Literal["title", "body", "group", "activist", "anaphor"]
    context_country: bool = True
    # whether a place in the actor's own phrase ("refugees in Liberia") gives its country;
    # no for actors that belong to no country (rights groups, aid groups, IGOs, the media)
    placed: bool = True
    terms: list[str]

    _lists = field_validator("terms", mode="before")(_split)


class OrgRecord(_Record):
    org: str
    name: str
    aliases: list[str] = []
    country: str | None = None
    sector: str | None = None
    start: date | None = None
    end: date | None = None

    _lists = field_validator("aliases", mode="before")(_split)
    _none = field_validator("country", "sector", "start", "end", mode="before")(_empty_to_none)


class EthnicRecord(_Record):
    group: str
    terms: list[str]
    country: str | None = None  # the usual country; empty where there is no single one
    sector: str = "CVL"

    _lists = field_validator("terms", mode="before")(_split)
    _none = field_validator("country", mode="before")(_empty_to_none)


class PersonRecord(_Record):
    name: str
    aliases: list[str] = []
    iso3: str | None = None
    role: str = ""
    sector: str = "GOV"
    org: str | None = None
    start: date | None = None
    end: date | None = None

    _lists = field_validator("aliases", mode="before")(_split)
    _none = field_validator("iso3", "org", "start", "end", mode="before")(_empty_to_none)

    @field_validator("sector", mode="before")
    @classmethod
    def _sector(cls, v: Any) -> Any:
        return v or "GOV"


class DescriptionRecord(_Record):
    """A description that refers back ("the paramilitary group", "both sides", "their supporters")."""

    refers: Literal["one", "pair", "member"]
    terms: list[str]
    accepts: list[str] = ["*:*"]
    sector: str | None = None  # the sector the description names itself; else the antecedent's
    distinct: Literal["actor", "country"] = "actor"  # pairs: different actors, or different countries

    _lists = field_validator("terms", "accepts", mode="before")(_split)
    _none = field_validator("sector", mode="before")(_empty_to_none)

    @field_validator("distinct", mode="before")
    @classmethod
    def _distinct(cls, v: Any) -> Any:
        return v or "actor"

    @field_validator("accepts")
    @classmethod
    def _accepts(cls, v: list[str]) -> list[str]:
        for a in v:
            kind, _, what = a.partition(":")
            if not what or (kind != "head" and kind not in ACCEPT_KINDS):
                raise ValueError(f"accepts items are kind:SECTOR or head:word, got {a!r}")
        return v or ["*:*"]


RECORD_TYPES: dict[str, type[_Record]] = {
    "countries": CountryRecord, "sectors": SectorRecord, "orgs": OrgRecord, "people": PersonRecord,
    "ethnic_groups": EthnicRecord, "descriptions": DescriptionRecord,
}


def norm(text: str) -> str:
    """Matching form of a token: lower case, no diacritics, straight apostrophes."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.lower()


def _case_of(token_text: str) -> str | None:
    """How a pattern token must be cased in the text: acronyms exactly, names capitalised."""
    letters = [c for c in token_text if c.isalpha()]
    if not letters:
        return None
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    if letters[0].isupper():
        return "title"
    return None


@dataclass(frozen=True)
class Entry:
    """One thing a phrase can denote."""

    kind: str  # country|adjective|capital|seat|org|person|sector|ethnic
    name: str | None
    country: str | None = None
    sector: str | None = None
    org: str | None = None
    role: str | None = None
    start: date | None = None
    end: date | None = None
    sector_kind: str | None = None  # title|body|group|activist|anaphor (sector entries)
    context_country: bool = True
    placed: bool = True  # a place in the phrase gives the country (sector and ethnic entries)
    case: tuple[str | None, ...] = ()
    full_name: bool = True  # False for a surname-only alias

    def active_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Description:
    """What a back-referring description may take (compiled from a DescriptionRecord)."""

    refers: str  # one|pair|member
    term: str
    kinds: frozenset[tuple[str, str]] = frozenset({("*", "*")})  # (mention kind, sector), "*" = any
    heads: frozenset[str] = frozenset()  # head words of the antecedent phrase
    sector: str | None = None
    distinct: str = "actor"

    def accepts(self, kind: str, sector: str | None, head: str) -> bool:
        if head in self.heads:
            return True
        s = sector or ""
        return any((k == "*" or k == kind) and (x == "*" or x == s) for k, x in self.kinds)


@dataclass
class ActorKnowledge:
    phrases: dict[tuple[str, ...], list[Entry]] = field(default_factory=dict)
    first_tokens: set[str] = field(default_factory=set)
    max_len: int = 1
    country_names: dict[str, str] = field(default_factory=dict)
    # back-referring descriptions, keyed by normalised tokens without "the"; a later file overrides
    descriptions: dict[tuple[str, ...], Description] = field(default_factory=dict)
    description_len: int = 1
    description_heads: set[str] = field(default_factory=set)  # last tokens of the terms: a fast filter

    def add(self, tokens: tuple[str, ...], entry: Entry) -> None:
        if not tokens:
            return
        bucket = self.phrases.setdefault(tokens, [])
        if entry not in bucket:
            bucket.append(entry)
        self.first_tokens.add(tokens[0])
        self.max_len = max(self.max_len, len(tokens))

    def lookup(self, text: str) -> list[Entry]:
        return self.phrases.get(tuple(norm(t) for t in _tokenize(text)), [])


@functools.lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


@functools.lru_cache(maxsize=65536)
def _tokenize(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in _tokenizer()(text))


def _rows_from_csv(path: Path, text: str, table: str) -> Iterable[tuple[str, int, dict]]:
    reader = csv.DictReader(text.splitlines())
    for row in reader:
        yield f"{path}", reader.line_num, row


def _rows_from_yaml(path: Path, text: str) -> Iterable[tuple[str, str, int, dict]]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise DataFileError(f"not valid YAML at{line}: {getattr(exc, 'problem', exc)}", path=str(path)) from exc
    if data is None:
        return
    if not isinstance(data, dict) or root is None or not isinstance(root, yaml.MappingNode):
        raise DataFileError(f"line 1: expected a mapping with keys {sorted(RECORD_TYPES)}", path=str(path))
    for key_node, value_node in root.value:
        table = key_node.value
        if table not in RECORD_TYPES:
            raise DataFileError(f"line {key_node.start_mark.line + 1}: unknown section {table!r} "
                                f"(expected one of {sorted(RECORD_TYPES)})", path=str(path))
        items = data.get(table) or []
        if not isinstance(items, list) or not isinstance(value_node, yaml.SequenceNode):
            raise DataFileError(f"line {value_node.start_mark.line + 1}: {table} must be a list", path=str(path))
        for node, item in zip(value_node.value, items):
            yield table, f"{path}", node.start_mark.line + 1, item


def _validate(table: str, where: str, line: int, row: Any) -> _Record:
    if not isinstance(row, dict):
        raise DataFileError(f"line {line}: {table} entry must be a mapping", path=where)
    try:
        return RECORD_TYPES[table].model_validate(row)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "entry"
        raise DataFileError(f"line {line}: {table} entry {loc}: {first['msg']}", path=where) from exc


def read_records(path: str | Path) -> dict[str, list[_Record]]:
    """Read and validate a user actor file (YAML, or CSV named like a built-in table)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"cannot read actor file: {exc.strerror}", path=str(path)) from exc
    out: dict[str, list[_Record]] = {t: [] for t in RECORD_TYPES}
    if path.suffix.lower() == ".csv":
        table = path.stem
        if table not in RECORD_TYPES:
            raise DataFileError(f"a CSV actor file must be named one of {sorted(RECORD_TYPES)}", path=str(path))
        for where, line, row in _rows_from_csv(path, text, table):
            out[table].append(_validate(table, where, line, row))
    else:
        for table, where, line, row in _rows_from_yaml(path, text):
            out[table].append(_validate(table, where, line, row))
    return out


def _builtin_records() -> dict[str, list[_Record]]:
    out: dict[str, list[_Record]] = {}
    folder = resources.files("detente") / "data" / "actors"
    for table, filename in BUILTIN_FILES.items():
        res = folder / filename
        text = res.read_text(encoding="utf-8")
        out[table] = [_validate(table, f"detente/data/actors/{filename}", line, row)
                      for _, line, row in _rows_from_csv(Path(filename), text, table)]
    return out


def _iso_names() -> dict[str, list[str]]:
    """Official ISO 3166 names from pycountry, read at load time (pycountry's data is LGPL)."""
    import pycountry

    names: dict[str, list[str]] = {}
    for c in pycountry.countries:
        forms = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        names[c.alpha_3] = [f for f in forms if f and "," not in f]
    return names


# Demonym endings that take a plain plural -s: Russians, Israelis, Cypriots, Icelanders, Kosovars,
# Montenegrins, Nigeriens, Slovaks, Uzbeks, Kazakhs. Not *Chineses, *Frenchs, *Swisss.
_PLURAL_S_ENDINGS = ("an", "i", "ot", "er", "ar", "in", "en", "ak", "ek", "kh")


def _plural_demonym(adj: str) -> str | None:
    if adj.endswith(_PLURAL_S_ENDINGS) and adj.isalpha():
        return adj + "s"
    return None


def _add(kn: ActorKnowledge, text: str, entry: Entry) -> None:
    tokens = _tokenize(text)
    # "the" is kept in a pattern only where it is part of the name ("the West", "the Kremlin").
    entry = Entry(**{**entry.__dict__, "case": tuple(_case_of(t) for t in tokens)})
    kn.add(tuple(norm(t) for t in tokens), entry)


def compile_knowledge(records: dict[str, list[_Record]], kn: ActorKnowledge | None = None) -> ActorKnowledge:
    kn = kn or ActorKnowledge()
    iso = _iso_names() if not kn.country_names else {}
    seen: set[str] = set(kn.country_names)
    for rec in records.get("countries", []):
        assert isinstance(rec, CountryRecord)
        names = iso.get(rec.iso3, []) + rec.aliases
        canonical = kn.country_names.get(rec.iso3) or (rec.aliases[0] if rec.aliases else (names[0] if names else rec.iso3))
        kn.country_names[rec.iso3] = canonical.removeprefix("the ")
        seen.add(rec.iso3)
        for n in names:
            _add(kn, n, Entry("country", canonical, country=rec.iso3))
        for a in rec.adjectives:
            _add(kn, a, Entry("adjective", canonical, country=rec.iso3))
            plural = _plural_demonym(a)
            if plural:
                _add(kn, plural, Entry("adjective", canonical, country=rec.iso3, sector="CVL"))
        for c in rec.capitals:
            _add(kn, c, Entry("capital", canonical, country=rec.iso3, sector="GOV"))
        for s in rec.seats:
            _add(kn, s, Entry("seat", canonical, country=rec.iso3, sector="GOV"))
    for code, names in iso.items():  # ISO countries without a row of ours still match by name
        if code not in seen:
            kn.country_names[code] = names[0] if names else code
            for n in names:
                _add(kn, n, Entry("country", names[0], country=code))
    for rec in records.get("sectors", []):
        assert isinstance(rec, SectorRecord)
        for t in rec.terms:
            _add(kn, t, Entry("sector", None, sector=rec.sector, sector_kind=rec.kind,
                              context_country=rec.context_country, placed=rec.placed, role=t.lower()))
    for rec in records.get("ethnic_groups", []):
        assert isinstance(rec, EthnicRecord)
        for t in rec.terms:
            _add(kn, t, Entry("ethnic", rec.group, country=rec.country, sector=rec.sector))
    for rec in records.get("orgs", []):
        assert isinstance(rec, OrgRecord)
        country = rec.country
        for a in [rec.name, *rec.aliases]:
            _add(kn, a, Entry("org", rec.name, country=country, sector=rec.sector, org=rec.org if not country else rec.org,
                              start=rec.start, end=rec.end))
    for rec in records.get("descriptions", []):
        assert isinstance(rec, DescriptionRecord)
        kinds = frozenset(tuple(a.split(":", 1)) for a in rec.accepts if not a.startswith("head:"))
        heads = frozenset(norm(a.split(":", 1)[1]) for a in rec.accepts if a.startswith("head:"))
        for t in rec.terms:
            key = tuple(norm(x) for x in _tokenize(t))
            kn.descriptions[key] = Description(rec.refers, t, kinds, heads, rec.sector, rec.distinct)
            kn.description_len = max(kn.description_len, len(key))
            kn.description_heads.add(key[-1])
    for rec in records.get("people", []):
        assert isinstance(rec, PersonRecord)
        base = dict(name=rec.name, country=rec.iso3, sector=rec.sector, org=rec.org, role=rec.role,
                    start=rec.start, end=rec.end)
        _add(kn, rec.name, Entry("person", **base))
        for a in rec.aliases:
            _add(kn, a, Entry("person", full_name=len(_tokenize(a)) > 1, **base))
    return kn


def load_knowledge(extra_files: Iterable[str | Path] = ()) -> ActorKnowledge:
    """The built-in knowledge plus any user files (validated), compiled once per process."""
    return _load_knowledge(tuple(str(f) for f in extra_files))


@functools.lru_cache(maxsize=16)
def _load_knowledge(extra_files: tuple[str, ...]) -> ActorKnowledge:
    records = _builtin_records()
    for f in extra_files:
        for table, recs in read_records(f).items():
            records.setdefault(table, []).extend(recs)
    return compile_knowledge(records)
