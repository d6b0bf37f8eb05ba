# nsdocket: two commands on a fresh machine.
#   make run    install, load the bundled Hong Kong data, print the summary and headline figures
#   make test   install what tests need and run ruff, mypy and pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= nsdocket.db
export NSDOCKET_DATABASE_URL ?= sqlite:///$(abspath $(DB))

.PHONY: run test lint typecheck pytest install clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/nsdocket setup

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: install
	$(BIN)/mypy

# Debian's Chromium for the Playwright browser tests (as root; skipped when already there).
browser:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

pytest: install browser
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) build *.egg-info
