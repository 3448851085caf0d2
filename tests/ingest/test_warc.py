"""WARC archives built in the test with warcio."""
from __future__ import annotations

import gzip
import io
import logging

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from detente.errors import InputError
from detente.ingest import iter_articles

from .server import page


def build_warc(path, gz: bool):
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)

        def response(uri, body, ctype, status="200 OK"):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))

        w.write_record(w.create_warc_record("https://news.example.org/", "warcinfo",
                                            payload=io.BytesIO(b"software: test"), warc_content_type="text/plain"))
        response("https://news.example.org/vantor", page("vantor"), "text/html; charset=utf-8")
        response("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
        response("https://news.example.org/gone", b"<html><body>gone</body></html>", "text/html", "404 Not Found")
        response("https://news.example.org/empty", b"<html><body><script>x()</script></body></html>", "text/html")
        response("https://news.example.org/envoy", page("envoy"), "text/html")


def test_warc_html_responses_read_others_counted(tmp_path, caplog):
    for gz, name in ((False, "crawl.warc"), (True, "crawl.warc.gz")):
        p = tmp_path / name
        build_warc(p, gz)
        with caplog.at_level(logging.INFO, logger="detente.ingest"):
            out = list(iter_articles([p]))
        arts = [a for a in out if not isinstance(a, InputError)]
        errs = [e for e in out if isinstance(e, InputError)]
        assert [a.url for a in arts] == ["https://news.example.org/vantor", "https://news.example.org/envoy"]
        assert "Vantor" in arts[0].text and arts[0].published
        assert len(errs) == 1 and "no extractable text" in str(errs[0]) and "/empty" in str(errs[0])
        assert "skipped 3 non-HTML WARC record(s)" in caplog.text
        caplog.clear()


def test_warc_truncated_archive_keeps_records_before_the_cut(tmp_path):
    for gz, name in ((False, "cut.warc"), (True, "cut.warc.gz")):
        p = tmp_path / name
        build_warc(p, gz)
        p.write_bytes(p.read_bytes()[:-40])  # inside the last record
        out = list(iter_articles([p]))
        arts = [a for a in out if not isinstance(a, InputError)]
        errs = [e for e in out if isinstance(e, InputError)]
        assert [a.url for a in arts] == ["https://news.example.org/vantor"], name
        assert str(errs[-1]).startswith(f"{p}: truncated or corrupt archive") and "\n" not in str(errs[-1])


def test_warc_gzipped_as_one_stream_reads(tmp_path):
    plain = tmp_path / "crawl.warc"
    build_warc(plain, False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))  # one gzip member, not one per record
    out = list(iter_articles([whole]))
    assert [a.url for a in out if not isinstance(a, InputError)] == ["https://news.example.org/vantor",
                                                                      "https://news.example.org/envoy"]
