"""The duplicate index's TF-IDF is scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` value for value (the
index computes it itself so a build need not import scikit-learn)."""

import numpy as np
import pytest
from scipy import sparse

from build_dataset.dedup.index import (
    _column_counts,
    _marked_before,
    _only_columns,
    _tfidf,
    _times_in_chunks,
    _unique_word_share,
    build_index,
    csr_of_rows,
)

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


SHAPES = [(0, 1, 1, 3), (1, 3, 5, 40), (2, 50, 200, 120), (3, 300, 4000, 400), (4, 40, 30, 1), (6, 0, 10, 5)]


@pytest.mark.parametrize(("seed", "n_docs", "n_words", "longest"), SHAPES)
def test_the_index_parts_made_without_whole_copies_equal_the_plain_sparse_algebra(seed, n_docs, n_words, longest):
    rng = np.random.default_rng(seed)
    counts = _counts(rng, n_docs, n_words, longest)
    keep = (rng.random(n_words) < 0.2).astype(float)  # e.g. the columns that are numbers
    only = _only_columns(counts, keep)
    plain = sparse.csr_matrix(counts.multiply(keep[np.newaxis, :]))
    plain.eliminate_zeros()
    assert only.dtype == np.float64 and (only != plain).nnz == 0
    assert np.array_equal(only.indptr, plain.indptr) and np.array_equal(only.indices, plain.indices)
    present = (counts > 0).astype(float)
    unique = present @ (np.asarray(present.sum(axis=0)).ravel() == 1)
    distinct = np.asarray(present.sum(axis=1)).ravel()
    expected = np.divide(unique, distinct, out=np.zeros_like(unique), where=distinct > 0)
    assert np.array_equal(_unique_word_share(counts), expected)
    vector = rng.random(n_words)
    binary = counts.astype(np.float32)
    assert np.array_equal(_times_in_chunks(binary, vector, rows=7), binary @ vector)
    assert np.array_equal(_column_counts(counts, entries=5), np.bincount(counts.indices, minlength=n_words))


@pytest.mark.parametrize(("marks", "indptr", "expected"), [
    ([], [0], [0]),  # no rows
    ([False, False, False], [0, 1, 3], [0, 0, 0]),  # nothing marked
    ([True, True, True], [0, 1, 3], [0, 1, 3]),  # everything marked: the same indptr
    ([True, False, True, True], [0, 2, 2, 4], [0, 1, 1, 3]),  # an empty row in the middle
])
def test_marked_before_counts_the_marked_entries_before_each_row_boundary(marks, indptr, expected):
    got = _marked_before(np.array(marks, dtype=bool), np.array(indptr, dtype=np.int32))
    assert got.tolist() == expected and got.dtype == np.int32
