# Momentos — everything starts from a clean clone with nothing but Python 3.11+ installed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help install demo test lint typecheck unit test-postgres bench learning-bench run validate schema clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Momentos needs Python 3.11+, found " + sys.version.split()[0] + "; run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install Momentos with its dev tools

demo: $(STAMP) ## play eight working weeks offline: the real bot against the local Discord simulator
	$(BIN)/momentos demo

lint: $(STAMP) ## ruff
	$(BIN)/ruff check bot tests

typecheck: $(STAMP) ## mypy --strict on bot/
	$(BIN)/mypy --strict bot

unit: $(STAMP) ## the pytest suite only
	$(BIN)/pytest

test-postgres: $(STAMP) ## only the tests that need PostgreSQL (starts a throwaway server)
	$(BIN)/pytest -m postgres

test: lint typecheck unit ## lint, types and every test (what CI runs)

bench: $(STAMP) ## the performance benchmark (about 5 minutes; writes BENCHMARKS.md); `make bench QUICK=1` for a try
	$(BIN)/momentos bench $(if $(QUICK),--quick)

learning-bench: $(STAMP) ## the learning benchmark (minutes; writes LEARNING.md's tables); `QUICK=1` for a try
	$(BIN)/momentos learning-bench $(if $(QUICK),--quick)

run: $(STAMP) ## run the real bot (needs DISCORD_TOKEN in the environment or .env)
	$(BIN)/momentos run

validate: $(STAMP) ## validate the content in scenarios/
	$(BIN)/momentos validate

schema: $(STAMP) ## regenerate scenarios/schema/*.json after changing the content format
	$(BIN)/momentos schema

clean: ## remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
