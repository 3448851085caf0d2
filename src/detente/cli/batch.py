"""`detente batch` (code a corpus into Parquet, on local cores or on Ray) and `detente load`."""
from __future__ import annotations

import logging
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from ..errors import DetenteError
from .app import app, report

err = Console(stderr=True)


class Engine(str, Enum):
    local = "local"
    ray = "ray"


@app.command()
def batch(
    input: str = typer.Argument(..., help="An input file or folder (JSONL, JSON, Parquet, WARC, ...): "
                                          "a local path or a URI (s3://, gs://, ...)."),
    output: str = typer.Argument(..., help="Output folder (local path or URI): events/, articles/, "
                                           "dead_letter/ as Parquet, and _manifests/."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: worker processes on this machine; "
                                                                 "ray: a Ray Data job."),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster to join ('auto', "
                                          "'ray://head:10001'); none starts a local Ray instance."),
    num_cpus: Optional[int] = typer.Option(None, "--num-cpus", min=1, help="CPUs of the local Ray instance "
                                           "(default: all); with --engine local, the worker processes."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, max=1024, help="Articles per spaCy batch."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date for articles that "
                                            "carry none (YYYY-MM-DD)."),
    actors: list[Path] = typer.Option([], "--actors", help="Your own actor list (YAML), added to the built-in one."),
    files_per_wave: int = typer.Option(64, "--files-per-wave", min=1, help="Ray: input files per wave; a wave's "
                                       "inputs are marked complete together."),
) -> None:
    """Code a corpus into partitioned Parquet; a re-run skips inputs already complete."""
    from .extract import _published_option

    published = _published_option(published)
    try:
        if engine is Engine.ray:
            from ..batch.ray_job import run_ray

            stats = run_ray(input, output, address=address, num_cpus=num_cpus, batch_size=batch_size,
                            actor_files=[str(a) for a in actors], published=published,
                            files_per_wave=files_per_wave)
        else:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            from ..batch.job import run_local

            with Progress(SpinnerColumn(), TextColumn("{task.completed} articles coded"), TimeElapsedColumn(),
                          console=err, transient=True, disable=not err.is_terminal) as bar:
                task = bar.add_task("coding")
                stats = run_local(input, output, workers=num_cpus, batch_size=batch_size,
                                  actor_files=[str(a) for a in actors], published=published,
                                  progress=lambda n: bar.advance(task, n))
    except DetenteError as exc:
        report("error", exc)
        raise typer.Exit(2)
    except Exception as exc:  # noqa: BLE001 - CLI boundary: a Ray failure that outlived Ray's retries
        if engine is not Engine.ray:
            raise
        logging.getLogger(__name__).debug("Ray job failed", exc_info=True)
        first = (str(exc).strip().splitlines() or [""])[0][:300]
        report("error", f"the Ray job failed ({type(exc).__name__}: {first}); inputs already complete are "
                        "kept, and a re-run resumes from them")
        raise typer.Exit(1)
    rate = stats.articles / stats.seconds if stats.seconds else 0.0
    err.print(f"{stats.inputs} input(s) coded, {stats.skipped} already complete; {stats.articles} articles, "
              f"{stats.events} events, {stats.dead} dead-letter rows in {stats.seconds:.1f} s "
              f"({rate:.1f} articles/s) -> {output}", highlight=False, soft_wrap=True)


@app.command()
def load(
    output: str = typer.Argument(..., help="A `detente batch` output folder (local path or URI)."),
    db: Optional[Path] = typer.Option(None, "--db", help="Store file (default: $DETENTE_DB or settings)."),
) -> None:
    """Load a batch output's articles and events into the store (duplicates are skipped)."""
    from ..batch.load import load as load_output
    from ..store import default_path

    path = str(db) if db else default_path()
    try:
        stats = load_output(output, path)
    except DetenteError as exc:
        report("error", exc)
        raise typer.Exit(2)
    err.print(f"{path}: {stats.articles} new articles ({stats.skipped} already stored), {stats.events} event "
              f"mentions, {stats.new_events} new events, {stats.merged} merged, {stats.failures} failures "
              f"in {stats.seconds:.1f} s", highlight=False, soft_wrap=True)
