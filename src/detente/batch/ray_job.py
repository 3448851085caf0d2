"""`detente batch --engine ray`: the same pipeline as a Ray Data job.

    read  : ray.data.read_binary_files (JSONL, JSON, WARC, ...) / ray.data.read_parquet
    parse : tasks turn each input into article rows with detente's own readers
            (bad records become dead-letter rows and travel on)
    code  : map_batches with `Coder`, a callable class: one Pipeline per actor, loaded once
    write : events/, articles/, dead_letter/ as Parquet partitioned by input file

Inputs are processed in waves (`files_per_wave` input files at a time). When a wave's output
is written, each of its inputs gets a manifest with its SHA-256, so a re-run (after a crash,
or with new files added) skips what is complete and redoes only the rest.

Faults: an article that fails is a dead-letter row (the job goes on). A coder actor that dies
(out of memory, a segfault, a lost node) is restarted by Ray and its batch retried
(`max_restarts`, `max_task_retries`); read tasks are retried by Ray core (3 times when their worker dies) and parse tasks
(`max_retries`). A
batch that still fails after the retries fails the wave; the waves before it stay complete.

With no `address` (and no $RAY_ADDRESS, which `ray job submit` sets), a local Ray instance is
started (`ray.init(num_cpus=...)`) and stopped at the end; with `address` ("auto",
"ray://head:10001", ...) the job runs on that cluster, whose nodes must have detente installed
and must all reach INPUT and OUTPUT (object storage or a shared filesystem).
"""
from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa

from ..errors import DataFileError, DetenteError
from . import inputs, records
from .job import JobStats, code_rows, split_coded

log = logging.getLogger(__name__)

ACTOR_RESTARTS = 3  # a coder actor that dies is restarted this many times ...
TASK_RETRIES = 3  # ... and the batch it was coding retried this many times
READ_RETRIES = 3  # parse tasks


def have_ray() -> bool:
    try:
        import ray  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError:
        return False
    return True


class Coder:
    """The Ray actor class: one detente Pipeline per actor, a batch of PARSED rows in, CODED out.

    Actor files (the user's `--actors` YAML) travel as bytes, so they need not exist on the
    worker nodes."""

    def __init__(self, actor_files: dict[str, bytes], batch_size: int):
        from ..pipeline import Pipeline

        self._tmp = tempfile.mkdtemp(prefix="detente-actors-")
        paths = []
        for i, (name, data) in enumerate(actor_files.items()):
            p = Path(self._tmp) / f"{i}-{name}"
            p.write_bytes(data)
            paths.append(str(p))
        self.pipeline = Pipeline(actor_files=paths)
        self.batch_size = batch_size

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = batch.to_pylist()
        out = code_rows(rows, lambda arts: self.pipeline.code_many(arts, batch_size=self.batch_size))
        return records.table(out, records.CODED_SCHEMA)


def _parse_binary(batch: pa.Table, key_of: dict[str, str], published: str | None) -> pa.Table:
    """Whole input files (`bytes`, `path`) -> PARSED rows, with detente's own readers."""
    rows = []
    for rec in batch.to_pylist():
        uri = rec["path"]
        key = key_of.get(uri) or key_of.get(inputs._strip_scheme(uri)) or inputs.input_key(uri)
        original = next((u for u, k in key_of.items() if k == key), uri)
        rows.extend(inputs.parse_file(original, rec["bytes"], key, published))
    return records.table(rows, records.PARSED_SCHEMA)


def _parse_parquet(batch: pa.Table, key_of: dict[str, str], published: str | None) -> pa.Table:
    rows = inputs.parquet_rows(batch.to_pylist(), key_of, published)
    return records.table(rows, records.PARSED_SCHEMA)


def _split(batch: pa.Table, which: int) -> pa.Table:
    return split_coded(batch)[which]


def _count(batch: pa.Table) -> pa.Table:
    events, articles, dead = split_coded(batch)
    keys = sorted(set(batch.column("input").to_pylist()))
    rows = []
    for key in keys:
        rows.append({"input": key,
                     "articles": sum(1 for k in articles.column("input").to_pylist() if k == key),
                     "events": sum(1 for k in events.column("input").to_pylist() if k == key),
                     "dead": sum(1 for k in dead.column("input").to_pylist() if k == key)})
    return pa.Table.from_pylist(rows, schema=pa.schema([("input", pa.string()), ("articles", pa.int64()),
                                                        ("events", pa.int64()), ("dead", pa.int64())]))


def _start_ray(address: str | None, num_cpus: int | None, quiet: bool) -> bool:
    """Connect to `address`, or start a local instance; True when we started it."""
    import ray

    if ray.is_initialized():
        return False
    env = {k: os.environ[k] for k in ("DETENTE_CONFIG",) if k in os.environ}
    kwargs: dict[str, Any] = {"runtime_env": {"env_vars": env}} if env else {}
    if quiet:
        kwargs.update(log_to_driver=False, logging_level=logging.WARNING)
    address = address or os.environ.get("RAY_ADDRESS")  # set by `ray job submit` and KubeRay RayJobs
    if address:
        ray.init(address=address, **kwargs)
        return False
    ray.init(num_cpus=num_cpus, include_dashboard=False, **kwargs)
    return True


