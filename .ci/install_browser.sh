#!/usr/bin/env bash
# Install what the browser tests (tests/browser/) need: Debian's Chromium and ChromeDriver,
# and the Playwright Python package that drives them. Never `playwright install`: it
# downloads a browser of its own, which this machine's closed network refuses; the tests
# launch /usr/bin/chromium through `executable_path` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY=python3

if [ ! -x /usr/bin/chromium ]; then
    SUDO=""
    if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium chromium-driver
fi

if ! "$PY" -c "import playwright" 2>/dev/null; then
    "$PY" -m pip install --quiet "playwright>=1.45"
fi

/usr/bin/chromium --version
"$PY" -c "import playwright, importlib.metadata as m; print('playwright', m.version('playwright'))"
