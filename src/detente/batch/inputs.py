"""Batch inputs: finding them, fingerprinting them, reading them into articles, and the
per-input manifests that let a re-run skip what is done.

Paths are local paths or URIs of any filesystem pyarrow knows (`s3://`, `gs://`, `hdfs://`,
`abfs://`, ...), so the local engine and the Ray engine read the same inputs the same way.

Each input file is read with the very readers `detente extract` and `detente ingest` use
(`detente.ingest.iter_path`), so an article gets the same id, text, date and furniture spans,
hence the same events, on every engine. Parquet article tables (columns `text` and
optionally `id`, `url`, `title`, `published`, `source`) go through `make_article`.

A manifest `OUTPUT/_manifests/<key>.json` is written once all of an input's output is
written; it records the input's SHA-256. A re-run skips an input whose manifest carries the
same hash and redoes (after deleting its partial output) any other.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator

import pyarrow.fs as pafs

from ..errors import InputError
from . import records

BATCH_SUFFIXES = (".jsonl", ".json", ".warc", ".warc.gz", ".parquet", ".txt", ".html", ".htm", ".xml", ".rss",
                  ".atom")
TABLES = ("events", "articles", "dead_letter")
MANIFESTS = "_manifests"


@dataclass(frozen=True)
class InputFile:
    uri: str  # as given to pyarrow / Ray: an absolute local path or a URI
    key: str  # partition value naming this input in the output
    sha256: str
    size: int

    @property
    def is_parquet(self) -> bool:
        return self.uri.lower().endswith(".parquet")


def filesystem(location: str) -> tuple[pafs.FileSystem, str]:
    """A pyarrow filesystem and the path inside it, for a local path or a URI."""
    if "://" in location:
        return pafs.FileSystem.from_uri(location)
    return pafs.LocalFileSystem(), str(Path(location).expanduser().resolve())


def _suffix(name: str) -> str:
    low = name.lower()
    return ".warc.gz" if low.endswith(".warc.gz") else Path(low).suffix


def list_inputs(location: str) -> list[str]:
    """Input files at `location` (a file, or a folder walked recursively, hidden entries
    skipped), as URIs/paths in sorted order. Raises InputError when there are none."""
    fs, path = filesystem(location)
    info = fs.get_file_info(path)
    if info.type == pafs.FileType.NotFound:
        raise InputError("no such file or directory", path=location)
    if info.type == pafs.FileType.File:
        found = [path]
    else:
        infos = fs.get_file_info(pafs.FileSelector(path, recursive=True))
        found = sorted(i.path for i in infos if i.type == pafs.FileType.File
                       and not any(p.startswith(".") or p.startswith("_")
                                   for p in i.path[len(path):].split("/") if p)
                       and _suffix(i.base_name) in BATCH_SUFFIXES)
    if not found:
        raise InputError(f"no input files (expected {', '.join(BATCH_SUFFIXES)})", path=location)
    prefix = location.split("://", 1)[0] + "://" if "://" in location else ""
    return [prefix + p if prefix and not p.startswith(prefix) else p for p in found]


def input_key(uri: str) -> str:
    """A stable, filesystem-safe partition value for one input: its name and a short hash."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", uri.rstrip("/").rsplit("/", 1)[-1])[:60]
    return f"{name}-{hashlib.sha1(uri.encode()).hexdigest()[:10]}"


def fingerprint(uri: str) -> tuple[str, int]:
    """SHA-256 and size of an input's bytes, streamed."""
    fs, path = filesystem(uri)
    h, size = hashlib.sha256(), 0
    with fs.open_input_stream(path, compression=None) as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def describe(uri: str) -> InputFile:
    sha, size = fingerprint(uri)
    return InputFile(uri=uri, key=input_key(uri), sha256=sha, size=size)


# -- manifests and partial output ----------------------------------------------------------

def _join(output: str, *parts: str) -> str:
    return "/".join([output.rstrip("/"), *parts])


def manifest_path(output: str, key: str) -> str:
    return _join(output, MANIFESTS, f"{key}.json")


