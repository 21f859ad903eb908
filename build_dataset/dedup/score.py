"""How much of one article's story another carries, robust to rewording: sentence alignment.

Each sentence of one article is matched against the sentences of the other; two sentences match when the
words they share carry at least ``sentence_match`` (``dedup.options``) of the idf weight of the smaller one
(shared rare words count, shared common ones barely). An article's covered share is the idf weight of its
matched sentences over the weight of all of them, and the pair's score is the larger of the two covered shares:
a trimmed copy is wholly covered by its original, a machine translation mostly covered sentence by sentence.
Independent articles about the same event share names and words but few whole sentences, so they score low.
The TF-IDF cosine of the two texts is the cheap first filter.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from build_dataset.dedup.forked import map_forked
from build_dataset.dedup.index import CorpusIndex
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions

# The match shares (loose, verbatim, in order) and the cosine floor are the step's thresholds (``dedup.options``).
# Pairs per batch of the cosine (bounds memory): both rows of each pair are gathered, so 20k pairs of Reuters
# stories took ~90 MB at once, the driver's largest transient of the duplicate stage; 4k take a fifth of it, at
# no measurable cost in time. Each pair's cosine is its own row sum: the same for any batch.
COSINE_BATCH = 4_000


def cosine(index: CorpusIndex, pairs: np.ndarray) -> np.ndarray:
    """TF-IDF cosine of each (i, j) pair (rows are unit length), in batches to bound memory."""
    out = np.zeros(len(pairs))
    for start in range(0, len(pairs), COSINE_BATCH):
        batch = pairs[start : start + COSINE_BATCH]
        products = index.tfidf[batch[:, 0]].multiply(index.tfidf[batch[:, 1]])
        out[start : start + len(batch)] = np.asarray(products.sum(axis=1)).ravel()
    return np.clip(out, 0.0, 1.0)


def covered_shares(
    index: CorpusIndex,
    pairs: np.ndarray,
    workers: int = 1,
    options: DedupOptions = DEDUP_DEFAULTS,
    relaxed: float | None = None,
) -> np.ndarray:
    """For each (i, j) pair: [share of i's sentence weight matched in j, share of j's matched in i, the same
    two shares with verbatim matches only]; with ``relaxed``, two more: the loose shares with ``sentence_match``
    x ``relaxed`` (``dedup.pair_store`` bounds a pair's loose shares under other idf weights with them)."""
    shares = np.zeros((len(pairs), 4 if relaxed is None else 6))
    if not len(pairs):
        return shares
    chunks, work = _by_first_article(pairs)
    for chunk, found in zip(chunks, map_forked(_align_one_to_many, work, (index, options, relaxed), workers)):
        shares[chunk] = found
    return np.clip(shares, 0.0, 1.0)


def in_order_share(
    index: CorpusIndex, pairs: np.ndarray, match_share: float = DEDUP_DEFAULTS.in_order_match, workers: int = 1
) -> np.ndarray:
    """Per (i, j) pair: the share of both texts' sentence weight in the best one-to-one, in-order alignment of
    their matching sentences (a weighted longest common subsequence). A copy or a translation follows its
    original sentence by sentence; two write-ups of one press release match sentences out of order, several
    to one, or not at all. Pairs sharing a first article are matched in one product, in ``workers`` processes."""
    out = np.zeros(len(pairs))
    if not len(pairs):
        return out
    chunks, work = _by_first_article(pairs)
    for chunk, found in zip(chunks, map_forked(_in_order_one_to_many, work, (index, match_share), workers)):
        out[chunk] = found
    return out


def _by_first_article(pairs: np.ndarray) -> tuple[list[np.ndarray], list[tuple[int, np.ndarray]]]:
    """The pairs' positions grouped by first article, and per group (first article, its partners)."""
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    chunks = np.split(order, np.flatnonzero(np.diff(pairs[order, 0])) + 1)
    return chunks, [(int(pairs[chunk[0], 0]), pairs[chunk, 1]) for chunk in chunks]


def _in_order_one_to_many(state: tuple[CorpusIndex, float], work: tuple[int, np.ndarray]) -> np.ndarray:
    index, match_share = state
    own_weight, their_weight, counts, shared, smaller, agree = _sentence_pairs(index, *work)
    match = np.zeros((len(own_weight), len(their_weight)), dtype=bool)
    if shared is not None:
        match = (shared >= match_share * smaller) & agree
    ends = np.cumsum(counts)
    return np.array([_in_order_alignment(match[:, end - count : end], own_weight, their_weight[end - count : end])
                     for count, end in zip(counts.tolist(), ends.tolist())])  # fmt: skip


def _sentence_pairs(index: CorpusIndex, doc: int, partners: np.ndarray) -> tuple:
    """What one article's sentences are matched on against all its partners' sentences (concatenated): the own and
    the partners' sentence weights, each partner's sentence count, and per sentence pair the idf weight the two
    share, the smaller of their weights and whether their numbers agree (those three None when a side has no
    sentence)."""
    own = index.doc_sentences(doc)
    rows, counts = _partner_rows(index, partners)
    own_weight, their_weight = index.sentence_weight[own], index.sentence_weight[rows]
    if not len(own_weight) or not len(rows):
        return own_weight, their_weight, counts, None, None, None
    shared = _shared(index.sentences[rows], index.weighted_sentences(own))
    smaller = np.minimum(own_weight[:, np.newaxis], their_weight[np.newaxis, :])
    return own_weight, their_weight, counts, shared, smaller, _numbers_agree(index, own, rows)


def _in_order_alignment(match: np.ndarray, own_weight: np.ndarray, their_weight: np.ndarray) -> float:
    """The weighted longest common subsequence of two texts' sentences, as a share of both texts' weight."""
    best = np.zeros(len(their_weight) + 1)
    for row, weight in zip(match, own_weight):
        extended = np.where(row, best[:-1] + weight + their_weight, 0.0)
        best = np.maximum.accumulate(np.concatenate([[0.0], np.maximum(best[1:], extended)]))
    total = own_weight.sum() + their_weight.sum()
    return best[-1] / total if total > 0 else 0.0


def _partner_rows(index: CorpusIndex, partners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All sentence rows of the partners, concatenated, and each partner's sentence count."""
    starts = index.sentence_start[partners]
    counts = index.sentence_start[partners + 1] - starts
    return _ranges(starts, counts), counts


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``starts[k], ..., starts[k] + counts[k] - 1`` for every k, concatenated."""
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return np.repeat(starts - offsets, counts) + np.arange(counts.sum())


def _align_one_to_many(
    state: tuple[CorpusIndex, DedupOptions, float | None], work: tuple[int, np.ndarray]
) -> np.ndarray:
    index, options, relaxed = state
    thresholds = [(0, options.sentence_match), (2, options.verbatim_match)]
    thresholds += [] if relaxed is None else [(4, options.sentence_match * relaxed)]
    shares = np.zeros((len(work[1]), 2 * len(thresholds)))
    own_weight, their_weight, counts, shared, smaller, agree = _sentence_pairs(index, *work)
    if shared is None:
        return shares
    has = counts > 0
    block_starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[has]
    their_total = np.add.reduceat(their_weight, block_starts)
    for column, threshold in thresholds:
        match = (shared >= threshold * smaller) & agree
        their_covered = np.add.reduceat(match.any(axis=0) * their_weight, block_starts)
        own_covered = _weighted_columns(own_weight, np.logical_or.reduceat(match, block_starts, axis=1))
        shares[has, column] = own_covered / own_weight.sum()
        shares[has, column + 1] = their_covered / their_total
    return shares


def _weighted_columns(weights: np.ndarray, held: np.ndarray) -> np.ndarray:
    """``weights @ held``, summed row by row, so each column's sum does not depend on the other columns (a pair's
    shares are the same whichever other partners its article is aligned with: ``dedup.pair_store``)."""
    total = np.zeros(held.shape[1])
    for weight, row in zip(weights.tolist(), held):
        total += weight * row
    return total


def _numbers_agree(index: CorpusIndex, own: slice, rows: np.ndarray) -> np.ndarray:
    """Sentence pairs where every number of the one with fewer numbers is also in the other.

    Copies keep their figures (a translation may spell one out, which drops it, not changes it); two
    earnings reports in one formula ("Shr 19 cts vs 14 cts") differ exactly there. Counted over the numbers of
    the own article's sentences with small integer arrays (exact; a sparse product per article costs more).
    """
    indptr, columns = index.sentence_numbers.indptr, index.sentence_numbers.indices
    own_count = indptr[own.start + 1 : own.stop + 1] - indptr[own.start : own.stop]
    their_count = indptr[rows + 1] - indptr[rows]
    own_numbers, own_at = np.unique(columns[indptr[own.start] : indptr[own.stop]], return_inverse=True)
    own_has = np.zeros((len(own_count), len(own_numbers)), dtype=np.int64)
    own_has[np.repeat(np.arange(len(own_count)), own_count), own_at] = 1
    theirs = columns[_ranges(indptr[rows], their_count)]
    at = np.minimum(np.searchsorted(own_numbers, theirs), max(len(own_numbers) - 1, 0))
    known = own_numbers[at] == theirs if len(own_numbers) else np.zeros(len(theirs), dtype=bool)
    their_has = np.zeros((len(their_count), len(own_numbers)), dtype=np.int64)
    their_has[np.repeat(np.arange(len(their_count)), their_count)[known], at[known]] = 1
    shared = own_has @ their_has.T
    return shared >= np.minimum(own_count[:, np.newaxis], their_count[np.newaxis, :])


def _shared(theirs: sparse.csr_matrix, own: sparse.csr_matrix) -> np.ndarray:
    """``own @ theirs.T`` as a dense array, transposing the smaller side: each entry sums the products of the two
    rows' common columns in column order, as the product the other way round does, so the values are the same."""
    return (theirs @ own.T).toarray().T


def pair_covers(
    index: CorpusIndex, pairs: np.ndarray, workers: int = 1, options: DedupOptions = DEDUP_DEFAULTS
) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, ``covered_shares``) of each pair; pairs under ``cos_floor`` are not aligned and cover 0."""
    cos = cosine(index, pairs)
    covers = np.zeros((len(pairs), 4))
    close = cos >= options.cos_floor
    covers[close] = covered_shares(index, pairs[close], workers, options)
    return cos, covers


def pair_scores(
    index: CorpusIndex, pairs: np.ndarray, workers: int = 1, options: DedupOptions = DEDUP_DEFAULTS
) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, alignment) of each pair; pairs under ``cos_floor`` are not aligned and score 0."""
    cos, covers = pair_covers(index, pairs, workers, options)
    return cos, covers[:, :2].max(axis=1, initial=0.0)
