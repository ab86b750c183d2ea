# Two commands from a fresh clone: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
# Lighthouse is a measuring tool, not part of the site: its own pinned package.json and lock.
LIGHTHOUSE_DIR := bench/lighthouse-tool
LIGHTHOUSE_STAMP := $(LIGHTHOUSE_DIR)/node_modules/.installed
CSS := build/static/css/site.css
HOST ?= 127.0.0.1
PORT ?= 8000
# Local runs: debug on, SQLite, eager Celery and console email unless the environment says otherwise.
# Links in emails and printed logins point at the address being served (`make run PORT=8210`).
RUN_ENV := DEBUG=$${DEBUG:-true} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}

.PHONY: install run test test-fast lint format stack demo ci clean bench fleet lighthouse

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(PY_STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CSS): $(NPM_STAMP) $(wildcard static/scss/*.scss)
	npm run -s build:css

install: $(PY_STAMP) $(CSS)

demo: install
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(RUN_ENV) $(BIN)/python manage.py load_authorities
	$(RUN_ENV) $(BIN)/python manage.py load_demo
	$(RUN_ENV) $(BIN)/python manage.py create_demo_researcher
	$(RUN_ENV) $(BIN)/python manage.py create_lead

run: demo
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The whole suite, browser tests included. DATABASE_URL and REDIS_URL switch it to
# PostgreSQL and Redis (and turn on the integration tests that need them).
test: install
	$(BIN)/pytest

# Everything but the browser tests, for a quick loop.
test-fast: install
	$(BIN)/pytest -m "not e2e"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=missions_project.settings_test

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Web, Celery worker and Celery beat against PostgreSQL and Redis (Procfile, run by honcho).
stack: demo
	$(BIN)/honcho start

ci:
	bash .ci/run

# Public pages under load against a bare Django page (PostgreSQL `missions_bench`, Redis db 5,
# wrk): prints the table recorded in docs/performance.md. BENCH_ARGS="--duration 10" for longer.
bench: install
	$(BIN)/python bench/public_pages.py $(BENCH_ARGS)

# Two web servers and two Celery workers on one PostgreSQL (`missions_fleet`) and Redis (db 5):
# every email delivered exactly once, every submission saved (exits non-zero otherwise).
fleet: install
	$(BIN)/python bench/fleet.py $(FLEET_ARGS)

$(LIGHTHOUSE_STAMP): $(LIGHTHOUSE_DIR)/package.json $(LIGHTHOUSE_DIR)/package-lock.json
	npm ci --prefix $(LIGHTHOUSE_DIR) --no-audit --no-fund --loglevel=error
	touch $@

# Lighthouse (npm lighthouse 12.8.2 from bench/lighthouse-tool, Debian's Chromium) on four pages;
# scores into docs/performance.md.
lighthouse: install $(LIGHTHOUSE_STAMP)
	$(BIN)/python bench/lighthouse.py

clean:
	rm -rf $(VENV) node_modules $(LIGHTHOUSE_DIR)/node_modules build db.sqlite3
