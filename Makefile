# Shouwei: `make run` to see it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
TEST_DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/shouwei)
# The port `make run` and `make serve` listen on: `make run PORT=8080`.
PORT ?= 8000

.PHONY: run serve test lint format messages bench bench-today bench-inspections bench-frontage bench-dashboard clean ensure-postgres ensure-chromium

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "Shouwei needs Python 3.11 or newer: install it, or run 'make PYTHON=python3.12 …'."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The stamps make a second `make run` skip the install unless pyproject.toml changed.
$(VENV)/.installed: pyproject.toml $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Demo data, the scheduler's jobs and the first work orders (so nobody meets an empty
# Today; the scheduler generates daily after that), then serve.
run: $(VENV)/.installed
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) load_demo
	$(MANAGE) setup_schedules
	$(MANAGE) generate_work_orders
	$(MAKE) --no-print-directory serve

# Web (gunicorn, static files through whitenoise) and the django-q2 cluster, together,
# until Ctrl-C or until either stops.
serve:
	@echo "Shouwei on http://127.0.0.1:$(PORT)/ (Ctrl-C stops the web server and the scheduler)"
	@trap 'kill $$(jobs -p) 2>/dev/null; wait' INT TERM EXIT; \
	$(MANAGE) qcluster & \
	$(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - & \
	wait -n

# The import contracts first (a wrong import between apps fails here, in seconds), then
# the whole suite.
test: $(VENV)/.installed-dev ensure-postgres ensure-chromium
	$(VENV)/bin/lint-imports --no-cache
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest

# A PostgreSQL must answer at DATABASE_URL; a local cluster that is installed but
# stopped is started; otherwise one sentence says what is missing.
ensure-postgres: $(VENV)/.installed
	@export DATABASE_URL=$(TEST_DATABASE_URL); \
	if ! $(PY) -m tests.dbcheck --quiet; then \
		if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ] && [ -n "$$(ls /etc/postgresql)" ]; then \
			version=$$(ls /etc/postgresql | sort -V | tail -n 1); \
			echo "Starting the local PostgreSQL $$version cluster…"; \
			pg_ctlcluster --skip-systemctl-redirect $$version main start || true; \
		fi; \
		$(PY) -m tests.dbcheck --wait 20; \
	fi

# The browser tests drive Debian's Chromium at /usr/bin/chromium (Playwright downloads no
# browser), with CJK fonts so that Chinese shows in their screenshots. Whatever is missing
# is installed when we can (root with apt-get, as in CI; at most 10 minutes, log in var/);
# otherwise one sentence says how, and the suite runs with the browser tests skipped.
CHROMIUM := /usr/bin/chromium
BROWSER_PACKAGES_LOG := var/ensure-chromium.log

ensure-chromium:
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="chromium"; \
	if command -v dpkg-query >/dev/null && \
		! dpkg-query -W -f='$${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed'; then \
		missing="$${missing:+$$missing }fonts-noto-cjk"; \
	fi; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing $$missing for the browser tests (apt-get; log in $(BROWSER_PACKAGES_LOG))…"; \
		mkdir -p var; \
		if ! { DEBIAN_FRONTEND=noninteractive timeout 600 apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq $$missing; \
			} >$(BROWSER_PACKAGES_LOG) 2>&1; then \
			echo "Could not install $$missing (see $(BROWSER_PACKAGES_LOG)): the browser tests will be skipped if $(CHROMIUM) is missing."; \
		fi; \
	elif [ "$$missing" != "fonts-noto-cjk" ]; then \
		echo "No $(CHROMIUM): the browser tests will be skipped (install it with 'sudo apt-get install chromium fonts-noto-cjk')."; \
	else \
		echo "No CJK fonts: Chinese will show as boxes in the browser tests' screenshots ('sudo apt-get install fonts-noto-cjk')."; \
	fi

# Work-order generation on PostgreSQL (10,000 plans, a 365-day horizon), then the crews'
# Today page with 100,000 work orders, then the inspectors' Today and the nightly rebound
# job with 200,000 findings, then the import of 5,000 door units, then the managers'
# dashboard with 1,000,000 work orders and 200,000 findings (bench/README.md). Each creates
# and drops its own database (shouwei_bench, shouwei_bench_today, shouwei_bench_inspections,
# shouwei_bench_frontage, shouwei_bench_dashboard) on the server of DATABASE_URL.
bench: $(VENV)/.installed-dev ensure-postgres
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/generation.py
	$(MAKE) --no-print-directory bench-today
	$(MAKE) --no-print-directory bench-inspections
	$(MAKE) --no-print-directory bench-frontage
	$(MAKE) --no-print-directory bench-dashboard

bench-today: $(VENV)/.installed-dev ensure-postgres
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/today.py

bench-inspections: $(VENV)/.installed-dev ensure-postgres
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/inspections.py

bench-frontage: $(VENV)/.installed-dev ensure-postgres
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/frontage.py

bench-dashboard: $(VENV)/.installed-dev ensure-postgres
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/dashboard.py

lint: $(VENV)/.installed-dev
	mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext (xgettext, msgfmt); the compiled catalogs are committed, so running
# Shouwei does not.
messages: $(VENV)/.installed
	$(MANAGE) makemessages --locale zh_Hans --locale en --no-obsolete --add-location file --ignore '.venv/*' --ignore 'var/*'
	$(MANAGE) compilemessages --ignore '.venv/*'

clean:
	rm -rf var/static var/test-media .pytest_cache
