"""Publication dates to ISO `YYYY-MM-DD`.

Uses `detente.timeplace.dates.parse_published` when that module provides it (the one
place dates are parsed); until then, and if it cannot be imported, a local cascade:
ISO 8601 (`date.fromisoformat`/`datetime.fromisoformat`), then RFC 822 (RSS dates,
`email.utils`), then dateparser with past dates preferred. Unparseable values give None.
"""
from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from typing import Any

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _shared_parser():
    try:
        from ..timeplace.dates import parse_published  # type: ignore[attr-defined]
    except ImportError:
        return None
    return parse_published


def _to_iso(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DAY.match(value):
        try:
            return dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    return None


def _local_parse(s: str) -> str | None:
    if _ISO_DAY.match(s):
        try:
            return dt.date.fromisoformat(s[:10]).isoformat()
        except ValueError:
            pass
    try:
        return dt.datetime.fromisoformat(s).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    if not re.search(r"\d", s):  # "yesterday"-style values are not publication dates
        return None
    import dateparser

    d = dateparser.parse(s, languages=["en"], settings={"PREFER_DATES_FROM": "past"})
    return d.date().isoformat() if d else None


def normalise_published(value: Any) -> str | None:
    """ISO `YYYY-MM-DD` for a date, datetime or date string; None when unparseable."""
    if value is None or value == "":
        return None
    iso = _to_iso(value)
    if iso:
        return iso
    if not isinstance(value, str):
        return None
    s = value.strip()
    shared = _shared_parser()
    if shared is not None:
        try:
            iso = _to_iso(shared(s))
        except (ValueError, TypeError):
            iso = None
        if iso:
            return iso
    return _local_parse(s)
