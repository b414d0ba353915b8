# stancemap — `make report` builds the bundled data; `make test` runs every test. Both set up
# .venv from nothing on a fresh machine (Python 3.11 and pip; python3-venv from apt if missing),
# installing exactly the versions and files pinned, with their hashes, in requirements.lock.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOCK := requirements.lock
RAW ?= data/raw
DB ?= data/processed/stances.duckdb
REPORTS ?= reports
INPUTS := $(shell find $(RAW) pipeline -not -name '*.pyc' -not -path '*__pycache__*' 2>/dev/null)

.DEFAULT_GOAL := help
.PHONY: help install lock lint report test eval train bench bench-quick bench-update sql docs clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

# Every dependency (runtime, `test` and `dask` extras) comes from the lock, each file checked
# against its sha256 and only wheels accepted; the project itself is then installed editable
# without dependencies and without build isolation (setuptools is in the lock), so nothing
# unpinned is fetched. tools/check_lock.py first checks the spaCy model's pinned wheel hash.
$(STAMP): $(LOCK) pyproject.toml tools/check_lock.py
	$(PY) tools/check_lock.py $(LOCK)
	$(PY) -m venv $(VENV) || { apt-get update && apt-get install -y python3-venv && $(PY) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --require-hashes --no-deps --only-binary :all: -r $(LOCK)
	PYTHONWARNINGS=ignore::UserWarning $(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

install: $(STAMP) ## create .venv and install the locked dependencies and the project

# `make lock` keeps every pin it can (uv reads the current lock as preferences) and resolves only
# what pyproject.toml changed; UPGRADE="pkg1 pkg2" moves those packages to their newest allowed
# versions, UPGRADE=all moves everything.
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml --extra test --extra dask --generate-hashes \
	--python-version 3.11 --python-platform x86_64-manylinux_2_28 --custom-compile-command 'make lock'
lock: $(STAMP) ## regenerate requirements.lock from pyproject.toml (UPGRADE="pkg ..." or UPGRADE=all)
	$(UV_COMPILE) $(if $(filter all,$(UPGRADE)),--upgrade,$(foreach p,$(UPGRADE),--upgrade-package $(p))) \
	  --quiet --output-file $(LOCK)
	$(PY) tools/check_lock.py $(LOCK)

lint: $(STAMP) ## ruff (lint rules and formatting) and mypy over pipeline/, tools/ (ruff: and tests/)
	$(BIN)/ruff check pipeline tests tools
	$(BIN)/ruff format --check pipeline tests tools
	$(BIN)/mypy pipeline tools

$(REPORTS)/index.html: $(STAMP) $(INPUTS)
	@$(BIN)/python -m compileall -q pipeline  # bytecode once: PYTHONDONTWRITEBYTECODE may be set
	$(BIN)/python -m pipeline build --raw $(RAW) --db $(DB) --reports $(REPORTS)
	@touch $@

report: $(REPORTS)/index.html ## build the database and reports/index.html from data/raw (skipped when nothing changed)

CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	  || echo "warning: could not install chromium; the browser tests will be skipped" >&2

test: lint $(STAMP) $(CHROMIUM) ## lint, then run the whole test suite (installs Debian's chromium for the browser tests)
	$(BIN)/python -m pytest -q

eval: $(STAMP) ## score the extractor against the coded corpus in data/eval (codings withheld)
	$(BIN)/python -m pipeline.evaluate --corpus data/eval --errors

train: $(STAMP) ## rebuild the bundled stance model from pipeline/learn/corpus (fixed seed; threshold checked on data/eval; a few minutes)
	$(BIN)/python -m pipeline train

bench: $(STAMP) ## time builds of 1k, 10k and 100k news-like articles (the parser included) and more; writes bench/RESULTS.md (about 25 minutes on 2 cores)
	@$(BIN)/python -m compileall -q pipeline
	$(BIN)/python -m pipeline.bench all --sizes 1000 10000 100000

bench-quick: $(STAMP) ## the same without the 100k corpus (about 5 minutes)
	@$(BIN)/python -m compileall -q pipeline
	$(BIN)/python -m pipeline.bench all --sizes 1000 10000

bench-update: $(STAMP) ## time `stancemap update` on 1,000 news-like articles: nothing new, one new article (about 2 minutes)
	$(BIN)/python -m pipeline.live.benchmark --docs 1000 --work build/bench-update --results bench/UPDATE.md

sql: $(STAMP) ## open an interactive SQL shell (DuckDB CLI) on the database; DB= alone opens that file as it is
ifeq ($(origin DB)$(origin RAW),command linefile)
	@test -f "$(DB)" || { echo "error: $(DB): no such database; build it first: make report RAW=<raw folder> DB=$(DB) REPORTS=<report folder>" >&2; exit 1; }
else
	@$(MAKE) --no-print-directory report RAW="$(RAW)" DB="$(DB)" REPORTS="$(REPORTS)"
endif
	$(BIN)/duckdb $(DB)

docs: $(STAMP) ## regenerate the README's data dictionary from the schema
	$(BIN)/python -m pipeline docs --readme README.md

clean: ## delete everything the build made (data/processed, reports)
	rm -rf data/processed/*.duckdb* reports/index.html reports/.*.tmp-*
