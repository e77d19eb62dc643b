# The two commands a newcomer needs: `make run` (a case through the full panel, offline)
# and `make test` (the whole test suite). Each creates the virtual environment when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CASE ?= cases/warfarin-nsaid.yaml

.PHONY: run test lint bench clean

$(BIN)/consilium: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

run: $(BIN)/consilium
	$(BIN)/consilium run $(CASE)

test: $(BIN)/consilium
	$(BIN)/pytest

lint: $(BIN)/consilium
	$(BIN)/ruff check consilium tests benchmarks
	$(BIN)/mypy

bench: $(BIN)/consilium
	$(BIN)/python benchmarks/bench_workflow.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
