"""A careful HTTP client for feeds and pages.

`Fetcher` (httpx) is polite and bounded:

- a User-Agent naming detente and where to read about it;
- robots.txt honoured (urllib.robotparser, cached per host; a Crawl-delay raises the
  host's interval). RFC 9309: a 4xx robots.txt allows everything, a 5xx or unreachable
  one disallows the host for the cache period;
- per-host rate limit (minimum interval between requests) and concurrency cap, so a
  thread pool can fetch many hosts at once without hammering one;
- timeouts; retries with exponential backoff on 429/5xx and on connection errors
  (Retry-After honoured, capped); a read timeout is not retried (the next round will);
- conditional GET (ETag / Last-Modified) for feeds: a 304 gives `not_modified=True`;
- a maximum body size, checked on Content-Length and while streaming (aborted early);
- redirects followed by hand, at most `max_redirects`, each hop re-checked for scheme and
  robots.txt; only http and https.

Every refusal is a `FetchError` whose `reason` is a short code: `bad_scheme`, `robots`,
`timeout`, `connection`, `too_large`, `not_html`, `not_feed`, `too_many_redirects`,
`http_404`, `http_500`, ...
"""
from __future__ import annotations

import email.utils
import logging
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ..errors import FetchError

log = logging.getLogger("detente.ingest.http")

ROBOTS_TOKEN = "detente"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json")


def user_agent() -> str:
    try:
        from importlib.metadata import version

        v = version("detente")
    except Exception:  # noqa: BLE001 - metadata missing in an odd install: the UA still names us
        v = "dev"
    return f"detente/{v} (+https://github.com/detente-project/detente)"


def fetch_error(reason: str, detail: str, url: str) -> FetchError:
    """A FetchError with a machine-readable `reason` and a one-line message."""
    err = FetchError(f"{detail} ({reason})", path=url)
    err.reason = reason  # type: ignore[attr-defined]
    return err


@dataclass
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _Host:
    sem: threading.BoundedSemaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0
    interval: float = 0.0


