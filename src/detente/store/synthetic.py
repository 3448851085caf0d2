"""Hand-made articles and events for tests and the ingest benchmark (no parser needed)."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterator

from ..models import Actor, Article, Evidence, Event, Location

_TAXONOMY = {  # code: (plover, quad_class, goldstein)
    "010": ("CONSULT", 1, 0.0), "036": ("AGREE", 1, 4.0), "040": ("CONSULT", 1, 1.0), "042": ("CONSULT", 1, 1.9),
    "043": ("CONSULT", 1, 2.8), "057": ("AGREE", 1, 8.0), "061": ("COOPERATE", 2, 6.4), "070": ("AID", 2, 7.0),
    "112": ("ACCUSE", 3, -2.0), "138": ("THREATEN", 3, -7.0), "163": ("SANCTION", 4, -8.0),
    "173": ("COERCE", 4, -5.0), "180": ("ASSAULT", 4, -9.0), "190": ("ASSAULT", 4, -10.0),
    "193": ("ASSAULT", 4, -10.0), "195": ("ASSAULT", 4, -10.0),
}
_COUNTRIES = {"RUS": ("Russia", "Moscow", 55.75, 37.62), "CAF": ("Central African Republic", "Bangui", 4.36, 18.55),
              "FRA": ("France", "Paris", 48.86, 2.35), "MLI": ("Mali", "Bamako", 12.65, -8.0),
              "UKR": ("Ukraine", "Kyiv", 50.45, 30.52), "USA": ("United States", "Washington", 38.9, -77.04),
              "CHN": ("China", "Beijing", 39.9, 116.4), "NGA": ("Nigeria", "Abuja", 9.06, 7.49)}
_SECTORS = ("GOV", "MIL", None, "REB")


@dataclass
class Coded:
    """Stands in for `detente.pipeline.CodedArticle`."""

    article: Article
    events: list[Event] = field(default_factory=list)
    error: str | None = None


def actor(country: str | None = None, sector: str | None = "GOV", name: str | None = None, org: str | None = None,
          text: str | None = None, start: int = 0) -> Actor:
    nm = name or (_COUNTRIES[country][0] if country in _COUNTRIES else org or country or "someone")
    t = text or nm
    return Actor(text=t, name=nm, country=country, sector=sector, org=org, start=start, end=start + len(t))


def event(article_id: str, n: int, source: Actor | None, target: Actor | None, cameo: str, sentence: str,
          trigger: str = "met", date_: str | None = None, precision: str | None = None,
          location: Location | None = None, factuality: str = "asserted", confidence: float = 0.7,
          sent_start: int = 0) -> Event:
    plover, quad, gold = _TAXONOMY.get(cameo, (None, None, None))
    prec = precision or ("unknown" if not date_ else {10: "day", 7: "month", 4: "year"}[len(date_)])
    return Event(article_id=article_id, event_id=f"{article_id}:{n}", source=source, target=target, cameo=cameo,
                 cameo_root=cameo[:2], plover=plover, quad_class=quad, goldstein=gold, factuality=factuality,
                 date=date_, date_precision=prec, location=location,
                 evidence=Evidence(sentence, sent_start, sent_start + len(sentence), trigger),
                 confidence=confidence)


def place(name: str, country: str | None, lat: float | None = None, lon: float | None = None) -> Location:
    return Location(name, country, lat, lon)


def coded_article(article_id: str, sentences_events: list[Event], published: str | None = "2026-01-15",
                  url: str | None = None, source: str | None = "Example Wire", text: str | None = None,
                  title: str | None = None) -> Coded:
    body = text if text is not None else " ".join(e.evidence.sentence for e in sentences_events) or article_id
    art = Article(id=article_id, text=body, url=url, title=title or article_id, published=published, source=source)
    return Coded(art, list(sentences_events), None)


def synthetic_corpus(n_articles: int, events_per_article: int = 4, seed: int = 0,
                     start: date = date(2025, 1, 1)) -> Iterator[Coded]:
    """Random but plausible coded articles; about a third of events re-report an earlier one."""
    rng = random.Random(seed)
    codes = list(_TAXONOMY)
    isos = list(_COUNTRIES)
    happenings: list[tuple] = []
    for i in range(n_articles):
        aid = f"syn-{seed}-{i:07d}"
        pub = start + timedelta(days=i * 365 // max(1, n_articles))
        evs, sents = [], []
        pos = 0
        for n in range(events_per_article):
            if happenings and rng.random() < 0.33:
                src, tgt, code, day, loc = rng.choice(happenings[-200:])
            else:
                a, b = rng.sample(isos, 2)
                src = actor(a, rng.choice(_SECTORS))
                tgt = actor(b, rng.choice(_SECTORS))
                code = rng.choice(codes)
                day = pub - timedelta(days=rng.randint(0, 2))
                c = _COUNTRIES[rng.choice((a, b))]
                loc = place(c[1], [k for k, v in _COUNTRIES.items() if v is c][0], c[2], c[3])
                happenings.append((src, tgt, code, day, loc))
            sent = (f"{src.name} and {tgt.name} {rng.choice(['said', 'reported', 'confirmed'])} that "
                    f"{src.name} acted ({code}) towards {tgt.name} in {loc.name} on {day.isoformat()}, "
                    f"according to report {i}-{n} ({rng.random():.6f}).")
            evs.append(event(aid, n, src, tgt, code, sent, trigger="acted", date_=day.isoformat(), location=loc,
                             sent_start=pos))
            sents.append(sent)
            pos += len(sent) + 1
        art = Article(id=aid, text=" ".join(sents), url=f"https://news.example/{aid}", title=f"Report {i}",
                      published=pub.isoformat(), source=rng.choice(["Wire A", "Wire B", "Daily C", "Post D"]))
        yield Coded(art, evs, None)
