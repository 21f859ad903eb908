"""Pair alignments kept between builds (in the cache folder), so an incremental build aligns only the candidate
pairs whose shares it cannot carry over.

Aligning the candidate pairs (``score.covered_shares``) is most of the duplicate stage. A pair's shares depend on
the two articles' kept sentences and on the corpus's idf weights, which move with every article added or
removed, so an earlier build's shares are not this build's. Three things carry over:

- A verdict no such move can change. The verdict of a pair whose loose shares are all under ``lowest_threshold``
  (the lowest of the thresholds ``relation.verdicts`` compares them with) is decided by the two pages' facts and
  the cosine alone: no relation, ruled out or not by the facts. If every idf weight of the pair's words moved by
  a factor in [lo, hi] since the pair was aligned, a sentence pair that did not match at ``sentence_match`` x
  ``RELAXED`` cannot match now while hi / lo <= 1 / ``RELAXED``, so each loose share is at most hi / lo times the
  share measured at that relaxed threshold. Such a pair keeps its earlier shares (``bounded_pairs``).
- The sentences a pair matched. Two sentences match when the idf weight they share reaches a threshold times the
  smaller one's weight; that ratio moves by at most hi / lo, so while hi / lo stays under the pair's margin (the
  least factor that would flip one of its sentence pairs at the loose or the verbatim threshold, kept when it
  was aligned) the same sentences match, and ``score.shares_of_matches`` gives this build's shares from them
  with the same sums as aligning the pair again. Most pairs of copies are carried over so. A pair of the first
  kind whose margin holds too gets this build's shares so when clustering needs them (``exact_covers``).
- A pair's in-order share (``score.in_order_share``), which ``relation.verdicts`` only compares with
  ``in_order_copy`` or ``in_order_other_day``. While hi / lo stays under the pair's margin at ``in_order_match``
  (kept when the share was computed), the same sentences match, and the best in-order alignment's weight and both
  texts' weights each move by a factor in [lo, hi]: the share is within a factor hi / lo of the one kept. When that
  leaves it on the same side of both thresholds, the kept share gives the same verdict (``in_order_share``).

Every other pair whose cosine reaches ``cos_floor`` is aligned again. The cosines are always computed afresh, and
so is everything else of the stage.

A pair is carried over only when both articles' kept sentences (their words, after the page furniture is
dropped) are the ones it was aligned with (``doc_digests``); the pairs aligned again get the shares a full
build computes (a pair's arithmetic does not depend on its article's other partners). The file is keyed by the
duplicate options and the pipeline's source; any other key is ignored. The output is the full build's, byte for
byte (``tests/test_pair_store.py``).
"""

from __future__ import annotations

import logging
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from build_dataset.core.versions import code_digest, versions_key
from build_dataset.dedup.candidates import pair_codes, sorted_lookup
from build_dataset.dedup.index import CorpusIndex
from build_dataset.dedup.minhash import word_minhashes
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions
from build_dataset.dedup.score import (
    Matches,
    cosine,
    covered_shares_and_matches,
    in_order_share_and_margins,
    shares_of_matches,
)
from build_dataset.run.memory import give_back_heap

LOGGER = logging.getLogger(__name__)
# The relaxed sentence match a pair's bound is measured at: idf weights may move by a factor of up to 1 / 0.85
# (hi / lo) before the pair is aligned again. Adding 1% of Reuters moves a rare word's idf by ~5%.
RELAXED = 0.85
# Float rounding of the sums compared (relative ~1e-15) stays far inside this.
SLACK = 1e-9
DIGEST_SEED = 7
PAIR_STORE_FILE = "dedup_pairs.npz"
# Kept per pair and saved last (``PairStore.save_pending``): the in-order shares are computed after the other fields.
IN_ORDER_FIELDS = ("in_order", "in_order_margin", "in_order_lo", "in_order_hi")


