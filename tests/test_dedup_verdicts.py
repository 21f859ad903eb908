"""dedup.relation.verdicts weighs the pairs a chunk at a time: the same verdicts for any chunk size, with one
``in_order`` call over the pairs that ask for it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from build_dataset.dedup import relation
from build_dataset.dedup.facts import DocFacts
from build_dataset.dedup.options import DEDUP_DEFAULTS
from build_dataset.dedup.relation import FactTable, verdicts

OUTLETS = [frozenset(), frozenset({"northwire"}), frozenset({"eastpost"}), frozenset({"northwire", "eastpost"})]


def _corpus(seed: int, docs: int, n_pairs: int):
    """Random facts for ``docs`` documents and ``n_pairs`` pairs of them with shares spread around every threshold."""
    rng = np.random.default_rng(seed)
    days = [None, dt.date(1987, 3, 2), dt.date(1987, 3, 3)]
    facts = [DocFacts(date=days[rng.integers(3)], outlets=OUTLETS[rng.integers(4)], digest=bool(rng.random() < 0.1),
                      update=bool(rng.random() < 0.2)) for _ in range(docs)]  # fmt: skip
    first = rng.integers(0, docs - 1, n_pairs)
    pairs = np.stack([first, first + 1 + rng.integers(0, docs - 1 - first)], axis=1) if n_pairs else np.zeros((0, 2))
    covers = rng.choice([0.0, 0.05, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0], size=(n_pairs, 4))
    cos = rng.choice([0.0, 0.05, 0.1, 0.5, 0.9], size=n_pairs)
    return covers, cos, pairs.astype(np.int64), FactTable.of(facts)


class InOrder:
    """A stand-in for the in-order share: a number from each pair's two documents; counts its calls."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, pairs: np.ndarray) -> np.ndarray:
        self.calls.append(len(pairs))
        return ((pairs[:, 0] * 7 + pairs[:, 1] * 3) % 10) / 10.0


@pytest.mark.parametrize(("seed", "n_pairs"), [(1, 0), (2, 1), (3, 50), (4, 997)])
@pytest.mark.parametrize("chunk", [1, 7, 256])
def test_verdicts_are_the_same_for_any_chunk_of_pairs(monkeypatch, seed, n_pairs, chunk):
    covers, cos, pairs, table = _corpus(seed, 40, n_pairs)
    whole_order, chunked_order = InOrder(), InOrder()
    monkeypatch.setattr(relation, "VERDICT_CHUNK", 1 << 20)
    whole = verdicts(covers, cos, pairs, table, whole_order, DEDUP_DEFAULTS)
    monkeypatch.setattr(relation, "VERDICT_CHUNK", chunk)
    chunked = verdicts(covers, cos, pairs, table, chunked_order, DEDUP_DEFAULTS)
    for name in ("relation", "ruled_out", "nothing_shared"):
        assert getattr(chunked, name).dtype == getattr(whole, name).dtype
        np.testing.assert_array_equal(getattr(chunked, name), getattr(whole, name))
    assert len(chunked_order.calls) == len(whole_order.calls) == 1
    assert chunked_order.calls == whole_order.calls


def test_the_random_pairs_reach_every_rule():
    """The table above is worth something only if its pairs meet every outcome."""
    covers, cos, pairs, table = _corpus(4, 40, 997)
    found = verdicts(covers, cos, pairs, table, InOrder(), DEDUP_DEFAULTS)
    assert set(found.relation.tolist()) == {0, 1, 2}
    assert found.ruled_out.any() and (~found.ruled_out).any()
    assert found.nothing_shared.any()
