"""The duplicate index's TF-IDF is scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` value for value (the
index computes it itself so a build need not import scikit-learn)."""

import numpy as np
import pytest
from scipy import sparse

from build_dataset.dedup.index import _tfidf, build_index, csr_of_rows

TfidfTransformer = pytest.importorskip("sklearn.feature_extraction.text").TfidfTransformer


def _counts(rng: np.random.Generator, n_docs: int, n_words: int, longest: int) -> sparse.csr_matrix:
    lengths = rng.integers(0, longest, n_docs)
    columns = rng.zipf(1.3, int(lengths.sum())) % n_words  # a few frequent words, a long tail: repeats in rows
    return csr_of_rows(columns.astype(np.int64), lengths, n_words, binary=False)


@pytest.mark.parametrize(
    ("seed", "n_docs", "n_words", "longest"),
    [(0, 1, 1, 3), (1, 3, 5, 40), (2, 50, 200, 120), (3, 300, 4000, 400), (4, 40, 30, 1)],
)
def test_tfidf_is_sklearns_bit_for_bit(seed, n_docs, n_words, longest):
    counts = _counts(np.random.default_rng(seed), n_docs, n_words, longest)
    transformer = TfidfTransformer(sublinear_tf=True).fit(counts)
    expected = transformer.transform(counts).tocsr()
    weights, idf = _tfidf(counts)
    assert np.array_equal(idf, transformer.idf_)
    assert np.array_equal(weights.indptr, expected.indptr) and np.array_equal(weights.indices, expected.indices)
    assert np.array_equal(weights.data, expected.data)


def test_tfidf_leaves_the_counts_untouched():
    counts = _counts(np.random.default_rng(5), 20, 50, 30)
    before = counts.copy()
    _tfidf(counts)
    assert (counts != before).nnz == 0


def test_an_empty_text_gets_an_empty_row_and_the_others_unit_length():
    index = build_index(["", "Seoul and Tokyo agreed on a new fisheries accord on Monday.", "Markets fell."])
    norms = np.sqrt(np.asarray(index.tfidf.multiply(index.tfidf).sum(axis=1)).ravel())
    assert norms[0] == 0.0
    assert np.allclose(norms[1:], 1.0)
