"""Quality floors, pinned with the project's scorer (../shared/eval/score.py) on the seeds and the dev set.

The floors are the acceptance bars of the annotator issues; the build under test is the real pipeline.
Skipped when ../shared is absent (a clone without the evaluation data).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO, SEEDS, SHARED, build_into, needs_shared

SYNTHETIC_FLOORS = {
    "coverage": 1.0,
    "date_accuracy": 0.95,
    "date_false_rate": 0.05,
    "publisher_accuracy": 0.90,
    "agency_accuracy": 0.90,
    "author_accuracy": 0.90,
    "officials_f1": 0.90,
    "officials_country_accuracy": 0.95,
    "topics_f1": 0.90,  # issue 16 acceptance (seeds 0.909, dev 0.945 with taxonomy 2.1.0 to 2.3.0)
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
    "dup_pair_f1": 0.99,  # issue 15: 1.0 measured at 69c6bce and after the flash text match
    "officials_f1": 0.92,
    "officials_country_accuracy": 0.95,
    "topics_f1": 0.99,  # issue 16: 1.0 measured with taxonomy 2.3.0 (never tuned on these pages)
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


CORPORA = SHARED / "corpora"
# Topics on real news (benchmarks/topics_real): floors at what benchmarks/topics_real_eval.py measures now, rounded
# down a little. The tune half grew from 92 articles (0.965) to 262 with two enriched draws of harder articles, then
# to all 400 labelled articles (taxonomy 2.4.0: 0.942) once the first draw's report half (2.3.0: 0.891) joined it,
# then to all 520 once the fifth draw (the report half measured once with 2.4.0: 0.86) joined it (taxonomy 2.5.0:
# 0.945), then to all 670 once the sixth draw (the report half measured once with 2.5.0: 0.857) joined it (taxonomy
# 2.6.0: 0.943), then to all 800 once the seventh draw (the report half measured once with 2.6.0: 0.74) joined it
# (taxonomy 2.7.0: 0.934; the seventh draw alone 0.805), then to all 908 once the eighth draw (108 articles, 100 of
# them BBC's, labelled blind; the report half measured once with 2.7.0: 0.898) joined it (taxonomy 2.8.0: 0.934; the
# eighth draw alone 0.898), then to all 1,058 once the ninth draw (150 BBC articles, labelled blind; the report half
# measured once with 2.8.0: 0.767) joined it (2.8.0 on all 1,058: 0.921; taxonomy 2.9.0: 0.924, the ninth draw alone
# 0.789), so the tune floor moves down to 0.92, then to all 1,208 once the tenth draw (150 BBC articles, labelled
# blind twice; the report half measured once with 2.9.0: 0.800) joined it (2.9.0 on all 1,208: 0.916, no change kept
# in the tenth round), so the tune floor moves down to 0.91, then to all 1,358 once the eleventh draw (150 BBC
# articles, labelled blind twice; the report half measured once with 2.9.0: 0.800) joined it (2.9.0 on all 1,358:
# 0.907), so the tune floor moves down to 0.90. The report half is the twelfth draw (150 BBC articles, labelled blind
# twice), measured once with 2.9.0: 0.769. Its floor is a regression guard just under that (issue 16's bar is 0.90).
TOPICS_REAL_FLOORS = {"tune": 0.90, "report": 0.75}
# How far the report-half figure may drift from the taxonomy's `benchmark:` block, which the card shows.
BENCHMARK_DRIFT = 0.02


@pytest.fixture(scope="module")
def topics_real(tmp_path_factory) -> dict:
    if not all((CORPORA / name).is_dir() for name in ("korea_en_naver_2025", "bbc2005")):
        pytest.skip("../shared/corpora (the texts of the real topic set) is not present")
    sys.path.insert(0, str(REPO / "benchmarks"))
    import topics_real_eval

    labels = topics_real_eval.load_labels()
    texts = topics_real_eval.load_texts(CORPORA, labels)
    return topics_real_eval.report(labels, topics_real_eval.build_predictions(texts, tmp_path_factory.mktemp("tr")))


def _half(topics_real: dict, half: str) -> dict:
    """A half of the real topic set; skipped when this tree has no labelled article in it (a fitting branch holds
    no report draw: that is labelled and measured elsewhere)."""
    if half not in topics_real["halves"]:
        pytest.skip(f"no {half} half in benchmarks/topics_real/labels.jsonl")
    return topics_real["halves"][half]


@pytest.mark.parametrize("half", sorted(TOPICS_REAL_FLOORS))
def test_topic_f1_on_real_news_meets_the_floor(topics_real, half):
    assert _half(topics_real, half)["micro_f1"] >= TOPICS_REAL_FLOORS[half]


def test_the_taxonomy_benchmark_is_what_the_report_half_measures(topics_real):
    from build_dataset.annotate.topics.annotator import load_taxonomy

    recorded = load_taxonomy()["benchmark"]
    measured = _half(topics_real, "report")
    assert abs(recorded["micro_f1"] - measured["micro_f1"]) <= BENCHMARK_DRIFT, (recorded, measured["micro_f1"])
    assert (recorded["articles"], recorded["labels"]) == (measured["articles"], measured["labels"])
