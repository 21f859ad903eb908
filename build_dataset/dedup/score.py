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

from dataclasses import dataclass

import numpy as np

from build_dataset.dedup.candidates import sorted_lookup
from build_dataset.dedup.forked import imap_forked, map_forked
from build_dataset.dedup.index import CorpusIndex, ranges
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions
from build_dataset.run.memory import give_back_heap

# The match shares (loose, verbatim, in order) and the cosine floor are the step's thresholds (``dedup.options``).
# Pairs per batch of the cosine (bounds memory): both rows of each pair are gathered, so 20k pairs of Reuters
# stories took ~90 MB at once, the driver's largest transient of the duplicate stage; 4k take a fifth of it, at
# no measurable cost in time. Each pair's cosine is its own row sum: the same for any batch.
COSINE_BATCH = 4_000
# Articles of at most this many kept sentences have the sentences a pair matched kept as the bits of one integer.
MASK_SENTENCES = 64
BITS = np.left_shift(np.uint64(1), np.arange(MASK_SENTENCES, dtype=np.uint64))


@dataclass
class Matches:
    """Per pair, what its loose and verbatim shares are made of, so ``shares_of_matches`` can give them under other
    idf weights: which kept sentences of each side matched (bit k: the k-th; columns own loose, their loose, own
    verbatim, their verbatim) and ``margin``, the least factor by which the weights may move before a sentence
    pair's match flips (1 where that is not known: a side without sentences or with more than ``MASK_SENTENCES``)."""

    masks: np.ndarray  # (pairs, 4) uint64
    margin: np.ndarray

    @classmethod
    def unknown(cls, n: int) -> Matches:
        return cls(np.zeros((n, 4), dtype=np.uint64), np.ones(n))

    @classmethod
    def of(cls, held: list[tuple], counts: np.ndarray, has: np.ndarray, starts: np.ndarray, margin: np.ndarray):
        """From ``_align_one_to_many``'s held sentences at the loose and verbatim thresholds."""
        found = cls.unknown(len(counts))
        own_count = held[0][0].shape[0]
        fits = has & (counts <= MASK_SENTENCES) & (own_count <= MASK_SENTENCES)
        if not fits.any():
            return found
        their_bits = BITS[np.minimum(ranges(np.zeros_like(starts), counts[has]), MASK_SENTENCES - 1)]
        for column, (own_held, their_held) in zip((0, 2), held):
            own = np.bitwise_or.reduce(np.where(own_held, BITS[:own_count, np.newaxis], np.uint64(0)), axis=0)
            theirs = np.bitwise_or.reduceat(np.where(their_held, their_bits, np.uint64(0)), starts)
            found.masks[has, column], found.masks[has, column + 1] = own, theirs
        found.masks[~fits] = 0
        found.margin[fits] = margin[fits]
        return found


def cosine(index: CorpusIndex, pairs: np.ndarray, workers: int = 1) -> np.ndarray:
    """TF-IDF cosine of each (i, j) pair (rows are unit length), in batches to bound memory, the batches spread over
    ``workers`` processes (each pair's cosine is its own row sum: the same in any batch)."""
    starts = list(range(0, len(pairs), COSINE_BATCH))
    found = map_forked(_cosine_of_batch, [pairs[s : s + COSINE_BATCH] for s in starts], index, workers)
    return np.clip(np.concatenate([np.zeros(0), *found]), 0.0, 1.0)


def _cosine_of_batch(index: CorpusIndex, batch: np.ndarray) -> np.ndarray:
    products = index.tfidf[batch[:, 0]].multiply(index.tfidf[batch[:, 1]])
    return np.asarray(products.sum(axis=1)).ravel()


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
    return _covered(index, pairs, workers, options, relaxed, keep=False)[0]


