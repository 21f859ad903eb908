# Two commands for a newcomer: `make dataset` builds data/ from seeds/, `make test` runs the tests.
# Each sets up its own virtual environment from pyproject.toml on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: dataset test lint venv clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

dataset: $(STAMP)
	$(BIN)/build-dataset build --input seeds --output data
	$(BIN)/python -m build_dataset.publish.datasheet --stats data/stats.json --output DATASHEET.md

test: $(STAMP)
	$(BIN)/ruff check build_dataset schema tests benchmarks
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache
