"""Browser tests: a real `detente serve` subprocess on a free localhost port, driven by
Debian's headless Chromium through Playwright (never `playwright install`)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("DETENTE_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("DETENTE_SHOTS", "/tmp/detente-shots"))


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing: run .ci/install_browser.sh (apt-get install chromium chromium-driver)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is missing: run .ci/install_browser.sh (pip install playwright)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).parent == here:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`detente serve` in a subprocess; stopped by its own pid at teardown."""

    def __init__(self, db: Path, log: Path, *extra: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        cmd = [sys.executable, "-c", "from detente.cli import main; main()", "serve", "--db", str(db),
               "--port", str(self.port), "--log-level", "warning", *extra]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self._out = open(log, "w")
        self.proc = subprocess.Popen(cmd, stdout=self._out, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"detente serve exited with {self.proc.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/api/status", timeout=2) as r:
                    self.status = json.load(r)
                break
            except OSError:
                if time.time() > deadline:
                    self.stop()
                    raise RuntimeError(f"detente serve did not answer within 60 s:\n{log.read_text()}")
                time.sleep(0.2)

    def get(self, path: str):
        with urllib.request.urlopen(self.url + path, timeout=30) as r:
            return json.load(r)

    def post(self, path: str, body: dict, timeout: float = 180):
        req = urllib.request.Request(self.url + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.load(r)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._out.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from api.sample_store import build_store  # tests/ is on sys.path (rootdir of the test packages)

    tmp = tmp_path_factory.mktemp("serve")
    srv = Server(build_store(tmp / "events.duckdb", with_timeline=True), tmp / "serve.log")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve-empty")
    srv = Server(tmp / "nothing-yet.duckdb", tmp / "serve.log")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:  # Playwright gives the browser a fresh, empty profile
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    # a 4xx the page asked for on purpose shows as "Failed to load resource"; anything else counts
    pg.on("console", lambda m: errors.append(m.text)
          if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    pg.set_default_timeout(20_000)
    yield pg
    context.close()
    assert not errors, f"the page logged errors: {errors}"


@pytest.fixture()
def shot():
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(pg, name: str) -> Path:
        path = SHOTS / f"{name}.png"
        pg.screenshot(path=str(path), full_page=True)
        return path

    return take
