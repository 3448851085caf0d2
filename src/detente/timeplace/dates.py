"""Publication dates, datelines and event dates.

Event date cascade (`resolve_event_date`), first that gives an answer wins:

1. a time expression in the trigger's own clause (the nearest to the trigger first):
   explicit dates, "since X" (a start), "2020-2021" (a range), relative words resolved
   against publication ("yesterday", "last week", "in March", "two years ago", weekdays);
2. a spaCy DATE entity in that clause that no pattern matched, parsed by dateparser;
3. the same two steps over the rest of the sentence, leaving out relative clauses that
   describe some other noun ("the deal signed in 2019");
4. the publication date, but only for a plain past or present event: a perfect
   ("has emerged", "had seized") or future ("will meet") event with no time expression is
   not dated to the publication day (date None, precision "unknown"); nor is an event
   whose only time expression is an impossible date ("February 30").

A relative expression with no publication date stays unresolved (precision "unknown"):
detente never guesses from today's date. Impossible dates ("February 30") are skipped.
"""
from __future__ import annotations

from collections.abc import Iterator

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from .clause import clause_token_ids, governing_verb
from .expressions import MONTHS, UNKNOWN, ResolvedDate, TimeExpr, find_expressions, resolve

__all__ = ["Dateline", "ResolvedDate", "find_dateline", "parse_published", "resolve_event_date",
           "is_future", "is_perfect"]


# ---------------------------------------------------------------------------------------------
# publication date

def parse_published(value: str | None) -> date | None:
    """A publication date from an article record or HTML metadata; None for garbage.

    ISO dates and datetimes, RFC 2822 ("Tue, 17 Feb 2025 10:00:00 GMT") and common written
    forms ("17 February 2025", "Feb. 17, 2025"). Relative words ("yesterday") are refused:
    they would be read against today's date.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    if not s or len(s) > 100:
        return None
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        pass
    exprs = [e for e in find_expressions(s) if e.kind in ("iso", "numeric", "dmy", "mdy")]
    if exprs:
        res = resolve(exprs[0], s, None, False)
        return date.fromisoformat(res.date) if res and res.resolved else None
    return _dateparser_absolute(s)


def _dateparser_absolute(s: str) -> date | None:
    if not re.search(r"\b\d{4}\b", s):
        return None
    ddp = _date_data_parser()
    try:
        data = ddp.get_date_data(s)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
        return None
    if data is None or data.date_obj is None or data.period not in ("day", "time"):
        return None
    return data.date_obj.date()


@functools.lru_cache(maxsize=1)
def _date_data_parser():
    from dateparser.date import DateDataParser

    # Absolute parsers only: relative ones would silently resolve against today.
    return DateDataParser(languages=["en"], settings={
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
        "STRICT_PARSING": True,
    })


# ---------------------------------------------------------------------------------------------
# datelines

@dataclass(frozen=True)
class Dateline:
    """A news dateline at the start of an article: "BAMAKO, Feb 17 (Reuters) -"."""

    place: str | None
    place_start: int | None
    place_end: int | None
    date: date | None
    end: int  # offset just past the dateline's dash and following spaces


_DASH = r"(?:--|-|–|—|:)"
_AGENCY = r"\(\s*[A-Za-z][\w .&'/-]{0,40}\)"
# A place is one to four capitalised words ("BAMAKO", "Kyiv", "ADDIS ABABA", "Port-au-Prince").
_PLACE_WORD = r"[A-ZÀ-Ý][\w'’.À-ÿ-]*"
_DATELINE = re.compile(
    rf"^(?P<lead>\s*)(?P<place>{_PLACE_WORD}(?:\s+(?:{_PLACE_WORD}|de|al|el|es|du|la)){{0,3}})"
    rf"(?P<rest>(?:\s*,\s*[^,\n()–—]{{1,40}}){{0,3}})"
    rf"\s*(?P<agency>{_AGENCY})?\s*{_DASH}\s+"
)
_DATE_IN_REST = re.compile(
    r"(?:(?P<d1>\d{1,2})\s+(?P<m1>[A-Za-z]{3,9})\.?(?:,?\s+(?P<y1>\d{4}))?"
    r"|(?P<m2>[A-Za-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{4}))?)\s*$"
)


def find_dateline(text: str, published: date | None = None) -> Dateline | None:
    """The dateline at the very start of `text` (first line only), or None.

    Accepted shapes: PLACE[, REGION][, DATE] [(AGENCY)] DASH. A mixed-case place needs a
    comma part or an agency, so an ordinary sentence opening "Russia — which ..." is not
    taken for a dateline. A date without a year takes its year from `published` when given
    (the most recent such day on or before it), else the dateline's date is None.
    """
    if not text:
        return None
    for offset, line in _opening_lines(text):
        found = _dateline_in(line, offset, published)
        if found is not None:
            return found
    return None


def _opening_lines(text: str) -> Iterator[tuple[int, str]]:
    """The first line, and the second when the first is a headline (short, no final stop):
    HTML and feed readers put the title before the body's dateline."""
    first = text[: text.find("\n")] if "\n" in text[:300] else text[:300]
    yield 0, first
    stripped = first.strip()
    if stripped and len(stripped.split()) <= 20 and stripped[-1] not in ".!?\"'”’:" and "\n" in text[:300]:
        offset = text.find("\n")
        while offset < len(text) and text[offset] in "\r\n \t":
            offset += 1
        rest = text[offset: offset + 300]
        yield offset, rest[: rest.find("\n")] if "\n" in rest else rest


