# RunReady. Two commands do everything on a fresh machine:
#   make run    install, migrate, load demo data, start web + worker + beat at http://127.0.0.1:$(PORT)
#   make test   install dev tools, lint, check migrations, run every test on PostgreSQL + Redis + Chromium

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PORT ?= 8000
export PATH := $(BIN):$(PATH)

.PHONY: run test lint format check-stack bench audit clean messages gettext

# Compiled translation catalogues: built from the committed .po files, never committed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

# Without DJANGO_SETTINGS_MODULE every entry point runs production settings: each target names its own.
run: export DJANGO_SETTINGS_MODULE = config.settings.dev
run: $(VENV)/.run-deps $(MO_FILES)
	$(BIN)/python manage.py migrate --noinput
	RUNREADY_DEMO_DATA=yes $(BIN)/python manage.py demo_data
	$(BIN)/python manage.py vapid_keys
	@echo ""
	@echo "  RunReady is starting at http://127.0.0.1:$(PORT)/   (Ctrl-C stops everything)"
	@echo "  Demo logins (password: runready-demo): athlete@example.com, coach@example.com,"
	@echo "  manager@example.com; admin@example.com for /admin/. Emails print below."
	@echo ""
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} exec $(BIN)/honcho -f Procfile.dev start -p $(PORT)

check-stack: $(VENV)/.dev-deps
	$(BIN)/python scripts/check_stack.py

# GNU gettext (msgfmt, xgettext, msgattrib): Debian's package, installed when missing.
gettext:
	@command -v msgfmt >/dev/null && command -v xgettext >/dev/null || $(PYTHON) scripts/check_stack.py --gettext

%.mo: %.po | gettext
	msgfmt --check --output-file=$@ $<

# After changing user-facing text: refresh the catalogues, translate what is new, then
# `make test` checks that nothing is left untranslated (scripts/check_translations.py).
messages: $(VENV)/.dev-deps gettext
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemessages \
		--all --no-location --no-obsolete --ignore='*/migrations/*' \
		--ignore='*/management/commands/_demo_*' --ignore='.venv/*' --ignore='tests/*' \
		--ignore='bench/*' --ignore='audit/*' --ignore='static/*' --ignore='scripts/*' \
		--ignore='node_modules/*'

lint: $(VENV)/.dev-deps gettext
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/mypy
	$(BIN)/python scripts/check_translations.py

format: $(VENV)/.dev-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: export DJANGO_SETTINGS_MODULE = config.settings.test
test: check-stack lint $(MO_FILES)
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest
	scripts/shifted_clocks.sh

# Not part of `make test`: gunicorn + PostgreSQL + Redis on loopback under wrk (a few minutes).
bench: check-stack
	$(BIN)/pip install -q -r bench/requirements.txt
	$(BIN)/python bench/run.py

# Not part of `make test`: Lighthouse (npm, pinned) + Chromium's installability check; writes docs/audit.md.
audit/node_modules/.installed: audit/package-lock.json
	cd audit && npm ci --no-audit --no-fund --loglevel=error
	touch $@

audit: check-stack audit/node_modules/.installed
	$(BIN)/python audit/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
