# Samverkan: developer and CI entry points. `make help` lists them.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# `uv` if it is on PATH; after `python3 -m pip install uv` into a Python whose scripts
# directory is not on PATH, fall back to running it as a module.
UV := $(if $(shell command -v uv 2>/dev/null),uv,python3 -m uv)
PYTEST_ARGS ?=
# pytest-xdist processes; each gets its own test database, Redis database and live server.
# Whole files go to one process (--dist loadfile) so module fixtures are built once.
TEST_WORKERS ?= 2
PYTEST_PARALLEL = $(if $(filter 0 1,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile)
RUN_HOST ?= 127.0.0.1
RUN_PORT ?= 8000

.PHONY: help install run system-deps test test-fast lint clean backup restore

help:
	@echo "make install      uv sync (locked) + compile translations"
	@echo "make run          migrate, seed demo data, serve on http://$(RUN_HOST):$(RUN_PORT)/"
	@echo "make test         full suite: throwaway PostgreSQL + Redis, Chromium journeys, stack-test"
	@echo "make stack-test   gunicorn + Celery worker + beat, DEBUG=0, journey over HTTP, DB outage"
	@echo "make test-fast    unit tests on SQLite, no services (not browser/postgres/celery_worker)"
	@echo "make lint         ruff check + ruff format --check"
	@echo "make bench        load test (SQLite, PostgreSQL+Redis), report sizes, reminders; BENCH_SECONDS=60"
	@echo "make system-deps  install/check redis-server, chromium, poppler-utils, nginx, fonts, PostgreSQL"
	@echo "make clean        remove db.sqlite3, staticfiles/, media/"
	@echo "make backup       database dump + uploaded files into BACKUP_DIR (default backups/)"
	@echo "make restore BACKUP=<archive> [YES=1]  replace database and uploads with a backup"
	@echo "PYTEST_ARGS='-k foo -x' passes options to pytest; TEST_WORKERS=1 runs it in one process."

install:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet --disable-pip-version-check uv 2>/dev/null \
		|| python3 -m pip install --quiet --disable-pip-version-check --break-system-packages uv
	$(UV) sync --frozen
	$(UV) run python manage.py compilemessages --ignore=.venv

# The settings build SITE_URL (links in emails and feeds) from RUN_HOST and RUN_PORT when
# SITE_URL itself is not set, so `make run RUN_PORT=8101` writes links to port 8101.
RUN_ENV = RUN_HOST=$(RUN_HOST) RUN_PORT=$(RUN_PORT)

run: install
	$(RUN_ENV) $(UV) run python manage.py migrate --noinput
	$(RUN_ENV) $(UV) run python manage.py seed_demo
	@echo "Samverkan: http://$(RUN_HOST):$(RUN_PORT)/"
	$(RUN_ENV) $(UV) run python manage.py runserver $(RUN_HOST):$(RUN_PORT)

system-deps:
	@scripts/system-deps.sh

test: system-deps install
	scripts/with-services.sh $(UV) run pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)
	UV="$(UV)" scripts/stack-test.sh

# The production stack without Docker (scripts/stack-test.sh); its own PostgreSQL and Redis.
.PHONY: stack-test
stack-test: system-deps install
	UV="$(UV)" scripts/stack-test.sh

# SQLite, no services: whatever points at real services is dropped from the environment.
test-fast:
	env -u DATABASE_URL -u SAMVERKAN_TEST_REDIS_URL -u SAMVERKAN_REQUIRE_SERVICES \
		$(UV) run pytest $(PYTEST_PARALLEL) -m "not browser and not postgres and not celery_worker" \
		$(PYTEST_ARGS)

lint:
	$(UV) run ruff check . && $(UV) run ruff format --check .

.PHONY: bench
BENCH_SECONDS ?= 60
BENCH_PARTIES ?= 10000

# Benchmarks (bench/README.md; figures in bench/RESULTS.md): the public pages under wrk
# against a trivial view, on SQLite and then on PostgreSQL with Redis as the cache; the
# annual report with 1,000, 2,000 and 4,000 parties; reminders for 10,000 contact persons.
# Installs wrk (Debian) when missing and run as root.
bench:
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" -ne 0 ]; then \
			echo "make bench needs wrk: sudo apt-get install -y wrk" >&2; exit 1; \
		fi; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get -o DPkg::Lock::Timeout=300 install -y -qq wrk \
			|| { apt-get -o DPkg::Lock::Timeout=300 update -qq \
				&& apt-get -o DPkg::Lock::Timeout=300 install -y -qq wrk; }; \
	}
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL \
		$(UV) run python bench/load.py --seconds $(BENCH_SECONDS) --parties $(BENCH_PARTIES)
	scripts/with-services.sh \
		$(UV) run python bench/load.py --seconds $(BENCH_SECONDS) --parties $(BENCH_PARTIES)
	env -u DATABASE_URL $(UV) run python bench/report.py 1000 2000 4000
	env -u DATABASE_URL $(UV) run python bench/followup.py --parties 10000

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
