# Two commands for a newcomer: `make run` and `make test`. Everything else is for developers.
# Python: the first of python3.13, python3.12 or python3 that is at least 3.12 (pyenv reads
# .python-version). PYTHON=... overrides.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Every target here is a developer's: development mode, said explicitly, because the settings
# fail closed (production, with its own secret key, unless DJANGO_DEBUG=true). Production runs
# from the Dockerfile. `make run DJANGO_DEBUG=false` would override it.
export DJANGO_DEBUG := true

.PHONY: run test install lint typecheck messages catalogue check clean

$(STAMP): requirements-dev.lock
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (python3.13, python3.12 or python3)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.lock
	@touch $(STAMP)

install: $(STAMP)

catalogue: $(STAMP)
	@$(PY) manage.py build_catalogue

# Links in e-mails point where this server answers (`make run PORT=8811`), unless SITE_URL says.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: catalogue
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data
	@$(PY) manage.py demo_logins
	$(PY) manage.py runserver $(HOST):$(PORT)

test: catalogue
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(STAMP)
	$(PY) -m mypy .

# Extract the strings into the Latvian catalogue (needs GNU gettext's xgettext).
messages: $(STAMP)
	$(PY) manage.py makemessages -l lv --no-obsolete --add-location file -i ".venv/*" -i "bench/*" -i "tests/*"

check: lint typecheck
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check_catalogue

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles locale/*/LC_MESSAGES/*.mo
