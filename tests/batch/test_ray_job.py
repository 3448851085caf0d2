"""tests for detente/batch/ray_job.py: the Ray Data job on a local Ray instance (num_cpus=2)
gives the single-process events; bad records go to the dead letter; a re-run skips."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from detente.batch.load import read_dead_letter, read_events

from .conftest import CORPUS

pytestmark = [pytest.mark.slow, pytest.mark.ray]


def _ray_or_skip():
    try:
        import ray  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError:
        pytest.skip("ray is not installed (pip install 'detente[ray]')")


def test_ray_job_gives_single_process_events(tmp_path, corpus_articles, single_process_events):
    _ray_or_skip()
    from detente.cli import app

    src = tmp_path / "in"
    src.mkdir()
    lines = CORPUS.read_text().splitlines()[:3] + ['{"id": "b-cut", "text": "Kenya']
    (src / "three.jsonl").write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    args = ["batch", str(src), str(out), "--engine", "ray", "--num-cpus", "2", "--batch-size", "2"]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "1 input(s) coded" in r.output and "3 articles" in r.output and "1 dead-letter rows" in r.output

    ids = [json.loads(x)["id"] for x in lines[:3]]
    assert [e.to_dict() for e in read_events(str(out))] == \
        [e for aid in sorted(ids) for e in single_process_events[aid]]
    [dead] = read_dead_letter(str(out))
    assert dead["where"].endswith("three.jsonl:4") and "malformed JSON" in dead["reason"]
    assert dead["record"] == lines[3]

    r = CliRunner().invoke(app, args)  # complete: no Ray start, nothing coded
    assert r.exit_code == 0 and "0 input(s) coded, 1 already complete" in r.output
