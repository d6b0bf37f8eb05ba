# nsdocket: two commands on a fresh machine.
#   make run    install, load the bundled Hong Kong data, print the summary and headline figures
#   make test   install what tests need and run ruff, mypy and pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= nsdocket.db
export NSDOCKET_DATABASE_URL ?= sqlite:///$(abspath $(DB))

.PHONY: run test lint typecheck pytest install clean browser publishing-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

PORT ?= 8000
run: install
	$(BIN)/nsdocket setup --port $(PORT)

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: install
	$(BIN)/mypy

# Debian's Chromium for the Playwright browser tests (as root; skipped when already there).
browser:
	@(test -x /usr/bin/chromium && fc-list 2>/dev/null | grep -qi wenquanyi) || \
		(apt-get update && apt-get install -y chromium fonts-wqy-zenhei)

# Debian's Pango (for WeasyPrint's PDF reports) and poppler-utils (pdftoppm, for the PDF tests),
# as root; skipped when already there.
publishing-deps:
	@(command -v pdftoppm >/dev/null && ldconfig -p | grep -q 'libpango-1.0.so') || \
		(apt-get update && apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 poppler-utils)

# A throwaway PostgreSQL cluster on a loopback port (installed from Debian's packages if missing):
# the suite runs on SQLite and on PostgreSQL. Only the test role can connect (with a password made
# at start); the cluster is stopped and removed when the run ends, pass or fail, unless
# KEEP_TEST_POSTGRES=1 keeps it for the next run.
KEEP_TEST_POSTGRES ?=
# Two workers (pytest-xdist), a test file each at a time: the machine's two cores both work.
# PYTEST_ARGS="-n 0" runs in one process; PYTEST_ARGS="-k feeds" picks tests.
PYTEST_ARGS ?= -n 2 --dist loadfile
pytest: install browser publishing-deps
	@url=$$(bash scripts/test-postgres.sh) || exit 1; \
	NSDOCKET_TEST_POSTGRES_URL="$$url" $(BIN)/pytest $(PYTEST_ARGS); status=$$?; \
	if [ -z "$(KEEP_TEST_POSTGRES)" ]; then bash scripts/test-postgres.sh stop; \
	else echo "test PostgreSQL kept running (KEEP_TEST_POSTGRES=1): bash scripts/test-postgres.sh stop"; fi; \
	exit $$status

test: lint typecheck pytest

clean:
	rm -rf $(VENV) build *.egg-info

# Benchmarks side by side with their peers (sqlite-utils, SQLite/DuckDB by hand, Datasette, re)
# at 1k and 100k defendants; writes bench/results/*.json and the table in bench/README.md.
# Never part of `make test`. More sizes: make bench BENCH_ARGS="--sizes 1m".
.PHONY: bench
BENCH_ARGS ?=
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)
