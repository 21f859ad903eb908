"""The duplicate-group benchmark's own measures (benchmarks/dedup_real.py, dedup_minhash.py) on toy records."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import dedup_minhash  # noqa: E402
import dedup_real  # noqa: E402

STORY = (
    "The city council of Mapleville extended night bus service on Tuesday after riders asked for later trips, "
    "and the transport office said the new timetable starts in May with six more buses on the two busiest lines."
)
OTHER = (
    "A regional orchestra opened its winter season with a program of new works by local composers, and tickets "
    "for the remaining concerts sold out within hours of going on sale at the hall's box office downtown."
)


@pytest.mark.parametrize(
    "title, bare",
    [
        ("(LEAD) Council extends night buses", "Council extends night buses"),
        ("(2nd LD) Council extends night buses", "Council extends night buses"),
        ("(URGENT) Council extends night buses", "Council extends night buses"),
        ("Council&#x27;s buses run later", "Council's buses run later"),
        ("Council extends night buses (LEAD)", "Council extends night buses (LEAD)"),  # only leading tags
    ],
)
def test_bare_title(title, bare):
    assert dedup_real.bare_title(title) == bare


def record(rid: str, title: str, date: str, text: str, publisher: str = "Northwire") -> dict:
    return {"id": rid, "title": title, "date": date + "T00:00", "text": text, "publisher": publisher}


@pytest.mark.parametrize(
    "second, is_version",
    [
        (record("b", "(LEAD) Buses", "2025-03-03", STORY + " More riders are expected."), True),
        (record("b", "(LEAD) Buses", "2025-03-04", STORY), False),  # another day: a recurring title
        (record("b", "(LEAD) Buses", "2025-03-03", OTHER), False),  # the same title, other content
        (record("b", "(LEAD) Buses", "2025-03-03", STORY, publisher="Eastwire"), False),  # another outlet
        (record("b", "Trains", "2025-03-03", STORY), False),  # another title
    ],
)
def test_a_true_version_needs_one_outlet_title_day_and_content(second, is_version):
    pairs = dedup_real.same_title_pairs([record("a", "Buses", "2025-03-03", STORY), second])
    assert pairs.get(("a", "b"), False) is is_version


def test_pair_set_scores_count_grouped_pairs_against_labels():
    rows = {"a": {"duplicate_group": "a"}, "b": {"duplicate_group": "a"}, "c": {"duplicate_group": "c"}}
    labels = [
        {"a": "a", "b": "b", "label": "version", "split": "tune"},  # grouped, same: TP
        {"a": "a", "b": "c", "label": "copy", "split": "tune"},  # apart, same: FN
        {"a": "b", "b": "c", "label": "different", "split": "report"},  # apart, different: TN
        {"a": "a", "b": "x", "label": "version", "split": "report"},  # x is no row: FN, left out of kept
    ]
    scores = dedup_real.pair_set_scores(labels, rows)
    assert (scores["tune"]["tp"], scores["tune"]["fn"], scores["tune"]["recall"]) == (1, 1, 0.5)
    assert (scores["report"]["fn"], scores["report"]["tn"]) == (1, 1)
    assert dedup_real.pair_set_scores(labels, rows, kept_only=True)["report"]["fn"] == 0


def test_the_tuned_minhash_groups_copies_and_keeps_other_stories_apart():
    texts = [STORY, STORY + " Riders welcomed it.", OTHER, OTHER.replace("winter", "spring")]
    labels = dedup_minhash.tuned_groups(texts, dedup_minhash.Setting(ngram=3, bands=20, rows=5, threshold=0.5))
    assert labels[0] == labels[1] and labels[2] == labels[3] and labels[0] != labels[2]


def test_tuning_picks_a_setting_that_recovers_the_gold_clusters():
    texts = [STORY, STORY + " Riders welcomed it.", OTHER, OTHER.replace("winter", "spring")]
    setting, ari, tried = dedup_minhash.tune(texts, [0, 0, 1, 1])
    assert ari == pytest.approx(1.0) and tried > 1
    assert np.array_equal(dedup_minhash.components(3, np.zeros((0, 2), dtype=np.int64)), [0, 1, 2])
