"""One small reader per input format.

Single-article readers (`read_txt`, `read_html`, `read_url`) return an `Article` or raise
`InputError` with a one-line reason. Multi-record readers (`read_json`, `read_jsonl`,
`read_feed`, `read_warc`) raise `InputError` when the whole file is unusable and *yield*
an `InputError` for a single bad record, so the other records go on.

Every article passes through `make_article`, which refuses empty and non-English text,
normalises `published` to ISO `YYYY-MM-DD` and sets `skip_spans` (page furniture).
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models import Article
from .dates import normalise_published
from .furniture import find_furniture, leading_title
from .language import language_problem

log = logging.getLogger("detente.ingest")

DEFAULT_MAX_BYTES = 10_000_000  # 10 MB; settings key ingest.max_file_bytes


def ingest_settings(settings=None):
    """The [ingest] section of a `Settings` (the defaults when None)."""
    from ..settings import IngestSettings

    if settings is None:
        return IngestSettings()
    return getattr(settings, "ingest", settings)


def _mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 10e6 else f"{n / 1e6:.1f} MB"


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, after the checks every reader shares: size limit, empty, binary."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except OSError as e:
        raise InputError(f"cannot read ({e.strerror})", path=str(path)) from None
    if size > max_bytes:
        raise InputError(f"too large ({_mb(size)} > {_mb(max_bytes)})", path=str(path))
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read ({e.strerror})", path=str(path)) from None
    check_bytes(data, str(path))
    return data


def check_bytes(data: bytes, where: str | None) -> None:
    if not data.strip():
        raise InputError("empty file", path=where)
    if b"\x00" in data[:65536]:
        raise InputError("binary file (NUL bytes), not text", path=where)


def decode_utf8(data: bytes, where: str | None) -> str:
    """UTF-8 (a BOM is allowed) or a clear error; we never guess another encoding for text."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"not valid UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})",
                         path=where) from None


def url_id(url: str) -> str:
    """A short stable article id for a page known only by its URL."""
    from .urls import canonical_url

    return "u" + hashlib.sha1(canonical_url(url).encode()).hexdigest()[:15]


