# `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
# Installs come from the hash-pinned locks in requirements/ (`make lock` rewrites them,
# `make check-newest` tries the newest releases without touching them).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
UV := $(VENV)/tools/bin/uv
RUN_STAMP := $(VENV)/.run-stamp
TEST_STAMP := $(VENV)/.test-stamp
LOCK_INPUTS := pyproject.toml requirements/build.in
COMPILE = $(UV) pip compile $(LOCK_INPUTS) --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" --quiet

.PHONY: install install-run run test lint format openapi bench lock check-newest clean

install: $(TEST_STAMP)
install-run: $(RUN_STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exactly the locked versions, checked by hash; the project itself is installed without
# build isolation so that its build backend is the locked one too.
$(RUN_STAMP): $(BIN)/python requirements/run.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/run.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(TEST_STAMP): $(RUN_STAMP) requirements/test.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/test.lock
	touch $@

run: install-run
	$(BIN)/vuosikello migrate
	$(BIN)/vuosikello demo --if-empty
	VUOSIKELLO_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true $(BIN)/vuosikello serve --host 127.0.0.1 --port 8000 --with-worker

test: install
	bash tests/run.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

openapi: install
	$(BIN)/vuosikello openapi

$(UV): | $(BIN)/python
	$(PYTHON) -m venv $(VENV)/tools
	$(VENV)/tools/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Rewrites both locks from pyproject.toml (newest versions its ranges allow, for Python 3.11).

# The HTTP paths against a bare app on the same server (bench/true_limit.py, figures in
# docs/benchmarks.md): SQLite, and PostgreSQL at BENCH_POSTGRESQL_URL (a database it may drop).
BENCH_POSTGRESQL_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/vuosikello_bench
bench: install
	$(BIN)/python -m bench.true_limit --postgresql $(BENCH_POSTGRESQL_URL)

lock: $(UV)
	$(COMPILE) -o requirements/run.lock
	$(COMPILE) --extra test -o requirements/test.lock

# Resolves the newest releases into a scratch venv and runs the SQLite suite there; the
# committed locks stay as they are. Run it before `make lock` to see what an upgrade brings.
check-newest: $(UV)
	rm -rf .venv-newest && $(PYTHON) -m venv .venv-newest
	$(COMPILE) --extra test --upgrade -o .venv-newest/newest.lock
	diff <(grep -E '^[a-z0-9._-]+==' requirements/test.lock) <(grep -E '^[a-z0-9._-]+==' .venv-newest/newest.lock) || true
	.venv-newest/bin/python -m pip install --quiet --require-hashes --no-deps -r .venv-newest/newest.lock
	.venv-newest/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	VUOSIKELLO_TEST_BACKEND=sqlite .venv-newest/bin/pytest -q -x -p no:cacheprovider

clean:
	rm -rf $(VENV) .venv-newest .pytest_cache .ruff_cache vuosikello.db*
