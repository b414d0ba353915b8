# stancemap — `make report` builds the bundled data; `make test` runs every test. Both set up
# .venv from nothing on a fresh machine (Python 3.11 and pip; python3-venv from apt if missing).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
RAW ?= data/raw
DB ?= data/processed/stances.duckdb
REPORTS ?= reports
INPUTS := $(shell find $(RAW) pipeline -not -name '*.pyc' -not -path '*__pycache__*' 2>/dev/null)

.DEFAULT_GOAL := help
.PHONY: help install report test eval bench bench-full sql docs clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV) || { apt-get update && apt-get install -y python3-venv && $(PY) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,dask]'
	touch $@

install: $(STAMP) ## create .venv and install the project with its test tools

$(REPORTS)/index.html: $(STAMP) $(INPUTS)
	@$(BIN)/python -m compileall -q pipeline  # bytecode once: PYTHONDONTWRITEBYTECODE may be set
	$(BIN)/python -m pipeline build --raw $(RAW) --db $(DB) --reports $(REPORTS)
	@touch $@

report: $(REPORTS)/index.html ## build the database and reports/index.html from data/raw (skipped when nothing changed)

CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	  || echo "warning: could not install chromium; the browser tests will be skipped" >&2

test: $(STAMP) $(CHROMIUM) ## run the whole test suite (installs Debian's chromium for the browser tests)
	$(BIN)/python -m pytest -q

eval: $(STAMP) ## score the extractor against the coded corpus in data/eval (codings withheld)
	$(BIN)/python -m pipeline.evaluate --corpus data/eval --errors

bench: $(STAMP) ## time builds of 1k and 10k synthetic articles and more; writes bench/RESULTS.md
	@$(BIN)/python -m compileall -q pipeline
	$(BIN)/python -m pipeline.bench all --sizes 1000 10000

bench-full: $(STAMP) ## the same with 100k articles (about 500 MB; takes a while)
	@$(BIN)/python -m compileall -q pipeline
	$(BIN)/python -m pipeline.bench all --sizes 1000 10000 100000

sql: $(REPORTS)/index.html ## open an interactive SQL shell (DuckDB CLI) on the database
	$(BIN)/duckdb $(DB)

docs: $(STAMP) ## regenerate the README's data dictionary from the schema
	$(BIN)/python -m pipeline docs --readme README.md

clean: ## delete everything the build made (data/processed, reports)
	rm -rf data/processed/*.duckdb* reports/index.html reports/.*.tmp-*
