"""GET /api/events and GET /api/events/{event_id}."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from ..deps import StoreDep
from ..errors import ApiError
from ..params import SORTS, FiltersDep, Limit, Offset
from ..schemas import EventDetail, EventPage

router = APIRouter(prefix="/api/events", tags=["events"])


@router.get("", response_model=EventPage, summary="Search coded events")
def list_events(
    store: StoreDep,
    filters: FiltersDep,
    limit: Limit = 50,
    offset: Offset = 0,
    sort: Annotated[Literal[SORTS], Query(description="Field to sort by; '-' for descending")] = "-date",  # type: ignore[valid-type]
) -> dict:
    kwargs = filters.as_kwargs()
    items = [with_article_id(e) for e in store.events(**kwargs, limit=limit, offset=offset, sort=sort)]
    total = store.count_events(**kwargs)
    return {"total": total, "limit": limit, "offset": offset, "sort": sort, "items": items}


@router.get("/{event_id}", response_model=EventDetail, summary="One event with all its mentions and evidence")
def get_event(store: StoreDep, event_id: Annotated[str, Path(max_length=400)]) -> dict:
    event = store.event(event_id)
    if not event:
        raise ApiError(404, f"No event with id '{event_id}'")
    return with_article_id(event)


def with_article_id(event: dict) -> dict:
    """Lift the representative mention's article id to the top, where CONTRACT.md has it."""
    if not event.get("article_id"):
        event["article_id"] = (event.get("evidence") or {}).get("article_id")
    return event
