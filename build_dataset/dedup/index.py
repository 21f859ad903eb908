"""One pass over the corpus that the duplicate grouper's later stages share: TF-IDF vectors of the texts and
a sentence-by-word matrix, both over one sorted vocabulary (so nothing depends on the order of the input)."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from build_dataset.dedup.options import DEDUP_DEFAULTS
from build_dataset.dedup.units import doc_words, is_number, sentence_words, word_sets


@dataclass
class CorpusIndex:
    vocabulary: list[str]  # sorted; column j of every matrix is vocabulary[j]
    tfidf: sparse.csr_matrix  # documents x words, sublinear tf, smoothed idf, rows of unit length
    idf: np.ndarray  # per word
    sentences: sparse.csr_matrix  # sentences x words, 1 where the sentence has the word (float32: the 1 is exact)
    sentence_weight: np.ndarray  # per sentence: the summed idf of its words
    sentence_numbers: sparse.csr_matrix  # the number columns of ``sentences`` ("4,466,006", "1987")
    sentence_start: np.ndarray  # document d owns sentences sentence_start[d]:sentence_start[d + 1]
    unique_word_share: np.ndarray  # per document: share of its distinct words no other document has

    @property
    def n_docs(self) -> int:
        return self.tfidf.shape[0]

    def doc_sentences(self, doc: int) -> slice:
        return slice(self.sentence_start[doc], self.sentence_start[doc + 1])

    @property
    def sentence_doc(self) -> np.ndarray:
        return np.repeat(np.arange(self.n_docs), np.diff(self.sentence_start))


class ColumnRows:
    """The column numbers of many rows in one flat array, with each row's length: a matrix's rows gathered without
    a Python list per row."""

    def __init__(self) -> None:
        self.columns = array("i")
        self.lengths = array("q")

    def add(self, columns: list[int]) -> None:
        self.columns.extend(columns)
        self.lengths.append(len(columns))

    def renumber(self, new: np.ndarray, entries: int = 1 << 18) -> None:
        """Column c becomes column ``new[c]``, in place (``entries`` at a time: no second copy of the columns)."""
        columns = np.frombuffer(self.columns, dtype=np.int32)
        for k in range(0, len(columns), entries):
            columns[k : k + entries] = new[columns[k : k + entries]]

    def matrix(self, n_cols: int, binary: bool, dtype=np.float64) -> sparse.csr_matrix:
        columns = np.frombuffer(self.columns, dtype=np.int32)  # what scipy keeps: no int64 copy of the corpus
        return csr_of_rows(columns, np.frombuffer(self.lengths, dtype=np.int64), n_cols, binary, dtype)


def ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``starts[k], ..., starts[k] + counts[k] - 1`` for every k, concatenated."""
    if not len(counts):
        return np.zeros(0, dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return np.repeat(starts - offsets, counts) + np.arange(counts.sum())


def rows_matrix(rows: list[list[int]], n_cols: int, binary: bool) -> sparse.csr_matrix:
    """A rows x n_cols matrix counting the column numbers listed per row (1 where listed, if ``binary``)."""
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    indices = np.fromiter((c for r in rows for c in r), dtype=np.int64, count=int(lengths.sum()))
    return csr_of_rows(indices, lengths, n_cols, binary)


def csr_of_rows(
    indices: np.ndarray, lengths: np.ndarray, n_cols: int, binary: bool, dtype=np.float64
) -> sparse.csr_matrix:
    """``rows_matrix`` of rows given as their concatenated column numbers and each row's length."""
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    matrix = sparse.csr_matrix((np.ones(len(indices), dtype=dtype), indices, indptr), shape=(len(lengths), n_cols))
    matrix.sum_duplicates()
    if binary:
        matrix.data[:] = 1.0
    return matrix


class FirstSeen(dict):
    """Numbers keys in the order they are first looked up."""

    def __missing__(self, key: str) -> int:
        self[key] = number = len(self)
        return number


def build_index(texts: list[str]) -> CorpusIndex:
    return build_index_from_words([sentence_words(text) for text in texts])


def build_index_from_words(
    texts_words: Iterable[list[list[str]]], min_sentence_words: int = DEDUP_DEFAULTS.min_sentence_words
) -> CorpusIndex:
    """The index from each text's ``units.sentence_words`` (computed once per article, in the workers).
    ``texts_words`` is read once, one text at a time, so it may make each text's words when asked."""
    return index_of_rows(gather_rows(texts_words, min_sentence_words))


@dataclass
class IndexRows:
    """What the index is computed from: each document's word counts and kept sentences over a sorted vocabulary
    (``index_store`` keeps them between builds)."""

    vocabulary: list[str]  # sorted; column j is vocabulary[j]
    counts: sparse.csr_matrix  # documents x words: how often the document has the word (float64)
    sentences: sparse.csr_matrix  # kept sentences x words, 1 where the sentence has the word (float32)
    sentence_start: np.ndarray  # document d owns sentences sentence_start[d]:sentence_start[d + 1]


def gather_rows(
    texts_words: Iterable[list[list[str]]], min_sentence_words: int = DEDUP_DEFAULTS.min_sentence_words
) -> IndexRows:
    """``build_index_from_words``'s rows: words are numbered as they first come, then renumbered in the order of
    the sorted vocabulary."""
    column = FirstSeen()
    words, sentences, per_doc = ColumnRows(), ColumnRows(), array("q")
    for text_words in texts_words:
        words.add([column[w] for w in doc_words(text_words)])
        kept = word_sets(text_words, min_sentence_words)  # every sentence word is a text word
        for sentence in kept:
            sentences.add([column[w] for w in sentence])
        per_doc.append(len(kept))
    vocabulary = sorted(column)
    sorted_at = {word: j for j, word in enumerate(vocabulary)}
    new = np.fromiter((sorted_at[w] for w in column), dtype=np.int32, count=len(column))
    del column, sorted_at
    words.renumber(new)
    sentences.renumber(new)
    counts = words.matrix(len(vocabulary), binary=False)
    del words
    sentence_matrix = sentences.matrix(len(vocabulary), binary=True, dtype=np.float32)  # products stay float64
    del sentences
    sentence_start = np.concatenate([[0], np.cumsum(np.frombuffer(per_doc, dtype=np.int64))]).astype(np.int64)
    return IndexRows(vocabulary, counts, sentence_matrix, sentence_start)


def index_of_rows(rows: IndexRows) -> CorpusIndex:
    """The index of ``rows`` (whose word counts it lets go of once weighed)."""
    counts, rows.counts = rows.counts, None
    tfidf, idf = _tfidf(counts)
    unique_word_share = _unique_word_share(counts)
    del counts
    numbers = np.array([is_number(word) for word in rows.vocabulary], dtype=float)
    return CorpusIndex(
        vocabulary=rows.vocabulary,
        tfidf=tfidf,
        idf=idf,
        sentences=rows.sentences,
        sentence_weight=_times_in_chunks(rows.sentences, idf),
        sentence_numbers=_only_columns(rows.sentences, numbers),
        sentence_start=rows.sentence_start,
        unique_word_share=unique_word_share,
    )


def _tfidf(counts: sparse.csr_matrix) -> tuple[sparse.csr_matrix, np.ndarray]:
    """scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` (smoothed idf, rows of unit length), value for value,
    without importing scikit-learn (~1.5 s a build): the same operations in the same order."""
    if counts.shape[0] == 0 or counts.shape[1] == 0:  # no text with a content word: nothing to weigh
        return counts, np.zeros(counts.shape[1])
    document_frequency = _column_counts(counts).astype(np.float64) + 1.0
    idf = np.full_like(document_frequency, counts.shape[0] + 1)
    idf /= document_frequency
    np.log(idf, out=idf)
    idf += 1.0
    data = np.log(counts.data)
    data += 1.0
    data *= idf[counts.indices]
    squares = sparse.csr_matrix((data * data, counts.indices, counts.indptr), shape=counts.shape)
    norms = np.sqrt(squares @ np.ones(counts.shape[1]))  # each row's squares summed in order, as sklearn does
    del squares
    norms[norms == 0.0] = 1.0
    data /= np.repeat(norms, np.diff(counts.indptr))
    return sparse.csr_matrix((data, counts.indices.copy(), counts.indptr.copy()), shape=counts.shape), idf


def _times_in_chunks(matrix: sparse.csr_matrix, vector: np.ndarray, rows: int = 1 << 13) -> np.ndarray:
    """``matrix @ vector``, the same sums, made ``rows`` rows at a time: scipy makes a float32 matrix float64
    before multiplying, and a copy of the whole sentence matrix would be the index's largest transient."""
    parts = [matrix[k : k + rows] @ vector for k in range(0, matrix.shape[0], rows)]
    return np.concatenate(parts) if parts else np.zeros(0)


def _column_counts(matrix: sparse.csr_matrix, entries: int = 1 << 18) -> np.ndarray:
    """How many stored entries each column has (``np.bincount`` of the indices, ``entries`` at a time: it would
    copy all of them to int64 at once)."""
    counts = np.zeros(matrix.shape[1], dtype=np.int64)
    for k in range(0, matrix.nnz, entries):
        counts += np.bincount(matrix.indices[k : k + entries], minlength=matrix.shape[1])
    return counts


def _only_columns(matrix: sparse.csr_matrix, keep: np.ndarray) -> sparse.csr_matrix:
    """The entries of ``matrix`` in the columns where ``keep`` is 1, as float64 (what multiplying by ``keep`` and
    dropping the zeros gives), without a float64 copy of the whole matrix."""
    picked = (keep != 0)[matrix.indices]
    indptr = _marked_before(picked, matrix.indptr)
    return sparse.csr_matrix(
        (matrix.data[picked].astype(np.float64), matrix.indices[picked], indptr), shape=matrix.shape
    )


def _marked_before(marks: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """How many of the entries ``marks`` (booleans, one per stored entry) marks lie before each row boundary of
    ``indptr``: the indptr of the marked entries (held as their positions: few entries are marked)."""
    return np.searchsorted(np.flatnonzero(marks), indptr).astype(indptr.dtype)


def _unique_word_share(counts: sparse.csr_matrix) -> np.ndarray:
    """Misspelt names and OCR noise make words no other page has; an original's words recur in its copies."""
    document_frequency = _column_counts(counts)
    unique = np.diff(_marked_before((document_frequency == 1)[counts.indices], counts.indptr)).astype(float)
    distinct = np.diff(counts.indptr).astype(float)  # counts holds no explicit zeros (``csr_of_rows``)
    return np.divide(unique, distinct, out=np.zeros_like(unique), where=distinct > 0)
