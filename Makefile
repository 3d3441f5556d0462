# Two entry points for humans and CI: `make serve` and `make test`. Everything else is a step.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build validate test lint browser-tools clean

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

test: setup browser-tools lint
	$(BIN)/pytest

clean:
	rm -rf site $(VENV) node_modules .pytest_cache
