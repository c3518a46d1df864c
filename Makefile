# interviewkit: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := wsgi

.PHONY: run test test-fast install install-test lint bench clean db-test-postgres

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

# Reinstall only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	INTERVIEWKIT_DEMO=1 $(BIN)/interviewkit demo
	INTERVIEWKIT_DEMO=1 $(BIN)/flask run --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest -q

test-fast: install-test
	$(BIN)/python -m pytest -q -m "not browser"

lint: install-test
	$(BIN)/ruff check interviewkit tests bench

bench: install-test
	$(BIN)/python bench/planner.py
	$(BIN)/python bench/flags.py
	$(BIN)/python bench/packet.py

# The database tests again, on a throwaway PostgreSQL cluster (needs PostgreSQL 15 binaries).
db-test-postgres: install-test
	bash .ci/with-postgres $(BIN)/python -m pytest -q -m "db and not browser"

clean:
	rm -rf $(VENV) instance .pytest_cache test-output
