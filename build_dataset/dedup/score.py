"""How much of one article's story another carries, robust to rewording: sentence alignment.

Each sentence of one article is matched against the sentences of the other; two sentences match when the
words they share carry at least ``SENTENCE_MATCH`` of the idf weight of the smaller one (shared rare words
count, shared common ones barely). An article's covered share is the idf weight of its matched sentences
over the weight of all of them, and the pair's score is the larger of the two covered shares: a trimmed copy
is wholly covered by its original, a machine translation mostly covered sentence by sentence. Independent
articles about the same event share names and words but few whole sentences, so they score low.
The TF-IDF cosine of the two texts is the cheap first filter.
"""

from __future__ import annotations

import numpy as np

from build_dataset.dedup.forked import map_forked
from build_dataset.dedup.index import CorpusIndex

# Share of the smaller sentence's idf weight two sentences must share to match. Measured with the grouping
# threshold: ARI on the bbc_dupsynth dev split 0.987 / 0.991 / 0.992 at 0.35 / 0.4 / 0.45, and on the seeds and
# dev pages the lowest copy pair scores 0.79 / 0.76 / 0.66 against the highest different-story pair 0.62 /
# 0.40 / 0.29; 0.4 leaves the widest gap (a garbled translation loses its rare words, the names, first).
SENTENCE_MATCH = 0.4
# Candidate pairs below this TF-IDF cosine are not aligned (score 0). On the bbc_dupsynth dev split 0.1 skips
# 51k of the 69k candidate pairs and no same-story pair (0.15 would lose one original-copy pair, 0.2 five).
COS_FLOOR = 0.1
COSINE_BATCH = 20_000


def cosine(index: CorpusIndex, pairs: np.ndarray) -> np.ndarray:
    """TF-IDF cosine of each (i, j) pair (rows are unit length), in batches to bound memory."""
    out = np.zeros(len(pairs))
    for start in range(0, len(pairs), COSINE_BATCH):
        batch = pairs[start : start + COSINE_BATCH]
        products = index.tfidf[batch[:, 0]].multiply(index.tfidf[batch[:, 1]])
        out[start : start + len(batch)] = np.asarray(products.sum(axis=1)).ravel()
    return np.clip(out, 0.0, 1.0)


def covered_shares(index: CorpusIndex, pairs: np.ndarray, workers: int = 1) -> np.ndarray:
    """For each (i, j) pair: [share of i's sentence weight matched in j, share of j's matched in i]."""
    shares = np.zeros((len(pairs), 2))
    if not len(pairs):
        return shares
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    bounds = np.flatnonzero(np.diff(pairs[order, 0])) + 1
    chunks = np.split(order, bounds)
    work = [(int(pairs[chunk[0], 0]), pairs[chunk, 1]) for chunk in chunks]
    for chunk, found in zip(chunks, map_forked(_align_one_to_many, work, index, workers)):
        shares[chunk] = found
    return np.clip(shares, 0.0, 1.0)


def alignment(index: CorpusIndex, pairs: np.ndarray, workers: int = 1) -> np.ndarray:
    """The sentence-alignment score of each (i, j) pair: the larger covered share, symmetric, in [0, 1]."""
    return covered_shares(index, pairs, workers).max(axis=1, initial=0.0)


def _partner_rows(index: CorpusIndex, partners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All sentence rows of the partners, concatenated, and each partner's sentence count."""
    starts = index.sentence_start[partners]
    counts = index.sentence_start[partners + 1] - starts
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rows = np.repeat(starts - offsets, counts) + np.arange(counts.sum())
    return rows, counts


def _align_one_to_many(index: CorpusIndex, work: tuple[int, np.ndarray]) -> np.ndarray:
    doc, partners = work
    own = index.doc_sentences(doc)
    own_weight = index.sentence_weight[own]
    rows, counts = _partner_rows(index, partners)
    shares = np.zeros((len(partners), 2))
    if not len(own_weight) or not len(rows):
        return shares
    shared = (index.weighted_sentences[own] @ index.sentences[rows].T).toarray()
    their_weight = index.sentence_weight[rows]
    match = shared >= SENTENCE_MATCH * np.minimum(own_weight[:, np.newaxis], their_weight[np.newaxis, :])
    match &= _numbers_agree(index, own, rows)
    has = counts > 0
    block_starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[has]
    their_covered = np.add.reduceat(match.any(axis=0) * their_weight, block_starts)
    their_share = their_covered / np.add.reduceat(their_weight, block_starts)
    own_covered = own_weight @ np.logical_or.reduceat(match, block_starts, axis=1)
    own_share = own_covered / own_weight.sum()
    shares[has, 0] = own_share
    shares[has, 1] = their_share
    return shares


def _numbers_agree(index: CorpusIndex, own: slice, rows: np.ndarray) -> np.ndarray:
    """Sentence pairs where every number of the one with fewer numbers is also in the other.

    Copies keep their figures (a translation may spell one out, which drops it, not changes it); two
    earnings reports in one formula ("Shr 19 cts vs 14 cts") differ exactly there.
    """
    numbers = index.sentence_numbers
    shared = (numbers[own] @ numbers[rows].T).toarray()
    own_count = np.diff(numbers.indptr)[own]
    their_count = np.diff(numbers.indptr)[rows]
    return shared >= np.minimum(own_count[:, np.newaxis], their_count[np.newaxis, :])


def pair_scores(index: CorpusIndex, pairs: np.ndarray, workers: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, alignment) of each pair; pairs under ``COS_FLOOR`` are not aligned and score 0."""
    cos = cosine(index, pairs)
    scores = np.zeros(len(pairs))
    close = cos >= COS_FLOOR
    scores[close] = alignment(index, pairs[close], workers)
    return cos, scores
