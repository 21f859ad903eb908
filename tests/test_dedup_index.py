"""The duplicate index's TF-IDF is scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` value for value (the
index computes it itself so a build need not import scikit-learn)."""

import numpy as np
import pytest
from scipy import sparse

from build_dataset.dedup.index import (
    ColumnRows,
    _column_counts,
    _marked_before,
    _only_columns,
    _tfidf,
    _times_in_chunks,
    _unique_word_share,
    build_index,
    build_index_from_words,
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


class ReadOnce:
    """Texts' words that may be iterated once only."""

    def __init__(self, texts):
        self.texts, self.reads = texts, 0

    def __iter__(self):
        self.reads += 1
        assert self.reads == 1, "the words were read twice"
        return iter(self.texts)


@pytest.mark.parametrize(
    "texts",
    [
        [[["zebra", "apple", "zebra"], ["mango"]], [["apple", "kiwi", "banana", "mango"]]],  # unsorted
        [[["b", "a"]], [], [["c", "b", "a", "d"], ["d", "c", "b"]]],  # an empty text; one sentence too short
        [[["seoul", "tokyo", "accord", "fisheries"], ["seoul", "tokyo", "accord", "fisheries"]]],
    ],
)
def test_the_index_reads_the_words_once_and_numbers_columns_by_the_sorted_vocabulary(texts):
    index = build_index_from_words(ReadOnce(texts), min_sentence_words=3)
    vocabulary = sorted({w for text in texts for sentence in text for w in sentence})
    assert index.vocabulary == vocabulary
    column = {w: j for j, w in enumerate(vocabulary)}
    counts = [[0] * len(vocabulary) for _ in texts]
    for row, text in zip(counts, texts):
        for w in (w for sentence in text for w in sentence):
            row[column[w]] += 1
    assert np.array_equal((index.tfidf > 0).toarray(), np.array(counts, dtype=bool).reshape(len(texts), -1))
    expected_sentences = [[column[w] for w in sorted(set(s))] for text in texts for s in text if len(set(s)) >= 3]
    got = [index.sentences.indices[a:b].tolist() for a, b in zip(index.sentences.indptr, index.sentences.indptr[1:])]
    assert all(row in got for row in expected_sentences)
    assert all(np.all(np.diff(row) > 0) for row in got)  # each row's columns in order, as scipy keeps them


def test_renumber_maps_every_column_in_chunks():
    rows = ColumnRows()
    rows.add([2, 0, 1])
    rows.add([1, 1])
    rows.renumber(np.array([5, 3, 4], dtype=np.int32), entries=2)
    assert list(rows.columns) == [4, 5, 3, 3, 3]


@pytest.mark.parametrize(
    ("docs", "words", "holders"), [(2, 6, [0, 1]), (5, 40, [0, 2, 4]), (12, 900, list(range(12)))]
)
def test_holder_similarity_sums_over_the_holders_words_only(docs, words, holders):
    """The mean pairwise cosine of the furniture test, from the holders' own words, equals the one from a
    vector as long as the vocabulary (to rounding)."""
    from build_dataset.dedup.furniture import holder_similarities

    rng = np.random.default_rng(docs)
    rows = sparse.random(docs, words, density=0.3, format="csr", random_state=rng)
    rows = sparse.csr_matrix(rows.multiply(1 / np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)))))
    chosen = np.array(holders, dtype=np.int32)
    total = np.asarray(rows[chosen].sum(axis=0)).ravel()
    k = len(chosen)
    pairwise = (rows[chosen] @ rows[chosen].T).toarray()
    expected = (pairwise.sum() - np.trace(pairwise)) / (k * (k - 1))
    found = holder_similarities(rows, [chosen])
    assert found.tolist() == pytest.approx([expected], abs=1e-12)
    assert found.tolist() == pytest.approx([float((total @ total - k) / (k * (k - 1)))], abs=1e-12)


def test_holder_similarities_of_many_blocks_in_small_chunks_are_each_blocks_own(monkeypatch):
    """Blocks taken together, in chunks of any size (down to one block each, or a block over the chunk's size),
    give each block the similarity it has alone, whatever the other blocks' holders."""
    from build_dataset.dedup import furniture

    rng = np.random.default_rng(3)
    rows = sparse.random(30, 200, density=0.2, format="csr", random_state=rng)
    rows = sparse.csr_matrix(rows.multiply(1 / np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)))))
    blocks = [np.sort(rng.choice(30, size=size, replace=False)).astype(np.int32) for size in [2, 5, 3, 30, 2, 7]]
    alone = [furniture.holder_similarities(rows, [b])[0] for b in blocks]
    for chunk in [10**9, 100, 1]:
        monkeypatch.setattr(furniture, "ENTRIES_PER_CHUNK", chunk)
        assert furniture.holder_similarities(rows, blocks).tolist() == pytest.approx(alone, abs=1e-12)
