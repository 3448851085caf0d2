"""Following feeds: poll, fetch new entries' pages, extract, code, store — one round at a time.

`Watcher(sources, sink=..., coder=...)` is the logic behind `detente watch`; it is
testable without the CLI (inject any coder with `code_many(articles)` and any sink with the
`Sink` methods).

One round:

1. Each source is fetched (a thread pool; `Fetcher` caps concurrency per host) with a
   conditional GET (ETag / Last-Modified remembered in a JSON state file). A feed gives its
   entries; an HTML page given directly is itself the one entry. A 304 gives no entries.
2. An entry is new when the sink has no article with its canonical URL; pages that failed
   before are retried (also after a 304), up to `max_attempts` rounds.
3. New pages are fetched, read by `read_html` (trafilatura), and dropped if the sink
   already holds the same normalised text (the same story under another URL).
4. Articles are coded (`coder.code_many`) and added to the sink; failures are recorded
   with a reason code (`timeout`, `robots`, `http_500`, `not_html`, `too_large`,
   `not_english`, `no_text`, `not_coded`, ...). A failing feed or page never stops the others.
5. The round's numbers come back as `RoundStats` (and the sink records them).
"""
from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from ..errors import DetenteError, FetchError, InputError
from ..models import Article
from .http import Fetcher, FetchResult, fetch_error, looks_like_feed
from .readers import entry_published, parse_feed, read_html, url_id
from .urls import canonical_url, is_web_url

log = logging.getLogger("detente.ingest.watch")


class Coder(Protocol):
    def code_many(self, articles: Iterable[Article]) -> Iterable[Any]: ...  # CodedArticle-like


class Sink(Protocol):
    """Where articles go: `detente.store.Store` through `StoreSink`, or `MemorySink`."""

    def begin_round(self) -> None: ...
    def has_article(self, *, url: str | None = None, text: str | None = None) -> bool: ...
    def add(self, coded: list[Any]) -> Any: ...
    def record_failure(self, path: str, reason: str, code: str | None = None) -> None: ...
    def finish_round(self, stats: "RoundStats") -> None: ...


def normalise_text(text: str) -> str:
    """Case-folded text with whitespace collapsed: the same story under two URLs matches."""
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass
class RoundStats:
    round: int = 0
    started: float = 0.0
    finished: float = 0.0
    sources: int = 0
    not_modified: int = 0
    failed_sources: int = 0
    entries: int = 0
    already_stored: int = 0
    new_articles: int = 0
    events: int = 0
    failures: Counter = field(default_factory=Counter)

    @property
    def n_failures(self) -> int:
        return sum(self.failures.values())

    def summary(self) -> str:
        fails = ", ".join(f"{k} {v}" for k, v in sorted(self.failures.items()))
        return (f"round {self.round}: {self.sources} source(s) ({self.not_modified} not modified, "
                f"{self.failed_sources} failed), "
                f"{self.entries} entries, {self.new_articles} new article(s), {self.events} event(s), "
                f"{self.already_stored} already stored, {self.n_failures} failure(s)"
                + (f" ({fails})" if fails else "") + f" in {self.finished - self.started:.1f} s")

    def to_dict(self) -> dict[str, Any]:
        return {"round": self.round, "sources": self.sources, "not_modified": self.not_modified,
                "failed_sources": self.failed_sources,
                "entries": self.entries, "already_stored": self.already_stored,
                "new_articles": self.new_articles, "events": self.events,
                "failures": dict(self.failures), "seconds": round(self.finished - self.started, 3)}


def failure_reason(err: DetenteError) -> str:
    """A short reason code for an error (FetchError carries its own)."""
    reason = getattr(err, "reason", None)
    if reason:
        return reason
    msg = err.message
    if msg.startswith("not English"):
        return "not_english"
    if "no extractable text" in msg or "no article text" in msg or msg.startswith("empty"):
        return "no_text"
    if msg.startswith("too large"):
        return "too_large"
    if msg.startswith("not coded"):
        return "not_coded"
    return "bad_input"


@dataclass
class _Entry:
    url: str
    canonical: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    feed: str | None = None
    page: FetchResult | None = None  # already fetched (a page given as a source)


