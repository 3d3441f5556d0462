# Two entry points for humans and CI: `make serve` and `make test`. Everything else is a step;
# `make check` is the fast loop (no apt, no npm: lint and every test without a browser, Java or build).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# pa11y's puppeteer must never fetch a browser of its own: Debian's Chromium is used.
export PUPPETEER_SKIP_DOWNLOAD := 1

.PHONY: setup serve build validate check test fuzz lint browser-tools quality clean

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

# `make serve PORT=8001` when 8000 is taken; a taken port is said plainly, not as a traceback.
PORT ?= 8000

serve: setup
	@$(BIN)/python -m aktivering.port $(PORT)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:$(PORT)

lint: setup
	$(BIN)/ruff check scripts tests

# Chromium from Debian (root on these machines), axe-core and vnu from npm: test tools only.
browser-tools:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends chromium >/dev/null)
	@command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null)
	@test -d node_modules/axe-core -a -d node_modules/vnu-jar || npm ci --no-audit --no-fund --silent

# The markers are set by tests/conftest.py from what each test uses (pyproject.toml lists them).
check: setup lint
	$(BIN)/pytest -q -m "not browser and not build and not java"

test: setup browser-tools lint
	CI=1 $(BIN)/pytest

# The property tests deep and random (the suite draws the same 30 examples each run): EXAMPLES=n
# per property, default 1000. A failure prints its example; pin it with @example in the test.
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q -p no:cacheprovider tests/test_properties.py tests/test_tablecheck.py

# Lighthouse (mobile, desktop) and pa11y (HTML_CodeSniffer, axe) on one page of each type: a table
# in PAGEQUALITY.md to read, not a test (scores move between runs).
quality: setup browser-tools
	@test -x node_modules/.bin/lighthouse -a -x node_modules/.bin/pa11y || npm ci --no-audit --no-fund --silent
	$(BIN)/python scripts/pagequality.py --runs 3

# Every cache and build folder: the caches outside the checkout (cache.py says which), then the
# checkout's own build folders and the venv.
clean:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m aktivering.cache; fi
	rm -rf site .cache build docs/generated .pytest_cache .ruff_cache scripts/*.egg-info $(VENV) node_modules
