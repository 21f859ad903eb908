"""Quality floors, pinned with the project's scorer (../shared/eval/score.py) on the seeds and the dev set.

The floors are the acceptance bars of the annotator issues; the build under test is the real pipeline.
Skipped when ../shared is absent (a clone without the evaluation data).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import SEEDS, SHARED, build_into, needs_shared

SYNTHETIC_FLOORS = {
    "coverage": 1.0,
    "date_accuracy": 0.95,
    "date_false_rate": 0.05,
    "publisher_accuracy": 0.90,
    "agency_accuracy": 0.90,
    "author_accuracy": 0.90,
    "officials_f1": 0.90,
    "officials_country_accuracy": 0.95,
    "topics_f1": 0.85,
    "dup_pair_f1": 1.0,  # issue 15: pair F1 1.0 kept on the seeds and the dev set
}
# The 40 real crawled pages (../shared/eval/real): floors at what the pipeline measures now, raised as the
# annotator issues land; never tuned on these pages (they are a report set).
REAL_FLOORS = {
    "coverage": 1.0,
    "date_accuracy": 0.98,
    "date_false_rate": 0.0,
    "publisher_accuracy": 0.97,
    "agency_accuracy": 0.95,
    "author_accuracy": 0.95,
    "title_accuracy": 0.97,
    "dup_pair_f1": 0.97,
    "officials_f1": 0.87,
    "officials_country_accuracy": 0.95,
}
SETS = {
    "seeds": (SEEDS, SHARED / "eval" / "seeds-gold.jsonl", SYNTHETIC_FLOORS),
    "dev": (SHARED / "eval" / "dev" / "raw", SHARED / "eval" / "dev" / "gold.jsonl", SYNTHETIC_FLOORS),
    "real": (SHARED / "eval" / "real" / "raw", SHARED / "eval" / "real" / "gold.jsonl", REAL_FLOORS),
}


@needs_shared
@pytest.mark.parametrize("name", sorted(SETS))
def test_scores_meet_the_floors(name, tmp_path):
    raw, gold, floors = SETS[name]
    out = tmp_path / name
    build_into(raw, out)
    bars = [arg for metric, value in floors.items() for arg in ("--min", f"{metric}={value}")]
    result = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), str(out), str(gold), *bars],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
