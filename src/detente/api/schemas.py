"""Pydantic models of what the API takes and returns.

Two kinds of event record go out:
- `EventOut`: a stored *event* (a happening, possibly reported by several articles), as
  `Store.events()` returns it, with the representative mention's evidence;
- `MentionOut`: one *mention* of it in one article, in the CONTRACT.md shape with offsets
  into that article's text (what `/api/extract` also returns, as `ContractEvent`).

Models list their fields, so a column added to the store does not leak out unannounced
(the store's file paths, for instance, never do).
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_TEXT_CHARS = 200_000


class ActorOut(BaseModel):
    text: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    org: str | None = None
    key: str | None = None
    start: int | None = None
    end: int | None = None


class LocationOut(BaseModel):
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class EvidenceOut(BaseModel):
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    trigger: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    article_id: str | None = Field(None, description="stored events: the article of the representative mention")
    mention_id: str | None = Field(None, description="stored events: the representative mention")


class _Coded(BaseModel):
    source: ActorOut | None = None
    target: ActorOut | None = None
    cameo: str
    cameo_root: str
    plover: str | None = None
    quad_class: int | None = Field(None, description="1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict")
    goldstein: float | None = None
    factuality: str
    date: str | None = None
    date_precision: str | None = None
    date_end: str | None = None
    location: LocationOut | None = None
    evidence: EvidenceOut
    confidence: float | None = None


class EventOut(_Coded):
    """A stored event (happening); `n_mentions` articles' sentences report it."""

    event_id: str
    article_id: str | None = None
    event_day: str | None = None
    symmetric: bool | None = None
    n_mentions: int | None = None
    n_articles: int | None = None
    n_sources: int | None = None
    first_reported: str | None = None
    last_reported: str | None = None


class MentionOut(_Coded):
    """One report of an event in one article: CONTRACT.md fields with offsets into its text."""

    mention_id: str | None = None
    article_id: str
    event_id: str | None = Field(None, description="the id the coder gave this mention")
    cluster_id: str | None = Field(None, description="the stored event this mention belongs to")
    date_source: str | None = None
    attributed_to: ActorOut | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


class ContractEvent(_Coded):
    """Exactly a CONTRACT.md event record."""

    article_id: str
    event_id: str
    date_source: str | None = None
    attributed_to: ActorOut | None = None


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    sort: str
    items: list[EventOut]


class EventDetail(EventOut):
    mentions: list[MentionOut] = Field(default_factory=list)


class ArticleSummary(BaseModel):
    article_id: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    n_events: int | None = None
    ingested_at: str | None = None


class ArticlePage(BaseModel):
    limit: int
    offset: int
    items: list[ArticleSummary]


class ArticleDetail(ArticleSummary):
    canonical_url: str | None = None
    text: str
    mentions: list[MentionOut] = Field(default_factory=list)


class DyadMonth(BaseModel):
    month: str | None = Field(None, description="YYYY-MM; null for events with no date at all")
    n_events: int
    quad1: int = 0
    quad2: int = 0
    quad3: int = 0
    quad4: int = 0
    goldstein_sum: float | None = None
    goldstein_mean: float | None = None
    n_mentions: int | None = None


class DyadTotals(BaseModel):
    n_events: int = 0
    cooperation: int = 0
    conflict: int = 0
    goldstein_sum: float | None = None
    goldstein_mean: float | None = None
    first_day: str | None = None
    last_day: str | None = None


class DyadOut(BaseModel):
    a: str
    b: str
    date_from: str | None = None
    date_to: str | None = None
    months: list[DyadMonth]
    totals: DyadTotals
    top_events: list[EventOut]


class NetworkNode(BaseModel):
    id: str
    label: str | None = None
    n_events: int = 0


class NetworkEdge(BaseModel):
    source: str
    target: str
    weight: int
    cooperation: int | None = None
    conflict: int | None = None
    goldstein_mean: float | None = None


class NetworkOut(BaseModel):
    date_from: str | None = None
    date_to: str | None = None
    min_weight: int
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class ActorCount(BaseModel):
    key: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    org: str | None = None
    n_events: int
    as_source: int | None = None
    as_target: int | None = None
    n_mentions: int | None = None
    goldstein_mean: float | None = None


class PairCount(BaseModel):
    a: str
    b: str
    n_events: int
    a_to_b: int | None = None
    b_to_a: int | None = None
    cooperation: int | None = None
    conflict: int | None = None
    goldstein_mean: float | None = None
    n_mentions: int | None = None


class StatusOut(BaseModel):
    version: str
    db: str
    writable: bool
    token_required: bool
    events: int
    articles: int | None = None
    first_event_day: str | None = None
    last_event_day: str | None = None


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
    events: list[ContractEvent]


class StoreIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=100)


class StoreOut(BaseModel):
    articles: int = Field(description="articles coded in this request")
    events: int = Field(description="events coded in this request")
    stats: dict = Field(default_factory=dict, description="what the store did (IngestStats)")
    errors: list[dict] = Field(default_factory=list)
