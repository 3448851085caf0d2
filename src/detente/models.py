"""Typed records that flow through detente: article -> document -> mentions -> events.

Every record that points into an article carries character offsets into `Article.text`,
as spaCy's `Span.start_char`/`end_char` do. `to_dict()` gives the CONTRACT.md shape; the
fields never change with flags.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Factuality = Literal["asserted", "claimed", "negated", "denied", "planned", "hypothetical"]
FACTUALITIES: tuple[str, ...] = ("asserted", "claimed", "negated", "denied", "planned", "hypothetical")
DatePrecision = Literal["year", "month", "day", "unknown"]


@dataclass(frozen=True)
class Article:
    """One news article as read by an ingest reader.

    `skip_spans` are (start, end) character ranges of page furniture (related-article
    headlines, "Read more" lines, captions, bylines) kept in the text so offsets stay true,
    but never coded.
    """

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD (or longer ISO datetime)
    source: str | None = None
    path: str | None = None
    skip_spans: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "title": self.title, "published": self.published,
                "source": self.source, "text": self.text}


@dataclass(frozen=True)
class Actor:
    """A resolved actor mention, in the CONTRACT.md form."""

    text: str
    name: str | None
    country: str | None  # ISO 3166-1 alpha-3, or a region code such as WST
    sector: str | None  # GOV, MIL, REB, OPP, ...
    org: str | None  # UNO, EUR, NATO, WAGNER, ...
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country, "sector": self.sector,
                "org": self.org, "start": self.start, "end": self.end}

    @property
    def key(self) -> str:
        """The scoring key of CONTRACT.md: country, else org, else sector, else '?'."""
        return self.country or self.org or self.sector or "?"


@dataclass(frozen=True)
class Location:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    start: int | None = None  # offsets of the place name in the article, when stated
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True)
class Evidence:
    sentence: str
    start: int
    end: int
    trigger: str
    trigger_start: int | None = None
    trigger_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Event:
    """One coded event, exactly the CONTRACT.md record (plus a few extra fields)."""

    article_id: str
    event_id: str
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    plover: str | None
    quad_class: int | None
    goldstein: float | None
    factuality: str
    date: str | None
    date_precision: str
    location: Location | None
    evidence: Evidence
    attributed_to: Actor | None = None
    confidence: float = 0.5
    date_end: str | None = None
    date_source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "event_id": self.event_id,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "plover": self.plover,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "factuality": self.factuality,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_end": self.date_end,
            "date_source": self.date_source,
            "location": self.location.to_dict() if self.location else None,
            "evidence": self.evidence.to_dict(),
            "attributed_to": self.attributed_to.to_dict() if self.attributed_to else None,
            "confidence": round(self.confidence, 3),
        }


CONTRACT_FIELDS: tuple[str, ...] = (
    "article_id", "event_id", "source", "target", "cameo", "cameo_root", "plover", "quad_class",
    "goldstein", "factuality", "date", "date_precision", "location", "evidence", "attributed_to",
    "confidence",
)
ACTOR_FIELDS: tuple[str, ...] = ("text", "name", "country", "sector", "org", "start", "end")


def event_from_dict(d: dict[str, Any]) -> Event:
    """Rebuild an Event from its `to_dict()` form (used by the store and the Ray path)."""

    def actor(a):
        return Actor(**{k: a.get(k) for k in ACTOR_FIELDS}) if a else None

    loc = d.get("location")
    ev = d["evidence"]
    return Event(
        article_id=d["article_id"], event_id=d["event_id"], source=actor(d.get("source")),
        target=actor(d.get("target")), cameo=d["cameo"], cameo_root=d["cameo_root"], plover=d.get("plover"),
        quad_class=d.get("quad_class"), goldstein=d.get("goldstein"), factuality=d["factuality"],
        date=d.get("date"), date_precision=d.get("date_precision") or "unknown",
        location=Location(loc["name"], loc.get("country"), loc.get("lat"), loc.get("lon")) if loc else None,
        evidence=Evidence(ev["sentence"], ev["start"], ev["end"], ev["trigger"], ev.get("trigger_start"),
                          ev.get("trigger_end")),
        attributed_to=actor(d.get("attributed_to")), confidence=d.get("confidence", 0.5),
        date_end=d.get("date_end"), date_source=d.get("date_source"),
    )
