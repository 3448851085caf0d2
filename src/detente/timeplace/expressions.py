"""Time expressions found by pattern, and their resolution against a publication date.

dateparser handles single absolute dates well but, as DEPS.md records, gives nothing for
"since 2018" or "2020-2021", borrows month and day from the base date for "in 2023", and
treats the publication day as excluded for "Wednesday". The patterns here cover the forms
news uses; dates.py falls back to dateparser only for spaCy DATE entities none of them match.

Representation of spans of time (a week, a weekend): when the span lies within one calendar
month the result is that month (precision "month"), since a consumer that reads only `date`
and `date_precision` is then still right; otherwise it is the first day of the span with
`date_end` set to the last (precision "day").
"""
from __future__ import annotations

import functools

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}

_MON_ANY = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_MON_FULL = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|\d{1,3})"
_YEAR_PREP = r"(?:in|during|since|by|until|till|before|after|of|from|throughout|through|around|for)"
_MOD = r"(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|the\s+middle\s+of)[\s-]+)?"

# (kind, pattern); named groups carry the parts. Longest match wins on overlap.
_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    ("numeric", r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})\b"),
    ("dmy", rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON_ANY}),?\s+(?P<y>{_YEAR})\b"),
    ("mdy", rf"\b(?P<mon>{_MON_ANY})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b"),
    ("dm", rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON_ANY})(?![\w])"),
    ("md", rf"\b(?P<mon>{_MON_ANY})\s+(?P<d>{_DAY})\b(?![.,]?\d|\s*%)"),
    ("my", rf"\b{_MOD}(?P<mon>{_MON_FULL}|{_MON_ANY}),?\s+(?P<y>{_YEAR})\b"),
    ("range", rf"\b(?:(?P<rp>between|from)\s+)?(?P<y>{_YEAR})\s*(?:-|–|—|/|to|and|until)\s*(?P<y2>{_YEAR}|\d\d)\b(?!\s*%)"),
    ("year", rf"\b(?P<prep>{_YEAR_PREP})\s+{_MOD}(?:the\s+year\s+)?(?P<y>{_YEAR})\b(?!\s*(?:%|people|troops|soldiers))"),
    ("year", rf"\b(?P<mod>early|late|mid)[\s-]+(?P<y>{_YEAR})\b"),
    ("month", rf"\b(?P<prep>in|since|during|by|until|till|before|after|from|through|throughout|last|this|next|of)"
              rf"\s+{_MOD}(?P<mon>{_MON_FULL})\b(?!\s+\d)"),
    ("month", rf"\b(?P<mod>early|late|mid)[\s-]+(?P<mon>{_MON_FULL})\b(?!\s+\d)"),
    ("dayword", r"\b(?P<w>yesterday|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night"
                r"|earlier\s+today|later\s+today)\b"),
    ("period", r"\b(?P<rel>last|this|next|earlier\s+this|later\s+this|late\s+last|early\s+last|earlier\s+last)"
               r"\s+(?P<unit>week|weekend|month|year)\b"),
    ("ago", rf"\b(?P<n>{_NUM})\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b"),
    ("weekday", rf"\b(?:(?P<rel>last|this|next|on|past|coming)\s+)?(?P<wd>{_WD})\b(?!s\b)"),
]
_COMPILED = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS]
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:(?:early|late|mid)[\s-]+|the\s+(?:end|start|beginning)\s+of\s+)?$",
                           re.IGNORECASE)


@dataclass(frozen=True)
class ResolvedDate:
    """An event date: `date` is YYYY, YYYY-MM or YYYY-MM-DD (the start for ranges)."""

    date: str | None
    precision: str  # year|month|day|unknown
    date_end: str | None = None
    source: str = "none"  # explicit|relative|weekday|since|range|publication|none
    text: str | None = None  # the time expression used, as written

    @property
    def resolved(self) -> bool:
        return self.date is not None


UNKNOWN = ResolvedDate(None, "unknown", None, "none")


@dataclass(frozen=True)
class TimeExpr:
    kind: str
    start: int  # char offsets in the searched text
    end: int
    groups: dict
    since: bool

    def text_in(self, text: str) -> str:
        return text[self.start:self.end]