def read_manifest(output: str, key: str) -> dict | None:
    fs, path = filesystem(manifest_path(output, key))
    try:
        with fs.open_input_stream(path) as fh:
            return json.loads(fh.read().decode("utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return None


def is_complete(output: str, inp: InputFile) -> bool:
    m = read_manifest(output, inp.key)
    return bool(m) and m.get("sha256") == inp.sha256 and m.get("status") == "complete"


def write_manifest(output: str, inp: InputFile, counts: dict[str, int], engine: str) -> None:
    fs, path = filesystem(manifest_path(output, inp.key))
    fs.create_dir(path.rsplit("/", 1)[0], recursive=True)
    body = {"status": "complete", "input": inp.uri, "key": inp.key, "sha256": inp.sha256, "bytes": inp.size,
            "engine": engine, "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            **counts}
    with fs.open_output_stream(path) as fh:
        fh.write(json.dumps(body, indent=1).encode("utf-8"))


def clear_partial(output: str, key: str) -> None:
    """Delete whatever an interrupted run left of one input's output (and its manifest)."""
    for part in [_join(output, t, f"input={key}") for t in TABLES] + [manifest_path(output, key)]:
        fs, path = filesystem(part)
        info = fs.get_file_info(path)
        if info.type == pafs.FileType.Directory:
            fs.delete_dir(path)
        elif info.type == pafs.FileType.File:
            fs.delete_file(path)


def plan(location: str, output: str) -> tuple[list[InputFile], list[InputFile]]:
    """(pending, done): the inputs still to code and those a previous run completed."""
    pending, done = [], []
    for uri in list_inputs(location):
        inp = describe(uri)
        (done if is_complete(output, inp) else pending).append(inp)
    return pending, done


# -- reading one input into rows of records.PARSED_SCHEMA ----------------------------------

def _line(data: bytes, where: str | None, uri: str) -> str | None:
    """The raw line a `file:line` location points at, for the dead-letter file."""
    if not where or not where.startswith(uri + ":"):
        return None
    tail = where[len(uri) + 1:]
    if not tail.isdigit():
        return None
    lines = data.decode("utf-8", errors="replace").splitlines()
    n = int(tail)
    return lines[n - 1] if 0 < n <= len(lines) else None


def parse_file(uri: str, data: bytes, key: str, published: str | None = None,
               settings=None) -> list[dict[str, Any]]:
    """One non-Parquet input's bytes -> articles and dead-letter rows (PARSED_SCHEMA dicts).

    The bytes go to a temporary file of the same name, read by `detente.ingest.iter_path`;
    paths in the articles and in the error messages are put back to `uri`."""
    from ..ingest import iter_path

    name = uri.rstrip("/").rsplit("/", 1)[-1]
    rows = []
    with tempfile.TemporaryDirectory(prefix="detente-batch-") as tmp:
        local = Path(tmp) / name
        local.write_bytes(data)
        for item in iter_path(local, published, settings=settings):
            if isinstance(item, InputError):
                where = (item.path or "").replace(str(local), uri) or uri
                rows.append(records.parsed_row(key, records.dead_row(
                    key, f"{item.message} [{item.code}]", where=where, record=_line(data, where, uri))))
                continue
            fixed = replace(item, path=uri if item.path == str(local) else item.path)
            rows.append(records.parsed_row(key, fixed))
    return rows


def parquet_rows(batch: list[dict[str, Any]], key_of: dict[str, str], published: str | None = None,
                 settings=None) -> list[dict[str, Any]]:
    """Rows of an article Parquet table (with a `path` column naming its file) -> PARSED rows.

    A row without an id is named by its text's hash, so every engine and every split of the
    file names it the same."""
    from ..ingest import make_article

    out = []
    for rec in batch:
        uri = rec.get("path")
        key = key_of.get(uri) or key_of.get(_strip_scheme(uri)) or input_key(uri or "?")
        text = rec.get("text")
        rid = rec.get("id")
        where = f"{uri}[{rid}]" if rid not in (None, "") else uri
        if not isinstance(text, str):
            out.append(records.parsed_row(key, records.dead_row(
                key, 'article record has no "text" string [E100]', article_id=rid, where=where,
                record=json.dumps({k: v for k, v in rec.items() if k != "path"}, default=str))))
            continue
        if rid in (None, ""):
            rid = "p" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:15]
        try:
            art = make_article(id=str(rid), text=text, where=where, url=rec.get("url"), title=rec.get("title"),
                               published=_iso(rec.get("published")), source=rec.get("source"), path=uri,
                               default_published=published, settings=settings)
        except InputError as exc:
            out.append(records.parsed_row(key, records.dead_row(
                key, f"{exc.message} [{exc.code}]", article_id=str(rid), where=where,
                record=json.dumps({k: v for k, v in rec.items() if k != "path"}, default=str))))
            continue
        out.append(records.parsed_row(key, art))
    return out


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _strip_scheme(uri: str | None) -> str | None:
    return uri.split("://", 1)[1] if uri and "://" in uri else uri


def read_input(inp: InputFile, published: str | None = None, settings=None) -> list[dict[str, Any]]:
    """One input, read whole on this machine (the local engine)."""
    fs, path = filesystem(inp.uri)
    if inp.is_parquet:
        import pyarrow.parquet as pq

        try:
            tbl = pq.read_table(path, filesystem=fs)
        except Exception as exc:  # noqa: BLE001 - boundary: an unreadable input becomes a dead-letter row
            return [records.parsed_row(inp.key, records.dead_row(
                inp.key, f"not a readable Parquet file ({type(exc).__name__}: {exc}) [E100]", where=inp.uri))]
        rows = [{**r, "path": inp.uri} for r in tbl.to_pylist()]
        return parquet_rows(rows, {inp.uri: inp.key}, published, settings)
    with fs.open_input_stream(path, compression=None) as fh:
        data = fh.read()
    return parse_file(inp.uri, data, inp.key, published, settings)


def iter_rows(inputs: list[InputFile], published: str | None = None, settings=None
              ) -> Iterator[tuple[InputFile, list[dict[str, Any]]]]:
    for inp in inputs:
        yield inp, read_input(inp, published, settings)
