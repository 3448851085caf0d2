"""A small store of hand-made events, written for these tests (no real news text).

Offsets are computed from the text, so the fixture stays true if a sentence is edited.
"""
from __future__ import annotations

from pathlib import Path

from detente.coding.taxonomy import load_taxonomy
from detente.models import Actor, Article, Event, Evidence, Location

# (article id, published, title, source, text, [event specs])
# event spec: (source (text, name, country, sector, org), target or None, trigger, cameo, plover, quad,
#              goldstein, factuality, date, attributed_to text or None)
TAXONOMY = load_taxonomy()

ARTICLES = [
    ("lake-border", "2025-01-10", "Kenya and Uganda agree to reopen a border post", "Lakeside Courier",
     "The government of Kenya and Uganda's foreign ministry agreed on Friday to reopen the Busia border "
     "crossing. Kenyan police later arrested twelve traders near the post.",
     [(("The government of Kenya", "Kenya", "KEN", "GOV", None), ("Uganda's foreign ministry", "Uganda", "UGA", "GOV", None),
       "agreed", "057", "AGREE", 1, 8.0, "asserted", "2025-01-10", None),
      (("Kenyan police", "Kenyan police", "KEN", "COP", None), ("twelve traders", "traders", "KEN", "CVL", None),
       "arrested", "173", "COERCE", 4, -5.0, "asserted", "2025-01-10", None)]),
    ("sahel-talks", "2025-03-02", "Envoys meet in Bamako", "Sahel Notes",
     "Russian envoys met Malian officials in Bamako on Sunday to discuss security cooperation. "
     "Mali's interim president thanked Moscow for its support.",
     [(("Russian envoys", "Russia", "RUS", "GOV", None), ("Malian officials", "Mali", "MLI", "GOV", None),
       "met", "040", "CONSULT", 1, 1.0, "asserted", "2025-03-02", None),
      (("Mali's interim president", "Mali", "MLI", "GOV", None), ("Moscow", "Russia", "RUS", "GOV", None),
       "thanked", "051", "COOPERATE", 1, 3.4, "asserted", "2025-03-02", None)]),
    ("port-shelling", "2025-04-15", "Kyiv blames Moscow for overnight shelling", "Black Sea Wire",
     "Ukraine accused Russia of shelling the port of Odesa overnight. "
     "The European Union threatened new sanctions against Moscow.",
     [(("Ukraine", "Ukraine", "UKR", "GOV", None), ("Russia", "Russia", "RUS", "GOV", None),
       "accused", "112", "ACCUSE", 3, -2.0, "asserted", "2025-04-15", None),
      (("Russia", "Russia", "RUS", "MIL", None), ("the port of Odesa", "Odesa", "UKR", None, None),
       "shelling", "194", "ASSAULT", 4, -10.0, "claimed", "2025-04-14", "Ukraine"),
      (("The European Union", "European Union", None, "IGO", "EUR"), ("Moscow", "Russia", "RUS", "GOV", None),
       "threatened", "130", "THREATEN", 3, -4.4, "asserted", "2025-04-15", None)]),
    ("prisoner-swap", "2025-05-20", "Prisoners exchanged", "Black Sea Wire",
     "Russia and Ukraine exchanged prisoners of war on Tuesday, officials in Kyiv said.",
     [(("Russia", "Russia", "RUS", "GOV", None), ("Ukraine", "Ukraine", "UKR", "GOV", None),
       "exchanged", "084", "CONCEDE", 2, 5.0, "asserted", "2025-05-20", None)]),
]


def _span(text: str, phrase: str, after: int = 0) -> tuple[int, int]:
    i = text.index(phrase, after)
    return i, i + len(phrase)


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind(". ", 0, pos)
    start = 0 if start < 0 else start + 2
    end = text.find(".", pos)
    return start, (len(text) if end < 0 else end + 1)


def make_events(article: Article, specs) -> list[Event]:
    text = article.text
    events = []
    for n, (src, tgt, trigger, cameo, plover, quad, gold, fact, day, attributed) in enumerate(specs):
        t0, t1 = _span(text, trigger)
        s0, s1 = _sentence(text, t0)

        def actor(spec):
            if spec is None:
                return None
            a0, a1 = _span(text, spec[0], s0)
            return Actor(text=spec[0], name=spec[1], country=spec[2], sector=spec[3], org=spec[4], start=a0, end=a1)

        att = None
        if attributed:
            a0, a1 = _span(text, attributed)
            att = Actor(text=attributed, name=attributed, country="UKR", sector="GOV", org=None, start=a0, end=a1)
        # the CAMEO table, not the spec, says what a code's PLOVER type, QuadClass and Goldstein are
        code = TAXONOMY[cameo]
        events.append(Event(
            article_id=article.id, event_id=f"{article.id}:{n}", source=actor(src), target=actor(tgt),
            cameo=cameo, cameo_root=cameo[:2], plover=code.plover, quad_class=code.quad_class,
            goldstein=code.goldstein, factuality=fact,
            date=day, date_precision="day", location=Location("Bamako", "MLI", 12.65, -8.0) if "Bamako" in text else None,
            evidence=Evidence(text[s0:s1], s0, s1, trigger, t0, t1), attributed_to=att, confidence=0.8,
        ))
    return events


def sample_coded():
    from detente.pipeline import CodedArticle

    coded = []
    for aid, published, title, source, text, specs in ARTICLES:
        art = Article(id=aid, text=text, title=title, published=published, source=source,
                      url=f"https://news.example.org/{aid}")
        coded.append(CodedArticle(article=art, events=make_events(art, specs)))
    return coded


def timeline_coded(months: int = 12):
    """Extra RUS/UKR articles, one a month, so the dyad chart has a shape."""
    from detente.pipeline import CodedArticle

    coded = []
    for m in range(months):
        year, month = 2024 + m // 12, m % 12 + 1
        day = f"{year}-{month:02d}-{5 + m % 20:02d}"
        if m % 3 == 0:
            text = f"Russian and Ukrainian negotiators held talks in Istanbul in month {m + 1} of the series."
            spec = [(("Russian", "Russia", "RUS", "GOV", None), ("Ukrainian negotiators", "Ukraine", "UKR", "GOV", None),
                     "held talks", "040", "CONSULT", 1, 1.0, "asserted", day, None)]
        else:
            text = f"Russian artillery struck Ukrainian positions near the river in week {m + 1}, the army said."
            spec = [(("Russian artillery", "Russia", "RUS", "MIL", None), ("Ukrainian positions", "Ukraine", "UKR", "MIL", None),
                     "struck", "190", "ASSAULT", 4, -10.0, "asserted", day, None)]
        art = Article(id=f"series-{m:02d}", text=text, title=f"Front line report {m + 1}", published=day,
                      source="Series Desk")
        coded.append(CodedArticle(article=art, events=make_events(art, spec)))
    return coded


def build_store(path: Path, with_timeline: bool = False) -> Path:
    from detente.store import Store

    store = Store(path)
    try:
        store.add(sample_coded())
        if with_timeline:
            store.add(timeline_coded())
    finally:
        store.close()
    return path