def lowest_threshold(options: DedupOptions = DEDUP_DEFAULTS) -> float:
    """The lowest threshold ``relation.verdicts`` compares a pair's loose or verbatim shares with."""
    return min(options.match_threshold, options.contained, options.version_min, options.exact)


def doc_digests(index: CorpusIndex) -> np.ndarray:
    """Per document, a 64-bit digest of its kept sentences as sets of words (independent of the vocabulary's
    other words, so comparable between builds)."""
    values = word_minhashes([w.encode("utf-8") for w in index.vocabulary], 2, DIGEST_SEED).astype(np.uint64)
    values = (values[:, 0] << np.uint64(32)) | values[:, 1]
    matrix = index.sentences
    sentence = np.zeros(matrix.shape[0], dtype=np.uint64)
    filled = np.diff(matrix.indptr) > 0
    with np.errstate(over="ignore"):
        if filled.any():
            sentence[filled] = np.add.reduceat(values[matrix.indices], matrix.indptr[:-1][filled])
        mixed = (sentence ^ (sentence >> np.uint64(29))) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(1)
        digest = np.zeros(index.n_docs, dtype=np.uint64)
        np.add.at(digest, index.sentence_doc, mixed)
    return digest


def idf_bounds(index: CorpusIndex, vocabulary: np.ndarray, idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per document, the least and greatest ratio of its words' idf now to their idf in an earlier build
    (``vocabulary``, ``idf``); NaN for a document with a word that build did not have."""
    now = np.asarray(index.vocabulary, dtype=vocabulary.dtype if len(vocabulary) else str)
    at, known = sorted_lookup(vocabulary, now)
    ratio = np.full(len(now), np.nan)
    ratio[known] = index.idf[known] / idf[at[known]]
    tfidf = index.tfidf
    lo, hi = np.ones(index.n_docs), np.ones(index.n_docs)
    filled = np.diff(tfidf.indptr) > 0
    if filled.any():
        values, starts = ratio[tfidf.indices], tfidf.indptr[:-1][filled]
        lo[filled], hi[filled] = np.minimum.reduceat(values, starts), np.maximum.reduceat(values, starts)
    return lo, hi


@dataclass
class Aligned:
    """Aligned pairs of one build: pairs of ``doc_ids`` rows, their four shares, their loose share at the relaxed
    threshold, the idf ratio bounds since they were aligned and the sentences they matched (``score.Matches``)."""

    doc_ids: np.ndarray
    digests: np.ndarray
    vocabulary: np.ndarray
    idf: np.ndarray
    pairs: np.ndarray
    covers: np.ndarray
    relaxed: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    masks: np.ndarray
    margin: np.ndarray
    # the in-order share (NaN where it was not computed), its margin and the idf ratio bounds since it was computed
    in_order: np.ndarray
    in_order_margin: np.ndarray
    in_order_lo: np.ndarray
    in_order_hi: np.ndarray

    def carried(self, index: CorpusIndex, ids: np.ndarray, digests: np.ndarray, pairs: np.ndarray,
                options: DedupOptions) -> tuple[np.ndarray, ...]:  # fmt: skip
        """For each of ``pairs`` (rows of ``ids``): whether its verdict carries over, whether its sentences'
        matches do, its row here, the bounds of its words' idf ratios since it was aligned, whether it is stored
        with both articles' kept sentences unchanged, and the bounds of the ratios since this build's last."""
        none = np.zeros(len(pairs), dtype=bool)
        if not len(self.doc_ids) or not len(self.pairs):
            ones = np.ones(len(pairs))
            return none, none, np.zeros(len(pairs), dtype=np.int64), ones, ones, none, ones, ones
        at, known = sorted_lookup(self.doc_ids, ids)
        same = known & (self.digests[at] == digests)
        width = len(self.doc_ids)
        row, stored = sorted_lookup(pair_codes(self.pairs, width), pair_codes(at[pairs], width))
        found = same[pairs[:, 0]] & same[pairs[:, 1]] & stored
        lo, hi = idf_bounds(index, self.vocabulary, self.idf)
        lo_now, hi_now = np.minimum(lo[pairs[:, 0]], lo[pairs[:, 1]]), np.maximum(hi[pairs[:, 0]], hi[pairs[:, 1]])
        low, high = lo_now * self.lo[row], hi_now * self.hi[row]
        spread = high / low
        bounded = spread <= (1 - SLACK) / RELAXED
        robust = bounded & (self.relaxed[row] * spread < lowest_threshold(options) * (1 - SLACK))
        matched = ~robust & (spread * (1 + SLACK) < self.margin[row])
        return found & robust, found & matched, row, low, high, found, lo_now, hi_now


class PairStore:
    """The aligned pairs of the last build that used this cache folder (``path``), read and replaced by
    ``pair_covers``. Of the last call's pairs, ``carried_pairs`` marks those not aligned again (``carried`` counts
    them) and ``bounded_pairs`` those of them whose shares are the earlier build's, not this build's."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.carried_pairs = np.zeros(0, dtype=bool)
        self.bounded_pairs = np.zeros(0, dtype=bool)
        self.in_order_carried = 0
        self.made_exact = 0
        self._pending: InOrderPending | None = None  # the last call's in-order fields, until ``save_pending``
        # of the last call's bounded pairs, those whose matched sentences give their shares now: rows and masks
        self._exact_rows, self._exact_masks = np.zeros(0, dtype=np.int64), np.zeros((0, 4), dtype=np.uint64)

    @property
    def carried(self) -> int:
        return int(self.carried_pairs.sum())

    @staticmethod
    def key(options: DedupOptions) -> str:
        return versions_key({"options": repr(options), "code": code_digest(), "relaxed": str(RELAXED)})

    def load(self, options: DedupOptions) -> Aligned | None:
        try:
            with np.load(self.path, allow_pickle=False) as data:
                if str(data["key"]) != self.key(options):
                    return None
                return Aligned(*(data[name] for name in Aligned.__dataclass_fields__))
        except (OSError, KeyError, ValueError):
            return None

    def _begin(self, aligned: Aligned, options: DedupOptions) -> None:
        """Write every field but the in-order ones, the pairs in (first, second) order, to the partial file; keep the
        in-order ones (``InOrderPending``) for ``in_order_share``, so the other fields are not held meanwhile."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        aligned = sort_pairs(aligned)
        fields = {name: value for name, value in aligned.__dict__.items() if name not in IN_ORDER_FIELDS}
        with open(self._partial, "wb") as handle:
            np.savez(handle, key=np.array(self.key(options)), **fields)
        self._pending = InOrderPending(aligned.pairs, *(getattr(aligned, name) for name in IN_ORDER_FIELDS))

    @property
    def _partial(self) -> Path:
        return self.path.with_name(self.path.name + ".partial")

    def pair_covers(self, index: CorpusIndex, ids: list[str], pairs: np.ndarray, workers: int = 1,
                    options: DedupOptions = DEDUP_DEFAULTS, save: bool = True,
                    ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
        """``score.pair_covers``'s result, verdict for verdict, aligning only the pairs that need it. Without ``save``
        the pairs are kept for ``in_order_share`` until ``save_pending``."""
        doc_ids, digests = np.asarray(ids, dtype=str), doc_digests(index)
        cos = cosine(index, pairs, workers)
        close = np.flatnonzero(cos >= options.cos_floor)
        near = pairs[close]
        previous = self.load(options)
        bounded = matched = np.zeros(len(close), dtype=bool)
        if previous is not None and len(close):
            bounded, matched, row, low, high, same, lo_now, hi_now = previous.carried(
                index, doc_ids, digests, near, options
            )
        fresh = ~(bounded | matched)
        found, matches = covered_shares_and_matches(index, near[fresh], RELAXED, workers, options)
        give_back_heap()  # the workers' results, unpickled one by one, freed between what stays
        aligned = len(found)
        covers = np.zeros((len(pairs), 4))
        covers[close[fresh]] = found[:, :4]
        relaxed = np.zeros(len(near))
        relaxed[fresh] = found[:, 4:].max(axis=1, initial=0.0)
        del found
        stored = Aligned(doc_ids, digests, np.asarray(index.vocabulary, dtype=str), index.idf, near, covers[close],
                         relaxed, np.ones(len(near)), np.ones(len(near)), *_placed(matches, fresh),
                         np.full(len(near), np.nan), *(np.ones(len(near)) for _ in range(3)))  # fmt: skip
        del matches
        if not fresh.all():
            kept = row[~fresh]
            covers[close[bounded]] = previous.covers[row[bounded]]
            covers[close[matched]] = shares_of_matches(index, near[matched], previous.masks[row[matched]])
            stored.covers = covers[close]
            stored.relaxed[~fresh], stored.lo[~fresh] = previous.relaxed[kept], low[~fresh]
            stored.hi[~fresh] = high[~fresh]
            stored.masks[~fresh], stored.margin[~fresh] = previous.masks[kept], previous.margin[kept]
        if previous is not None and len(close):
            _carry_in_order(stored, previous, same, row, lo_now, hi_now)
        previous = row = low = high = None  # the last build's pairs: not held while this build's are saved
        self.carried_pairs, self.bounded_pairs = np.zeros(len(pairs), dtype=bool), np.zeros(len(pairs), dtype=bool)
        self.carried_pairs[close[~fresh]] = True
        self.bounded_pairs[close[bounded]] = True
        exact = bounded & (stored.hi / stored.lo * (1 + SLACK) < stored.margin)
        self._exact_rows, self._exact_masks = close[exact], stored.masks[exact]
        self._begin(stored, options)
        if save:
            self.save_pending(options)
        LOGGER.info("duplicate pairs: %d aligned, %d carried over from the last build (%d with their matches)",
                    aligned, self.carried, int(matched.sum()))
        return cos, covers


    def in_order_share(self, index: CorpusIndex, pairs: np.ndarray, workers: int = 1,
                       options: DedupOptions = DEDUP_DEFAULTS) -> np.ndarray:  # fmt: skip
        """``score.in_order_share`` of ``pairs`` (among the last ``pair_covers`` call's), or, where a kept share gives
        the same verdict at both thresholds it is compared with (``in_order_copy``, ``in_order_other_day``), that
        share; the shares computed are kept for the next build."""
        stored = self._pending
        if stored is None:
            return in_order_share_and_margins(index, pairs, options.in_order_match, workers, keep=False)[0]
        at, known = sorted_lookup(pair_codes(stored.pairs, index.n_docs), pair_codes(pairs, index.n_docs))
        carried = known & _in_order_holds(stored, at, options)
        shares = np.zeros(len(pairs))
        shares[carried] = stored.in_order[at[carried]]
        todo = ~carried
        shares[todo], margins = in_order_share_and_margins(index, pairs[todo], options.in_order_match, workers)
        computed = known[todo]
        rows = at[todo][computed]
        stored.in_order[rows], stored.in_order_margin[rows] = shares[todo][computed], margins[computed]
        stored.in_order_lo[rows], stored.in_order_hi[rows] = 1.0, 1.0
        self.in_order_carried = int(carried.sum())
        LOGGER.info("in-order shares: %d computed, %d reused from the last build", int(todo.sum()),
                    self.in_order_carried)
        return shares

    def exact_covers(self, index: CorpusIndex, pairs: np.ndarray, covers: np.ndarray, wanted: np.ndarray) -> None:
        """This build's shares, in ``covers``, of the ``wanted`` bounded pairs (a mask over the last call's ``pairs``)
        whose matched sentences give them (``score.shares_of_matches``); they are bounded no more. Clustering
        then need not align them again."""
        rows = np.flatnonzero(wanted[self._exact_rows])
        self.made_exact = len(rows)
        if len(rows):
            at = self._exact_rows[rows]
            covers[at] = shares_of_matches(index, pairs[at], self._exact_masks[rows])
            self.bounded_pairs[at] = False

    def save_pending(self, options: DedupOptions = DEDUP_DEFAULTS) -> None:
        """Add the in-order fields of the last ``pair_covers`` call to its file and put the file in place (once)."""
        pending = self._pending
        if pending is None:
            return
        with zipfile.ZipFile(self._partial, "a", allowZip64=True) as archive:
            for name in IN_ORDER_FIELDS:
                values = getattr(pending, name)
                with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                    np.lib.format.write_array(member, values, allow_pickle=False)
        os.replace(self._partial, self.path)
        self._pending = None


@dataclass
class InOrderPending:
    """The in-order fields of a build's pairs (``pairs``, sorted by first then second article), until saved."""

    pairs: np.ndarray
    in_order: np.ndarray
    in_order_margin: np.ndarray
    in_order_lo: np.ndarray
    in_order_hi: np.ndarray


