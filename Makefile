# The project's vocabulary: run, test, lint, format, bench, stack.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://root@127.0.0.1:5432/publications

.PHONY: run test lint format check browser audit test-sqlite test-postgres bench stack stack-down test-stack sample-archive clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Every process it starts gets the base URL of this server, for the links in admin emails.
run: export WAGTAILADMIN_BASE_URL = http://127.0.0.1:$(PORT)
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py create_demo_accounts
	@echo "Serving http://127.0.0.1:$(PORT)/ (admin at /admin/); the scheduler publishes scheduled pages when they are due."
	@$(BIN)/python manage.py run_scheduler & scheduler=$$!; \
		trap 'kill $$scheduler 2>/dev/null' INT TERM EXIT; \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	node_modules/.bin/stylelint "static/css/**/*.css"

# npm's dependencies (stylelint, axe-core), without the devDependencies (Lighthouse) that only `make audit` needs.
node_modules/.installed: package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund
	touch $@

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

check: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=example.org \
		WAGTAILADMIN_BASE_URL=https://example.org \
		DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/python manage.py check --deploy --fail-level WARNING

browser: node_modules/.installed
	bin/ensure-chromium

audit: $(VENV)/.installed browser
	npm ci --no-audit --no-fund
	$(BIN)/python bin/audit.py

# The browser tests run once: in the PostgreSQL pass, or on SQLite on a machine without PostgreSQL.
test-sqlite: $(VENV)/.installed
	env -u DATABASE_URL $(BIN)/pytest -m "not browser"

test-postgres: $(VENV)/.installed browser
	@bin/ensure-postgres; status=$$?; \
	if [ $$status -eq 1 ]; then \
		echo "!!!!!! No PostgreSQL on this machine: the PostgreSQL test pass was SKIPPED !!!!!!"; \
		echo "== browser tests on SQLite instead =="; env -u DATABASE_URL $(BIN)/pytest -m browser; \
	elif [ $$status -ne 0 ]; then \
		exit $$status; \
	else \
		echo "== pytest on PostgreSQL =="; DATABASE_URL=$(PG_URL) $(BIN)/pytest; \
	fi

test: lint check test-sqlite test-postgres

# On a throwaway database of the PostgreSQL server (dropped afterwards); BENCH_ARGS="--sizes 20,1000 --no-http" runs less.
BENCH_ARGS ?=
bench: $(VENV)/.installed
	@bin/ensure-postgres || { echo "make bench needs PostgreSQL on 127.0.0.1:5432" >&2; exit 1; }
	bin/ensure-bench-tools
	$(BIN)/python bench/pages.py --database-url postgres://root@127.0.0.1:5432/postgres $(BENCH_ARGS)

# The production shape on this machine (deploy/stack.env): SeaweedFS, PostgreSQL, Redis, two app servers, Varnish.
stack: $(VENV)/.installed
	@bin/ensure-postgres || { echo "make stack needs PostgreSQL on 127.0.0.1:5432" >&2; exit 1; }
	$(BIN)/python bin/stack.py run

stack-down: $(VENV)/.installed
	$(BIN)/python bin/stack.py down

# Starts the stack with bin/stack.py, tests it from outside (tests/stack/), and stops it.
test-stack: $(VENV)/.installed
	@bin/ensure-postgres || { echo "make test-stack needs PostgreSQL on 127.0.0.1:5432" >&2; exit 1; }
	bin/ensure-bench-tools
	$(BIN)/pytest tests/stack -m stack --durations=0 -s

# samples/archive/: the demo's own publications exported as a manifest and files, for trying an import.
sample-archive: $(VENV)/.installed
	rm -rf samples/archive
	tmp=$$(mktemp -d) && export DATABASE_URL=sqlite:///$$tmp/db.sqlite3 MEDIA_ROOT=$$tmp/media && \
	$(BIN)/python manage.py migrate -v0 && $(BIN)/python manage.py load_demo_content >/dev/null && \
	$(BIN)/python manage.py export_publications samples/archive/manifest.csv --files samples/archive/files; \
	status=$$?; rm -rf $$tmp; exit $$status

clean:
	rm -rf $(VENV) staticfiles artifacts .pytest_cache .ruff_cache
