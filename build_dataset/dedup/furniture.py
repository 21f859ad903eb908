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


# Stored entries gathered per call of ``holder_similarities``: the blocks are taken this many entries at a time
# (~16 bytes each, with their keys), so the furniture test never holds much more than ~50 MB.
ENTRIES_PER_CHUNK = 2_000_000


def holder_similarities(tfidf: sparse.csr_matrix, blocks: list[np.ndarray]) -> np.ndarray:
    """Each block's mean pairwise cosine of its holders' unit rows, from their sum: (|sum|^2 - k) / (k (k - 1)).
    The sums are taken over the holders' own words, all blocks at once, a chunk of them at a time: one block at a
    time (scipy row slicing and a sort per block) took 2.6 s of the 100k Reuters incremental build's ~19k blocks
    (a py-spy run)."""
    found = np.zeros(len(blocks))
    if not blocks:
        return found
    holders = np.concatenate(blocks).astype(np.int64)
    starts = np.cumsum([0] + [len(b) for b in blocks[:-1]])
    sizes = np.add.reduceat(tfidf.indptr[holders + 1] - tfidf.indptr[holders], starts).astype(np.int64)
    start = 0
    while start < len(blocks):
        stop = start + max(1, int(np.searchsorted(np.cumsum(sizes[start:]), ENTRIES_PER_CHUNK, side="right")))
        found[start:stop] = _block_similarities(tfidf, blocks[start:stop])
        start = stop
    return found


def _block_similarities(tfidf: sparse.csr_matrix, blocks: list[np.ndarray]) -> np.ndarray:
    holders = np.concatenate(blocks).astype(np.int64)
    k = np.array([len(b) for b in blocks], dtype=np.float64)
    first, last = tfidf.indptr[holders].astype(np.int64), tfidf.indptr[holders + 1].astype(np.int64)
    lengths = last - first
    entries = np.repeat(first - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    block = np.repeat(np.repeat(np.arange(len(blocks)), [len(b) for b in blocks]), lengths)
    keys = block * np.int64(tfidf.shape[1]) + tfidf.indices[entries]
    distinct, at = np.unique(keys, return_inverse=True)
    total = np.bincount(at.ravel(), weights=tfidf.data[entries], minlength=len(distinct))
    squares = np.bincount(distinct // tfidf.shape[1], weights=total * total, minlength=len(blocks))
    return (squares - k) / (k * (k - 1))


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
    holders = [np.frombuffer(key, dtype=held.indices.dtype) for key in blocks]
    for block, similarity in zip(blocks.values(), holder_similarities(index.tfidf, holders)):
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
