"""Code articles on every local core: one Pipeline per worker process, results in input order.

`code_parallel(articles, workers, batch_size, actor_files)` is a drop-in for
`Pipeline.code_many`: the caller iterates `CodedArticle`s in the order the articles came in
and stays the only writer (store, stdout, progress bar). Articles go out in chunks of
`batch_size` to a pool of `spawn`-started processes; each process loads the spaCy model and
the knowledge once, in the pool initializer.

What happens when things go wrong:

1. an article that cannot be coded comes back as `CodedArticle(error=...)`, as in one process;
2. a chunk whose worker raises an unexpected exception comes back as errors for that chunk;
3. a worker process that dies (segfault, out of memory, killed) breaks the pool: the chunks
   that were in flight are retried one at a time on a fresh pool, so the chunk that kills a
   worker on its own is reported as errors and every other chunk is coded normally;
4. a Pipeline that cannot be built (a bad `--actors` file) is a configuration error: the
   `DetenteError` is raised in the caller, as `Pipeline(...)` would raise it.

`workers=1`, or an input of a single chunk, codes in this process with no pool at all.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import Callable, Iterable, Iterator, Sequence

from ..errors import DetenteError
from ..models import Article
from ..pipeline import CodedArticle

log = logging.getLogger(__name__)

# -- inside a worker process --------------------------------------------------------------

_PIPELINE = None
_INIT_ERROR: DetenteError | None = None


def _init_worker(actor_files: tuple[str, ...]) -> None:
    """Pool initializer: load one Pipeline for the life of this process."""
    global _PIPELINE, _INIT_ERROR
    from ..pipeline import Pipeline

    try:
        _PIPELINE = Pipeline(actor_files=list(actor_files))
    except DetenteError as exc:  # reported to the caller with the first chunk
        _INIT_ERROR = exc
    except Exception as exc:  # noqa: BLE001 - worker boundary: a broken install must stop the job, not
        # look like a worker that died on every article
        log.error("the pipeline could not be loaded in a worker process", exc_info=True)
        _INIT_ERROR = DetenteError(f"the pipeline could not be loaded: {type(exc).__name__}: {exc}")


def _code_chunk(articles: list[Article], batch_size: int) -> list[CodedArticle]:
    if _INIT_ERROR is not None:
        raise _INIT_ERROR
    return list(_PIPELINE.code_many(articles, batch_size=batch_size))


# -- in the caller ------------------------------------------------------------------------

def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def _failed(chunk: Sequence[Article], reason: str) -> list[CodedArticle]:
    return [CodedArticle(art, [], reason) for art in chunk]


# one math thread per worker, as Ray does for its workers: N workers with N BLAS threads each
# would fight over N cores. A value the user has set is left alone.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class _Pool:
    """A ProcessPoolExecutor that can be replaced after a worker dies."""

    def __init__(self, workers: int, actor_files: tuple[str, ...]):
        self.workers = workers
        self.actor_files = actor_files
        self.ctx = multiprocessing.get_context("spawn")
        self.executor: ProcessPoolExecutor | None = None
        # workers are spawned lazily (on submit), so the variables stay set while the pool lives
        self._env_set = [k for k in THREAD_VARS if k not in os.environ]
        for k in self._env_set:
            os.environ[k] = "1"
        self.renew()

    def renew(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = ProcessPoolExecutor(self.workers, mp_context=self.ctx, initializer=_init_worker,
                                            initargs=(self.actor_files,))

    def submit(self, fn, *args) -> Future:
        return self.executor.submit(fn, *args)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
        for k in self._env_set:
            os.environ.pop(k, None)
        self._env_set = []


def _outcome(fut: Future, chunk: list[Article]) -> list[CodedArticle] | None:
    """The chunk's results; None when its worker died (the pool is broken)."""
    try:
        return fut.result()
    except BrokenProcessPool:
        return None
    except DetenteError:
        raise  # the Pipeline could not be built: a configuration error, not a bad article
    except Exception as exc:  # noqa: BLE001 - worker boundary: the chunk becomes error rows
        log.error("worker failed on a chunk of %d article(s) (%s ... %s)", len(chunk), chunk[0].id,
                  chunk[-1].id, exc_info=exc)
        return _failed(chunk, f"worker error: {type(exc).__name__}: {exc}")


def code_parallel(articles: Iterable[Article], workers: int | None = None, batch_size: int = 32,
                  actor_files: Iterable[str] = (), *,
                  in_process: Callable[[Iterable[Article]], Iterable[CodedArticle]] | None = None,
                  ) -> Iterator[CodedArticle]:
    """Code `articles` on `workers` processes; yields CodedArticles in input order.

    `workers` defaults to every core. With 1 worker, or an input that fits in one chunk of
    `batch_size` articles (a pool could not speed it up, and each worker loads the model), the
    articles are coded in this process by `in_process` (default:
    `Pipeline(actor_files).code_many`). At most `2 * workers` chunks are in flight, so memory
    stays flat on any input size.
    """
    workers = workers or default_workers()
    actor_files = tuple(str(f) for f in actor_files)
    chunks = _chunks(articles, batch_size)
    head = list(islice(chunks, 2))
    if workers <= 1 or len(head) < 2:
        if in_process is None:
            from ..pipeline import Pipeline

            def in_process(arts):
                return Pipeline(actor_files=list(actor_files)).code_many(arts, batch_size=batch_size)

        yield from in_process(chain.from_iterable(chain(head, chunks)))
        return

    pool = _Pool(workers, actor_files)
    window: deque[tuple[list[Article], Future]] = deque()
    try:
        for chunk in chain(head, chunks):
            window.append((chunk, pool.submit(_code_chunk, chunk, batch_size)))
            if len(window) < 2 * workers:
                continue
            yield from _drain(pool, window, batch_size, keep=2 * workers - 1)
        yield from _drain(pool, window, batch_size, keep=0)
    finally:
        pool.close()


def _drain(pool: _Pool, window: deque, batch_size: int, keep: int) -> Iterator[CodedArticle]:
    """Yield finished chunks from the head of the window until `keep` remain in flight."""
    while len(window) > keep:
        chunk, fut = window[0]
        result = _outcome(fut, chunk)
        if result is None:
            yield from _recover(pool, window, batch_size)
            continue
        window.popleft()
        yield from result


def _recover(pool: _Pool, window: deque, batch_size: int) -> Iterator[CodedArticle]:
    """A worker died. Every chunk in flight is a suspect: run each alone on a fresh pool
    (in order, so the output order holds); the one that kills its worker again is reported
    as errors. The rest of the job then goes on in parallel."""
    suspects = [chunk for chunk, _ in window]
    window.clear()
    log.warning("a worker process died; retrying %d chunk(s) one at a time", len(suspects))
    pool.renew()
    for chunk in suspects:
        result = _outcome(pool.submit(_code_chunk, chunk, batch_size), chunk)
        if result is None:
            pool.renew()
            result = []
            for art in chunk:  # isolate the article(s) that kill a worker
                one = _outcome(pool.submit(_code_chunk, [art], 1), [art]) if len(chunk) > 1 else None
                if one is None:
                    log.error("article %s kills its worker process; reported as an error", art.id)
                    one = _failed([art], "worker process died while coding this article")
                    pool.renew()
                result.extend(one)
        yield from result

