"""Pydantic models of what the API takes and returns.

Event records follow CONTRACT.md; the store may add fields (extra fields are passed on),
but the contract fields are always there.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_TEXT_CHARS = 200_000


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ActorOut(Open):
    text: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    org: str | None = None
    start: int | None = None
    end: int | None = None


class LocationOut(Open):
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class EvidenceOut(Open):
    sentence: str
    start: int | None = None
    end: int | None = None
    trigger: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None


class EventOut(Open):
    article_id: str
    event_id: str
    source: ActorOut | None = None
    target: ActorOut | None = None
    cameo: str
    cameo_root: str
    plover: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    factuality: str
    date: str | None = None
    date_precision: str | None = None
    location: LocationOut | None = None
    evidence: EvidenceOut
    attributed_to: ActorOut | None = None
    confidence: float | None = None


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    sort: str
    items: list[EventOut]


class ArticleSummary(Open):
    id: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None


class EventDetail(EventOut):
    mentions: list[dict[str, Any]] = Field(default_factory=list)
    article: ArticleSummary | None = None


class ArticlePage(BaseModel):
    total: int | None = None
    limit: int
    offset: int
    items: list[ArticleSummary]


class ArticleDetail(ArticleSummary):
    text: str
    events: list[EventOut] = Field(default_factory=list)


class MonthBucket(BaseModel):
    month: str
    events: int
    quad: dict[str, int] = Field(description="events per QuadClass: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict")
    goldstein_mean: float | None = None
    goldstein_sum: float = 0.0


class DyadOut(BaseModel):
    a: str
    b: str
    date_from: str | None = None
    date_to: str | None = None
    total: int
    months: list[MonthBucket]
    events: list[EventOut]


class NetworkNode(Open):
    id: str
    label: str | None = None
    events: int = 0


class NetworkEdge(Open):
    source: str
    target: str
    weight: float
    goldstein_mean: float | None = None


class NetworkOut(BaseModel):
    date_from: str | None = None
    date_to: str | None = None
    min_weight: int
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class ActorCount(Open):
    key: str | None = None
    events: int | None = None


class PairCount(Open):
    a: str | None = None
    b: str | None = None
    events: int | None = None


class StatusOut(BaseModel):
    version: str
    db: str
    writable: bool
    token_required: bool
    events: int
    articles: int | None = None


class ArticleIn(BaseModel):
    """An article record as in CONTRACT.md; only `text` is required."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    id: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=1000)
    published: str | None = Field(default=None, max_length=40, description="ISO date, YYYY-MM-DD")
    source: str | None = Field(default=None, max_length=300)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text is empty")
        return v


class ExtractOut(BaseModel):
    article_id: str
    text: str
    events: list[EventOut]


class StoreIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=100)


class StoreOut(BaseModel):
    articles: int
    events: int
    stats: dict[str, Any] = Field(default_factory=dict)
    errors: list[dict[str, Any]] = Field(default_factory=list)
