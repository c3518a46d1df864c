# interviewkit: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := wsgi
# pytest-xdist workers for the suites (one per core; each has its own database).
WORKERS ?= auto

.PHONY: run test test-js test-pytest test-fast install install-test lint bench clean \
	db-test-postgres system-packages test-twohost plan-audit test-api-fuzz

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
	INTERVIEWKIT_DEMO=1 INTERVIEWKIT_WEBHOOK_ALLOW_PRIVATE_TARGETS=1 $(BIN)/flask run --host $(HOST) --port $(PORT)

# Debian packages the suite needs (Chromium, poppler, PostgreSQL, nginx, fonts): installed
# when missing, or the exact command to run is printed and nothing runs.
system-packages:
	bash .ci/system-packages

# Each step of `make test` is a prerequisite, run in order; add new checks to TEST_STEPS.
TEST_STEPS := test-js test-pytest
test: system-packages install-test $(TEST_STEPS)

test-pytest: system-packages install-test
	$(BIN)/python -m pytest -q -n $(WORKERS) -m "not twohost"

# The pure front-end modules (content, sync) under Node's own test runner; no build step.
test-js:
	node --test tests/js/

# Schemathesis against the served OpenAPI document, 1,000 generated cases per operation
# (`make test` runs the same test with 20 per operation).
test-api-fuzz: install-test
	API_FUZZ_EXAMPLES=1000 $(BIN)/python -m pytest -q -n $(WORKERS) -p no:cacheprovider \
		tests/api/test_schemathesis.py

test-fast: install-test
	$(BIN)/python -m pytest -q -n $(WORKERS) -m "not browser and not twohost"

lint: install-test
	$(BIN)/ruff check interviewkit tests bench

bench: install-test
	$(BIN)/python bench/planner.py
	$(BIN)/python bench/flags.py
	$(BIN)/python bench/packet.py

# Every lane x level x domain x deployment target over 20 seeds; fails on any finding.
plan-audit: install
	$(BIN)/interviewkit plan audit

# The database tests again, on a throwaway PostgreSQL cluster (needs PostgreSQL 15 binaries).
db-test-postgres: system-packages install-test
	bash .ci/with-postgres $(BIN)/python -m pytest -q -n $(WORKERS) \
		-m "db and not browser and not twohost"

# Two gunicorn app servers on one throwaway PostgreSQL behind nginx (run by .ci/run).
test-twohost: system-packages install-test
	bash .ci/with-postgres $(BIN)/python -m pytest -q -m twohost tests/twohost

clean:
	rm -rf $(VENV) instance .pytest_cache test-output
