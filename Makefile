# Dân Vận CMS — the two commands that matter: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

# The command line `make run` runs (tests/danvan/test_localrun.py starts the same one).
LOCALRUN := $(PY) -m danvan.localrun

.PHONY: run dev setup test test-postgres lint bench clean backup upgrade

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

## setup: migrate, collect static files, load reference data and the seed corpus, make sure an admin exists.
# collectstatic on every run: with DEBUG=0 the pages link the hashed names from its manifest.
setup: $(VENV)/.installed
	$(LOCALRUN) setup

## run: set everything up on a fresh machine and serve http://$(HOST):$(PORT)/ as readers see it:
## DEBUG off, gunicorn, WhiteNoise (danvan/localrun.py).
run: $(VENV)/.installed
	HOST=$(HOST) PORT=$(PORT) $(LOCALRUN) run

## dev: the same set-up, then Django's auto-reloading debug server (DEBUG on).
dev: setup
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## backup: one archive of the database, media and site settings into var/backups/ (BACKUP_ARGS="--keep-daily 7 --keep-weekly 8").
backup: $(VENV)/.installed
	$(PY) manage.py backup $(BACKUP_ARGS)

## upgrade: after new code is in place: dependencies, a backup, migrations, collectstatic, reload gunicorn
## (operations/upgrade.py; docs/deploy.md, "Upgrading").
upgrade: $(VENV)/.installed
	$(PY) manage.py upgrade

## test: the whole suite on SQLite.
test: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache
