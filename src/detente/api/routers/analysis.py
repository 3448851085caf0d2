"""Dyad timelines, the actor network, top actors and pairs, and the server status."""
from __future__ import annotations

from collections import defaultdict
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _pkg_version
from typing import Annotated

from fastapi import APIRouter, Query

from ..deps import ConfigDep, StoreDep
from ..errors import ApiError
from ..params import DateRangeDep, Limit
from ..schemas import ActorCount, DyadOut, NetworkOut, PairCount, StatusOut

router = APIRouter(prefix="/api", tags=["analysis"])

ActorKey = Annotated[str, Query(min_length=2, max_length=40, pattern=r"^[A-Za-z0-9_.\- ]+$",
                                description="Actor key: ISO3 country, org or sector code (RUS, UNO)")]


def monthly(events: list[dict]) -> list[dict]:
    """Bucket a dyad's events by month: counts per QuadClass and the Goldstein mean and sum."""
    buckets: dict[str, dict] = defaultdict(lambda: {"events": 0, "quad": {"1": 0, "2": 0, "3": 0, "4": 0},
                                                    "goldstein": []})
    for e in events:
        d = e.get("date") or ""
        if len(d) < 7:
            continue  # year-only or undated events have no month to go in
        b = buckets[d[:7]]
        b["events"] += 1
        if e.get("quad_class") in (1, 2, 3, 4):
            b["quad"][str(e["quad_class"])] += 1
        if e.get("goldstein") is not None:
            b["goldstein"].append(float(e["goldstein"]))
    out = []
    for month in sorted(buckets):
        b = buckets[month]
        g = b.pop("goldstein")
        out.append({"month": month, **b, "goldstein_sum": round(sum(g), 2),
                    "goldstein_mean": round(sum(g) / len(g), 2) if g else None})
    return out


@router.get("/dyad", response_model=DyadOut, summary="Events between two actors over time, by month")
def dyad(store: StoreDep, a: ActorKey, b: ActorKey, dates: DateRangeDep) -> dict:
    a, b = a.strip().upper(), b.strip().upper()
    if a == b:
        raise ApiError(422, "A dyad needs two different actors: 'a' and 'b' are the same")
    date_from, date_to = dates
    events = store.dyad(a, b, date_from=date_from, date_to=date_to)
    return {"a": a, "b": b, "date_from": date_from, "date_to": date_to, "total": len(events),
            "months": monthly(events), "events": events}


@router.get("/network", response_model=NetworkOut, summary="Actors and weighted edges for a period")
def network(store: StoreDep, dates: DateRangeDep,
            min_weight: Annotated[int, Query(ge=1, le=100_000)] = 1) -> dict:
    date_from, date_to = dates
    net = store.network(date_from=date_from, date_to=date_to, min_weight=min_weight)
    return {"date_from": date_from, "date_to": date_to, "min_weight": min_weight, **net}


@router.get("/actors", response_model=list[ActorCount], summary="The most active actors")
def actors(store: StoreDep, limit: Limit = 50) -> list[dict]:
    return store.actors(limit=limit)


@router.get("/pairs", response_model=list[PairCount], summary="The busiest actor pairs")
def pairs(store: StoreDep, limit: Limit = 50) -> list[dict]:
    return store.pairs(limit=limit)


@router.get("/status", response_model=StatusOut, summary="What this server serves")
def status(store: StoreDep, config: ConfigDep) -> dict:
    try:
        ver = _pkg_version("detente")
    except PackageNotFoundError:
        ver = "unknown"
    return {"version": ver, "db": config.db_path.name, "writable": config.writable,
            "token_required": bool(config.token), "events": store.count_events(),
            "articles": store.count_articles() if hasattr(store, "count_articles") else None}
