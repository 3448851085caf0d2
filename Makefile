# The two commands of the README's quick start: `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# detente itself (stamp files, so a changed pyproject.toml reinstalls)
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

# with what the tests need: pytest, jsonschema, Playwright and Ray
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test,ray]'
	@touch $@ $(VENV)/.installed

.PHONY: setup demo test test-fast eval bench
setup: $(VENV)/.installed

## set up, then code the bundled examples and print their events
demo: $(VENV)/.installed
	$(BIN)/detente extract --format table examples/

## set up (with the headless browser for the dashboard tests), then run the whole suite
test: $(VENV)/.installed-test
	-bash .ci/install_browser.sh
	$(BIN)/pytest

## the suite without model-loading, browser and Ray tests
test-fast: $(VENV)/.installed-test
	$(BIN)/pytest -m "not slow and not browser and not ray"

## score against the shared gold corpora
eval: $(VENV)/.installed
	$(BIN)/python ../shared/eval/score.py ../shared/eval/dev --cmd "$(BIN)/detente extract --format jsonl"
	$(BIN)/python ../shared/eval/score.py ../shared/eval/plover-gsr --on plover --cmd "$(BIN)/detente extract --format jsonl"

## throughput against spaCy alone, and scaling over workers and Ray
bench: $(VENV)/.installed-test
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/scaling.py
