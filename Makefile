# The two commands of the README's quick start: `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/detente: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $(BIN)/detente

.PHONY: setup demo test test-fast eval bench
setup: $(BIN)/detente

## set up, then code the bundled examples and print their events
demo: setup
	$(BIN)/detente extract --format table examples/

## set up (with the headless browser for the dashboard tests), then run the whole suite
test: setup
	-bash .ci/install_browser.sh
	$(BIN)/pytest

## the suite without model-loading, browser and Ray tests
test-fast: setup
	$(BIN)/pytest -m "not slow and not browser and not ray"

## score against the shared gold corpora
eval: setup
	$(BIN)/python ../shared/eval/score.py ../shared/eval/dev --cmd "$(BIN)/detente extract --format jsonl"
	$(BIN)/python ../shared/eval/score.py ../shared/eval/plover-gsr --on plover --cmd "$(BIN)/detente extract --format jsonl"

bench: setup
	$(BIN)/python bench/throughput.py
