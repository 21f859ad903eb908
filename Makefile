# Two commands for a newcomer: `make dataset` builds data/ from seeds/, `make test` runs the tests.
# Each sets up its own virtual environment from pyproject.toml on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Gold annotations to evaluate the seeds build with (`make dataset SEEDS_GOLD=FILE`). Empty by default: the
# committed data/ is what a fresh clone builds (tests/test_pipeline.py), so its card says "Not measured".
SEEDS_GOLD ?=

.PHONY: dataset test lint venv clean bench

# requirements.lock pins every package (`pip freeze` of a fresh venv on Python 3.11, see README), so data/
# rebuilds byte-identically; `make dataset` installs only what building needs, `make test` adds the test extra.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(TEST_STAMP)

venv: $(TEST_STAMP)

dataset: $(STAMP)
	$(BIN)/build-dataset build --input seeds --output data
	@if [ -n "$(SEEDS_GOLD)" ]; then $(BIN)/build-dataset evaluate data --gold $(SEEDS_GOLD); \
	else echo "no SEEDS_GOLD given: the card says the quality was not measured"; fi
	$(BIN)/python -m build_dataset.publish.datasheet --stats data/stats.json --output DATASHEET.md

test: $(TEST_STAMP)
	$(BIN)/ruff check build_dataset schema tests benchmarks
	$(BIN)/python -m pytest -q

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache
