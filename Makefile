# The README's commands. `make run` serves the portal; `make test` proves it.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
# PostgreSQL for the second test run (trust auth locally; the password is ignored there
# and set by .ci/ensure-postgres where the server asks for one).
PG_TEST_URL ?= postgres://postgres:postgres@127.0.0.1:5432/legal_aid_portal
# Two workers: the machines this runs on have two cores.
PYTEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -n $(PYTEST_WORKERS)

.PHONY: run install translations migrate demo test lint check test-sqlite test-postgres \
	test-e2e system-deps bench scale-test messages clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(STAMP)

# Compile the shipped .po catalogues (pure Python: no GNU gettext needed).
translations: install
	$(VENV)/bin/pybabel compile --domain django --directory locale --statistics

migrate: install translations
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo_data --if-empty

run: demo
	bash .ci/ensure-system-deps run
	$(PY) manage.py ensure_demo_staff
	@echo "Serving the portal on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

system-deps:
	bash .ci/ensure-system-deps

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install translations
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

test-sqlite: install translations
	$(PYTEST)

test-postgres: install translations
	bash .ci/ensure-postgres
	DATABASE_URL=$(PG_TEST_URL) $(PYTEST)

test-e2e: install translations
	$(PYTEST) e2e

test: install translations
	$(MAKE) system-deps
	$(MAKE) lint
	$(MAKE) check
	$(MAKE) test-sqlite
	$(MAKE) test-postgres
	$(MAKE) scale-test
	$(MAKE) test-e2e

bench: install translations
	bash .ci/ensure-system-deps bench
	$(PY) bench/http_bench.py
	bash .ci/ensure-postgres
	$(PY) bench/year_end_bench.py

# Backup and restore (PostgreSQL; see deploy/README.md). `make backup` writes
# backups/portal-<UTC time>/; `make restore BACKUP=backups/portal-…` restores it into the
# configured database and storages after asking, or elsewhere with TARGET_DATABASE_URL,
# TARGET_MEDIA_ROOT and TARGET_PRIVATE_MEDIA_ROOT.
.PHONY: backup restore
BACKUP_DIR ?= backups
backup: install
	$(PY) manage.py backup_portal --output-dir "$(BACKUP_DIR)"

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=<backup folder> [TARGET_DATABASE_URL=postgres://…]"; exit 2; }
	$(PY) manage.py restore_portal "$(BACKUP)" \
		$(if $(TARGET_DATABASE_URL),--database-url "$(TARGET_DATABASE_URL)") \
		$(if $(TARGET_MEDIA_ROOT),--media-root "$(TARGET_MEDIA_ROOT)") \
		$(if $(TARGET_PRIVATE_MEDIA_ROOT),--private-media-root "$(TARGET_PRIVATE_MEDIA_ROOT)")

# Two gunicorn servers on one PostgreSQL database and one Redis: sign-up, referral and
# publishing across servers, then a bounded load run (bench/scale_test.py).
scale-test: install translations
	bash .ci/ensure-system-deps scale
	bash .ci/ensure-postgres
	$(PY) bench/scale_test.py

# Refresh the catalogues after changing user-facing strings (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l zh_Hans -l en --no-obsolete \
		--ignore=.venv --ignore=staticfiles --ignore=e2e --ignore=bench

clean:
	rm -rf $(VENV) staticfiles e2e/artifacts bench/results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
