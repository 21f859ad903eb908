"""Candidate pairs without comparing every article with every other: MinHash LSH over sentences.

Copies of a story share many nearly identical sentences even when the whole page was trimmed, padded with
boilerplate or reworded, so each sentence (its set of content words) gets a MinHash, and two articles become
a candidate pair when any of their sentences land in the same LSH bucket. Whole-document MinHash misses
trimmed copies (a three-sentence wire copy shares ~10% of the original's words); sentence buckets do not.
"""

from __future__ import annotations

import numpy as np

from build_dataset.dedup.index import CorpusIndex, ranges
from build_dataset.dedup.minhash import word_minhashes
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions

# The LSH shape (``lsh_bands`` bands of ``lsh_rows`` rows, a MinHash of bands x rows values) is the step's
# (``dedup.options``).
MINHASH_SEED = 1
# A bucket holding more than ``max_bucket_docs`` articles (``dedup.options``) is boilerplate ("Share this
# article", a cookie banner) or a formula ("The bond is available in denominations of ..."): its members are
# linked only to their neighbours in id order, which bounds the pairs per sentence. Copies share many other
# sentences, and a group bigger than this stays connected through the neighbour links.


def word_hashes(vocabulary: list[str], num_perm: int) -> np.ndarray:
    """Each word's MinHash values (one-word sets, as datasketch 2 computes them): words x num_perm, uint32."""
    if not vocabulary:
        return np.zeros((0, num_perm), dtype=np.uint32)
    return word_minhashes([word.encode("utf-8") for word in vocabulary], num_perm, MINHASH_SEED)


def sentence_minhashes(index: CorpusIndex, num_perm: int) -> np.ndarray:
    """A set's MinHash is the element-wise minimum of its members' hash values: sentences x num_perm."""
    return minhashes_of_rows(word_hashes(index.vocabulary, num_perm), index.sentences)


def minhashes_of_rows(table: np.ndarray, matrix) -> np.ndarray:
    """MinHash of each row of a sentences x words 0/1 matrix, from the words' hash values ``table``. A word's
    values do not depend on the other words, so any slice of the corpus gets the same sentence MinHashes."""
    result = np.full((matrix.shape[0], table.shape[1]), np.iinfo(np.uint32).max, dtype=np.uint32)
    filled = np.diff(matrix.indptr) > 0
    starts = matrix.indptr[:-1][filled]
    if len(starts):
        result[filled] = np.minimum.reduceat(table[matrix.indices], starts, axis=0)
    return result


def band_keys(hashes: np.ndarray, band: int, rows: int) -> np.ndarray:
    """The LSH key of every sentence in one band: its ``rows`` hash values of that band."""
    return np.ascontiguousarray(hashes[:, band * rows : (band + 1) * rows])


def band_pairs(
    keys: np.ndarray, docs: np.ndarray, max_bucket_docs: int = DEDUP_DEFAULTS.max_bucket_docs
) -> np.ndarray:
    """Document pairs whose sentences share a bucket in one band (keys: sentences x rows, docs: per sentence), each
    (i, j) with i < j, in no particular order (the callers sort them and drop repeats)."""
    return _pairs_in_buckets(*_bucket_members(keys, docs), max_bucket_docs)


def unique_pairs(found: list[np.ndarray]) -> np.ndarray:
    return distinct_pairs(np.concatenate([np.zeros((0, 2), dtype=np.int64), *found]))


def distinct_pairs(pairs: np.ndarray) -> np.ndarray:
    """The distinct (i, j) rows of ``pairs`` (document numbers), sorted as (i, j): one sort of the codes i * n + j,
    n past the largest j (``np.unique(axis=0)`` compares whole rows, several times slower)."""
    if not len(pairs):
        return np.zeros((0, 2), dtype=np.int64)
    width = int(pairs[:, 1].max()) + 1
    return np.stack(np.divmod(sorted_distinct(pair_codes(pairs, width)), width), axis=1)


