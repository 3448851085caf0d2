"""Scaling of detente on this machine: 1 and 2 local worker processes, and Ray.

    python bench/scaling.py [--articles 96] [--batch-size 16] [--seed 7] [--no-ray]

Uses the news-length articles of bench/throughput.py (`make_articles`, about 600 words each).
Each engine runs in a fresh subprocess, so its memory is its own:

1. local, 1 worker : `code_parallel(workers=1)` (coding in the process itself)
2. local, 2 workers: `code_parallel(workers=2)` (two spawned processes, one Pipeline each)
3. Ray            : `run_ray` on a local Ray instance with num_cpus=2 (two coder actors),
                     reading a JSONL file and writing Parquet, as `detente batch --engine ray`

For each: articles/s end to end (process start and model load included) and the steady rate
once every worker is warm (the first chunk of each worker pays for the model and the lazily
loaded knowledge; locally: the articles after them over the time after they came out; on Ray:
the sum over actors of each actor's articles/s after its first batch); the peak RSS of each worker process
(VmHWM; for Ray the coder actors), and articles per CPU-second of the workers (model load
included): the throughput per core, which other load on the machine barely changes, while
the wall-clock rates fall with it. Then the scaling efficiency, rate(2) / (2 * rate(1)).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import make_articles  # noqa: E402


# -- memory of worker processes ------------------------------------------------------------

def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat", encoding="ascii", errors="replace") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    return out


def _pool_workers(pid: int) -> list[int]:
    out = []
    for child in _children(pid):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as fh:
                if b"spawn_main" in fh.read():  # not the resource tracker
                    out.append(child)
        except OSError:
            pass
    return out


def _ray_actors() -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/cmdline", "rb") as fh:
                    if b"MapWorker(MapBatches(" in fh.read():  # the coder actors
                        out.append(int(d))
            except OSError:
                pass
    return out


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class PeakRSS:
    """Samples the peak RSS (VmHWM) and the CPU time of the processes `find()` returns."""

    def __init__(self, find, every: float = 0.2):
        self.find, self.every, self.peak, self.cpu = find, every, {}, {}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self.find():
                self.peak[pid] = max(self.peak.get(pid, 0), _status_kb(pid, "VmHWM"))
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_seconds(pid))
            self._stop.wait(self.every)

    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()

    def mb(self) -> list[float]:
        return sorted(round(v / 1024) for v in self.peak.values() if v)


# -- the phases (each in its own subprocess) -------------------------------------------------

def _articles(n: int, seed: int):
    from detente.models import Article

    return [Article(id=f"scale-{i}", text=t, published="2025-06-01") for i, t in enumerate(make_articles(n, seed))]


def run_local(n: int, seed: int, batch_size: int, workers: int) -> dict:
    from detente.batch.local import code_parallel

    arts = _articles(n, seed)
    first_chunks = min(n, workers * batch_size)  # the first chunk of each worker pays the model load
    t_steady = None
    events = 0
    with PeakRSS(lambda: _pool_workers(os.getpid()) if workers > 1 else [os.getpid()]) as mem:
        c0 = time.process_time()
        t0 = time.perf_counter()
        for i, coded in enumerate(code_parallel(arts, workers, batch_size), 1):
            events += len(coded.events)
            if i == first_chunks:
                t_steady = time.perf_counter()
        t1 = time.perf_counter()
        c1 = time.process_time()
    cpu = (c1 - c0) if workers == 1 else mem.cpu_seconds()
    steady = (n - first_chunks) / (t1 - t_steady) if t_steady and n > first_chunks else None
    return {"engine": f"local x{workers}", "articles": n, "events": events, "seconds": t1 - t0,
            "articles_per_s": n / (t1 - t0), "steady_per_s": steady, "worker_cpu_s": cpu,
            "per_cpu_second": n / cpu if cpu else None, "worker_peak_mb": mem.mb()}


def _timed_coder(trace: str):
    """The Ray job's Coder, noting each batch's size and seconds in `trace` (one line each)."""
    from detente.batch import ray_job

    class TimedCoder(ray_job.Coder):
        def __call__(self, batch):
            t0 = time.perf_counter()
            out = super().__call__(batch)
            with open(trace, "a", encoding="ascii") as fh:
                fh.write(f"{os.getpid()} {batch.num_rows} {time.perf_counter() - t0:.4f}\n")
            return out

    return TimedCoder


def _steady_from_trace(trace: str) -> float | None:
    """Sum over actors of articles/s after each actor's first batch (which pays the lazy loads)."""
    per: dict[str, list[tuple[int, float]]] = {}
    for line in Path(trace).read_text().splitlines():
        pid, rows, secs = line.split()
        per.setdefault(pid, []).append((int(rows), float(secs)))
    rates = [sum(r for r, _ in b[1:]) / sum(s for _, s in b[1:]) for b in per.values() if len(b) > 1]
    return sum(rates) if rates else None


def run_ray(n: int, seed: int, batch_size: int, cpus: int) -> dict:
    import logging

    import ray

    from detente.batch import ray_job
    from detente.batch.load import read_events
    from detente.batch.ray_job import run_ray as job

    arts = _articles(n, seed)
    with tempfile.TemporaryDirectory(prefix="detente-scaling-") as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps(a.to_dict()) + "\n" for a in arts))
        trace = str(Path(tmp) / "trace.txt")
        ray_job.Coder = _timed_coder(trace)
        t0 = time.perf_counter()
        ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
        t_init = time.perf_counter() - t0
        try:
            with PeakRSS(_ray_actors) as mem:
                t1 = time.perf_counter()
                stats = job(str(src), str(Path(tmp) / "out"), batch_size=batch_size, quiet=True)
                t2 = time.perf_counter()
            events = len(read_events(str(Path(tmp) / "out")))
            steady = _steady_from_trace(trace)
        finally:
            ray.shutdown()
    return {"engine": f"ray ({cpus} CPUs)", "articles": stats.articles, "events": events, "seconds": t2 - t1,
            "ray_init_s": t_init, "articles_per_s": n / (t2 - t1), "steady_per_s": steady,
            "worker_cpu_s": mem.cpu_seconds(), "per_cpu_second": n / mem.cpu_seconds() if mem.cpu_seconds() else None,
            "worker_peak_mb": mem.mb()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=96)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        if args.phase == "ray":
            r = run_ray(args.articles, args.seed, args.batch_size, 2)
        else:
            r = run_local(args.articles, args.seed, args.batch_size, int(args.phase))
        print(json.dumps(r))
        return

    phases = ["1", "2"] + ([] if args.no_ray else ["ray"])
    print(f"{args.articles} articles of ~600 words, batch {args.batch_size}, {os.cpu_count()} CPUs")
    results = {}
    for phase in phases:
        out = subprocess.run([sys.executable, __file__, "--phase", phase, "--articles", str(args.articles),
                              "--batch-size", str(args.batch_size), "--seed", str(args.seed)],
                             capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{phase}: failed\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results[phase] = r
        steady = f"  steady {r['steady_per_s']:5.2f}/s" if r.get("steady_per_s") else ""
        init = f"  (+ ray.init {r['ray_init_s']:.1f} s)" if "ray_init_s" in r else ""
        per_cpu = f"  {r['per_cpu_second']:5.2f} per worker CPU-second" if r.get("per_cpu_second") else ""
        print(f"{r['engine']:14} {r['articles_per_s']:5.2f} articles/s end to end{steady}{per_cpu}  "
              f"{r['seconds']:5.1f} s{init}  {r['events']} events  peak RSS per worker {r['worker_peak_mb']} MB")
    if "1" in results and "2" in results:
        for key, label in (("articles_per_s", "end to end"), ("steady_per_s", "steady")):
            a, b = results["1"].get(key), results["2"].get(key)
            if a and b:
                print(f"scaling efficiency 2 workers ({label}): {b / (2 * a):.2f}")
        if "ray" in results and results["ray"].get("steady_per_s") and results["1"].get("steady_per_s"):
            print(f"scaling efficiency ray, 2 actors (steady): "
                  f"{results['ray']['steady_per_s'] / (2 * results['1']['steady_per_s']):.2f}")
    print(json.dumps({k: {kk: vv for kk, vv in v.items()} for k, v in results.items()}))


if __name__ == "__main__":
    main()