def make_article(*, id: str, text: str, where: str | None, url: str | None = None, title: str | None = None,
                 published: Any = None, source: str | None = None, path: str | None = None,
                 default_published: str | None = None, settings=None) -> Article:
    """Build an Article from extracted text, or raise InputError (empty, not English)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    if not text.strip():
        raise InputError("no article text", path=where)
    problem = language_problem(text, ingest_settings(settings).min_english_share)
    if problem:
        raise InputError(problem, path=where)
    pub = normalise_published(published) if published else None
    if published and not pub:
        log.warning("%s: unreadable publication date %r, ignored", where, published)
    if not pub and default_published:
        pub = normalise_published(default_published) or default_published
    return Article(id=str(id), text=text, url=url or None, title=title or None, published=pub,
                   source=source or None, path=path, skip_spans=find_furniture(text))


# --- .txt -------------------------------------------------------------------------------------

def read_txt(path: str | Path, *, published: str | None = None, settings=None) -> Article:
    """A plain-text article; id = file name without extension, title = a title-like first line."""
    max_bytes = ingest_settings(settings).max_file_bytes
    path = Path(path)
    text = decode_utf8(read_bytes(path, max_bytes), str(path))
    return make_article(id=path.stem, text=text, where=str(path), title=leading_title(text), path=str(path),
                        default_published=published, settings=settings)


# --- .html ------------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section",
               "article", "header", "footer", "pre", "dd", "dt", "figcaption", "table", "ul", "ol"}


def html_to_text(fragment: str | bytes) -> str:
    """Plain text of an HTML fragment with a newline per block element (script/style dropped)."""
    import lxml.html
    from lxml import etree

    if isinstance(fragment, bytes):
        fragment = fragment.decode("utf-8", "replace")
    if not fragment.strip():
        return ""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "noscript", "template") or not isinstance(el.tag, str):
            if el.tail:
                parts.append(el.tail)
            return
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = (re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in "".join(parts).split("\n"))
    return "\n".join(ln for ln in lines if ln)


_NOT_ARTICLE = "//nav | //header | //footer | //aside | //menu"


def _lxml_fallback(html: bytes | str) -> tuple[str, str | None]:
    """The text of <body> without navigation, headers, footers and sidebars."""
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return "", None
    title_el = doc.find(".//title")
    title = title_el.text_content().strip() if title_el is not None else None
    for el in doc.xpath(_NOT_ARTICLE):
        el.drop_tree()
    body = doc.find(".//body")
    text = html_to_text(lxml.html.tostring(body if body is not None else doc, encoding="unicode"))
    return text, title or None


def _only_link_text(html: bytes, text: str) -> bool:
    """Whether every line of `text` is the text of a link of the page (a menu, not an article)."""
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return False
    links = {" ".join(a.text_content().split()) for a in doc.iter("a")}
    return all(" ".join(ln.split()) in links for ln in text.splitlines() if ln.strip())


def read_html(source: str | Path | bytes, *, id: str | None = None, url: str | None = None,
              published: str | None = None, settings=None, where: str | None = None,
              source_name: str | None = None) -> Article:
    """An HTML page: main text and title by trafilatura (comments excluded), the publication
    date by htmldate from the page metadata.

    Fallbacks, in order: trafilatura's main text; when it finds none, a plain lxml text
    extraction of <body> less its navigation, header, footer and sidebars (logged as a
    warning); when that is empty too, InputError. Text made only of link texts (a page that
    is all navigation) counts as none.
    A date: htmldate on the page metadata, then trafilatura's metadata date, then `published`.
    """
    max_bytes = ingest_settings(settings).max_file_bytes
    if isinstance(source, (str, Path)) and not (isinstance(source, str) and source.lstrip().startswith("<")):
        path = Path(source)
        where = where or str(path)
        data = read_bytes(path, max_bytes)
        id = id or path.stem
        file_path = str(path)
    else:
        data = source.encode("utf-8") if isinstance(source, str) else source
        file_path = None
        if len(data) > max_bytes:
            raise InputError(f"too large ({_mb(len(data))} > {_mb(max_bytes)})", path=where)
        check_bytes(data, where)
    import trafilatura
    from htmldate import find_date

    text, title, page_date, canonical = "", None, None, None
    try:
        doc = trafilatura.bare_extraction(data, url=url, include_comments=False, with_metadata=True)
    except Exception as e:  # trafilatura raises assorted errors on broken markup
        log.debug("%s: trafilatura failed: %s", where, e)
        doc = None
    if doc is not None:
        text = (doc.text or "").strip()
        title = doc.title
        page_date = doc.date
        canonical = doc.url
    only_links = bool(text) and _only_link_text(data, text)
    if only_links:
        text = ""
    if not text:
        text, fb_title = _lxml_fallback(data)
        title = title or fb_title
        if text:
            log.warning("%s: trafilatura found no main text; used a plain text extraction", where)
    if not text.strip():
        raise InputError("no extractable text in HTML" + (" (only navigation links)" if only_links else ""),
                         path=where)
    try:
        date = find_date(data, extensive_search=False, original_date=True)
    except Exception as e:  # htmldate is best-effort on odd markup
        log.debug("%s: htmldate failed: %s", where, e)
        date = None
    url = url or (canonical if canonical and canonical.startswith(("http://", "https://")) else None)
    if id is None:
        id = url_id(url) if url else "h" + hashlib.sha1(data).hexdigest()[:15]
    return make_article(id=id, text=text, where=where, url=url, title=title, published=date or page_date,
                        path=file_path, source=source_name, default_published=published, settings=settings)


# --- .json / .jsonl ---------------------------------------------------------------------------

def _record_article(rec: Any, *, fallback_id: str, where: str, path: str, published: str | None,
                    settings=None) -> Article:
    if not isinstance(rec, dict):
        raise InputError(f"not an article record (a JSON {type(rec).__name__}, expected an object)", path=where)
    text = rec.get("text")
    if not isinstance(text, str):
        raise InputError("article record has no \"text\" string", path=where)
    rid = rec.get("id")
    return make_article(id=str(rid) if rid not in (None, "") else fallback_id, text=text, where=where,
                        url=rec.get("url"), title=rec.get("title"), published=rec.get("published"),
                        source=rec.get("source"), path=path, default_published=published, settings=settings)


def _json_error(e: json.JSONDecodeError) -> str:
    return f"malformed JSON ({e.msg} at line {e.lineno} column {e.colno})"


def read_json(path: str | Path, *, published: str | None = None,
              settings=None) -> Iterator[Article | InputError]:
    """An article record or a list of them. id = the record's id, else the file name
    (with -N appended for the N-th record of a list)."""
    max_bytes = ingest_settings(settings).max_file_bytes
    path = Path(path)
    text = decode_utf8(read_bytes(path, max_bytes), str(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(_json_error(e), path=str(path)) from None
    if isinstance(data, list):
        for i, rec in enumerate(data, 1):
            try:
                yield _record_article(rec, fallback_id=f"{path.stem}-{i}", where=f"{path}[{i}]", path=str(path),
                                      published=published, settings=settings)
            except InputError as e:
                yield e
    else:
        yield _record_article(data, fallback_id=path.stem, where=str(path), path=str(path), published=published,
                              settings=settings)


def read_jsonl(path: str | Path, *, published: str | None = None,
               settings=None) -> Iterator[Article | InputError]:
    """One article record a line; a bad line yields an InputError naming file:line."""
    max_bytes = ingest_settings(settings).max_file_bytes
    path = Path(path)
    text = decode_utf8(read_bytes(path, max_bytes), str(path))
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(f"malformed JSON ({e.msg} at column {e.colno})", path=where)
            continue
        try:
            yield _record_article(rec, fallback_id=f"{path.stem}-{n}", where=where, path=str(path),
                                  published=published, settings=settings)
        except InputError as e:
            yield e


# --- feeds (.xml, .rss, .atom) ----------------------------------------------------------------

def parse_feed(data: bytes, where: str | None):
    """feedparser's result, or InputError when the bytes are not an RSS/Atom feed."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise InputError(f"not an RSS/Atom feed ({reason})" if reason else "not an RSS/Atom feed", path=where)
    return parsed


