# The front door: `make run` serves the portal with the 2026 plan loaded, `make test` tests it.
# Both build .venv from pyproject.toml first. DATABASE_URL and PORT are read from the environment.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Serving needs the runtime dependencies only; tests, linting and benchmarks add the rest.
RUNTIME := $(VENV)/.runtime-stamp
STAMP := $(VENV)/.installed-stamp


.PHONY: run test lint format check migrate venv bench bench-import clean

$(RUNTIME): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(PY) -m pip install --quiet --group dev --group browser
	touch $(STAMP)

venv: $(STAMP)

# A random key of this checkout's own, read by portal/settings.py when SECRET_KEY is unset.
.secret-key:
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > .secret-key

run: $(RUNTIME) .secret-key
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_plan
	$(PY) manage.py collectstatic --noinput --verbosity 0
	PORT=$(PORT) $(VENV)/bin/gunicorn -c portal/gunicorn.conf.py portal.wsgi

test: venv
	$(PY) -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "no tests were collected"; exit 1; fi; exit $$status

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: venv
	SECRET_KEY=check $(PY) manage.py makemigrations --check --dry-run
	SECRET_KEY=check $(PY) manage.py check

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# 10,000 project rows through the admin's import (preview, confirm) next to plain
# django-import-export and a raw bulk_create, on a scratch SQLite database.
bench-import: venv
	$(PY) tests/bench/import_bench.py

# Page load against ../shared/bench/hello.py in one run; needs wrk (apt-get install wrk).
bench: venv
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) tests/bench/pages.py
