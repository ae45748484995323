# `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint format openapi bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/vuosikello migrate
	$(BIN)/vuosikello demo --if-empty
	@test -f .vuosikello-demo-credentials.json && \
		echo "Demo admin credential (.vuosikello-demo-credentials.json):" && \
		cat .vuosikello-demo-credentials.json || true
	$(BIN)/vuosikello serve --host 127.0.0.1 --port 8000 --with-worker

test: install
	bash tests/run.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

openapi: install
	$(BIN)/vuosikello openapi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache vuosikello.db*