def _carry_in_order(stored: Aligned, previous: Aligned, same: np.ndarray, row: np.ndarray, lo_now: np.ndarray,
                    hi_now: np.ndarray) -> None:  # fmt: skip
    """The kept in-order shares of the pairs stored with both articles' kept sentences unchanged (``same``), their
    idf ratio bounds widened by this build's."""
    kept = same & ~np.isnan(previous.in_order[row])
    rows = row[kept]
    stored.in_order[kept], stored.in_order_margin[kept] = previous.in_order[rows], previous.in_order_margin[rows]
    stored.in_order_lo[kept] = previous.in_order_lo[rows] * lo_now[kept]
    stored.in_order_hi[kept] = previous.in_order_hi[rows] * hi_now[kept]


def _in_order_holds(stored: InOrderPending, at: np.ndarray, options: DedupOptions) -> np.ndarray:
    """Whether each kept in-order share (rows ``at``) is on the same side of both thresholds as this build's share:
    the same sentences match (the ratio bounds within its margin), and a factor hi / lo either way does not cross
    a threshold."""
    share, spread = stored.in_order[at], stored.in_order_hi[at] / stored.in_order_lo[at]
    with np.errstate(invalid="ignore"):
        holds = ~np.isnan(share) & (spread * (1 + SLACK) < stored.in_order_margin[at])
        for threshold in (options.in_order_copy, options.in_order_other_day):
            holds &= (share / spread >= threshold * (1 + SLACK)) | (share * spread < threshold * (1 - SLACK))
    return holds


def _placed(matches: Matches, fresh: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The masks and margins of ``matches`` (of the ``fresh`` pairs) at those pairs' places (as they are when every
    pair is fresh: a full build's pairs, no copy)."""
    if fresh.all():
        return matches.masks, matches.margin
    masks, margin = np.zeros((len(fresh), 4), dtype=np.uint64), np.ones(len(fresh))
    masks[fresh], margin[fresh] = matches.masks, matches.margin
    return masks, margin


def sort_pairs(aligned: Aligned) -> Aligned:
    """The pairs in (first, second) order, as ``Aligned.carried`` and ``in_order_share`` look them up (the candidate
    stages give them so: then nothing is copied)."""
    pairs = aligned.pairs
    if len(pairs) < 2 or bool(np.all((pairs[1:, 0] > pairs[:-1, 0]) | (
            (pairs[1:, 0] == pairs[:-1, 0]) & (pairs[1:, 1] > pairs[:-1, 1])))):  # fmt: skip
        return aligned
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    for name in ("pairs", "covers", "relaxed", "lo", "hi", "masks", "margin", *IN_ORDER_FIELDS):
        setattr(aligned, name, getattr(aligned, name)[order])
    return aligned
