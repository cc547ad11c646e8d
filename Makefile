# Review Oversight: `make run` sets up and serves the dashboard with demonstration data;
# `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8050

.PHONY: install run test test-browser bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip "setuptools>=68,<81" wheel
	# XStatic-Bootstrap (Bootstrap's CSS as package files) only builds with the venv's own setuptools.
	$(BIN)/pip install --quiet --no-build-isolation "XStatic-Bootstrap==5.3.8.0"
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/oversight init-db
	$(BIN)/oversight seed --if-empty
	-$(BIN)/oversight users demo
	$(BIN)/oversight serve --host $(HOST) --port $(PORT) --workers 2

test: install
	$(BIN)/python -m pytest

test-browser: install
	$(BIN)/python -m pytest -m browser

bench: install
	$(BIN)/oversight bench --scale 1

# docs/screenshots/<role>-<page>.png: every page each demonstration role may open (needs Debian's chromium).
screenshots: install
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) instance .pytest_cache
