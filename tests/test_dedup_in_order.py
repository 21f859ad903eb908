"""``score.in_order_share``: the weighted in-order alignment of two texts' matching sentences, batched by first
article and spread over processes without changing any value."""

import numpy as np
import pytest

from build_dataset.dedup.index import build_index
from build_dataset.dedup.score import in_order_share

SENTENCES = [
    "The central bank raised its benchmark rate by a quarter point on Thursday.",
    "Officials cited persistent inflation in housing and services.",
    "Exporters warned that a stronger currency would hurt shipments abroad.",
    "The ministry said the fisheries agreement covers the disputed northern waters.",
    "Negotiators met for three days in the port city before signing.",
]
TEXTS = [
    " ".join(SENTENCES),  # 0: the story
    " ".join(SENTENCES),  # 1: a copy
    " ".join(reversed(SENTENCES)),  # 2: the same sentences, last first
    " ".join(SENTENCES[:3]),  # 3: a trimmed copy
    "A storm closed schools across the southern provinces. Ferries were cancelled until the weekend.",  # 4
    "",  # 5: nothing left after cleaning
]


@pytest.fixture(scope="module")
def index():
    return build_index(TEXTS)


@pytest.mark.parametrize(
    ("pair", "low", "high"),
    [
        ((0, 1), 1.0 - 1e-9, 1.0),  # a copy follows its original sentence by sentence
        ((0, 3), 0.7, 0.8),  # a trimmed copy: its three sentences of the five, in order
        ((0, 2), 0.0, 0.45),  # reordered: one-to-one in order keeps only one sentence pair
        ((0, 4), 0.0, 0.0),  # another story
        ((0, 5), 0.0, 0.0),  # an empty text
    ],
)
def test_in_order_share(index, pair, low, high):
    share = in_order_share(index, np.array([pair]))[0]
    assert low <= share <= high


def test_batched_and_forked_give_each_pairs_own_value(index):
    pairs = np.array([(i, j) for i in range(len(TEXTS)) for j in range(len(TEXTS)) if i != j])
    one_by_one = np.array([in_order_share(index, pairs[k : k + 1])[0] for k in range(len(pairs))])
    assert np.array_equal(in_order_share(index, pairs), one_by_one)
    assert np.array_equal(in_order_share(index, pairs, workers=2), one_by_one)
    assert np.array_equal(in_order_share(index, pairs[::-1]), one_by_one[::-1])


def test_no_pairs(index):
    assert in_order_share(index, np.zeros((0, 2), dtype=np.int64)).shape == (0,)