class FeedState:
    """ETag / Last-Modified per feed and the pages to retry, in a small JSON file."""

    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self.data: dict[str, dict[str, Any]] = {}
        if self.path and self.path.exists():
            try:
                self.data = json.loads(self.path.read_text("utf-8"))
            except (OSError, ValueError) as e:
                log.warning("%s: unreadable feed state (%s); starting afresh", self.path, e)
        self._lock = threading.Lock()

    def feed(self, url: str) -> dict[str, Any]:
        with self._lock:
            return self.data.setdefault(url, {})

    def save(self) -> None:
        if not self.path:
            return
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps(self.data, indent=1, sort_keys=True), "utf-8")
        os.replace(tmp, self.path)


class Watcher:
    """Polls `sources` (feed or page URLs) into `sink`, coding with `coder`."""

    def __init__(self, sources: Iterable[str], *, sink: Sink, coder: Coder, fetcher: Fetcher | None = None,
                 state_path: str | Path | None = None, workers: int = 4, max_attempts: int = 5,
                 settings=None, report: Callable[[str], None] | None = None):
        self.sources = list(dict.fromkeys(s.strip() for s in sources if s.strip()))
        self.sink = sink
        self.coder = coder
        self._own_fetcher = fetcher is None
        self.fetcher = fetcher or Fetcher()
        self.state = FeedState(state_path)
        self.workers = workers
        self.max_attempts = max_attempts
        self.settings = settings
        self.report = report or (lambda line: log.info("%s", line))
        self.rounds = 0

    def close(self) -> None:
        if self._own_fetcher:
            self.fetcher.close()

    # -- one round ---------------------------------------------------------------------------

    def run_round(self) -> RoundStats:
        self.rounds += 1
        stats = RoundStats(round=self.rounds, started=time.time(), sources=len(self.sources))
        lock = threading.Lock()
        self.sink.begin_round()

        def fail(where: str, err: DetenteError, feed: str | None = None) -> None:
            reason = failure_reason(err)
            log.warning("%s", err)
            with lock:
                stats.failures[reason] += 1
            try:
                self.sink.record_failure(where, f"{reason}: {err.message}", err.code)
            except DetenteError as e:  # the store failing to log a failure must not stop the round
                log.warning("could not record failure of %s: %s", where, e)
            if feed:
                st = self.state.feed(feed)
                with lock:
                    retry = st.setdefault("retry", {})
                    retry[where] = retry.get(where, 0) + 1
                    if retry[where] >= self.max_attempts:
                        log.warning("%s: giving up after %d attempts", where, retry[where])

        entries: list[_Entry] = []
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for source, result in zip(self.sources, pool.map(self._poll_source, self.sources)):
                if isinstance(result, DetenteError):
                    fail(source, result)
                    stats.failed_sources += 1
                    continue
                got, not_modified = result
                stats.not_modified += not_modified
                entries.extend(got)

        # dedup within the round, then against the sink (canonical URL)
        seen: set[str] = set()
        todo: list[_Entry] = []
        for e in entries:
            if e.canonical in seen:
                continue
            seen.add(e.canonical)
            stats.entries += 1
            if self.sink.has_article(url=e.canonical):
                stats.already_stored += 1
                self._forget_retry(e)
                continue
            todo.append(e)

        articles: list[Article] = []
        texts: set[str] = set()
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for e, result in zip(todo, pool.map(self._fetch_article, todo)):
                if isinstance(result, DetenteError):
                    fail(e.url, result, e.feed)
                    continue
                norm = normalise_text(result.text)
                if norm in texts or self.sink.has_article(text=result.text):
                    stats.already_stored += 1
                    self._forget_retry(e)
                    continue
                texts.add(norm)
                articles.append(result)
                self._forget_retry(e)

        if articles:
            coded_ok = []
            for coded in self.coder.code_many(articles):
                if getattr(coded, "error", None):
                    fail(coded.article.url or coded.article.id,
                         InputError(f"not coded: {coded.error}", path=coded.article.url))
                    continue
                coded_ok.append(coded)
            if coded_ok:
                self.sink.add(coded_ok)
                stats.new_articles += len(coded_ok)
                stats.events += sum(len(c.events) for c in coded_ok)

        self.state.save()
        stats.finished = time.time()
        try:
            self.sink.finish_round(stats)
        except DetenteError as e:
            log.warning("could not record the round: %s", e)
        self.report(stats.summary())
        return stats

    def run(self, every: float, rounds: int | None = None, stop: threading.Event | None = None) -> None:
        """Rounds every `every` seconds (measured start to start) until `rounds` are done or
        `stop` is set."""
        stop = stop or threading.Event()
        n = 0
        while not stop.is_set():
            started = time.monotonic()
            self.run_round()
            n += 1
            if rounds is not None and n >= rounds:
                break
            stop.wait(max(0.0, every - (time.monotonic() - started)))

    # -- steps -------------------------------------------------------------------------------

    def _forget_retry(self, e: _Entry) -> None:
        if e.feed:
            self.state.feed(e.feed).get("retry", {}).pop(e.url, None)

    def _poll_source(self, source: str) -> tuple[list[_Entry], int] | DetenteError:
        if not is_web_url(source):
            return fetch_error("bad_scheme", "only http(s) feed or page URLs can be watched", source)
        st = self.state.feed(source)
        retry = [_Entry(url=u, canonical=canonical_url(u), feed=source)
                 for u, n in st.get("retry", {}).items() if n < self.max_attempts]
        try:
            res = self.fetcher.fetch_feed(source, etag=st.get("etag"), last_modified=st.get("last_modified"))
        except FetchError as e:
            return e
        if res.not_modified:
            return retry, 1
        if looks_like_feed(res):
            try:
                parsed = parse_feed(res.content, source)
            except InputError as e:
                return e
            feed_title = parsed.feed.get("title")
            got = []
            for entry in parsed.entries:
                link = entry.get("link")
                if not link or not is_web_url(link):
                    continue
                link = _absolute(res.url, link)
                got.append(_Entry(url=link, canonical=canonical_url(link), title=entry.get("title"),
                                  published=entry_published(entry), source=feed_title, feed=source))
            st["etag"] = res.etag
            st["last_modified"] = res.last_modified
            tries = st.get("retry", {})
            got = [e for e in got if tries.get(e.url, 0) < self.max_attempts]
            known = {e.url for e in got}
            return got + [e for e in retry if e.url not in known], 0
        if res.content_type.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml", ""):
            return [_Entry(url=res.url, canonical=canonical_url(res.url), page=res)], 0
        return fetch_error("not_feed", f"neither a feed nor an HTML page ({res.content_type})", source)

    def _fetch_article(self, e: _Entry) -> Article | DetenteError:
        try:
            page = e.page or self.fetcher.fetch_page(e.url)
            art = read_html(page.content, url=page.url, where=e.url, published=e.published, settings=self.settings,
                            id=url_id(page.url), source_name=e.source)
        except DetenteError as err:
            return err
        if not art.title and e.title:
            art = replace(art, title=e.title)
        return art


