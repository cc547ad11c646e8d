# Review Oversight: `make run` sets up and serves the dashboard with demonstration data;
# `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# One stamp per set of extras: `make run` installs only what serving needs, `make test` adds the
# test tools (pytest, Playwright, axe) and `make bench` the benchmark's.
RUN_STAMP   := $(VENV)/.installed-run
TEST_STAMP  := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench
HOST   ?= 127.0.0.1
PORT   ?= 8050

.PHONY: install run test test-all lint test-browser bench bench-all screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@ $(RUN_STAMP)

$(BENCH_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[bench]"
	touch $@ $(RUN_STAMP)

install: $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/oversight init-db
	$(BIN)/oversight seed --if-empty
	-$(BIN)/oversight users demo
	$(BIN)/oversight serve --host $(HOST) --port $(PORT) --workers 2

# The README's test command: lint, then every test (a fixed sample where a full matrix would not fit).
test: $(TEST_STAMP) lint
	$(BIN)/python -m pytest

# Everything `make test` runs, with the full matrices: every window an insider could ask for, and
# twenty restarts of the real server.
test-all: $(TEST_STAMP) lint
	OVERSIGHT_TEST_FULL_MATRIX=1 OVERSIGHT_TEST_RESTARTS=20 $(BIN)/python -m pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

test-browser: $(TEST_STAMP)
	$(BIN)/python -m pytest -m browser

bench: $(BENCH_STAMP)
	$(BIN)/oversight bench --scale 1

# SPEC section 9 at scale 1 and 100 on SQLite and on PostgreSQL (temporary databases on 127.0.0.1:5432),
# the median of three runs each, into docs/bench/<engine>-scale-<n>.json; then the README's table.
BENCH_RUNS ?= 3
BENCH_FILES := $(foreach e,sqlite postgresql,$(foreach n,1 100,docs/bench/$(e)-scale-$(n).json))
bench-all: $(BENCH_STAMP)
	mkdir -p docs/bench
	for engine in sqlite postgresql; do for scale in 1 100; do \
		$(BIN)/oversight bench --engine $$engine --scale $$scale --runs $(BENCH_RUNS) \
			--json docs/bench/$$engine-scale-$$scale.json || exit 1; \
	done; done
	$(BIN)/python -m tools.bench.table $(BENCH_FILES)

# docs/screenshots/<role>-<page>.png: every page each demonstration role may open (needs Debian's chromium).
screenshots: $(TEST_STAMP)
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) instance .pytest_cache