class Fetcher:
    """Fetches pages and feeds politely; thread-safe (share one across a thread pool)."""

    def __init__(self, *, timeout: float = 10.0, max_bytes: int = 5_000_000, max_redirects: int = 5,
                 retries: int = 2, backoff: float = 0.5, max_retry_after: float = 30.0,
                 min_interval: float = 1.0, per_host: int = 2, respect_robots: bool = True,
                 robots_ttl: float = 3600.0, ua: str | None = None, transport: httpx.BaseTransport | None = None,
                 sleep=time.sleep):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.min_interval = min_interval
        self.per_host = per_host
        self.respect_robots = respect_robots
        self.robots_ttl = robots_ttl
        self.ua = ua or user_agent()
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": self.ua, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            follow_redirects=False, transport=transport,
        )
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._robots: dict[str, tuple[float, RobotFileParser | None, str | None]] = {}
        self._robots_lock = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- public ------------------------------------------------------------------------------

    def fetch_page(self, url: str) -> FetchResult:
        """An HTML page, or FetchError (`not_html` for another content type)."""
        res = self.fetch(url)
        if not _is_html(res):
            raise fetch_error("not_html", f"not an HTML page ({res.content_type or 'no content type'})", url)
        return res

    def fetch_feed(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """A feed (or any page: the caller decides), with a conditional GET."""
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                             "text/xml;q=0.9, text/html;q=0.5, */*;q=0.1"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self.fetch(url, headers=headers)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> FetchResult:
        """GET `url` with every check above; redirects followed by hand."""
        current = url
        for _hop in range(self.max_redirects + 1):
            _check_scheme(current, url)
            refusal = self._robots_verdict(current)
            if refusal:
                raise fetch_error("robots", refusal, current)
            res = self._get_with_retries(current, headers)
            if res.status in (301, 302, 303, 307, 308):
                loc = res.headers.get("location")
                if not loc:
                    raise fetch_error(f"http_{res.status}", "redirect without a Location", current)
                current = urljoin(current, loc)
                continue
            return res
        raise fetch_error("too_many_redirects", f"more than {self.max_redirects} redirects", url)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets detente fetch `url` (always True with respect_robots=False).
        Raises FetchError (`connection`, `timeout`) when robots.txt cannot be reached."""
        return self._robots_verdict(url) is None

    def _robots_verdict(self, url: str) -> str | None:
        """None when allowed, else why not."""
        if not self.respect_robots:
            return None
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return None
        rp, refusal = self._robots_for(f"{parts.scheme}://{parts.netloc}")
        if refusal:
            return refusal
        if rp is not None and not rp.can_fetch(ROBOTS_TOKEN, url):
            return "disallowed by robots.txt"
        return None

    def _robots_for(self, origin: str) -> tuple[RobotFileParser | None, str | None]:
        now = time.monotonic()
        with self._robots_lock:
            cached = self._robots.get(origin)
            if cached and cached[0] > now:
                return cached[1], cached[2]
        rp: RobotFileParser | None = None
        refusal = None
        try:
            res = self._get_with_retries(origin + "/robots.txt", None, retries=0, limit=500_000, raise_4xx=False)
        except FetchError as e:
            if e.reason in ("connection", "timeout"):
                raise  # the host is down: say so, and ask again next time
            # RFC 9309: a robots.txt the server fails to serve means "disallow everything"
            refusal = f"robots.txt unavailable ({e.message})"
        else:
            if res.status == 200:
                rp = RobotFileParser()
                rp.parse(res.content.decode("utf-8", "replace").splitlines())
                delay = rp.crawl_delay(ROBOTS_TOKEN)
                if delay:
                    h = self._host(origin)
                    h.interval = max(h.interval, min(float(delay), 60.0))
        ttl = self.robots_ttl if refusal is None else min(self.robots_ttl, 60.0)
        with self._robots_lock:
            self._robots[origin] = (now + ttl, rp, refusal)
        return rp, refusal

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        with self._hosts_lock:
            h = self._hosts.get(key)
            if h is None:
                h = self._hosts[key] = _Host(threading.BoundedSemaphore(self.per_host), interval=self.min_interval)
            return h

    def _wait_turn(self, host: _Host) -> None:
        with host.lock:
            now = time.monotonic()
            wait = max(0.0, host.next_at - now)
            host.next_at = max(now, host.next_at) + host.interval
        if wait:
            self._sleep(wait)

    def _get_with_retries(self, url: str, headers: dict[str, str] | None, *, retries: int | None = None,
                          limit: int | None = None, raise_4xx: bool = True) -> FetchResult:
        retries = self.retries if retries is None else retries
        host = self._host(url)
        attempt = 0
        while True:
            delay = None
            with host.sem:
                self._wait_turn(host)
                try:
                    res = self._get_once(url, headers, limit or self.max_bytes)
                except httpx.TimeoutException:
                    raise fetch_error("timeout", f"no answer within {self.timeout:g} s", url) from None
                except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as e:
                    if attempt >= retries:
                        raise fetch_error("connection", f"cannot connect ({type(e).__name__})", url) from None
                    delay = self.backoff * 2 ** attempt
                else:
                    if res.status == 429 or res.status >= 500:
                        if attempt >= retries:
                            raise fetch_error(f"http_{res.status}", f"server answered {res.status} after "
                                              f"{attempt + 1} attempts", url)
                        delay = _retry_after(res.headers.get("retry-after"))
                        delay = self.backoff * 2 ** attempt if delay is None else min(delay, self.max_retry_after)
                    elif res.status >= 400 and raise_4xx:
                        raise fetch_error(f"http_{res.status}", f"server answered {res.status}", url)
                    else:
                        return res
            attempt += 1
            log.debug("%s: retry %d in %.2f s", url, attempt, delay)
            self._sleep(delay)

    def _get_once(self, url: str, headers: dict[str, str] | None, limit: int) -> FetchResult:
        with self._client.stream("GET", url, headers=headers) as resp:
            h = {k.lower(): v for k, v in resp.headers.items()}
            status = resp.status_code
            result = FetchResult(url=str(resp.url), status=status, content_type=h.get("content-type", ""),
                                 etag=h.get("etag"), last_modified=h.get("last-modified"),
                                 not_modified=status == 304, headers=h)
            if status != 200:
                return result  # redirects, 304, errors: the body is not needed
            declared = h.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise fetch_error("too_large", f"page too large ({int(declared):,} bytes > {limit:,})", url)
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise fetch_error("too_large", f"page too large (over {limit:,} bytes)", url)
                chunks.append(chunk)
            result.content = b"".join(chunks)
            return result


def _check_scheme(url: str, original: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise fetch_error("bad_scheme", f"only http and https URLs are fetched, not {scheme or 'no scheme'!r}",
                          original)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _is_html(res: FetchResult) -> bool:
    ctype = res.content_type.split(";")[0].strip().lower()
    if ctype:
        return ctype in HTML_TYPES
    head = res.content[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def looks_like_feed(res: FetchResult) -> bool:
    ctype = res.content_type.split(";")[0].strip().lower()
    if ctype in FEED_TYPES or ctype.endswith("+xml"):
        return True
    head = res.content[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head) \
        or head.startswith((b"<rss", b"<feed"))