def _dateline_in(first_line: str, offset: int, published: date | None) -> Dateline | None:
    m = _DATELINE.match(first_line)
    if not m:
        return None
    place = m.group("place").rstrip(".")
    rest = m.group("rest") or ""
    if not (place.isupper() or rest.strip() or m.group("agency")):
        return None
    if len(place) < 2 or place.lower() in _NOT_PLACES:
        return None
    rest = rest.strip().lstrip(",").strip()
    when: date | None = None
    dm = _DATE_IN_REST.search(rest) if rest else None
    if dm and (dm.group("m1") or dm.group("m2") or "").lower() in MONTHS:
        when = _dateline_date(dm, published)
        rest = rest[: dm.start()]
    # Whatever is not the date must be capitalised regions ("Niger"); else this was prose.
    if any(not part.strip()[:1].isupper() for part in rest.split(",") if part.strip()):
        return None
    start = offset + m.start("place")
    return Dateline(place, start, start + len(place), when, offset + m.end())


_NOT_PLACES = {"the", "in", "on", "at", "by", "update", "updated", "breaking", "analysis", "opinion",
               "exclusive", "photo", "video", "watch", "live", "editor's note"}


def _dateline_date(dm: re.Match, published: date | None) -> date | None:
    mon_word = (dm.group("m1") or dm.group("m2") or "").lower().rstrip(".")
    mon = MONTHS.get(mon_word)
    if mon is None:
        return None
    day = int(dm.group("d1") or dm.group("d2"))
    year_s = dm.group("y1") or dm.group("y2")
    try:
        if year_s:
            return date(int(year_s), mon, day)
        if published is None:
            return None
        for y in (published.year, published.year - 1):
            d = date(y, mon, day) if _valid(y, mon, day) else None
            if d and d <= published:
                return d
    except ValueError:
        return None
    return None


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


# ---------------------------------------------------------------------------------------------
# tense

_FUTURE_AUX = {"will", "shall", "'ll", "wo", "ll"}
_FUTURE_HEADS = {"plan", "expect", "schedule", "due", "set", "intend", "aim", "prepare", "go", "hope",
                 "propose", "vow", "pledge", "promise", "threaten", "be"}


def is_future(trigger) -> bool:
    """Future reference: "will meet", "is due to meet", "plans to visit", "is going to"."""
    verb = governing_verb(trigger)
    for tok in (verb, trigger):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in tok.children):
            return True
    cur = verb
    for _ in range(3):
        if cur.dep_ not in ("xcomp", "ccomp") or cur.head is cur:
            break
        head = cur.head
        if cur.dep_ == "xcomp" and head.lemma_.lower() in _FUTURE_HEADS:
            return True
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in head.children):
            return cur.dep_ == "xcomp"
        cur = head
    return False


