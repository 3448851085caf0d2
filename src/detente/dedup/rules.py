"""When are two event mentions reports of the same happening?

The rule, applied to two mention rows (the `event_mentions` columns):

1. **Block** (must be equal): CAMEO root, the unordered pair of actor keys (country, else
   org, else sector; `-` for no target) and the factuality class (asserted/claimed,
   planned, hypothetical, negated/denied). Only mentions in the same block are compared,
   which keeps the work per new mention small.
2. **Direction**: source->target must agree, unless either code is reciprocal (04x
   consult/meet/visit, 06x material cooperation, 019 express accord, 057 sign agreement,
   190 fight): "A met B", "B met A" and "A and B met" are one event.
3. **Dates** must be compatible, by precision: two day dates within ±2 days; a month or a
   year date must contain the other date (the same month / the same year). A mention
   with an unknown date is placed by its report time: its article must be published within
   7 days after (or 1 day before) the other's date, or within 3 days of the other's report.
4. **Places** must be compatible: the same country or one of them unknown; two named
   places with coordinates more than 75 km apart are different places (unless one of them
   names the whole country).
5. **Score** the pair: code (same code 1.0, one the parent of the other 0.6, same root
   0.2) + date (same day 1.0, within window 0.6, month/year overlap 0.4, by report time
   0.3) + place (same place 0.5, same country 0.2) + evidence similarity (rapidfuzz
   token_set_ratio of the two sentences, 0-1). Pairs scoring `THRESHOLD` or more merge.

A new mention joins the existing event with the best-scoring member (single link); with
none it starts a new event.
"""
from __future__ import annotations

import calendar
import math
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz



def date_range(value: str | None, precision: str | None, date_end: str | None = None) -> tuple[date, date] | None:
    """The days an event date covers: `2026-01-14` day, `2026-01` month, `2026` year."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
    except ValueError:
        return None
    try:
        if len(parts) >= 3 and precision not in ("month", "year"):
            lo = hi = date(parts[0], parts[1], parts[2])
        elif len(parts) >= 2 and precision != "year":
            lo = date(parts[0], parts[1], 1)
            hi = date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        else:
            lo, hi = date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        return None
    if date_end:
        end = date_range(date_end, None)
        if end and end[1] >= lo:
            hi = end[1]
    return lo, hi


THRESHOLD = 1.5
DAY_WINDOW = 2  # days either side for two day-precision dates
REPORT_AFTER = 7  # an undated mention may be reported up to this many days after the event
REPORT_WINDOW = 3  # two undated mentions: their reports within this many days
PLACE_KM = 75.0

FACT_CLASS = {"asserted": "A", "claimed": "A", "planned": "P", "hypothetical": "H", "negated": "N", "denied": "N"}
_PREC_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}


def is_symmetric(code: str | None) -> bool:
    """Reciprocal CAMEO codes: both actors do the same thing to each other."""
    if not code:
        return False
    return code.startswith("04") or code.startswith("06") or code in ("019", "057", "190")


def parent(code: str) -> str | None:
    """CAMEO parent: 0311 -> 031 -> 030 (the root's unspecified code) -> None."""
    if len(code) >= 4:
        return code[:3]
    if len(code) == 3 and code[2] != "0":
        return code[:2] + "0"
    return None


def ancestors(code: str) -> set[str]:
    out, c = set(), parent(code)
    while c:
        out.add(c)
        c = parent(c)
    return out


def block_key(row: dict[str, Any]) -> str:
    a, b = sorted((row.get("source_key") or "-", row.get("target_key") or "-"))
    return f"{row['cameo_root']}|{a}|{b}|{FACT_CLASS.get(row['factuality'], 'A')}"


def code_score(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if a in ancestors(b) or b in ancestors(a):
        return 0.6
    return 0.2


def _report_day(row: dict[str, Any]) -> date | None:
    p = row.get("published_at")
    return p.date() if p is not None and hasattr(p, "date") else None


def _range(row: dict[str, Any]) -> tuple[date, date] | None:
    if row.get("date_precision") in (None, "unknown"):
        return None
    return date_range(row.get("date"), row.get("date_precision"), row.get("date_end"))


def date_score(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    """None when the dates rule the pair out, else how well they agree."""
    ra, rb = _range(a), _range(b)
    if ra and rb:
        pa, pb = a["date_precision"], b["date_precision"]
        if pa == "day" and pb == "day" and ra[0] == ra[1] and rb[0] == rb[1]:
            gap = abs((ra[0] - rb[0]).days)
            return None if gap > DAY_WINDOW else (1.0 if gap == 0 else 0.6)
        # a month or year date must contain the other (intervals overlap; day spans tolerate ±1)
        lo_a, hi_a = ra
        lo_b, hi_b = rb
        if pa == "day":
            lo_a, hi_a = lo_a - timedelta(days=1), hi_a + timedelta(days=1)
        if pb == "day":
            lo_b, hi_b = lo_b - timedelta(days=1), hi_b + timedelta(days=1)
        return 0.4 if lo_a <= hi_b and lo_b <= hi_a else None
    known, unknown = (a, b) if ra else (b, a)
    rk = _range(known)
    ru = _report_day(unknown)
    if rk is not None:
        if ru is None:
            return 0.0
        ok = rk[0] - timedelta(days=1) <= ru <= rk[1] + timedelta(days=REPORT_AFTER)
        return 0.3 if ok else None
    pa, pb = _report_day(a), _report_day(b)
    if pa is None or pb is None:
        return 0.0
    return 0.3 if abs((pa - pb).days) <= REPORT_WINDOW else None


@lru_cache(maxsize=4096)
def _country_names(iso3: str) -> frozenset[str]:
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a dependency
        return frozenset()
    c = pycountry.countries.get(alpha_3=iso3)
    if c is None:
        return frozenset()
    names = {getattr(c, k, None) for k in ("name", "common_name", "official_name")}
    return frozenset(_norm_place(n) for n in names if n)


def _norm_place(s: str) -> str:
    return re.sub(r"[^a-z0-9 ]+", "", s.casefold()).strip()


def _is_country_level(row: dict[str, Any]) -> bool:
    name, country = row.get("location_name"), row.get("location_country")
    if not name:
        return True
    n = _norm_place(name)
    if country and n in _country_names(country):
        return True
    return n in (_norm_place(country or ""),)


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["location_lat"], a["location_lon"], b["location_lat"],
                                              b["location_lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def place_score(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    ca, cb = a.get("location_country"), b.get("location_country")
    if ca and cb and ca != cb:
        return None
    na, nb = a.get("location_name"), b.get("location_name")
    if na and nb:
        if _norm_place(na) == _norm_place(nb):
            return 0.5
        if not _is_country_level(a) and not _is_country_level(b):
            if None not in (a.get("location_lat"), a.get("location_lon"), b.get("location_lat"),
                            b.get("location_lon")):
                if _km(a, b) > PLACE_KM:
                    return None
                return 0.4
    return 0.2 if ca and cb else 0.0


def text_score(a: dict[str, Any], b: dict[str, Any]) -> float:
    sa, sb = a.get("evidence_sentence") or "", b.get("evidence_sentence") or ""
    if not sa or not sb:
        return 0.0
    return fuzz.token_set_ratio(sa.casefold(), sb.casefold()) / 100.0


def direction_ok(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if is_symmetric(a["cameo"]) or is_symmetric(b["cameo"]):
        return True
    return (a.get("source_key") or "-", a.get("target_key") or "-") == (b.get("source_key") or "-",
                                                                         b.get("target_key") or "-")


def pair_score(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    """How strongly two mentions in the same block look like one happening (None: they cannot be)."""
    if not direction_ok(a, b):
        return None
    ds = date_score(a, b)
    if ds is None:
        return None
    ps = place_score(a, b)
    if ps is None:
        return None
    return code_score(a["cameo"], b["cameo"]) + ds + ps + text_score(a, b)


def representative_rank(row: dict[str, Any]) -> tuple:
    """Sort key: the mention that best represents its event comes first."""
    return (0 if row.get("factuality") == "asserted" else 1,
            _PREC_RANK.get(row.get("date_precision") or "unknown", 3),
            0 if row.get("location_name") else 1,
            -(row.get("confidence") or 0.0),
            row.get("mention_id") or "")