def _absolute(base: str, link: str) -> str:
    from urllib.parse import urljoin

    return urljoin(base, link)


# --- sinks --------------------------------------------------------------------------------

class MemorySink:
    """An in-memory sink (tests, dry runs): articles by canonical URL and normalised text."""

    def __init__(self) -> None:
        self.coded: list[Any] = []
        self.urls: set[str] = set()
        self.texts: set[str] = set()
        self.failures: list[tuple[str, str, str | None]] = []
        self.rounds: list[RoundStats] = []

    def begin_round(self) -> None:
        pass

    def has_article(self, *, url: str | None = None, text: str | None = None) -> bool:
        return (url is not None and canonical_url(url) in self.urls) or \
            (text is not None and normalise_text(text) in self.texts)

    def add(self, coded: list[Any]) -> None:
        for c in coded:
            self.coded.append(c)
            if c.article.url:
                self.urls.add(canonical_url(c.article.url))
            self.texts.add(normalise_text(c.article.text))

    def record_failure(self, path: str, reason: str, code: str | None = None) -> None:
        self.failures.append((path, reason, code))

    def finish_round(self, stats: RoundStats) -> None:
        self.rounds.append(stats)


class StoreSink:
    """`detente.store.Store` as a sink: each round is an `ingest_runs` row (command
    "watch"), its stored articles, events and failures counted there; each failure is a
    `failures` row whose reason starts with the reason code ("timeout: ...")."""

    def __init__(self, store: Any, command: str = "watch"):
        self.store = store
        self.command = command
        self.run_id: str | None = None

    def begin_round(self) -> None:
        self.run_id = self.store.begin_run(self.command)

    def has_article(self, *, url: str | None = None, text: str | None = None) -> bool:
        return bool(self.store.has_article(url=url, text=text))

    def add(self, coded: list[Any]) -> Any:
        return self.store.add(coded, run_id=self.run_id)

    def record_failure(self, path: str, reason: str, code: str | None = None) -> None:
        self.store.record_failure(path, reason, code=code, run_id=self.run_id)

    def finish_round(self, stats: RoundStats) -> None:
        if self.run_id:
            self.store.finish_run(self.run_id, "done")
            self.run_id = None
