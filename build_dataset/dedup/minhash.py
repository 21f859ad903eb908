"""MinHash values of single words, numpy only: what ``datasketch.MinHash`` 2.0 (its default ``affine32``
scheme, ``sha1_hash32``) gives a one-element set, computed for a whole vocabulary at once.

A word's hash is the first 4 bytes of its SHA-1 (little-endian), mixed by the MurmurHash3 32-bit finalizer;
permutation k maps it to ``a_k * h + b_k mod 2**32`` with odd ``a_k``. The ``a``/``b`` come from
``numpy.random.RandomState(seed)`` in datasketch's order, so the values equal datasketch's bit for bit
(``tests/test_dedup.py`` checks it when datasketch is installed) without depending on its default scheme,
which changed in 2.0.
"""

from __future__ import annotations

import hashlib

import numpy as np

# MurmurHash3 fmix32: shift, multiplier, shift, multiplier, shift.
FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


def _fmix32(values: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = FMIX32
    values = values ^ (values >> np.uint32(s1))
    values = values * np.uint32(m1)
    values = values ^ (values >> np.uint32(s2))
    values = values * np.uint32(m2)
    return values ^ (values >> np.uint32(s3))


def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def word_minhashes(words: list[bytes], num_perm: int, seed: int) -> np.ndarray:
    """words x num_perm uint32: the MinHash of each one-word set."""
    hashes = np.array([int.from_bytes(hashlib.sha1(w).digest()[:4], "little") for w in words], dtype=np.uint32)
    a, b = permutations(num_perm, seed)
    with np.errstate(over="ignore"):
        return _fmix32(hashes)[:, None] * a[None, :] + b[None, :]
