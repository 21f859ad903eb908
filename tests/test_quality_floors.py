"""Quality floors, pinned with the project's scorer (../shared/eval/score.py) on the seeds and the dev set.

The floors are the acceptance bars of the annotator issues; the build under test is the real pipeline.
Skipped when ../shared is absent (a clone without the evaluation data).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import SEEDS, SHARED, build_into, needs_shared

FLOORS = {
    "coverage": 1.0,
    "date_accuracy": 0.95,
    "date_false_rate": 0.05,
    "publisher_accuracy": 0.90,
    "agency_accuracy": 0.90,
    "author_accuracy": 0.90,
    "officials_f1": 0.90,
    "officials_country_accuracy": 0.95,
    "topics_f1": 0.85,
    "dup_pair_f1": 0.95,
}
SETS = {
    "seeds": (SEEDS, SHARED / "eval" / "seeds-gold.jsonl"),
    "dev": (SHARED / "eval" / "dev" / "raw", SHARED / "eval" / "dev" / "gold.jsonl"),
}


@needs_shared
@pytest.mark.parametrize("name", sorted(SETS))
def test_scores_meet_the_floors(name, tmp_path):
    raw, gold = SETS[name]
    out = tmp_path / name
    build_into(raw, out)
    bars = [arg for metric, value in FLOORS.items() for arg in ("--min", f"{metric}={value}")]
    result = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), str(out), str(gold), *bars],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
