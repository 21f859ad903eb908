"""The README's measured numbers are the ones in benchmarks/results/*.json."""

from __future__ import annotations

import sys

from conftest import REPO


def test_readme_numbers_come_from_the_results_files():
    sys.path.insert(0, str(REPO / "benchmarks"))
    import update_readme

    assert update_readme.updated_readme() == update_readme.README.read_text(encoding="utf-8"), (
        "README numbers are stale: run python benchmarks/update_readme.py"
    )