@functools.lru_cache(maxsize=512)
def find_expressions(text: str) -> tuple[TimeExpr, ...]:
    """All non-overlapping time expressions in `text`, in text order. Cached: every event of a
    sentence asks about the same sentence."""
    all_caps = text.isupper()
    found: list[TimeExpr] = []
    for kind, rx in _COMPILED:
        for m in rx.finditer(text):
            g = {k: v for k, v in m.groupdict().items() if v is not None}
            if not _plausible(kind, g, m, all_caps):
                continue
            prep = (g.get("prep") or "").lower()
            since = prep == "since" or bool(_SINCE_BEFORE.search(text, 0, m.start()))
            found.append(TimeExpr(kind, m.start(), m.end(), g, since))
    found.sort(key=lambda e: (-(e.end - e.start), e.start))
    kept: list[TimeExpr] = []
    for e in found:
        if all(e.end <= k.start or e.start >= k.end for k in kept):
            kept.append(e)
    kept.sort(key=lambda e: e.start)
    return tuple(kept)


def _plausible(kind: str, g: dict, m: re.Match, all_caps: bool) -> bool:
    mon = g.get("mon")
    if mon and not all_caps:
        word = mon.rstrip(".")
        # "may", "march" and the abbreviations are ordinary words in lower case.
        if not word[:1].isupper():
            return False
    if kind == "weekday" and not all_caps and not g["wd"][:1].isupper():
        return False
    return True


# ---------------------------------------------------------------------------------------------
# resolution

def _iso_day(d: date) -> str:
    return d.isoformat()


def _iso_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + delta
    return k // 12, k % 12 + 1


def span_result(start: date, end: date, source: str, text: str) -> ResolvedDate:
    """A stretch of days: its month when it lies in one, else its first day plus `date_end`."""
    if start.year == end.year and start.month == end.month:
        return ResolvedDate(_iso_month(start.year, start.month), "month", None, source, text)
    return ResolvedDate(_iso_day(start), "day", _iso_day(end), source, text)


def _day_without_year(mon: int, day: int, published: date, future: bool) -> date | None:
    """The occurrence of mon/day nearest publication on the side the tense points to."""
    options = []
    for y in (published.year - 1, published.year, published.year + 1):
        try:
            options.append(date(y, mon, day))
        except ValueError:
            continue
    if future:
        after = [d for d in options if d >= published]
        return min(after) if after else None
    before = [d for d in options if d <= published]
    return max(before) if before else None


def resolve(expr: TimeExpr, text: str, published: date | None, future: bool) -> ResolvedDate | None:
    """Resolve one expression. None means "not a date after all" (e.g. February 30);
    an unresolved ResolvedDate (date None) means "a date, but relative to an unknown day"."""
    g = expr.groups
    raw = expr.text_in(text)
    kind = expr.kind
    try:
        res = _resolve(kind, g, raw, published, future)
    except (ValueError, OverflowError):
        return None
    if res is None or not res.resolved:
        return res
    if expr.since:
        return ResolvedDate(res.date, res.precision, None, "since", raw)
    return res


