# Two entry points for humans and CI: `make serve` and `make test`. Everything else is a step.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build validate test fuzz lint browser-tools clean

setup: $(VENV)/.installed

# Pinned: requirements.lock holds every package at an exact version (regenerate with
# `$(BIN)/pip freeze --exclude-editable > requirements.lock` after changing pyproject.toml).
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

validate: setup
	$(BIN)/aktivering validate

build: setup
	$(BIN)/mkdocs build --strict

serve: setup
	$(BIN)/mkdocs serve --dirty

lint: setup
	$(BIN)/ruff check scripts tests

# Chromium from Debian (root on these machines), axe-core and vnu from npm: test tools only.
browser-tools:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends chromium >/dev/null)
	@command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null)
	@test -d node_modules/axe-core -a -d node_modules/vnu-jar || npm ci --no-audit --no-fund --silent

test: setup browser-tools lint
	CI=1 $(BIN)/pytest

# The property tests deep and random (the suite draws the same 30 examples each run): EXAMPLES=n
# per property, default 1000. A failure prints its example; pin it with @example in the test.
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q -p no:cacheprovider tests/test_properties.py tests/test_tablecheck.py

clean:
	rm -rf site $(VENV) node_modules .pytest_cache
