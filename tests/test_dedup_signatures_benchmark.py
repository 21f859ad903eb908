"""The synthetic-signature benchmark's own parts (benchmarks/dedup_signatures.py): the planted stories it makes
and how it scores found components against them."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import dedup_signatures  # noqa: E402


@pytest.mark.parametrize(
    ("planted", "found", "expected"),
    [
        # all found: two stories of two, one singleton
        ([0, 0, 1, 1, 2], [0, 0, 2, 2, 4], (2, 2, 1.0, 1.0, 2, 2)),
        # one story split, and a singleton merged into the other story's component
        ([0, 0, 1, 1, 2], [0, 1, 2, 2, 2], (2, 3, 0.3333, 0.5, 2, 0)),
        # nothing joined
        ([0, 0, 0, 1], [0, 1, 2, 3], (3, 0, None, 0.0, 1, 0)),
    ],
)
def test_recovery_counts_pairs_and_whole_stories(planted, found, expected):
    got = dedup_signatures.recovery(np.array(planted), np.array(found))
    keys = ("planted_pairs", "found_pairs", "pair_precision", "pair_recall", "planted_clusters", "clusters_recovered")
    assert tuple(got[k] for k in keys) == pytest.approx(expected)


def test_story_sizes_add_up_and_plant_clusters():
    sizes = dedup_signatures.story_sizes(np.random.default_rng(0), 10_000)
    assert sizes.sum() == 10_000 and sizes.min() >= 1 and sizes.max() <= dedup_signatures.MAX_CLUSTER
    assert 0.1 < (sizes > 1).mean() < 0.3


def test_copies_share_most_of_their_originals_words():
    rng = np.random.default_rng(1)
    cumulative = np.cumsum(np.ones(50_000))
    owner, words, members = dedup_signatures.stories_words(rng, cumulative, np.array([3, 1]))
    sets = [set(words[owner == m].tolist()) for m in range(members)]
    assert members == 4 and all(sets)
    jaccard = [len(sets[0] & s) / len(sets[0] | s) for s in sets[1:3]]
    assert min(jaccard) > 0.6 and len(sets[0] & sets[3]) / len(sets[0] | sets[3]) < 0.05