def entry_published(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
    return entry.get("published") or entry.get("updated")


def read_feed(source: str | Path | bytes, *, published: str | None = None, settings=None,
              where: str | None = None) -> Iterator[Article | InputError]:
    """An RSS 0.9x/1.0/2.0 or Atom feed file: one article per entry, its text the entry's
    content (else its summary). `watch` fetches each entry's page instead."""
    max_bytes = ingest_settings(settings).max_file_bytes
    if isinstance(source, bytes):
        data = source
        check_bytes(data, where)
    else:
        where = where or str(source)
        data = read_bytes(Path(source), max_bytes)
    parsed = parse_feed(data, where)
    feed_title = parsed.feed.get("title")
    stem = Path(where).stem if where else "feed"
    for i, entry in enumerate(parsed.entries, 1):
        ewhere = f"{where}[entry {i}]"
        html = ""
        if entry.get("content"):
            html = "\n".join(c.get("value", "") for c in entry.content)
        html = html or entry.get("summary", "") or entry.get("description", "")
        link = entry.get("link")
        try:
            text = html_to_text(html)
            if not text:
                raise InputError("feed entry has no content or summary", path=ewhere)
            eid = url_id(link) if link else f"{stem}-{i}"
            yield make_article(id=eid, text=text, where=ewhere, url=link, title=entry.get("title"),
                               published=entry_published(entry), source=feed_title,
                               path=str(source) if not isinstance(source, bytes) else None,
                               default_published=published, settings=settings)
        except InputError as e:
            yield e


# --- .warc / .warc.gz -------------------------------------------------------------------------

class _Truncated(Exception):
    """A compressed archive that ends inside a record. Not an EOFError: warcio takes that
    for the end of the archive and would stop without a word."""


class _GzipStream:
    """A .warc.gz decompressed whole, so a file gzipped as one stream (not per record) reads
    too, and a truncated or corrupt one raises `_Truncated`."""

    def __init__(self, path: Path):
        import gzip

        self._fh = gzip.open(path, "rb")

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes; read1, so the records before a cut are still delivered whole."""
        import zlib

        try:
            return self._fh.read() if size < 0 else self._fh.read1(size)
        except (EOFError, OSError, zlib.error) as e:
            raise _Truncated(str(e)) from None

    def tell(self) -> int:
        return self._fh.tell()

    def close(self) -> None:
        self._fh.close()


def read_warc(path: str | Path, *, published: str | None = None,
              settings=None) -> Iterator[Article | InputError]:
    """HTML responses of a WARC archive, each through `read_html`; other records (requests,
    metadata, images, ...) are skipped and counted in a log line. An archive cut short yields
    the records before the cut, then an InputError for the file."""
    max_bytes = ingest_settings(settings).max_file_bytes
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    path = Path(path)
    if not path.exists():
        raise InputError("no such file", path=str(path))
    gzipped = _check_warc_magic(path)
    skipped = 0
    fh = _GzipStream(path) if gzipped else path.open("rb")
    try:
        for n, rec in enumerate(ArchiveIterator(fh), 1):
            ctype = (rec.http_headers.get_header("Content-Type") or "") if rec.http_headers else ""
            if rec.rec_type != "response" or "html" not in ctype.lower():
                skipped += 1
                continue
            uri = rec.rec_headers.get_header("WARC-Target-URI")
            where = f"{path}[{uri or f'record {n}'}]"
            status = rec.http_headers.get_statuscode()
            if status and not status.startswith("2"):
                skipped += 1
                continue
            body = rec.content_stream().read(max_bytes + 1)
            if len(body) <= max_bytes and getattr(rec.raw_stream, "limit", 0) > 0:
                raise _Truncated(f"record {n} is cut short")
            try:
                yield read_html(body, url=uri, where=where, published=published, settings=settings)
            except InputError as e:
                yield e
    except ArchiveLoadFailed as e:
        reason = next((ln.strip() for ln in str(e).splitlines() if ln.strip()), "unreadable record")
        raise InputError(f"not a WARC archive ({reason})", path=str(path)) from None
    except _Truncated as e:
        raise InputError(f"truncated or corrupt archive ({e})", path=str(path)) from None
    finally:
        fh.close()
    if skipped:
        log.info("%s: skipped %d non-HTML WARC record(s)", path, skipped)


def _check_warc_magic(path: Path) -> bool:
    """Raise InputError unless the file starts like a WARC archive; whether it is gzipped."""
    import gzip

    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head.strip():
        raise InputError("empty file", path=str(path))
    gzipped = head[:2] == b"\x1f\x8b"
    if gzipped:
        try:
            with gzip.open(path, "rb") as gz:
                head = gz.read(16)
        except (OSError, EOFError) as e:
            raise InputError(f"not a WARC archive (bad gzip: {e})", path=str(path)) from None
    if not head.lstrip().startswith(b"WARC/"):
        raise InputError("not a WARC archive (no WARC/1.x header)", path=str(path))
    return gzipped


# --- URLs -------------------------------------------------------------------------------------

def read_url(url: str, *, fetcher=None, published: str | None = None, settings=None) -> Article:
    """Fetch a page (robots.txt, size and type checks by `Fetcher`) and read it as HTML.
    A FetchError is turned into an InputError naming the URL and the reason."""
    from ..errors import FetchError
    from .http import Fetcher

    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        page = fetcher.fetch_page(url)
    except FetchError as e:
        raise InputError(f"cannot fetch ({e.message})", path=url) from None
    finally:
        if own:
            fetcher.close()
    return read_html(page.content, url=page.url, where=url, published=published, settings=settings)