def covered_shares_and_matches(
    index: CorpusIndex, pairs: np.ndarray, relaxed: float, workers: int = 1, options: DedupOptions = DEDUP_DEFAULTS
) -> tuple[np.ndarray, Matches]:
    """``covered_shares`` (with ``relaxed``) and each pair's ``Matches``."""
    return _covered(index, pairs, workers, options, relaxed, keep=True)


def _covered(index: CorpusIndex, pairs: np.ndarray, workers: int, options: DedupOptions, relaxed: float | None,
             keep: bool) -> tuple[np.ndarray, Matches | None]:  # fmt: skip
    shares = np.zeros((len(pairs), 4 if relaxed is None else 6))
    matches = Matches.unknown(len(pairs)) if keep else None
    if not len(pairs):
        return shares, matches
    chunks, work = _by_first_article(pairs)
    for chunk, found in zip(chunks, imap_forked(_align_one_to_many, work, (index, options, relaxed, keep), workers)):
        if keep:
            found, kept = found
            matches.masks[chunk], matches.margin[chunk] = kept.masks, kept.margin
        shares[chunk] = found
    return np.clip(shares, 0.0, 1.0, out=shares), matches


def shares_of_matches(index: CorpusIndex, pairs: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """The four ``covered_shares`` of pairs under this index's idf weights, from the sentences they matched
    (``Matches.masks``; both articles with 1 to ``MASK_SENTENCES`` kept sentences), as aligning them would give:
    the same sums in the same order (each pair's arithmetic does not depend on its article's other partners)."""
    own, theirs = pairs[:, 0], pairs[:, 1]
    own_start, own_count = index.sentence_start[own], np.diff(index.sentence_start)[own]
    rows, counts = _partner_rows(index, theirs)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    their_weight = index.sentence_weight[rows]
    local = ranges(np.zeros_like(starts), counts)
    docs, of_doc = np.unique(own, return_inverse=True)
    own_total = np.array([index.sentence_weight[index.doc_sentences(doc)].sum() for doc in docs.tolist()])[of_doc]
    last = len(index.sentence_weight) - 1
    shares = np.zeros((len(pairs), 4))
    for column in (0, 2):
        own_covered = np.zeros(len(pairs))
        for k in range(int(own_count.max(initial=0))):  # sentence by sentence, as ``_weighted_columns`` adds them
            weight = np.where(k < own_count, index.sentence_weight[np.minimum(own_start + k, last)], 0.0)
            own_covered += weight * ((masks[:, column] >> np.uint64(k)) & np.uint64(1)).astype(bool)
        held = ((np.repeat(masks[:, column + 1], counts) >> local.astype(np.uint64)) & np.uint64(1)).astype(bool)
        shares[:, column] = own_covered / own_total
        shares[:, column + 1] = np.add.reduceat(held * their_weight, starts) / np.add.reduceat(their_weight, starts)
    return np.clip(shares, 0.0, 1.0)


def in_order_share(
    index: CorpusIndex, pairs: np.ndarray, match_share: float = DEDUP_DEFAULTS.in_order_match, workers: int = 1
) -> np.ndarray:
    """Per (i, j) pair: the share of both texts' sentence weight in the best one-to-one, in-order alignment of
    their matching sentences (a weighted longest common subsequence). A copy or a translation follows its
    original sentence by sentence; two write-ups of one press release match sentences out of order, several
    to one, or not at all. Pairs sharing a first article are matched in one product, in ``workers`` processes."""
    return in_order_share_and_margins(index, pairs, match_share, workers, keep=False)[0]


def in_order_share_and_margins(
    index: CorpusIndex, pairs: np.ndarray, match_share: float, workers: int = 1, keep: bool = True
) -> tuple[np.ndarray, np.ndarray | None]:
    """``in_order_share`` and, with ``keep``, each pair's flip margin at ``match_share`` (``_flip_margins``: while the
    idf weights move by less than it, the same sentences match; 1 where that is not known)."""
    out, margins = np.zeros(len(pairs)), np.ones(len(pairs)) if keep else None
    if not len(pairs):
        return out, margins
    chunks, work = _by_first_article(pairs)
    for chunk, found in zip(chunks, imap_forked(_in_order_one_to_many, work, (index, match_share, keep), workers)):
        out[chunk] = found[0]
        if keep:
            margins[chunk] = found[1]
    return out, margins


def _by_first_article(pairs: np.ndarray) -> tuple[list[np.ndarray], list[tuple[int, np.ndarray]]]:
    """The pairs' positions grouped by first article, and per group (first article, its partners)."""
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    chunks = np.split(order, np.flatnonzero(np.diff(pairs[order, 0])) + 1)
    return chunks, [(int(pairs[chunk[0], 0]), pairs[chunk, 1]) for chunk in chunks]


def _in_order_one_to_many(state: tuple[CorpusIndex, float, bool], work: tuple[int, np.ndarray]) -> tuple:
    index, match_share, keep = state
    own_weight, their_weight, counts, shared, smaller, agree = _sentence_pairs(index, *work)
    match = np.zeros((len(own_weight), len(their_weight)), dtype=bool)
    if shared is not None:
        match = (shared >= match_share * smaller) & agree
    ends = np.cumsum(counts)
    shares = np.array([_in_order_alignment(match[:, end - count : end], own_weight, their_weight[end - count : end])
                       for count, end in zip(counts.tolist(), ends.tolist())])  # fmt: skip
    margins = np.ones(len(counts)) if keep else None
    has = counts > 0
    if keep and shared is not None and has.any():
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[has]
        margins[has] = _flip_margins(shared, smaller, agree, [match_share], starts)
    return shares, margins


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
    shared = _shared(index, own, rows)
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
    return ranges(starts, counts), counts


def _align_one_to_many(state: tuple[CorpusIndex, DedupOptions, float | None, bool], work: tuple[int, np.ndarray]):
    index, options, relaxed, keep = state
    thresholds = [options.sentence_match, options.verbatim_match]
    thresholds += [] if relaxed is None else [options.sentence_match * relaxed]
    own_weight, their_weight, counts, shared, smaller, agree = _sentence_pairs(index, *work)
    if shared is None:
        shares = np.zeros((len(work[1]), 2 * len(thresholds)))
        return (shares, Matches.unknown(len(work[1]))) if keep else shares
    matches = [(shared >= threshold * smaller) & agree for threshold in thresholds]
    has = counts > 0
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[has]
    held = [(np.logical_or.reduceat(match, starts, axis=1), match.any(axis=0)) for match in matches]
    shares = _shares_of_held(own_weight, their_weight, has, starts, held)
    if not keep:
        return shares
    margin = np.ones(len(counts))
    margin[has] = _flip_margins(shared, smaller, agree, thresholds[:2], starts)
    return shares, Matches.of(held[:2], counts, has, starts, margin)


def _shares_of_held(
    own_weight: np.ndarray, their_weight: np.ndarray, has: np.ndarray, starts: np.ndarray, held: list[tuple]
) -> np.ndarray:
    """Per partner (those with sentences: ``has``; theirs concatenated from ``starts``), for each threshold's
    (own sentences held per partner, their sentences held) the two covered shares."""
    shares = np.zeros((len(has), 2 * len(held)))
    their_total = np.add.reduceat(their_weight, starts)
    for column, (own_held, their_held) in zip(range(0, 2 * len(held), 2), held):
        shares[has, column] = _weighted_columns(own_weight, own_held) / own_weight.sum()
        shares[has, column + 1] = np.add.reduceat(their_held * their_weight, starts) / their_total
    return shares


def _flip_margins(
    shared: np.ndarray, smaller: np.ndarray, agree: np.ndarray, thresholds: list[float], starts: np.ndarray
) -> np.ndarray:
    """Per partner (its sentences the columns from its ``starts``): the least factor by which the sentences' shared
    weight over their smaller weight must move for a sentence of either side to change from matched to not, or
    back, at one of ``thresholds`` (inf when none can; 1 when a sentence pair without weight could match). A
    sentence is matched when its best ratio reaches the threshold, so only each sentence's best ratio counts."""
    weightless = (smaller <= 0) & agree
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(agree & ~weightless, shared / smaller, 0.0)
    own_best, their_best = np.maximum.reduceat(ratio, starts, axis=1), ratio.max(axis=0)
    margin = np.full(len(starts), np.inf)
    for threshold in thresholds:
        with np.errstate(divide="ignore"):
            own = np.where(own_best >= threshold, own_best / threshold, threshold / own_best)
            theirs = np.where(their_best >= threshold, their_best / threshold, threshold / their_best)
        margin = np.minimum(margin, np.minimum(own.min(axis=0), np.minimum.reduceat(theirs, starts)))
    margin[np.logical_or.reduceat(weightless.any(axis=0), starts)] = 1.0
    return margin


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
    theirs = columns[ranges(indptr[rows], their_count)]
    at, known = sorted_lookup(own_numbers, theirs)
    their_has = np.zeros((len(their_count), len(own_numbers)), dtype=np.int64)
    their_has[np.repeat(np.arange(len(their_count)), their_count)[known], at[known]] = 1
    shared = own_has @ their_has.T
    return shared >= np.minimum(own_count[:, np.newaxis], their_count[np.newaxis, :])


def _shared(index: CorpusIndex, own: slice, rows: np.ndarray) -> np.ndarray:
    """Per (own sentence, partner sentence ``rows``): the summed idf of the words the two share.

    Each sum adds its words in the order the partner sentence holds them, from 0.0, as the sparse product
    ``(sentences[rows] @ weighted_sentences(own).T)`` adds them (scipy's ``csr_matmat``): the same values, bit for
    bit. Made with integer arrays: scipy's matrices cost ~0.3 ms each to index and multiply, per article aligned.
    """
    indptr, columns = index.sentences.indptr, index.sentences.indices
    own_count = np.diff(indptr[own.start : own.stop + 1])
    own_columns = columns[indptr[own.start] : indptr[own.stop]]
    by_word = np.argsort(own_columns, kind="stable")
    own_sentence = np.repeat(np.arange(len(own_count)), own_count)[by_word]
    words, first, per_word = np.unique(own_columns[by_word], return_index=True, return_counts=True)
    their_count = indptr[rows + 1] - indptr[rows]
    theirs = columns[ranges(indptr[rows], their_count)]
    their_sentence = np.repeat(np.arange(len(rows)), their_count)
    shared = np.zeros((len(own_count), len(rows)))
    if not len(words) or not len(theirs):
        return shared
    at, known = sorted_lookup(words, theirs)
    at, theirs, their_sentence = at[known], theirs[known], their_sentence[known]
    held = per_word[at]  # how many own sentences hold each shared word
    np.add.at(shared, (own_sentence[ranges(first[at], held)], np.repeat(their_sentence, held)),
              np.repeat(index.idf[theirs], held))  # fmt: skip
    return shared


def pair_covers(
    index: CorpusIndex, pairs: np.ndarray, workers: int = 1, options: DedupOptions = DEDUP_DEFAULTS
) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, ``covered_shares``) of each pair; pairs under ``cos_floor`` are not aligned and cover 0."""
    cos = cosine(index, pairs, workers)
    covers = np.zeros((len(pairs), 4))
    close = cos >= options.cos_floor
    covers[close] = covered_shares(index, pairs[close], workers, options)
    give_back_heap()  # the workers' results, unpickled one by one, freed between what stays
    return cos, covers


def pair_scores(
    index: CorpusIndex, pairs: np.ndarray, workers: int = 1, options: DedupOptions = DEDUP_DEFAULTS
) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, alignment) of each pair; pairs under ``cos_floor`` are not aligned and score 0."""
    cos, covers = pair_covers(index, pairs, workers, options)
    return cos, covers[:, :2].max(axis=1, initial=0.0)