def sorted_distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` of a 1-d integer array. numpy 2.3+ finds plain distinct values through a hash table, ~7x
    slower than one sort on millions of pair codes; polars' parallel hashing and a sort of the distinct values was 2.5
    to 5x faster again than that sort (numpy 2.4, polars 2.1; 3M and 30M codes, two-thirds and a quarter distinct)."""
    import polars  # here, not at the top: spawned duplicate-stage workers never import it

    return polars.Series(values).unique().sort().to_numpy()


def pair_codes(pairs: np.ndarray, width: int) -> np.ndarray:
    """One integer per (i, j) row, i * width + j (``width`` past the largest j): pairs compared and sorted as
    numbers, with no dict of tuples."""
    return pairs[:, 0].astype(np.int64) * width + pairs[:, 1]


def sorted_lookup(haystack: np.ndarray, needles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each needle, a position in the sorted ``haystack`` and whether the needle is there (the position is
    meaningful only where it is)."""
    if not len(haystack):
        return np.zeros(len(needles), dtype=np.int64), np.zeros(len(needles), dtype=bool)
    at = np.minimum(np.searchsorted(haystack, needles), len(haystack) - 1)
    return at, haystack[at] == needles


def _bucket_members(keys: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct documents of the buckets that have at least two, sorted by bucket then document, and each
    one's bucket number.

    One lexicographic sort of (key columns, document) finds both the buckets and their distinct members
    (``np.unique(axis=0)`` does the same through row comparisons, several times slower)."""
    if not len(keys):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.lexsort((docs, *keys.T[::-1]))
    keys, docs = keys[order], docs[order]
    new_bucket = np.concatenate([[True], (keys[1:] != keys[:-1]).any(axis=1)])
    new_member = new_bucket | np.concatenate([[True], docs[1:] != docs[:-1]])
    bucket_of_member = np.cumsum(new_bucket)[new_member]
    members = docs[new_member]
    sizes = np.bincount(bucket_of_member)
    shared = sizes[bucket_of_member] > 1  # most buckets hold one document
    return members[shared], bucket_of_member[shared]


def _pairs_in_buckets(members: np.ndarray, bucket: np.ndarray, max_bucket_docs: int) -> np.ndarray:
    """Every pair of members of a bucket of at most ``max_bucket_docs``; in a bigger one, each member and the next.
    Without a Python loop or an array per bucket (splitting ~1M buckets into arrays took 2.5 s of the 100k
    incremental build's ~8 s of candidate pairs, profiled)."""
    if not len(members):
        return np.zeros((0, 2), dtype=np.int64)
    starts = np.flatnonzero(np.concatenate([[True], bucket[1:] != bucket[:-1]]))
    sizes = np.diff(np.append(starts, len(members)))
    size_of = np.repeat(sizes, sizes)
    place = np.arange(len(members))
    position = place - np.repeat(starts, sizes)  # within the bucket
    crowded = size_of > max_bucket_docs
    chained = np.flatnonzero(crowded & (position < size_of - 1))
    later = np.where(crowded, 0, size_of - 1 - position)  # the members after it in its bucket
    first, second = np.repeat(place, later), ranges(place + 1, later)
    left = np.concatenate([members[chained], members[first]])
    right = np.concatenate([members[chained + 1], members[second]])
    return np.stack([left, right], axis=1).astype(np.int64)


def candidate_pairs(index: CorpusIndex, options: DedupOptions = DEDUP_DEFAULTS) -> np.ndarray:
    """Unique (i, j) document pairs, i < j, sorted, that share a sentence bucket in some band."""
    hashes = sentence_minhashes(index, options.lsh_bands * options.lsh_rows)
    docs = index.sentence_doc
    return unique_pairs([
        band_pairs(band_keys(hashes, band, options.lsh_rows), docs, options.max_bucket_docs)
        for band in range(options.lsh_bands)
    ])
