# Two commands for people: `make run` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test install migrate demo messages lint bench e2e-deps

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Browser tests drive Debian's Chromium; install it when we can (root), otherwise they skip.
e2e-deps:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: browser tests will be skipped"; }

test: install e2e-deps
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -n 2 --dist loadgroup

# Refresh the project catalogue (locale/) from the source and compile both catalogues.
# locale_wagtail/ holds hand-kept Chinese for Wagtail admin strings its own catalogue lacks.
messages: install
	$(PY) manage.py makemessages -l zh_Hans -l en --no-obsolete --no-location \
		--ignore=.venv --ignore=var --ignore=staticfiles --ignore=tests --ignore=locale_wagtail
	$(PY) manage.py compilemessages --ignore=.venv

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install
	$(PY) -m tests.benchmarks
