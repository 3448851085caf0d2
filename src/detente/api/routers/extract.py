"""POST /api/extract: code posted text; nothing is stored."""
from __future__ import annotations

import hashlib
import re

from fastapi import APIRouter

from ...models import Article
from ..deps import CoderDep
from ..errors import ApiError
from ..schemas import ArticleIn, ExtractOut

router = APIRouter(prefix="/api", tags=["extract"])

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


def to_article(record: ArticleIn) -> Article:
    if record.published and not _ISO.match(record.published):
        raise ApiError(422, f"Invalid 'published' date '{record.published}': use YYYY-MM-DD",
                       [{"param": "published", "message": "invalid date"}])
    article_id = record.id or "posted-" + hashlib.sha1(record.text.encode()).hexdigest()[:12]
    return Article(id=article_id, text=record.text, url=record.url, title=record.title,
                   published=record.published, source=record.source)


@router.post("/extract", response_model=ExtractOut,
             summary="Code posted text or an article record; returns CONTRACT.md events, stores nothing")
def extract(body: ArticleIn, coder: CoderDep) -> dict:
    article = to_article(body)
    events = coder(article)
    return {"article_id": article.id, "text": article.text, "events": [e.to_dict() for e in events]}
