"""Readers: files, folders, feeds, WARC archives and URLs to `Article` records.

`iter_articles(paths, published=None)` is the one entry point the CLI and the batch jobs
use; it yields an `InputError` (never raises) for each bad input so a batch goes on.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..models import Article
from .furniture import find_furniture
from .readers import (DEFAULT_MAX_BYTES, html_to_text, make_article, read_feed, read_html, read_json,
                      read_jsonl, read_txt, read_url, read_warc)
from .urls import canonical_url, is_web_url

__all__ = ["iter_articles", "iter_path", "find_furniture", "read_txt", "read_html", "read_json", "read_jsonl",
           "read_feed", "read_warc", "read_url", "make_article", "html_to_text", "canonical_url",
           "SUFFIXES", "DEFAULT_MAX_BYTES"]

log = logging.getLogger("detente.ingest")

_MANGLED_URL = re.compile(r"^https?:/[^/]", re.IGNORECASE)
SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".xml", ".rss", ".atom", ".warc", ".warc.gz")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return path.suffix.lower()


def _walk(folder: Path, others: list[Path] | None = None) -> Iterator[Path]:
    """Files under `folder`, recursively, sorted; hidden files and folders skipped, and
    files of other types skipped with a debug line (and appended to `others`)."""
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).parts
        if any(part.startswith(".") for part in rel) or not p.is_file():
            continue
        if _suffix(p) in SUFFIXES:
            yield p
        else:
            log.debug("%s: not a supported file type, skipped", p)
            if others is not None:
                others.append(p)


def _nothing_to_read(others: list[Path]) -> str:
    """Why a folder gave no input at all."""
    if not others:
        return "empty folder (no files to read)"
    kinds = sorted({_suffix(p) or "(no extension)" for p in others})
    return (f"no supported files ({len(others)} other file(s): {', '.join(kinds[:5])}"
            f"{', ...' if len(kinds) > 5 else ''}; expected {', '.join(SUFFIXES)})")


def iter_path(path: Path, published: str | None = None, *, settings=None) -> Iterator[Article | InputError]:
    """Articles (or InputErrors) of one file, dispatched by extension."""
    suffix = _suffix(path)
    try:
        if suffix == ".txt":
            yield read_txt(path, published=published, settings=settings)
        elif suffix in (".html", ".htm"):
            yield read_html(path, published=published, settings=settings)
        elif suffix == ".json":
            yield from read_json(path, published=published, settings=settings)
        elif suffix == ".jsonl":
            yield from read_jsonl(path, published=published, settings=settings)
        elif suffix in (".xml", ".rss", ".atom"):
            yield from read_feed(path, published=published, settings=settings)
        elif suffix in (".warc", ".warc.gz"):
            yield from read_warc(path, published=published, settings=settings)
        else:
            yield InputError(f"unsupported file type {suffix or '(no extension)'!r} "
                             f"(expected one of {', '.join(SUFFIXES)})", path=str(path))
    except InputError as e:
        yield e


def iter_articles(paths: Iterable[str | Path], published: str | None = None, *,
                  settings=None, fetcher=None) -> Iterator[Article | InputError]:
    """Articles from files, folders (walked recursively, sorted, hidden files skipped) and
    http(s) URLs. `published` fills articles that have no date of their own. A bad input,
    or a folder with no file to read, yields an `InputError` and the others go on.

    `settings` (a `Settings`; defaults when None) gives the size limit per file
    (`ingest.max_file_bytes`, 10 MB) and the English threshold; `fetcher` an
    `ingest.http.Fetcher` for URLs (one is made and closed when needed).
    """
    own_fetcher = None
    try:
        for p in paths:
            s = str(p)
            if isinstance(p, Path) and _MANGLED_URL.match(s):  # Path("https://x") -> "https:/x"
                s = s.replace(":/", "://", 1)
            if is_web_url(s) and (isinstance(p, str) or not Path(p).exists()):
                if fetcher is None and own_fetcher is None:
                    from .http import Fetcher

                    own_fetcher = Fetcher()
                try:
                    yield read_url(s, fetcher=fetcher or own_fetcher, published=published, settings=settings)
                except InputError as e:
                    yield e
                continue
            path = Path(p)
            if path.is_dir():
                others: list[Path] = []
                found = False
                for f in _walk(path, others):
                    found = True
                    yield from iter_path(f, published, settings=settings)
                if not found:
                    yield InputError(_nothing_to_read(others), path=str(path))
            elif path.exists():
                yield from iter_path(path, published, settings=settings)
            else:
                yield InputError("no such file or directory", path=str(path))
    finally:
        if own_fetcher is not None:
            own_fetcher.close()
