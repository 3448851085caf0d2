"""The ingest loop: paths -> articles -> coded articles -> the store, with a progress bar.

`ingest_paths()` reads inputs, skips articles the store already has (so a re-run after a
crash only codes what is missing), codes the rest with `Pipeline.code_many` — or with any
`coder` callable that turns an iterable of articles into coded articles, such as a
parallel producer — and hands them to `ingest_coded()`, which writes them one transaction
per batch. Every input that fails is recorded in `failures` and reported once.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import DetenteError, InputError
from ..models import Article
from .stats import IngestStats
from .store import Store

log = logging.getLogger(__name__)

Coder = Callable[[Iterable[Article]], Iterable[Any]]
FailureHook = Callable[[str, str], None]

_SINGLE = {".txt", ".html", ".htm", ".json"}


def estimate_total(paths: Iterable[str | Path]) -> int | None:
    """Number of articles if every input holds one (txt/html/json files), else None."""
    n = 0
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in p.rglob("*"):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    if f.suffix.lower() not in _SINGLE:
                        return None
                    n += 1
        elif p.is_file() and p.suffix.lower() in _SINGLE:
            n += 1
        else:
            return None
    return n


class _Progress:
    """A Rich progress bar on stderr: articles, events, rate and ETA."""

    def __init__(self, enabled: bool, total: int | None):
        self.enabled = enabled
        self.articles = self.events = self.failures = 0
        self.t0 = time.perf_counter()
        self._p = None
        if enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self.console = Console(stderr=True)
            self._p = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                               TextColumn("{task.fields[events]} events"), TextColumn("{task.fields[rate]}"),
                               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                               console=self.console, transient=False)
            self._task = self._p.add_task("ingest", total=total, events=0, rate="")
            self._p.start()
        else:
            from rich.console import Console

            self.console = Console(stderr=True)

    def advance(self, n_events: int) -> None:
        self.articles += 1
        self.events += n_events
        if self._p is not None:
            dt = max(time.perf_counter() - self.t0, 1e-9)
            self._p.update(self._task, advance=1, events=self.events, rate=f"{self.articles / dt:.1f} art/s")

    def line(self, text: str) -> None:
        (self._p.console if self._p is not None else self.console).print(text, highlight=False, soft_wrap=True,
                                                                          markup=False)

    def stop(self) -> None:
        if self._p is not None:
            self._p.stop()


def ingest_coded(store: Store, coded: Iterable[Any], *, run_id: str | None = None, batch_size: int = 64,
                 progress: bool | _Progress = False, total: int | None = None,
                 on_failure: FailureHook | None = None) -> IngestStats:
    """Write coded articles (CodedArticle-like objects or InputErrors) to `store`."""
    bar = progress if isinstance(progress, _Progress) else _Progress(bool(progress), total)

    def tracked() -> Iterator[Any]:
        for item in coded:
            if isinstance(item, DetenteError):
                where, reason = item.path or "?", item.message
            else:
                err = getattr(item, "error", None)
                art = getattr(item, "article", None)
                where = (art.url or art.path or art.id) if art is not None else "?"
                reason = err
            if reason:
                bar.line(f"failed {where}: {reason}")
                if on_failure:
                    on_failure(str(where), str(reason))
            bar.advance(len(getattr(item, "events", None) or []))
            yield item

    try:
        return store.add(tracked(), batch_size=batch_size, run_id=run_id)
    finally:
        if not isinstance(progress, _Progress):
            bar.stop()


def default_coder(actor_files: Iterable[str | Path] = (), batch_size: int = 32) -> Coder:
    """`Pipeline(actor_files).code_many` (loads the spaCy model)."""
    from ..pipeline import Pipeline

    pipeline = Pipeline(actor_files=[str(a) for a in actor_files])

    def coder(arts: Iterable[Article]) -> Iterable[Any]:
        return pipeline.code_many(arts, batch_size=batch_size)

    return coder


def ingest_paths(paths: Iterable[str | Path], db: str | Path | None = None, *, published: str | None = None,
                 actor_files: Iterable[str | Path] = (), progress: bool = True, batch_size: int = 32,
                 store_batch: int = 64, coder: Coder | None = None, command: str | None = None,
                 on_failure: FailureHook | None = None, store: Store | None = None) -> IngestStats:
    """Code `paths` into the store at `db` (default `$DETENTE_DB` or ./detente.duckdb).

    Articles already stored (same canonical URL or normalised text) are skipped before
    coding. `coder(articles) -> coded articles` replaces the default
    `Pipeline(actor_files).code_many(articles, batch_size)`.
    """
    paths = list(paths)
    own = store is None
    st = store or Store(db)
    run_id = st.begin_run(command)
    total = estimate_total(paths) if progress else None
    bar = _Progress(progress, total)
    skipped_before = 0
    input_failures = IngestStats(run_id=run_id)
    status = "failed"
    try:
        from ..ingest import iter_articles

        def fresh() -> Iterator[Article]:
            nonlocal skipped_before
            for item in iter_articles(paths, published=published):
                if isinstance(item, InputError):
                    where = item.path or "?"
                    st.record_failure(where, item.message, code=item.code, run_id=run_id)
                    input_failures.failures += 1
                    input_failures.failed.append((where, item.message))
                    bar.line(f"failed {where}: {item.message}")
                    if on_failure:
                        on_failure(where, item.message)
                    bar.advance(0)
                    continue
                if st.has_article(url=item.url, text=item.text):
                    skipped_before += 1
                    bar.advance(0)
                    continue
                yield item

        if coder is None:
            from . import ingest as _self  # looked up at call time, so tests can stand in a fake

            coder = _self.default_coder(actor_files, batch_size)

        t0 = time.perf_counter()
        stats = ingest_coded(st, coder(fresh()), run_id=run_id, batch_size=store_batch, progress=bar,
                             on_failure=on_failure)
        stats.add(input_failures)
        stats.skipped += skipped_before
        stats.seconds = time.perf_counter() - t0
        if skipped_before:
            from . import db as _db

            with _db.transaction(st._con, path=st.path):
                st._con.execute("UPDATE ingest_runs SET skipped = skipped + ? WHERE run_id = ?",
                                [skipped_before, run_id])
        stats.run_id = run_id
        status = "done"
        return stats
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        bar.stop()
        try:
            st.finish_run(run_id, status)
        except DetenteError:  # the run log is bookkeeping; the ingest's own outcome matters more
            log.warning("could not close ingest run %s", run_id, exc_info=True)
        if own:
            st.close()
