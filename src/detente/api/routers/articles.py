"""GET /api/articles, GET /api/articles/{article_id}, POST /api/articles."""
from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from ..deps import CoderDep, StoreDep, WriterDep
from ..errors import ApiError
from ..params import Limit, Offset
from ..schemas import ArticleDetail, ArticleIn, ArticlePage, StoreIn, StoreOut
from .extract import to_article

log = logging.getLogger("detente.api")
router = APIRouter(prefix="/api/articles", tags=["articles"])


@router.get("", response_model=ArticlePage, summary="List stored articles")
def list_articles(
    store: StoreDep,
    limit: Limit = 50,
    offset: Offset = 0,
    text: Annotated[str | None, Query(max_length=200, description="Substring of the title or text")] = None,
) -> dict:
    text = (text or "").strip() or None
    items = store.articles(limit=limit, offset=offset, text=text)
    return {"limit": limit, "offset": offset, "items": items}


@router.get("/{article_id}", response_model=ArticleDetail, summary="One article: its text and coded events")
def get_article(store: StoreDep, article_id: Annotated[str, Path(max_length=300)]) -> dict:
    article = store.article(article_id)
    if not article:
        raise ApiError(404, f"No article with id '{article_id}'")
    return article


@router.post("", response_model=StoreOut, status_code=201, dependencies=[WriterDep],
             summary="Code articles and store their events (needs --writable, and the token when set)")
def store_articles(body: StoreIn | ArticleIn, request: Request, store: StoreDep, coder: CoderDep) -> dict:
    from ..deps import coded_article

    records = body.articles if isinstance(body, StoreIn) else [body]
    coded, errors = [], []
    for record in records:
        article = to_article(record)
        try:
            events = coder(article)
            coded.append(coded_article(article, events, None))
        except Exception as exc:  # noqa: BLE001 - boundary: one bad article must not sink the batch
            log.exception("coding failed for article %s", article.id)
            errors.append({"article_id": article.id, "error": f"{type(exc).__name__}: {exc}"})
    with request.app.state.write_lock:  # one writer at a time on the store's connection
        stats = store.add(coded) if coded else None
    n_events = sum(len(c.events) for c in coded)
    return {"articles": len(coded), "events": n_events, "stats": _as_dict(stats), "errors": errors}


def _as_dict(stats) -> dict:
    if stats is None:
        return {}
    if isinstance(stats, dict):
        return stats
    if hasattr(stats, "to_dict"):
        return stats.to_dict()
    if hasattr(stats, "_asdict"):
        return stats._asdict()
    if hasattr(stats, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(stats)
    return {"value": str(stats)}
