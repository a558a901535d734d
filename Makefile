# Samverkan: developer and CI entry points. `make help` lists them.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# `uv` if it is on PATH; after `python3 -m pip install uv` into a Python whose scripts
# directory is not on PATH, fall back to running it as a module.
UV := $(if $(shell command -v uv 2>/dev/null),uv,python3 -m uv)
PYTEST_ARGS ?=
RUN_HOST ?= 127.0.0.1
RUN_PORT ?= 8000

.PHONY: help install run system-deps test test-fast lint clean backup restore

help:
	@echo "make install      uv sync (locked) + compile translations"
	@echo "make run          migrate, seed demo data, serve on http://$(RUN_HOST):$(RUN_PORT)/"
	@echo "make test         full suite: throwaway PostgreSQL + Redis, Chromium journeys"
	@echo "make test-fast    unit tests on SQLite, no services (not browser/postgres/celery_worker)"
	@echo "make lint         ruff check + ruff format --check"
	@echo "make system-deps  install/check redis-server, chromium, poppler-utils, fonts, PostgreSQL"
	@echo "make clean        remove db.sqlite3, staticfiles/, media/"
	@echo "make backup       database dump + uploaded files into BACKUP_DIR (default backups/)"
	@echo "make restore BACKUP=<archive> [YES=1]  replace database and uploads with a backup"
	@echo "PYTEST_ARGS='-k foo -x' passes options to pytest."

install:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet --disable-pip-version-check uv 2>/dev/null \
		|| python3 -m pip install --quiet --disable-pip-version-check --break-system-packages uv
	$(UV) sync --frozen
	$(UV) run python manage.py compilemessages --ignore=.venv

run: install
	$(UV) run python manage.py migrate --noinput
	$(UV) run python manage.py seed_demo
	@echo "Samverkan: http://$(RUN_HOST):$(RUN_PORT)/"
	$(UV) run python manage.py runserver $(RUN_HOST):$(RUN_PORT)

system-deps:
	@scripts/system-deps.sh

test: system-deps install
	scripts/with-services.sh $(UV) run pytest $(PYTEST_ARGS)

# SQLite, no services: whatever points at real services is dropped from the environment.
test-fast:
	env -u DATABASE_URL -u SAMVERKAN_TEST_REDIS_URL -u SAMVERKAN_REQUIRE_SERVICES \
		$(UV) run pytest -m "not browser and not postgres and not celery_worker" $(PYTEST_ARGS)

lint:
	$(UV) run ruff check . && $(UV) run ruff format --check .

clean:
	rm -rf db.sqlite3 db.sqlite3-journal db.sqlite3-wal db.sqlite3-shm staticfiles media \
		celerybeat-schedule celerybeat-schedule.db

# Same environment as the portal (DATABASE_URL, MEDIA_ROOT); one archive per run.
backup:
	$(UV) run python manage.py backup

# Replaces the configured database and MEDIA_ROOT; asks first unless YES=1.
restore:
	@if [ -z "$(BACKUP)" ]; then \
		echo "usage: make restore BACKUP=backups/samverkan-<timestamp>.tar.gz [YES=1]" >&2; \
		exit 2; \
	fi
	$(UV) run python manage.py restore $(if $(filter 1 yes true,$(YES)),--no-input) "$(BACKUP)"
