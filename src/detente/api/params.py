"""Query parameters shared by the routers, checked before the store sees them.

Every value reaches DuckDB as a bound parameter (the store's job); here we only make sure
it is meaningful: a known country code, a real date, a range that runs forward, a page
size under the cap.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Annotated, Any, Literal

from fastapi import Depends, Query

from ..models import FACTUALITIES
from .errors import ApiError

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000
PLOVER = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
# CAMEO's regional actor codes, accepted beside ISO 3166-1 alpha-3.
REGIONS = ("AFR", "ASA", "BLK", "CAS", "CAU", "CFR", "CEU", "EAF", "EEU", "EIN", "EUR", "LAM",
           "MEA", "MDT", "NAF", "NAM", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "WAF",
           "WST", "XKX")
# the orders Store.events() knows (store.SORTS); "-" is descending
SORTS = ("-date", "date", "-mentions", "mentions", "-goldstein", "goldstein", "-reported", "reported")

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    import pycountry

    codes = {c.alpha_3 for c in pycountry.countries}
    codes.update(c.alpha_3 for c in pycountry.historic_countries if hasattr(c, "alpha_3"))
    return frozenset(codes | set(REGIONS))


def check_country(value: str | None, param: str) -> str | None:
    if value is None or value == "":
        return None
    code = value.strip().upper()
    if code not in country_codes():
        raise ApiError(422, f"Unknown country code '{value}' in '{param}': use an ISO 3166-1 alpha-3 code such as RUS or CAF",
                       [{"param": param, "message": "unknown country code"}])
    return code


def _bounds(value: str, param: str) -> tuple[date, date]:
    m = _DATE.match(value.strip())
    try:
        if not m:
            raise ValueError
        y = int(m.group(1))
        if m.group(3):
            d = date(y, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            mo = int(m.group(2))
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        raise ApiError(422, f"Invalid date '{value}' in '{param}': use YYYY, YYYY-MM or YYYY-MM-DD",
                       [{"param": param, "message": "invalid date"}]) from None


def check_dates(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """Return the range as full ISO days (the first day of `date_from`, the last of `date_to`)."""
    lo = _bounds(date_from, "date_from")[0] if date_from else None
    hi = _bounds(date_to, "date_to")[1] if date_to else None
    if lo and hi and lo > hi:
        raise ApiError(422, f"Reversed date range: date_from ({date_from}) is after date_to ({date_to})",
                       [{"param": "date_from", "message": "after date_to"}])
    return (lo.isoformat() if lo else None), (hi.isoformat() if hi else None)


def _clean(s: str | None) -> str | None:
    s = s.strip() if s else s
    return s or None


@dataclass
class EventFilters:
    actor: str | None = None
    country: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    code: str | None = None
    root: str | None = None
    plover: str | None = None
    factuality: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str | None = None

    def as_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def event_filters(
    actor: Annotated[str | None, Query(max_length=200, description="Actor name or mention text (substring)")] = None,
    country: Annotated[str | None, Query(max_length=3, description="ISO3 country code, either side")] = None,
    source_country: Annotated[str | None, Query(max_length=3)] = None,
    target_country: Annotated[str | None, Query(max_length=3)] = None,
    code: Annotated[str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code prefix, e.g. 03 or 036")] = None,
    root: Annotated[str | None, Query(pattern=r"^(0[1-9]|1\d|20)$", description="CAMEO root 01-20")] = None,
    plover: Annotated[Literal[PLOVER] | None, Query()] = None,  # type: ignore[valid-type]
    factuality: Annotated[Literal[FACTUALITIES] | None, Query()] = None,  # type: ignore[valid-type]
    date_from: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    text: Annotated[str | None, Query(max_length=200, description="Substring of the evidence sentence")] = None,
) -> EventFilters:
    lo, hi = check_dates(_clean(date_from), _clean(date_to))
    return EventFilters(
        actor=_clean(actor), country=check_country(_clean(country), "country"),
        source_country=check_country(_clean(source_country), "source_country"),
        target_country=check_country(_clean(target_country), "target_country"),
        code=code, root=root, plover=plover, factuality=factuality, date_from=lo, date_to=hi, text=_clean(text),
    )


def date_range(
    date_from: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
) -> tuple[str | None, str | None]:
    return check_dates(_clean(date_from), _clean(date_to))


FiltersDep = Annotated[EventFilters, Depends(event_filters)]
DateRangeDep = Annotated[tuple[str | None, str | None], Depends(date_range)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
