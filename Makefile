# Two commands matter: `make demo` and `make test`. Both set everything up themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
export HRP_DATA_ROOT ?= $(CURDIR)/data
export DAGSTER_HOME ?= $(HRP_DATA_ROOT)/dagster_home
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
STAMP := $(VENV)/.synced

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

$(STAMP): $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@touch $@

bootstrap: $(STAMP) chromium  ## install the locked environment and the system browser

chromium:  ## make sure Debian's chromium is present (charts, PDF, browser tests)
	@./.ci/ensure-chromium

demo: bootstrap  ## run the whole pipeline once on the built-in sample data
	$(VENV)/bin/hrp demo

# worksteal: a worker that runs out takes tests queued on the other (the slow ones cluster in a few files)
test: bootstrap  ## run the whole test suite (slow and browser tests included), on two workers
	$(VENV)/bin/pytest -n 2 --dist worksteal

test-fast: bootstrap  ## the suite without tests marked slow
	$(VENV)/bin/pytest -m "not slow"

lint: $(STAMP)  ## ruff and mypy
	$(VENV)/bin/ruff check pipeline tests bench
	$(VENV)/bin/ruff format --check pipeline tests bench
	$(VENV)/bin/mypy

dev: bootstrap  ## the Dagster UI and daemon on the demo's instance (schedules fire when a usable key is set)
	$(VENV)/bin/hrp dev

bench: bootstrap  ## benchmarks against bare DuckDB (SCALES="1 100 1000")
	$(VENV)/bin/python -m bench.run $(if $(SCALES),--scales $(SCALES),)

docs: $(STAMP)  ## regenerate the generated parts of docs/
	$(VENV)/bin/hrp docs

clean-data:  ## delete the data root (warehouse, runs, publications)
	rm -rf "$(HRP_DATA_ROOT)"

.PHONY: help bootstrap chromium demo test test-fast lint dev bench docs clean-data