def _resolve(kind: str, g: dict, raw: str, pub: date | None, future: bool) -> ResolvedDate | None:
    unresolved = ResolvedDate(None, "unknown", None, "none", raw)
    if kind == "iso":
        d = date(int(g["y"]), int(g["m"]), int(g["d"]))
        return ResolvedDate(_iso_day(d), "day", None, "explicit", raw)
    if kind == "numeric":
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        # Day first, as most of the world writes it, unless that cannot be a date.
        day, mon = (a, b) if b <= 12 else (b, a)
        return ResolvedDate(_iso_day(date(y, mon, day)), "day", None, "explicit", raw)
    if kind in ("dmy", "mdy"):
        d = date(int(g["y"]), _month(g["mon"]), _daynum(g["d"]))
        return ResolvedDate(_iso_day(d), "day", None, "explicit", raw)
    if kind in ("dm", "md"):
        mon, day = _month(g["mon"]), _daynum(g["d"])
        date(2000, mon, day)  # leap year: rejects only days no year has (February 30)
        if pub is None:
            return unresolved
        d = _day_without_year(mon, day, pub, future)
        if d is None:
            return None
        return ResolvedDate(_iso_day(d), "day", None, "explicit", raw)
    if kind == "my":
        return ResolvedDate(_iso_month(int(g["y"]), _month(g["mon"])), "month", None, "explicit", raw)
    if kind == "range":
        y1, y2s = int(g["y"]), g["y2"]
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if not (y1 < y2 <= y1 + 100):
            return None
        return ResolvedDate(str(y1), "year", str(y2), "range", raw)
    if kind == "year":
        return ResolvedDate(g["y"], "year", None, "explicit", raw)
    if pub is None:
        return unresolved
    if kind == "month":
        mon = _month(g["mon"])
        prep = (g.get("prep") or "").lower()
        cur = pub.year * 12 + pub.month - 1
        if prep == "last":
            y = pub.year if mon < pub.month else pub.year - 1
        elif prep == "next":
            y = pub.year if mon > pub.month else pub.year + 1
        elif prep == "this":
            y = pub.year
        elif future:
            y = pub.year if pub.year * 12 + mon - 1 >= cur else pub.year + 1
        else:
            y = pub.year if pub.year * 12 + mon - 1 <= cur else pub.year - 1
        return ResolvedDate(_iso_month(y, mon), "month", None, "relative", raw)
    if kind == "dayword":
        w = " ".join(g["w"].lower().split())
        offset = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(w, 0)
        return ResolvedDate(_iso_day(pub + timedelta(days=offset)), "day", None, "relative", raw)
    if kind == "period":
        rel = " ".join(g["rel"].lower().split())
        unit = g["unit"].lower()
        step = -1 if "last" in rel else (1 if rel == "next" else 0)
        if unit in ("week", "weekend"):
            monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
            if unit == "weekend":
                start, end = monday + timedelta(days=5), monday + timedelta(days=6)
                return span_result(start, end, "relative", raw)
            end = monday + timedelta(days=6)
            if step == 0 and rel.startswith("earlier"):
                end = max(monday, pub - timedelta(days=1))
            return span_result(monday, end, "relative", raw)
        if unit == "month":
            y, m = _shift_month(pub.year, pub.month, step)
            return ResolvedDate(_iso_month(y, m), "month", None, "relative", raw)
        return ResolvedDate(str(pub.year + step), "year", None, "relative", raw)
    if kind == "ago":
        n = NUMBERS.get(g["n"].lower()) if not g["n"].isdigit() else int(g["n"])
        unit = g["unit"].lower()
        if unit == "day":
            return ResolvedDate(_iso_day(pub - timedelta(days=n)), "day", None, "relative", raw)
        if unit == "week":
            d = pub - timedelta(weeks=n)
            monday = d - timedelta(days=d.weekday())
            return span_result(monday, monday + timedelta(days=6), "relative", raw)
        if unit == "month":
            y, m = _shift_month(pub.year, pub.month, -n)
            return ResolvedDate(_iso_month(y, m), "month", None, "relative", raw)
        years = n * (10 if unit == "decade" else 1)
        return ResolvedDate(str(pub.year - years), "year", None, "relative", raw)
    if kind == "weekday":
        wd = WEEKDAYS[g["wd"].lower()]
        rel = (g.get("rel") or "").lower()
        if rel in ("next", "coming") or (future and rel != "last" and rel != "past"):
            ahead = (wd - pub.weekday()) % 7 or 7
            d = pub + timedelta(days=ahead)
        else:
            back = (pub.weekday() - wd) % 7
            if rel in ("last", "past") and back == 0:
                back = 7
            d = pub - timedelta(days=back)
        return ResolvedDate(_iso_day(d), "day", None, "weekday", raw)
    return None


def _month(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _daynum(s: str) -> int:
    n = int(re.match(r"\d+", s).group(0))
    if not 1 <= n <= 31:
        raise ValueError(s)
    return n


__all__ = ["ResolvedDate", "TimeExpr", "find_expressions", "resolve", "span_result", "UNKNOWN"]
