"""A local HTTP server for ingest tests: 127.0.0.1 only, pages and feeds written here."""
from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODIES = {
    "vantor": ("Ruritania and Borduria resume border talks",
               "Ministers from Ruritania and Borduria met in Vantor on Monday to discuss the disputed river "
               "border. The talks ended without an agreement, according to a statement from the Ruritanian "
               "foreign ministry, and both delegations said they would meet again next month."),
    "envoy": ("Estonia recalls its ambassador",
              "Estonia recalled its ambassador from Belarus on Tuesday after a dispute over border crossings "
              "on the river. The foreign ministry in Tallinn said the envoy would return for "
              "consultations and that the decision was not a break in relations between the two states."),
    "aid": ("Syldavia sends grain to Borduria",
            "The government of Syldavia sent two hundred tonnes of grain to Borduria on Wednesday after floods "
            "destroyed crops in the north. Officials in Klow said more shipments would follow in the spring, "
            "and the Bordurian government thanked its neighbour for the help."),
    "sanctions": ("Norway announces sanctions on Belarusian officials",
                  "Norway imposed sanctions on six Belarusian officials on Thursday, freezing their assets "
                  "and banning them from travel. The government said the measures were a response to the "
                  "arrest of two Norwegian journalists at the border crossing last week."),
}


def page(key: str) -> bytes:
    title, body = BODIES[key]
    return (f"<!doctype html><html><head><title>{title}</title>"
            f'<meta property="article:published_time" content="2026-03-0{len(key) % 9 + 1}T09:00:00Z">'
            f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1><p>{body}</p>"
            f"<p>{body.split('. ')[0]}, the statement added.</p></article>"
            f"<footer>Example Wire</footer></body></html>").encode()


def rss(keys, base: str) -> bytes:
    items = "".join(f"<item><title>{BODIES[k][0]}</title><link>{base}/news/{k}.html?utm_source=rss</link>"
                    f"<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item>" for k in keys)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()


def atom(keys, base: str) -> bytes:
    entries = "".join(f"<entry><title>{BODIES[k][0]}</title><id>{base}/news/{k}.html</id>"
                      f'<link href="{base}/news/{k}.html"/><updated>2026-03-02T08:00:00Z</updated></entry>'
                      for k in keys)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Example Atom</title><id>{base}/</id><updated>2026-03-02T08:00:00Z</updated>"
            f"{entries}</feed>").encode()


class Site:
    """Routes: path -> (status, content type, body, extra headers) or a callable."""

    def __init__(self):
        self.routes: dict[str, object] = {}
        self.hits: Counter = Counter()
        self.headers_seen: list[dict[str, str]] = []
        self.stop = threading.Event()
        self.server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def set(self, path: str, body: bytes | str, ctype: str = "text/html; charset=utf-8", status: int = 200,
            headers: dict | None = None):
        self.routes[path] = (status, ctype, body.encode() if isinstance(body, str) else body, headers or {})


def start_site() -> Site:
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            path = self.path
            site.hits[path] += 1
            site.headers_seen.append({k.lower(): v for k, v in self.headers.items()})
            route = site.routes.get(path) or site.routes.get(path.split("?")[0])
            if callable(route):
                route = route(self, site)
                if route is None:
                    return
            if route is None:
                route = (404, "text/plain", b"not found", {})
            status, ctype, body, extra = route
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in extra.items():
                self.send_header(k, v)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (size limit): fine
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.server = server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site


def stop_site(site: Site) -> None:
    site.stop.set()
    site.server.shutdown()
    site.server.server_close()


def slow(seconds: float, body: bytes):
    def handler(req, site):
        site.stop.wait(seconds)
        return (200, "text/html", body, {})
    return handler


def etag_feed(body_fn, etag: str):
    """A feed that answers 304 to a matching If-None-Match."""
    def handler(req, site):
        if req.headers.get("If-None-Match") == etag:
            return (304, "application/rss+xml", b"", {"ETag": etag})
        return (200, "application/rss+xml", body_fn(), {"ETag": etag})
    return handler


def flaky(fails: int, ok_body: bytes, status: int = 500, retry_after: str | None = None):
    state = {"n": 0}

    def handler(req, site):
        state["n"] += 1
        if state["n"] <= fails:
            return (status, "text/plain", b"try later", {"Retry-After": retry_after} if retry_after else {})
        return (200, "text/html", ok_body, {})
    return handler


def time_now() -> float:
    return time.monotonic()