def is_perfect(trigger) -> bool:
    """Perfect aspect ("has emerged", "have been attacked", "had seized"): background, not news."""
    verb = governing_verb(trigger)
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ in ("VBZ", "VBP", "VBD")
               for c in verb.children)


# ---------------------------------------------------------------------------------------------
# event dates

def resolve_event_date(sent, trigger, published: date | None) -> ResolvedDate:
    """The date of the event whose trigger is `trigger` in sentence `sent` (see the module
    docstring for the cascade)."""
    if isinstance(published, datetime):
        published = published.date()
    doc = sent.doc
    text = sent.text
    base = sent.start_char
    future = is_future(trigger)
    clause = clause_token_ids(sent, trigger)
    foreign = _foreign_clause_ids(sent, trigger)

    exprs = find_expressions(text)
    ranked: list[tuple[int, int, TimeExpr]] = []
    covered: list[tuple[int, int]] = []
    for e in exprs:
        ids = _token_ids(doc, base + e.start, base + e.end)
        covered.append((base + e.start, base + e.end))
        if not ids or ids <= foreign:
            continue
        tier = 0 if ids & clause else 1
        dist = min(abs(i - trigger.i) for i in ids)
        ranked.append((tier, dist, e))
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in covered):
            continue
        ids = set(range(ent.start, ent.end))
        if ids <= foreign:
            continue
        tier = 0 if ids & clause else 1
        dist = min(abs(i - trigger.i) for i in ids)
        ranked.append((tier, dist, ent))
    ranked.sort(key=lambda r: (r[0], r[1]))

    pending: ResolvedDate | None = None
    impossible = False
    for _tier, _dist, item in ranked:
        if isinstance(item, TimeExpr):
            res = resolve(item, text, published, future)
        else:
            res = _resolve_entity(item.text, published, future)
        if res is None:
            impossible = impossible or isinstance(item, TimeExpr)
            continue
        if res.resolved:
            return res
        pending = pending or res
    if pending is not None:
        return pending
    if impossible:
        # The text states a date we cannot read ("February 30"): the publication day would
        # be a guess dressed as a fact.
        return UNKNOWN
    if published is None or future or is_perfect(trigger):
        return UNKNOWN
    return ResolvedDate(published.isoformat(), "day", None, "publication")


def _token_ids(doc, start: int, end: int) -> set[int]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return set(range(span.start, span.end)) if span is not None else set()


def _foreign_clause_ids(sent, trigger) -> set[int]:
    """Tokens of relative/adnominal clauses that do not contain the trigger."""
    out: set[int] = set()
    for tok in sent:
        if tok.dep_ in ("relcl", "acl") and not (tok.left_edge.i <= trigger.i <= tok.right_edge.i):
            out.update(range(tok.left_edge.i, tok.right_edge.i + 1))
    return out


_PERIOD_PRECISION = {"day": "day", "time": "day", "week": "day", "month": "month", "year": "year"}


def _resolve_entity(text: str, published: date | None, future: bool) -> ResolvedDate | None:
    """dateparser on a DATE entity none of our patterns matched ("Feb. 17th, 2025")."""
    if not re.search(r"\d", text):
        return None  # "a decade", "the past week": durations, not dates
    has_year = bool(re.search(r"\b(1[89]|20)\d\d\b", text))
    if published is None and not has_year:
        return ResolvedDate(None, "unknown", None, "none", text)
    ddp = _relative_parser(published or date(2000, 1, 1), future)
    try:
        data = ddp.get_date_data(text)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    prec = _PERIOD_PRECISION.get(data.period or "day", "day")
    d = data.date_obj.date()
    value = {"day": d.isoformat(), "month": d.isoformat()[:7], "year": str(d.year)}[prec]
    return ResolvedDate(value, prec, None, "explicit", text)


@functools.lru_cache(maxsize=256)
def _relative_parser(base: date, future: bool):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "future" if future else "past",
        "PREFER_DAY_OF_MONTH": "first",
    })
