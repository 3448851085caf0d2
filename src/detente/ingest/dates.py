"""Publication dates to ISO `YYYY-MM-DD`, through `detente.timeplace.dates.parse_published`
(the one place dates are parsed: ISO 8601, RFC 2822 feed dates, written dates; relative
words refused)."""
from __future__ import annotations

import datetime as dt
from typing import Any


def normalise_published(value: Any) -> str | None:
    """ISO `YYYY-MM-DD` for a date, datetime or date string; None when unparseable."""
    from ..timeplace.dates import parse_published

    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        d = parse_published(str(value))
    except (ValueError, TypeError, OverflowError):
        return None
    return d.isoformat() if d else None
