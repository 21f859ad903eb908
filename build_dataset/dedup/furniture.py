"""Page furniture, found from the corpus itself: sentences that many pages repeat word for word (a promo, a
disclaimer, a sign-off, "All rights reserved") carry no story, so they are not compared.

As in the line-level deduplication of datatrove and dolma, each sentence unit (its distinct content words)
gets an exact hash and the documents holding each hash are counted. A sentence held by at least
``furniture_min_docs`` documents is furniture, unless those documents are copies of one story, which repeat
every sentence: a wire story in twenty outlets is not furniture, a subscription promo under twenty different
stories is. The test is how alike the holders are as wholes (mean pairwise TF-IDF cosine): copies, even
garbled ones, are alike; different stories under one footer are not.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
from scipy import sparse

from build_dataset.dedup.index import CorpusIndex
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions

# ``furniture_min_docs`` and ``max_holder_similarity`` are the step's thresholds (``dedup.options``).
KEY_SEED = 15


def sentence_keys(index: CorpusIndex) -> np.ndarray:
    """An exact hash of each sentence's set of words (the sum of random 64-bit values of its words, so
    independent of order), as a small integer id per distinct sentence."""
    values = np.random.default_rng(KEY_SEED).integers(0, 2**63, size=max(len(index.vocabulary), 1), dtype=np.uint64)
    matrix = index.sentences
    sums = np.zeros(matrix.shape[0], dtype=np.uint64)
    filled = np.diff(matrix.indptr) > 0
    if filled.any():
        sums[filled] = np.add.reduceat(values[matrix.indices], matrix.indptr[:-1][filled])
    _, ids = np.unique(sums, return_inverse=True)
    return ids.ravel()


def _holder_similarity(tfidf: sparse.csr_matrix, holders: np.ndarray) -> float:
    """Mean pairwise cosine of unit rows, from their sum: (|sum|^2 - k) / (k (k - 1)). The sum is taken over the
    holders' own words only (a vector as long as the vocabulary per block took 10 s of the 100k Reuters build's
    19k blocks, measured once)."""
    k = len(holders)
    rows = tfidf[holders]
    words, at = np.unique(rows.indices, return_inverse=True)
    total = np.bincount(at.ravel(), weights=rows.data, minlength=len(words))
    return float((total @ total - k) / (k * (k - 1)))


def furniture_sentences(index: CorpusIndex, stats: Counter, options: DedupOptions = DEDUP_DEFAULTS) -> np.ndarray:
    """Per sentence row: is it furniture? ``stats`` gets the exact-duplicate sentence counts."""
    keys = sentence_keys(index)
    docs = index.sentence_doc
    held = sparse.csr_matrix((np.ones(len(keys)), (keys, docs)), shape=(keys.max(initial=-1) + 1, index.n_docs))
    held.sum_duplicates()
    doc_freq = np.diff(held.indptr)
    stats["sentences_compared"] += len(keys)
    stats["sentences_repeated_across_docs"] += int((doc_freq[keys] > 1).sum())
    stats["distinct_sentences_repeated"] += int((doc_freq > 1).sum())
    blocks: dict[bytes, list[int]] = {}
    # a footer's lines share their holders: test once
    for key in np.flatnonzero(doc_freq >= options.furniture_min_docs):
        blocks.setdefault(held.indices[held.indptr[key] : held.indptr[key + 1]].tobytes(), []).append(int(key))
    furniture = np.zeros(len(doc_freq), dtype=bool)
    for holders, block in blocks.items():
        similarity = _holder_similarity(index.tfidf, np.frombuffer(holders, dtype=held.indices.dtype))
        if similarity < options.max_holder_similarity:
            furniture[block] = True
    stats["furniture_sentences"] += int(furniture.sum())
    return furniture[keys] if len(keys) else np.zeros(0, dtype=bool)


def drop_furniture(index: CorpusIndex, stats: Counter, options: DedupOptions = DEDUP_DEFAULTS) -> CorpusIndex:
    """The index without its furniture sentences; a document that is nothing but furniture keeps them all
    (two such pages are still compared, as what they are)."""
    furniture = furniture_sentences(index, stats, options)
    docs = index.sentence_doc
    kept_per_doc = np.bincount(docs[~furniture], minlength=index.n_docs)
    furniture &= kept_per_doc[docs] > 0
    if not furniture.any():
        return index
    stats["furniture_sentences_dropped"] += int(furniture.sum())
    stats["docs_with_furniture"] += int((np.bincount(docs[furniture], minlength=index.n_docs) > 0).sum())
    keep = np.flatnonzero(~furniture)
    counts = np.bincount(docs[keep], minlength=index.n_docs)
    return replace(
        index,
        sentences=index.sentences[keep],
        sentence_weight=index.sentence_weight[keep],
        sentence_numbers=index.sentence_numbers[keep],
        sentence_start=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
    )
