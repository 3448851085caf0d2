"""The whole pipeline: article -> spaCy Doc -> actors -> event mentions -> dated, placed events.

`Pipeline` loads the model and the knowledge once and codes many articles with `nlp.pipe`
batching. Each stage is a spaCy component registered in `factories.py`, so the same
pipeline runs in one process, in local worker processes and in Ray actors.
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from spacy.tokens import Doc

from ..errors import DetenteError, InputError
from ..models import Article, Event, Evidence
from ..settings import Settings, load_settings

log = logging.getLogger(__name__)


@dataclass
class CodedArticle:
    """An article with the events coded from it, or the reason it could not be coded."""

    article: Article
    events: list[Event] = field(default_factory=list)
    error: str | None = None


class Pipeline:
    """Loads models and knowledge once; codes one article or many."""

    def __init__(self, settings: Settings | None = None, actor_files: Iterable[str] = ()):
        import spacy

        from ..nlp import available_model
        from . import factories  # noqa: F401  (registers the components)

        self.settings = settings or load_settings()
        # each Pipeline owns its Language: components configured for one (its actor files, its
        # settings) must never leak into another living in the same process
        self.nlp = spacy.load(available_model(), disable=list(self.settings.nlp.disable))
        if "parser" in self.nlp.pipe_names:
            self.nlp.add_pipe("detente_line_breaks_v1", name="detente_line_breaks", before="parser")
        self.nlp.add_pipe("detente_actor_resolver_v1", name="detente_actor_resolver",
                          config={"actor_files": list(actor_files)})
        self.nlp.add_pipe("detente_event_coder_v1", name="detente_event_coder",
                          config={"emit_plain_statements": self.settings.coding.emit_plain_statements})
        from ..coding.taxonomy import load_taxonomy

        self.taxonomy = load_taxonomy()

    # -- one article -----------------------------------------------------------------------

    def _prepare(self, article: Article) -> tuple[str, dict]:
        from ..timeplace.dates import find_dateline, parse_published

        published = parse_published(article.published)
        dateline = None
        try:
            dateline = find_dateline(article.text)
        except Exception as exc:  # noqa: BLE001 - a dateline is a hint; its failure must not lose the article
            log.info("dateline reading failed for %s: %s", article.id, exc)
        if published is None and dateline is not None and dateline.date is not None:
            published = dateline.date
        return article.text, {"article": article, "published": published, "dateline": dateline}

    def code(self, article: Article) -> list[Event]:
        coded = next(iter(self.code_many([article], batch_size=1)))
        if coded.error:
            raise InputError(coded.error, path=article.path or article.id)
        return coded.events

    def code_many(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[CodedArticle]:
        """Code articles in batches; an article that fails is reported, never fatal."""
        max_chars = self.settings.ingest.max_chars

        def prepared() -> Iterator[tuple[str, dict]]:
            for art in articles:
                if not art.text or not art.text.strip():
                    yield "", {"article": art, "error": "empty article text"}
                    continue
                if len(art.text) > max_chars:
                    yield "", {"article": art, "error": f"article too long ({len(art.text):,} > {max_chars:,} characters)"}
                    continue
                yield self._prepare(art)

        def docs_with_context():
            for text, ctx in prepared():
                if "error" in ctx:
                    yield None, ctx
                    continue
                yield text, ctx

        pending = docs_with_context()
        # nlp.pipe with as_tuples keeps each article's context beside its Doc
        texts_ctx = ((t, c) for t, c in pending)
        batch: list[tuple[str | None, dict]] = []
        for item in texts_ctx:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[tuple[str | None, dict]]) -> Iterator[CodedArticle]:
        good = [(t, c) for t, c in batch if t is not None]
        docs = {}
        if good:
            def with_ext():
                for text, ctx in good:
                    yield text, ctx
            try:
                for doc, ctx in self.nlp.pipe(self._docs(good), as_tuples=True):
                    docs[id(ctx)] = doc
            except Exception as exc:  # noqa: BLE001 - fall back to one at a time to isolate the bad article
                log.info("batch failed (%s: %s); coding its articles one by one", type(exc).__name__, exc)
                log.debug("batch failure", exc_info=True)
                for text, ctx in good:
                    try:
                        doc = next(iter(self.nlp.pipe(self._docs([(text, ctx)]), as_tuples=True)))[0]
                        docs[id(ctx)] = doc
                    except Exception as exc:  # noqa: BLE001
                        ctx["error"] = f"could not be parsed: {type(exc).__name__}: {exc}"
        for text, ctx in batch:
            art = ctx["article"]
            if "error" in ctx:
                yield CodedArticle(art, [], ctx["error"])
                continue
            doc = docs.get(id(ctx))
            try:
                yield CodedArticle(art, self.events_of(doc, ctx))
            except DetenteError as exc:
                yield CodedArticle(art, [], str(exc))

    def _docs(self, items):
        for text, ctx in items:
            doc = self.nlp.make_doc(text)
            doc._.published = ctx["published"]
            doc._.skip_spans = ctx["article"].skip_spans
            yield doc, ctx

    # -- events --------------------------------------------------------------------------

    def events_of(self, doc: Doc, ctx: dict) -> list[Event]:
        from ..timeplace.dates import resolve_event_date
        from ..timeplace.places import get_gazetteer, locate_event

        article: Article = ctx["article"]
        published: dt.date | None = ctx["published"]
        dateline = ctx.get("dateline")
        gazetteer = get_gazetteer()
        dateline_place = None
        if dateline is not None and dateline.place:
            dateline_place = gazetteer.lookup(dateline.place)
        hints = tuple(dict.fromkeys(a.actor.country for a in (doc._.actors or []) if a.actor.country))
        events: list[Event] = []
        for n, m in enumerate(doc._.event_mentions or [], start=1):
            code = self.taxonomy[m.code]
            when = resolve_event_date(m.sent, m.trigger, published)
            where = locate_event(m.sent, m.trigger, hints, dateline_place)
            sent = m.sent
            events.append(Event(
                article_id=article.id,
                event_id=f"{article.id}:{n}",
                source=m.source.actor if m.source else None,
                target=m.target.actor if m.target else None,
                cameo=code.code,
                cameo_root=code.root,
                plover=code.plover,
                quad_class=code.quad_class,
                goldstein=code.goldstein,
                factuality=m.factuality,
                date=when.date,
                date_precision=when.precision,
                date_end=when.date_end,
                date_source=when.source,
                location=where,
                evidence=Evidence(sentence=sent.text.rstrip(), start=sent.start_char,
                                  end=sent.start_char + len(sent.text.rstrip()),
                                  trigger=m.trigger.text, trigger_start=m.trigger.idx,
                                  trigger_end=m.trigger.idx + len(m.trigger.text)),
                attributed_to=m.attributed_to.actor if m.attributed_to else None,
                confidence=round(m.confidence, 3),
            ))
        return events


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    return Pipeline()


def extract(text: str, published: str | None = None, article_id: str | None = None) -> list[Event]:
    """Code one text: the quickest way in from Python."""
    from ..ingest.furniture import find_furniture

    art = Article(id=article_id or "text", text=text, published=published, skip_spans=find_furniture(text))
    return default_pipeline().code(art)
