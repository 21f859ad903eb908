"""MinHash baselines for the duplicate-group benchmark: datatrove's defaults, and a MinHash tuned on a dev split.

- ``default_groups``: datatrove's MinhashConfig (word 5-grams, 14 bands x 8 rows, datasketch hashes), clusters =
  connected components of the colliding pairs, no verification.
- ``TunedMinHash``: the same family with its settings searched on a dev split, as our grouper's thresholds were:
  shingle size (word n-grams), bands x rows of the LSH, and a verification threshold on the signatures' estimated
  Jaccard similarity (a colliding pair is linked only at or above it). Every setting of ``GRID`` is scored by ARI
  on the dev split; the best is applied to the test split. Pairs whose estimated Jaccard is under
  ``MIN_JACCARD`` are never linked (they would only merge unrelated stories; it keeps the search tractable).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import product

import numpy as np
from datasketch import MinHash, MinHashLSH
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.metrics import adjusted_rand_score

from build_dataset.dedup.minhash import permutations

# datatrove's MinhashConfig defaults: word 5-grams, 14 buckets of 8 hashes.
DEFAULT_NGRAM, DEFAULT_BANDS, DEFAULT_ROWS = 5, 14, 8
# The search: shingle sizes, LSH shapes (bands x rows at most SIGNATURE hashes) and verification thresholds.
NGRAMS = (1, 2, 3, 4, 5)
BANDS = (4, 8, 14, 20, 32, 50)
ROWS = (1, 2, 3, 4, 5, 6, 8)
THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
SIGNATURE = 256
MIN_JACCARD = 0.05
SEED = 1
CHUNK = 64
PAIR_CHUNK = 200_000


def normalize(text: str) -> list[str]:
    """datatrove's simplified text normalization: lowercase, punctuation to spaces, split on whitespace."""
    return "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()


def shingles(text: str, ngram: int) -> set[str]:
    words = normalize(text)
    return {" ".join(words[i : i + ngram]) for i in range(max(len(words) - ngram + 1, 1))}


def components(n_docs: int, pairs: np.ndarray) -> np.ndarray:
    """Cluster label of each document: connected components of the linked pairs."""
    if not len(pairs):
        return np.arange(n_docs)
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n_docs, n_docs))
    return connected_components(graph, directed=False)[1]


def default_groups(ids: list[str], texts: list[str]) -> np.ndarray:
    """datatrove-style MinHash dedup with its default settings (datasketch's hashes and LSH)."""
    num_perm = DEFAULT_BANDS * DEFAULT_ROWS
    grams = [[gram.encode("utf-8") for gram in shingles(text, DEFAULT_NGRAM)] for text in texts]
    hashes = MinHash.bulk(grams, num_perm=num_perm)
    lsh = MinHashLSH(num_perm=num_perm, params=(DEFAULT_BANDS, DEFAULT_ROWS))
    for key, minhash in zip(ids, hashes):
        lsh.insert(key, minhash)
    position = {key: k for k, key in enumerate(ids)}
    pairs = [(position[key], position[other]) for key, minhash in zip(ids, hashes) for other in lsh.query(minhash)]
    return components(len(ids), np.array(pairs, dtype=np.int64).reshape(-1, 2))


def signatures(texts: list[str], ngram: int) -> np.ndarray:
    """documents x SIGNATURE MinHash values of each text's word n-gram set (affine hashes of 32-bit SHA-1)."""
    a, b = permutations(SIGNATURE, SEED)
    out = np.empty((len(texts), SIGNATURE), dtype=np.uint32)
    for k, text in enumerate(texts):
        hashed = np.array(
            [int.from_bytes(hashlib.sha1(g.encode("utf-8")).digest()[:4], "little") for g in shingles(text, ngram)],
            dtype=np.uint32,
        )
        with np.errstate(over="ignore"):
            out[k] = (hashed[:, None] * a[None, :] + b[None, :]).min(axis=0)
    return out


@dataclass
class Candidates:
    """The pairs whose estimated Jaccard is at least MIN_JACCARD, with which signature positions agree (bits)."""

    n_docs: int
    pairs: np.ndarray  # (P, 2)
    agree: np.ndarray  # (P, SIGNATURE / 8) uint8: np.packbits of the positions where the two signatures agree
    jaccard: np.ndarray  # (P,)

    @classmethod
    def of(cls, sig: np.ndarray) -> Candidates:
        pairs, agree, jaccard = [], [], []
        for start in range(0, len(sig), CHUNK):
            block = sig[start : start + CHUNK, None, :] == sig[None, :, :]
            share = block.mean(axis=2)
            i, j = np.nonzero(share >= MIN_JACCARD)
            keep = i + start < j
            i, j = i[keep], j[keep]
            pairs.append(np.stack([i + start, j], axis=1))
            agree.append(np.packbits(block[i, j], axis=1))
            jaccard.append(share[i, j])
        return cls(len(sig), np.concatenate(pairs), np.concatenate(agree), np.concatenate(jaccard))

    def collide(self, bands: int, rows: int) -> np.ndarray:
        """Pairs that share at least one band (the LSH candidates)."""
        found = np.zeros(len(self.pairs), dtype=bool)
        for start in range(0, len(self.pairs), PAIR_CHUNK):
            bits = np.unpackbits(self.agree[start : start + PAIR_CHUNK], axis=1)[:, : bands * rows]
            found[start : start + PAIR_CHUNK] = bits.reshape(len(bits), bands, rows).all(axis=2).any(axis=1)
        return found

    def labels(self, bands: int, rows: int, threshold: float) -> np.ndarray:
        return components(self.n_docs, self.pairs[self.collide(bands, rows) & (self.jaccard >= threshold)])


@dataclass(frozen=True)
class Setting:
    ngram: int
    bands: int
    rows: int
    threshold: float

    def describe(self) -> str:
        return (f"word {self.ngram}-grams, {self.bands} bands x {self.rows} rows, "
                f"estimated Jaccard >= {self.threshold}")  # fmt: skip


def tune(texts: list[str], gold: list) -> tuple[Setting, float, int]:
    """The setting with the best ARI on (texts, gold), its ARI and how many settings were tried."""
    best, best_ari, tried = None, -1.0, 0
    for ngram in NGRAMS:
        found = Candidates.of(signatures(texts, ngram))
        for bands, rows in product(BANDS, ROWS):
            if bands * rows > SIGNATURE:
                continue
            collide = found.collide(bands, rows)
            for threshold in THRESHOLDS:
                labels = components(found.n_docs, found.pairs[collide & (found.jaccard >= threshold)])
                ari = adjusted_rand_score(gold, labels)
                tried += 1
                if ari > best_ari:
                    best, best_ari = Setting(ngram, bands, rows, threshold), ari
    return best, best_ari, tried


def tuned_groups(texts: list[str], setting: Setting) -> np.ndarray:
    return Candidates.of(signatures(texts, setting.ngram)).labels(setting.bands, setting.rows, setting.threshold)
