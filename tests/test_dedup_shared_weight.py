"""``score._shared``: per (own sentence, partner sentence), the idf weight of the words the two share, bit for bit
what the sparse product of the sentence rows gives (the sums the alignment's thresholds compare)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from scipy import sparse

from build_dataset.dedup.score import _shared


def _index(rows: list[list[int]], idf: list[float]) -> SimpleNamespace:
    """What ``_shared`` reads of a ``CorpusIndex``: the sentences x words matrix (1 where the sentence has the word,
    float32, canonical) and each word's idf."""
    lengths = [len(r) for r in rows]
    indices = np.array([c for r in rows for c in r], dtype=np.int32)
    indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    matrix = sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(rows), len(idf)))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return SimpleNamespace(sentences=matrix, idf=np.asarray(idf, dtype=np.float64))


def _product(index: SimpleNamespace, own: slice, rows: np.ndarray) -> np.ndarray:
    """The sparse product, written plainly: the partners' sentence rows times the own rows with idf for the 1s."""
    picked = index.sentences[own]
    weighted = sparse.csr_matrix((index.idf[picked.indices], picked.indices, picked.indptr), shape=picked.shape)
    return (index.sentences[rows] @ weighted.T).toarray().T


def _same(found: np.ndarray, expected: np.ndarray) -> bool:
    return found.shape == expected.shape and found.dtype == expected.dtype and found.tobytes() == expected.tobytes()


IDF = [1.1, 0.1, 0.2, 0.3, 7.0 / 3.0, 1e-9, 1e9, 2.0, 3.0, 5.0]
CASES = {
    "no shared word": ([[0, 1], [2, 3], [4], [5, 6]], slice(0, 2), [2, 3], [[0.0, 0.0], [0.0, 0.0]]),
    "the same words, added in column order": ([[1, 2, 3], [1, 2, 3]], slice(0, 1), [1], [[0.1 + 0.2 + 0.3]]),
    "a word every own sentence holds": ([[0, 9], [0], [0, 5]], slice(0, 2), [2], [[1.1], [1.1]]),
    "the first and last words of the vocabulary": ([[0, 9], [9], [0]], slice(1, 3), [0], [[5.0], [1.1]]),
    "a partner sentence without words": ([[1, 2], [], [1]], slice(0, 1), [1, 2], [[0.0, 0.1]]),
    "no own sentence": ([[1], [1]], slice(1, 1), [0, 1], np.zeros((0, 2))),
    "no partner sentence": ([[1], [1]], slice(0, 2), [], np.zeros((2, 0))),
    "tiny and huge weights in one sum": ([[5, 6, 7], [5, 6, 7, 8]], slice(1, 2), [0], [[1e-9 + 1e9 + 2.0]]),
}


@pytest.mark.parametrize("name", CASES)
def test_shared_weight_table(name):
    rows, own, partners, expected = CASES[name]
    index = _index(rows, IDF)
    partners = np.asarray(partners, dtype=np.int64)
    found = _shared(index, own, partners)
    assert _same(found, np.asarray(expected, dtype=np.float64).reshape(found.shape))
    assert _same(found, _product(index, own, partners))


@pytest.mark.parametrize("seed", range(40))
def test_shared_weight_is_the_sparse_products_bit_for_bit(seed):
    rng = np.random.default_rng(seed)
    words = int(rng.integers(1, 60))
    idf = rng.uniform(0.0, 12.0, words) * rng.choice([1e-6, 1.0, 1e6], words)
    rows = [sorted(rng.choice(words, int(rng.integers(0, min(words, 25) + 1)), replace=False).tolist())
            for _ in range(int(rng.integers(1, 40)))]  # fmt: skip
    index = _index(rows, idf.tolist())
    start = int(rng.integers(0, len(rows)))
    own = slice(start, int(rng.integers(start, len(rows) + 1)))
    partners = np.sort(rng.choice(len(rows), int(rng.integers(0, len(rows) + 1)), replace=False)).astype(np.int64)
    assert _same(_shared(index, own, partners), _product(index, own, partners))
