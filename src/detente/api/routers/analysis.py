"""Dyad timelines, the actor network, top actors and pairs, and the server status."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _pkg_version
from typing import Annotated

from fastapi import APIRouter, Query

from ..deps import ConfigDep, StoreDep
from ..errors import ApiError
from ..params import DateRangeDep, Limit
from ..schemas import ActorCount, DyadOut, NetworkOut, PairCount, StatusOut
from .events import with_article_id

router = APIRouter(prefix="/api", tags=["analysis"])

ActorKey = Annotated[str, Query(min_length=2, max_length=100,
                                description="Actor: key or ISO3 country (RUS), org code (UNO) or exact name")]


@router.get("/dyad", response_model=DyadOut,
            summary="Events between two actors (either direction), month by month, by QuadClass and Goldstein")
def dyad(store: StoreDep, a: ActorKey, b: ActorKey, dates: DateRangeDep,
         top: Annotated[int, Query(ge=0, le=200, description="How many of the dyad's events to list")] = 50) -> dict:
    a, b = a.strip(), b.strip()
    if a.upper() == b.upper():
        raise ApiError(422, "A dyad needs two different actors: 'a' and 'b' are the same",
                       [{"param": "b", "message": "same as a"}])
    date_from, date_to = dates
    out = store.dyad(a, b, date_from=date_from, date_to=date_to, top=top)
    out["top_events"] = [with_article_id(e) for e in out.get("top_events", [])]
    return out


@router.get("/network", response_model=NetworkOut, summary="Actors and weighted, directed edges for a period")
def network(store: StoreDep, dates: DateRangeDep,
            min_weight: Annotated[int, Query(ge=1, le=100_000, description="Least events for an edge")] = 1) -> dict:
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
    stats = store.stats()
    return {"version": ver, "db": config.db_path.name, "writable": config.writable,
            "token_required": bool(config.token), "events": stats.get("events") or 0,
            "articles": stats.get("articles"), "first_event_day": stats.get("first_event_day"),
            "last_event_day": stats.get("last_event_day")}
