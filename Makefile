# Each target sets itself up on a fresh machine: venv, install, migrations.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi.py
PYTEST_ARGS ?=

WORKERS ?=

.PHONY: run serve test lint setup db demo banks secret-key browser clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

setup: $(VENV)/.installed

db: setup
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo

banks: db
	$(FLASK) banks load

# The local secret key for `make run`: random, made once, then reused (instance/ is not committed).
KEY_FILE ?= instance/secret_key

secret-key:
	@mkdir -p $(dir $(KEY_FILE))
	@if [ ! -s $(KEY_FILE) ]; then \
	  (umask 077; $(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $(KEY_FILE)); \
	  echo "Made a local secret key in $(KEY_FILE)"; fi

## make run: set up, migrate, load the banks and demo accounts, serve on 127.0.0.1:$(PORT),
## with the local secret key (unless SECRET_KEY is set)
run: export SECRET_KEY ?= $(shell cat $(KEY_FILE) 2>/dev/null)
run: secret-key demo
	@echo "Open http://127.0.0.1:$(PORT)/ and log in as demo-learner / demo-pass"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

## make serve: set up, migrate and load the banks (no demo accounts), then gunicorn on
## 127.0.0.1:$(PORT) (WORKERS=n to choose how many); SECRET_KEY must be set (environment or .env);
## the rate limits are counted in REDIS_URL, or the local Redis when it answers (else a warning)
LOCAL_REDIS ?= redis://127.0.0.1:6379/0
serve: export REDIS_URL ?= $(shell $(BIN)/python -c "import redis; \
  redis.Redis.from_url('$(LOCAL_REDIS)', socket_connect_timeout=1).ping(); \
  print('$(LOCAL_REDIS)')" 2>/dev/null)
serve: banks
	$(BIN)/gunicorn --config gunicorn.conf.py $(if $(WORKERS),--workers $(WORKERS)) --bind 127.0.0.1:$(PORT) wsgi:app

# PostgreSQL for the second run of the suite; skipped (with a note) when none is reachable.
TEST_PG_URL ?= postgresql://postgres@127.0.0.1:5432/quizapp_test

## make lint: ruff (line length 100), import-linter's contracts (blueprints -> services -> pure
## packages; the pure packages import no Flask, SQLAlchemy or services) and mypy on quizapp/
## (strict on the pure packages); all configured in pyproject.toml
lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

## make test: the guards (lint), set up (Debian's chromium too, when root), the whole suite on
## SQLite, then the tests that touch the database (-m db) again on PostgreSQL when reachable
test: lint setup browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	@if $(BIN)/python scripts/ensure_test_db.py "$(TEST_PG_URL)"; then \
	  echo "== the database tests again on PostgreSQL ($(TEST_PG_URL))"; \
	  TEST_DATABASE_URL="$(TEST_PG_URL)" $(BIN)/python -m pytest -p no:cacheprovider -m db $(PYTEST_ARGS); \
	else echo "== PostgreSQL not reachable at $(TEST_PG_URL): the PostgreSQL run was skipped"; fi

AXE := .cache/npm/node_modules/axe-core/axe.min.js

$(AXE):
	npm install --prefix .cache/npm --no-save --no-package-lock --no-audit --no-fund axe-core@4.14

browser: $(AXE)
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing and we are not root: browser tests will be skipped"; fi; \
	fi

clean:
	rm -rf $(VENV) instance/*.sqlite* .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
