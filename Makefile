# gridnet developer entry points. CI (.ci/run) runs `make lint`, `make test-unit`, `make test`.
# The local Neo4j runs without Docker (gridnet/server); set NEO4J_URI (env or .env)
# to use another server instead, and `make neo4j` / `make stop` leave it alone.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.gridnet-installed
# First python >= 3.11 on PATH (override: make PYTHON=/path/to/python3.12).
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& { command -v $$p; break; }; done)
SYSTEM_PACKAGES := chromium chromium-driver fonts-noto-cjk
PYTEST_ARGS ?=
DEMO_DIR := data/generated/xiaogan-months
DEMO_SEED := 7
# Months of the demo city: each month is loaded, snapshotted and its workflow events
# imported, so the Review page's trends have data (about 25 s a month at scale 1).
DEMO_MONTHS := 3
DEMO_PORT ?= 8501
# The folders installed as the gridnet package (pyproject.toml, package-dir).
PACKAGE_DIRS := gridnet graph loaders queries explorer bench workflow

.PHONY: venv sysdeps neo4j test test-unit test-slow demo demo-data lint stop clean distclean

venv: $(STAMP)

# Reinstall only when pyproject.toml changes (the stamp is newer otherwise).
$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "need python >= 3.11 on PATH (or make PYTHON=...)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

# Headless Chromium for the browser tests; installed only when missing.
sysdeps:
	@if ! dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES); \
		else \
			echo "missing system packages; run: sudo apt-get install -y $(SYSTEM_PACKAGES)"; \
		fi; \
	fi

# Starts (or reuses) the local server; says so and does nothing when NEO4J_URI is set.
neo4j: venv
	$(BIN)/gridnet neo4j start

test: venv sysdeps neo4j
	$(BIN)/pytest $(PYTEST_ARGS)

# The tests that need no database (marker `unit`) and the package's doctests; no Neo4j
# is started or contacted.
test-unit: venv
	$(BIN)/pytest -m 'unit and not slow' $(PYTEST_ARGS)
	$(BIN)/pytest --doctest-modules --import-mode=importlib $(PACKAGE_DIRS) $(PYTEST_ARGS)

test-slow: venv sysdeps neo4j
	$(BIN)/pytest -m slow $(PYTEST_ARGS)

# The Xiaogan sample city, month by month: generated once (data/generated is
# git-ignored), replayed every time (a replay skips the months it has done).
demo-data: venv neo4j
	@if [ -f $(DEMO_DIR)/manifest.json ]; then \
		echo "# reusing $(DEMO_DIR) (delete it to generate again)"; \
	else \
		mkdir -p $(DEMO_DIR) && \
		$(BIN)/gridnet generate --preset xiaogan --seed $(DEMO_SEED) --months $(DEMO_MONTHS) \
			--out $(DEMO_DIR) --quiet; \
	fi
	$(BIN)/gridnet replay $(DEMO_DIR)

demo: demo-data
	@set -o pipefail; $(BIN)/gridnet stats | sed -n '/^reference figures/,$$p'
	$(BIN)/gridnet explore --port $(DEMO_PORT)

# ruff (lint and format) over the repository; mypy --strict over the gridnet package.
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python .ci/typecheck.py

stop: venv
	$(BIN)/gridnet neo4j stop

# Removes caches and build output; the database in .gridnet is kept (see distclean).
clean:
	rm -rf build dist .pytest_cache .ruff_cache .mypy_cache tests/artifacts
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

# Also removes the venv and the local server state (jars, data, password): stop first.
distclean: clean
	@if [ -x $(BIN)/gridnet ]; then $(BIN)/gridnet neo4j stop; fi
	rm -rf $(VENV) .gridnet
