"""The duplicate index's rows kept in the cache folder, so an incremental build counts only its new articles' words.

Building the index (``index.gather_rows``) looks every word of every article up; on the 100k Reuters incremental
build that took ~6 s of the duplicate stage's ~32, for 1,000 new articles. An article's rows (its word counts and
kept sentences) depend only on its duplicate units, so the store keeps each article's rows with its id and a digest
of its units, and the next build takes the rows of every article whose units are unchanged, counts the others'
words, and merges the two vocabularies. What comes out is what ``gather_rows`` gives on the whole corpus, entry for
entry (the merged rows go through the same ``index.csr_of_rows``), so the index, and every group, is the same.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from build_dataset.core.versions import code_digest
from build_dataset.dedup.candidates import sorted_lookup
from build_dataset.dedup.index import IndexRows, csr_of_rows, gather_rows, ranges
from build_dataset.dedup.units import decode_units

INDEX_STORE_FILE = "dedup_index.npz"
# The stored arrays' layout; a store written with another, for another ``min_sentence_words`` or by other source
# code (which may count words or keep sentences otherwise), is not read.
STORE_FORMAT = "index-rows-1"


def units_digest(units: str) -> int:
    """A 64-bit digest of an article's encoded duplicate units (``units.encode_units``)."""
    return int.from_bytes(hashlib.blake2b(units.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


@dataclass
class StoredRows:
    """An earlier build's ``IndexRows``, with each document's id (sorted) and units digest."""

    ids: np.ndarray
    digests: np.ndarray
    rows: IndexRows


class IndexStore:
    """The index rows of the last build that used this cache folder (``path``), read and replaced by ``rows``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.reused = 0  # documents of the last ``rows`` call whose rows were the stored ones

    def rows(self, ids: list[str], encoded: Sequence[str], min_sentence_words: int) -> IndexRows:
        """``gather_rows`` of the documents (``ids`` sorted, ``encoded`` their units in that order), counting the
        words of only those not stored with the same units; the result replaces the store. Each document's units
        are read once (the staged ones from disk): digested, and decoded when they are not stored."""
        ids_array = np.asarray(ids, dtype=str)
        stored = self.load(min_sentence_words)
        empty = np.zeros(0, dtype=np.uint64)
        at, known = sorted_lookup(stored.ids if stored is not None else empty, ids_array)
        stored_digests = stored.digests[at] if stored is not None and len(stored.ids) else empty
        digests, row = np.zeros(len(ids), dtype=np.uint64), np.full(len(ids), -1, dtype=np.int64)

        def fresh_units():
            for k in range(len(ids)):
                units = encoded[k]
                digests[k] = units_digest(units)
                if known[k] and stored_digests[k] == digests[k]:
                    row[k] = at[k]
                else:
                    yield decode_units(units)

        new = gather_rows(fresh_units(), min_sentence_words)
        fresh = np.flatnonzero(row < 0)
        self.reused = len(ids) - len(fresh)
        rows = new if not self.reused else merged_rows(stored.rows, row, new, fresh)
        self.save(StoredRows(ids_array, digests, rows), min_sentence_words)
        return rows

    @staticmethod
    def key(min_sentence_words: int) -> str:
        return f"{STORE_FORMAT} min_sentence_words={min_sentence_words} code={code_digest()}"

    def load(self, min_sentence_words: int) -> StoredRows | None:
        try:
            with np.load(self.path, allow_pickle=False) as data:
                if str(data["key"]) != self.key(min_sentence_words):
                    return None
                vocabulary = data["vocabulary"].tolist()
                counts = _csr(data["counts_indptr"], data["counts_indices"], data["counts_data"], len(vocabulary))
                sentences = _csr(data["sentences_indptr"], data["sentences_indices"], None, len(vocabulary))
                rows = IndexRows(vocabulary, counts, sentences, data["sentence_start"])
                return StoredRows(data["ids"], data["digests"], rows)
        except (OSError, KeyError, ValueError):
            return None

    def save(self, stored: StoredRows, min_sentence_words: int) -> None:
        """Written beside the store and put in its place, so a killed build leaves the last whole one."""
        rows = stored.rows
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        with open(partial, "wb") as handle:
            np.savez(
                handle,
                key=np.array(self.key(min_sentence_words)),
                ids=stored.ids,
                digests=stored.digests,
                vocabulary=np.asarray(rows.vocabulary, dtype=str),
                counts_indptr=rows.counts.indptr,
                counts_indices=rows.counts.indices,
                counts_data=rows.counts.data.astype(np.uint32),
                sentences_indptr=rows.sentences.indptr,
                sentences_indices=rows.sentences.indices,
                sentence_start=rows.sentence_start,
            )
        os.replace(partial, self.path)


def _csr(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray | None, n_cols: int) -> sparse.csr_matrix:
    """A stored matrix (counts as stored, or a 0/1 matrix when ``data`` is None)."""
    values = np.ones(len(indices), dtype=np.float32) if data is None else data.astype(np.float64)
    return sparse.csr_matrix((values, indices, indptr), shape=(len(indptr) - 1, n_cols))


def merged_rows(stored: IndexRows, row: np.ndarray, new: IndexRows, fresh: np.ndarray) -> IndexRows:
    """The rows of every document in order: document k's stored row ``row[k]``, or where that is -1, its row in
    ``new`` (``fresh`` lists those documents in order); over the vocabulary the documents use. Lets go of both
    inputs' word counts once they are merged (the stored rows and the merged ones are each as large as the index)."""
    stored_words, new_words = np.asarray(stored.vocabulary, dtype=str), np.asarray(new.vocabulary, dtype=str)
    union = np.union1d(stored_words, new_words)
    parts = [
        Part(stored, _column_map(union, stored_words), np.flatnonzero(row >= 0), row[row >= 0]),
        Part(new, _column_map(union, new_words), fresh, np.arange(len(fresh))),
    ]
    count_columns, count_lengths = _merged(len(row), [(p.rows.counts, p.column, p.docs, p.own) for p in parts], True)
    stored.counts = new.counts = None
    used = np.zeros(len(union), dtype=bool)
    used[count_columns] = True  # every sentence word is a text word
    renumber = (np.cumsum(used) - 1).astype(np.int32)
    vocabulary = union[used].tolist()
    del union
    counts = csr_of_rows(renumber[count_columns], count_lengths, len(vocabulary), binary=False)
    del count_columns
    per_doc = np.zeros(len(row), dtype=np.int64)
    for part in parts:
        per_doc[part.docs] = np.diff(part.rows.sentence_start)[part.own]
    sentence_start = np.concatenate([[0], np.cumsum(per_doc)]).astype(np.int64)
    sentence_parts = []
    for part in parts:  # a document's sentences keep their order, at the document's place
        count = per_doc[part.docs]
        places, own = ranges(sentence_start[part.docs], count), ranges(part.rows.sentence_start[part.own], count)
        sentence_parts.append((part.rows.sentences, part.column, places, own))
    sentence_columns, sentence_lengths = _merged(int(sentence_start[-1]), sentence_parts, False)
    sentences = csr_of_rows(renumber[sentence_columns], sentence_lengths, len(vocabulary), binary=True,
                            dtype=np.float32)  # fmt: skip
    return IndexRows(vocabulary, counts, sentences, sentence_start)


def _column_map(union: np.ndarray, words: np.ndarray) -> np.ndarray:
    return np.searchsorted(union, words).astype(np.int32)


@dataclass(frozen=True)
class Part:
    """Rows ``own`` of ``rows`` become the rows ``docs`` of the merged index; column j becomes ``column[j]``."""

    rows: IndexRows
    column: np.ndarray
    docs: np.ndarray
    own: np.ndarray


def _merged(n_rows: int, parts: list[tuple], repeats: bool) -> tuple[np.ndarray, np.ndarray]:
    """Rows taken from several matrices: each part (matrix, column map, its rows' places, its rows) gives its rows
    at their places. Returns the rows' columns (mapped) concatenated in row order and each row's length; with
    ``repeats``, a column is listed as often as the row counts it (what ``csr_of_rows`` sums back)."""
    lengths = np.zeros(n_rows, dtype=np.int64)
    for matrix, _, places, own in parts:
        per_row = np.asarray(matrix.sum(axis=1)).ravel() if repeats else np.diff(matrix.indptr)
        lengths[places] = per_row[own]
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    columns = np.zeros(int(lengths.sum()), dtype=np.int32)
    for matrix, column, places, own in parts:  # each part's columns written in place, one part at a time
        first = matrix.indptr[own].astype(np.int64)
        entries = ranges(first, matrix.indptr[own + 1].astype(np.int64) - first)
        values = column[matrix.indices[entries]]
        if repeats:
            values = np.repeat(values, matrix.data[entries].astype(np.int32))
        del entries
        columns[ranges(starts[places], lengths[places])] = values
    return columns, lengths