def _waves(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def run_ray(location: str, output: str, *, address: str | None = None, num_cpus: int | None = None,
            actors: int | None = None, batch_size: int = 32, actor_files: Iterable[str] = (),
            published: str | None = None, files_per_wave: int = 64, quiet: bool = False,
            shutdown: bool = True) -> JobStats:
    """Code every pending input at `location` on Ray; returns the job's counts."""
    if not have_ray():
        raise DetenteError("Ray is not installed: pip install 'detente[ray]'")
    import ray
    import ray.data

    t0 = time.perf_counter()
    pending, done = inputs.plan(location, output)
    stats = JobStats(inputs=len(pending), skipped=len(done))
    if not pending:
        stats.seconds = time.perf_counter() - t0
        return stats
    from ..actors.knowledge import read_records

    actor_files = [str(f) for f in actor_files]
    for f in actor_files:  # a bad file fails here, in one line, not in every actor after Ray's retries
        read_records(f)
    try:  # the actors get the files' bytes, so the files need not exist on the worker nodes
        actor_bytes = {Path(f).name: Path(f).read_bytes() for f in actor_files}
    except OSError as exc:
        raise DataFileError(f"cannot read actor file: {exc.strerror or exc}", path=exc.filename) from None
    started = _start_ray(address, num_cpus, quiet)
    try:
        ctx = ray.data.DataContext.get_current()
        if quiet:
            ctx.enable_progress_bars = False
        pool = actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
        out_fs, out_root = inputs.filesystem(output)
        for wave in _waves(pending, max(1, files_per_wave)):
            for inp in wave:
                inputs.clear_partial(output, inp.key)
            per_input = _run_wave(wave, out_fs, out_root, pool=pool, batch_size=batch_size,
                                  actor_bytes=actor_bytes, published=published)
            for inp in wave:
                c = per_input.get(inp.key, {"articles": 0, "events": 0, "dead": 0})
                inputs.write_manifest(output, inp, c, engine="ray")
                stats.per_input[inp.key] = c
                stats.articles += c["articles"]
                stats.events += c["events"]
                stats.dead += c["dead"]
    finally:
        if started and shutdown:
            ray.shutdown()
    stats.seconds = time.perf_counter() - t0
    return stats


def _run_wave(wave: list[inputs.InputFile], out_fs, out_root: str, **kw) -> dict[str, dict[str, int]]:
    """One wave, with Ray 2.60's warning about per-operator remote args (max_retries,
    max_restarts, max_task_retries) silenced: they have no named replacement yet and work up
    to 2.64, the pin in pyproject.toml."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*ray_remote_args.* is deprecated")
        return _wave(wave, out_fs, out_root, **kw)


def _wave(wave: list[inputs.InputFile], out_fs, out_root: str, *, pool: int, batch_size: int,
          actor_bytes: dict[str, bytes], published: str | None) -> dict[str, dict[str, int]]:
    import ray.data

    key_of = {inp.uri: inp.key for inp in wave}
    parts = []
    binary = [inp.uri for inp in wave if not inp.is_parquet]
    tables = [inp.uri for inp in wave if inp.is_parquet]
    if binary:
        # Ray resolves each path's filesystem itself (local, s3://, gs://, hdfs://, ...)
        ds = ray.data.read_binary_files(binary, include_paths=True)
        parts.append(ds.map_batches(_parse_binary, batch_size=1, batch_format="pyarrow",
                                    fn_kwargs={"key_of": key_of, "published": published}, max_retries=READ_RETRIES))
    if tables:
        ds = ray.data.read_parquet(tables, include_paths=True)
        parts.append(ds.map_batches(_parse_parquet, batch_format="pyarrow",
                                    fn_kwargs={"key_of": key_of, "published": published}, max_retries=READ_RETRIES))
    parsed = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:])
    # read everything first (cheap), then spread the articles evenly over the coder actors
    t0 = time.perf_counter()
    parsed = parsed.materialize()
    n = parsed.count()
    log.info("wave of %d input(s): %d rows read in %.1f s", len(wave), n, time.perf_counter() - t0)
    if n == 0:
        return {}
    n_batches = max(1, -(-n // batch_size))
    # materialized again so the coder actors, which hold every CPU, have no task upstream to starve
    parsed = parsed.repartition(n_batches).materialize()
    coded = parsed.map_batches(
        Coder, fn_constructor_kwargs={"actor_files": actor_bytes, "batch_size": batch_size},
        batch_size=batch_size, batch_format="pyarrow",
        # one batch in flight per actor: a batch is seconds of CPU, so balance beats prefetching
        compute=ray.data.ActorPoolStrategy(size=min(pool, n_batches), max_tasks_in_flight_per_actor=1),
        num_cpus=1, max_restarts=ACTOR_RESTARTS, max_task_retries=TASK_RETRIES,
    ).materialize()
    log.info("coded in %.1f s", time.perf_counter() - t0)
    for i, name in enumerate(inputs.TABLES):
        part = coded.map_batches(_split, fn_kwargs={"which": i}, batch_format="pyarrow")
        part.write_parquet(f"{out_root}/{name}", filesystem=out_fs, partition_cols=["input"])
    log.info("written in %.1f s", time.perf_counter() - t0)
    per_input: dict[str, dict[str, int]] = {}
    for row in coded.map_batches(_count, batch_format="pyarrow").take_all():
        c = per_input.setdefault(row["input"], {"articles": 0, "events": 0, "dead": 0})
        for k in c:
            c[k] += int(row[k])
    return per_input
