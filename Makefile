# The two commands a newcomer needs: `make run` (a case through the full panel, offline)
# and `make test` (the whole test suite). Each creates the virtual environment when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CASE ?= cases/warfarin-nsaid.yaml

.PHONY: run test lint bench clean

# The package and its dev tools: enough to run cases.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The tests also need the local llama.cpp server (built from source: the default native build
# crashes on some CPUs, hence GGML_NATIVE=OFF; pip caches the wheel after the first build).
$(VENV)/.installed-test: $(VENV)/.installed
	CMAKE_ARGS=-DGGML_NATIVE=OFF $(BIN)/pip install -q -e '.[dev,llm-server]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/consilium run $(CASE)

test: $(VENV)/.installed-test
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check consilium tests benchmarks scripts
	$(BIN)/mypy

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_workflow.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
