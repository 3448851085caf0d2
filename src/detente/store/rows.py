"""Turning `Article`/`Event` records into store rows, and store rows back into JSON-ready dicts.

Keys are content hashes so a re-run writes the same keys and `ON CONFLICT DO NOTHING`
makes it harmless: an article is the same article when its canonical URL or the sha1 of
its normalised text matches one already stored.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..dedup.rules import date_range
from ..models import Actor, Article, Event

_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|cmpid|ocid|smid|at_medium|at_campaign)$",
                       re.I)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def sha1(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def normalise_text(text: str) -> str:
    """NFKC, case-folded, punctuation and whitespace runs collapsed to one space."""
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def text_hash(text: str) -> str:
    return sha1(normalise_text(text))


def canonical_url(url: str | None) -> str | None:
    """host/path?query without scheme, `www.`, fragment, tracking parameters or a trailing slash."""
    if not url or not url.strip():
        return None
    u = url.strip()
    if "://" not in u:
        u = "http://" + u
    parts = urlsplit(u)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = re.sub(r"/+", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    return urlunsplit(("", host, path, query, "")).lstrip("/") or None


def url_host(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url if "://" in url else "http://" + url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else (host or None)


def parse_published(value: str | None) -> datetime | None:
    """An ISO date or datetime string -> naive UTC datetime (None when unparseable)."""
    if not value:
        return None
    v = value.strip().replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        try:
            dt = datetime.combine(date.fromisoformat(v[:10]), time())
        except ValueError:
            return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt


def actor_key(a: Actor | None) -> str:
    return a.key if a else "-"


def actor_id(a: Actor) -> str:
    return sha1("|".join(str(x or "") for x in (a.key, a.name or a.text, a.country, a.sector, a.org)))[:16]


def outlet(article: Article) -> str:
    return article.source or url_host(article.url) or article.id


def article_row(article: Article, key: str, n_events: int, now: datetime, run_id: str | None) -> dict[str, Any]:
    return {
        "article_id": key, "url": article.url, "canonical_url": canonical_url(article.url),
        "title": article.title, "published": article.published,
        "published_at": parse_published(article.published), "source": article.source, "path": article.path,
        "text": article.text, "text_hash": text_hash(article.text), "n_events": n_events,
        "ingested_at": now, "run_id": run_id,
    }


def _actor_cols(prefix: str, a: Actor | None) -> dict[str, Any]:
    if a is None:
        return {f"{prefix}_{k}": None for k in ("text", "name", "country", "sector", "org", "start", "end",
                                                 "actor_id")} | {f"{prefix}_key": "-"}
    return {f"{prefix}_text": a.text, f"{prefix}_name": a.name, f"{prefix}_country": a.country,
            f"{prefix}_sector": a.sector, f"{prefix}_org": a.org, f"{prefix}_start": a.start,
            f"{prefix}_end": a.end, f"{prefix}_key": a.key, f"{prefix}_actor_id": actor_id(a)}


def mention_row(ev: Event, article: Article, article_key: str, n: int, now: datetime) -> dict[str, Any]:
    published_at = parse_published(article.published)
    rng = date_range(ev.date, ev.date_precision, ev.date_end) if ev.date_precision != "unknown" else None
    event_day = rng[0] if rng else (published_at.date() if published_at else None)
    loc, evd, att = ev.location, ev.evidence, ev.attributed_to
    row: dict[str, Any] = {
        "mention_id": f"{article_key}:{n}", "article_id": article_key, "n": n, "event_id": None,
        "coder_event_id": ev.event_id,
    }
    row |= _actor_cols("source", ev.source)
    row |= _actor_cols("target", ev.target)
    row |= {
        "cameo": ev.cameo, "cameo_root": ev.cameo_root or ev.cameo[:2], "plover": ev.plover,
        "quad_class": ev.quad_class, "goldstein": ev.goldstein, "factuality": ev.factuality,
        "date": ev.date, "date_precision": ev.date_precision or "unknown", "date_end": ev.date_end,
        "date_source": ev.date_source, "event_day": event_day,
        "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
        "location_lat": loc.lat if loc else None, "location_lon": loc.lon if loc else None,
        "evidence_sentence": evd.sentence, "evidence_start": evd.start, "evidence_end": evd.end,
        "evidence_trigger": evd.trigger, "trigger_start": evd.trigger_start, "trigger_end": evd.trigger_end,
        "attributed_text": att.text if att else None, "attributed_name": att.name if att else None,
        "attributed_country": att.country if att else None, "attributed_sector": att.sector if att else None,
        "attributed_org": att.org if att else None,
        "confidence": round(float(ev.confidence), 3) if ev.confidence is not None else None,
        "published_at": published_at, "outlet": outlet(article), "ingested_at": now,
    }
    return row


# ---- back to JSON-ready dicts -------------------------------------------------------------

def jsonable(v: Any) -> Any:
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, (date, time)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, timedelta):
        return v.total_seconds()
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    return str(v)


def _actor_out(row: dict[str, Any], p: str, offsets: bool) -> dict[str, Any] | None:
    if row.get(f"{p}_key") in (None, "-") and not row.get(f"{p}_name") and not row.get(f"{p}_text"):
        return None
    d = {"text": row.get(f"{p}_text"), "name": row.get(f"{p}_name"), "country": row.get(f"{p}_country"),
         "sector": row.get(f"{p}_sector"), "org": row.get(f"{p}_org")}
    if offsets:
        d |= {"start": row.get(f"{p}_start"), "end": row.get(f"{p}_end")}
    d["key"] = row.get(f"{p}_key")
    return d


def _location_out(row: dict[str, Any]) -> dict[str, Any] | None:
    if not row.get("location_name"):
        return None
    return {"name": row["location_name"], "country": row.get("location_country"),
            "lat": row.get("location_lat"), "lon": row.get("location_lon")}


def _coding_out(row: dict[str, Any]) -> dict[str, Any]:
    """The code and date fields an event and a mention share, in CONTRACT.md order."""
    return {"cameo": row["cameo"], "cameo_root": row["cameo_root"], "plover": row.get("plover"),
            "quad_class": row.get("quad_class"), "goldstein": row.get("goldstein"),
            "factuality": row["factuality"], "date": row.get("date"), "date_precision": row.get("date_precision"),
            "date_end": row.get("date_end")}


def event_out(row: dict[str, Any]) -> dict[str, Any]:
    """An `events` row as the nested dict the API and `detente events` return."""
    return jsonable({
        "event_id": row["event_id"],
        "source": _actor_out(row, "source", False), "target": _actor_out(row, "target", False),
        **_coding_out(row), "event_day": row.get("event_day"),
        "location": _location_out(row),
        "evidence": {"sentence": row.get("evidence_sentence"), "trigger": row.get("evidence_trigger"),
                     "article_id": row.get("article_id"), "mention_id": row.get("rep_mention_id")},
        "reciprocal": row.get("reciprocal"), "confidence": row.get("confidence"),
        "n_mentions": row.get("n_mentions"), "n_articles": row.get("n_articles"),
        "n_sources": row.get("n_sources"), "first_reported": row.get("first_reported"),
        "last_reported": row.get("last_reported"),
    })


def mention_out(row: dict[str, Any]) -> dict[str, Any]:
    """An `event_mentions` row in the CONTRACT.md shape, plus mention_id and the cluster's event id."""
    att = None
    if row.get("attributed_name") or row.get("attributed_text"):
        att = {"text": row.get("attributed_text"), "name": row.get("attributed_name"),
               "country": row.get("attributed_country"), "sector": row.get("attributed_sector"),
               "org": row.get("attributed_org")}
    d = {
        "mention_id": row["mention_id"], "article_id": row["article_id"],
        "event_id": row.get("coder_event_id"), "cluster_id": row.get("event_id"),
        "source": _actor_out(row, "source", True), "target": _actor_out(row, "target", True),
        **_coding_out(row), "date_source": row.get("date_source"),
        "location": _location_out(row),
        "evidence": {"sentence": row.get("evidence_sentence"), "start": row.get("evidence_start"),
                     "end": row.get("evidence_end"), "trigger": row.get("evidence_trigger"),
                     "trigger_start": row.get("trigger_start"), "trigger_end": row.get("trigger_end")},
        "attributed_to": att, "confidence": row.get("confidence"),
    }
    for k in ("url", "title", "published", "outlet"):
        if k in row:
            d[k] = row[k]
    return jsonable(d)
