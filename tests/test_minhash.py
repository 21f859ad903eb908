"""The numpy MinHash of single words equals datasketch's (its default scheme), so dropping the dependency
changed no candidate pair."""

from __future__ import annotations

import numpy as np
import pytest

from build_dataset.dedup.minhash import word_minhashes

WORDS = ["minister", "talks", "séoul", "東京", "", "x" * 300] + [f"w{n}" for n in range(500)]


@pytest.mark.parametrize(("num_perm", "seed"), [(24, 1), (8, 7), (128, 0)])
def test_word_minhashes_equal_datasketch(num_perm, seed):
    datasketch = pytest.importorskip("datasketch")
    words = [w.encode("utf-8") for w in WORDS]
    expected = np.stack(
        [m.hashvalues for m in datasketch.MinHash.bulk([[w] for w in words], num_perm=num_perm, seed=seed)]
    )
    assert np.array_equal(word_minhashes(words, num_perm, seed), expected.astype(np.uint32))


def test_word_minhashes_depend_only_on_the_word():
    words = [w.encode("utf-8") for w in WORDS]
    assert np.array_equal(word_minhashes(words[:3], 24, 1), word_minhashes(words, 24, 1)[:3])
