"""The duplicate candidate stage on disk, in the style of datatrove's MinHash stages 1-4: each stage reads the
files the one before wrote, so memory is bounded by one chunk of signatures, one bucket partition of one band
or one chunk of pairs, whatever the size of the corpus.

1. ``write_signatures``: each item (a sentence in the build, a whole document in the benchmark) has its MinHash;
   per band, its key (``lsh_rows`` values) and its document are appended to one of the band's bucket files, chosen
   by the key (so a bucket never spans two files). ``LshLayout.keeps_signatures``: documents' whole signatures
   are kept too, for ``signature_agreement``.
2. ``candidate_pair_files``: one (band, bucket file) at a time is read and sorted; each bucket of two or more
   documents gives its pairs (``candidates.band_pairs``, the same rule for crowded buckets), appended to pair
   files by their first document; each pair file is then sorted and deduplicated. Read in order, the files
   hold exactly ``candidates.candidate_pairs``'s result.
3. ``scored_edges``: a scorer maps each chunk of candidate pairs to scores; the pairs scoring at least the
   threshold are the edges.
4. ``components``: union-find over the edge files, a chunk of edges at a time; each document is labelled with the
   smallest document of its connected component.

The build runs stages 1-2 for its candidate pairs (``staged_candidate_pairs``); its scoring and clustering
need the corpus index and stay in ``grouper``. ``benchmarks/dedup_signatures.py`` runs all four.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from build_dataset.dedup.candidates import band_keys, band_pairs, distinct_pairs, minhashes_of_rows, word_hashes
from build_dataset.dedup.index import CorpusIndex
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions

# Items per bucket file of a band: a file is read and sorted whole (32 bytes an item, a few times that while
# sorting), so 250k items keep stage 2 under ~50 MB; the build's corpora (Reuters: ~0.3M sentences) need two.
ITEMS_PER_BUCKET_FILE = 250_000
# Documents per pair file, whose pairs are sorted at once: the scale benchmark's 100k Reuters row (77,657 kept
# articles, most of them perturbed copies) gave 67 pairs per document before removing the ones several bands found
# (5.2M in one file at 100,000: ~200 MB of the driver's peak), so 20k documents make ~1.3M pairs (21 MB).
DOCS_PER_PAIR_FILE = 20_000
# Sentences MinHashed at once in the build: each gathers its words' values (~9 words x 24 values x 4 bytes on
# Reuters), so 10k sentences take ~10 MB whatever the corpus's size (50k took ~50 MB, the driver's largest
# transient after the index); the files written are the same for any chunk.
SIGNATURE_CHUNK = 10_000
# Edges joined at once (16 bytes each, a few times that in the union step).
EDGE_CHUNK = 1_000_000
# Pairs scored at once by ``signature_agreement`` (both documents' signatures, ~200 bytes a pair), and documents'
# signatures read at once while gathering them.
SCORE_CHUNK = 100_000
SIGNATURE_BLOCK = 100_000
PAIR = np.dtype(np.int64)


@dataclass(frozen=True)
class LshLayout:
    """The stages' files under ``folder`` for a corpus of ``n_docs`` documents, and the LSH shape they hold
    (``dedup.options``: bands of rows, the crowded-bucket rule)."""

    folder: Path
    n_docs: int
    bucket_files: int = 1  # per band
    pair_files: int = 1
    keeps_signatures: bool = False
    bands: int = DEDUP_DEFAULTS.lsh_bands
    rows: int = DEDUP_DEFAULTS.lsh_rows
    max_bucket_docs: int = DEDUP_DEFAULTS.max_bucket_docs

    @classmethod
    def sized(
        cls, folder: Path, n_docs: int, n_items: int, keeps_signatures: bool = False,
        options: DedupOptions = DEDUP_DEFAULTS,
    ) -> LshLayout:  # fmt: skip
        return cls(
            Path(folder),
            n_docs,
            max(1, math.ceil(n_items / ITEMS_PER_BUCKET_FILE)),
            max(1, math.ceil(n_docs / DOCS_PER_PAIR_FILE)),
            keeps_signatures,
            options.lsh_bands,
            options.lsh_rows,
            options.max_bucket_docs,
        )

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows

    @property
    def signature_bytes(self) -> int:
        return self.num_perm * 4

    def bucket_path(self, band: int, part: int) -> Path:
        return self.folder / "buckets" / f"band{band:02d}-part{part:04d}.bin"

    def pair_path(self, part: int, stage: str) -> Path:
        return self.folder / stage / f"part{part:04d}.bin"

    @property
    def signature_path(self) -> Path:
        return self.folder / "signatures.bin"

    def pair_part(self, first_docs: np.ndarray) -> np.ndarray:
        return first_docs * self.pair_files // max(self.n_docs, 1)


def _read_rows(path: Path, width: int, dtype=PAIR) -> np.ndarray:
    if not path.exists():
        return np.zeros((0, width), dtype=dtype)
    return np.fromfile(path, dtype=dtype).reshape(-1, width)


def _chunks_of(path: Path, width: int, rows: int) -> Iterator[np.ndarray]:
    """The rows of an int64 file, ``rows`` at a time."""
    total = path.stat().st_size // (width * PAIR.itemsize) if path.exists() else 0
    for start in range(0, total, rows):
        count = min(rows, total - start) * width
        yield np.fromfile(path, PAIR, count, offset=start * width * PAIR.itemsize).reshape(-1, width)


def write_signatures(layout: LshLayout, chunks: Iterable[tuple[np.ndarray, np.ndarray]]) -> int:
    """Stage 1: ``chunks`` of (items x ``num_perm`` MinHashes, each item's document); returns the items written."""
    layout.folder.joinpath("buckets").mkdir(parents=True, exist_ok=True)
    written = 0
    with ExitStack() as files:
        signatures = files.enter_context(open(layout.signature_path, "wb")) if layout.keeps_signatures else None
        if signatures is not None:
            signatures.truncate(layout.n_docs * layout.signature_bytes)
        handles = {
            (band, part): files.enter_context(open(layout.bucket_path(band, part), "wb"))
            for band in range(layout.bands)
            for part in range(layout.bucket_files)
        }
        for hashes, docs in chunks:
            docs = np.asarray(docs, dtype=np.int64)
            if signatures is not None:
                _write_rows(signatures.fileno(), hashes, docs, layout.signature_bytes)
            for band in range(layout.bands):
                keys = band_keys(hashes, band, layout.rows).astype(np.int64)
                rows = np.concatenate([keys, docs[:, None]], axis=1)
                part = np.bitwise_xor.reduce(keys, axis=1) % layout.bucket_files
                for k in np.unique(part):
                    handles[band, int(k)].write(rows[part == k].tobytes())
            written += len(docs)
    return written


def _write_rows(fd: int, hashes: np.ndarray, docs: np.ndarray, row_bytes: int) -> None:
    """Each document's signature at its place in the file, written (not mapped: the file never counts as the
    process's memory)."""
    rows = np.ascontiguousarray(hashes, dtype=np.uint32)
    for doc, row in zip(docs.tolist(), rows):
        os.pwrite(fd, row.data, doc * row_bytes)


def _signature_rows(layout: LshLayout, docs: np.ndarray) -> np.ndarray:
    """The kept signatures of the sorted distinct ``docs``, reading the file a block of documents at a time."""
    found = np.zeros((len(docs), layout.num_perm), dtype=np.uint32)
    bounds = np.searchsorted(docs, np.arange(0, layout.n_docs + SIGNATURE_BLOCK, SIGNATURE_BLOCK))
    for block, (first, last) in enumerate(zip(bounds[:-1], bounds[1:])):
        if first == last:
            continue
        start = block * SIGNATURE_BLOCK
        count = min(SIGNATURE_BLOCK, layout.n_docs - start) * layout.num_perm
        rows = np.fromfile(layout.signature_path, np.uint32, count, offset=start * layout.signature_bytes)
        found[first:last] = rows.reshape(-1, layout.num_perm)[docs[first:last] - start]
    return found


def candidate_pair_files(layout: LshLayout) -> list[Path]:
    """Stage 2: the unique candidate pairs (i < j), sorted, in ``pair_files`` files read in order."""
    for stage in ("pairs", "unique"):
        layout.folder.joinpath(stage).mkdir(parents=True, exist_ok=True)
    with ExitStack() as files:
        handles = [files.enter_context(open(layout.pair_path(p, "pairs"), "wb")) for p in range(layout.pair_files)]
        for band in range(layout.bands):
            for part in range(layout.bucket_files):
                rows = _read_rows(layout.bucket_path(band, part), layout.rows + 1)
                # a pair of documents is found once per bucket of the band they share (copies: once per sentence)
                found = band_pairs(rows[:, : layout.rows], rows[:, layout.rows], layout.max_bucket_docs)
                pairs = distinct_pairs(found)
                target = layout.pair_part(pairs[:, 0])
                for k in np.unique(target):
                    handles[int(k)].write(pairs[target == k].tobytes())
    paths = []
    for part in range(layout.pair_files):
        paths.append(layout.pair_path(part, "unique"))
        distinct_pairs(_read_rows(layout.pair_path(part, "pairs"), 2)).tofile(paths[-1])
        layout.pair_path(part, "pairs").unlink()
    return paths


def scored_edges(
    layout: LshLayout, pair_files: list[Path], score: Callable[[np.ndarray], np.ndarray], threshold: float
) -> list[Path]:
    """Stage 3: the pairs that ``score`` (a chunk of pairs -> one score each) puts at ``threshold`` or more, in
    one file per pair file; each edge file has a float32 file of the edges' scores beside it."""
    layout.folder.joinpath("edges").mkdir(parents=True, exist_ok=True)
    paths = []
    for part, path in enumerate(pair_files):
        paths.append(layout.pair_path(part, "edges"))
        with open(paths[-1], "wb") as edges, open(paths[-1].with_suffix(".scores"), "wb") as scores:
            for pairs in _chunks_of(path, 2, SCORE_CHUNK):
                found = np.asarray(score(pairs))
                kept = found >= threshold
                edges.write(pairs[kept].tobytes())
                scores.write(found[kept].astype(np.float32).tobytes())
    return paths


def components(n_docs: int, edge_files: list[Path]) -> np.ndarray:
    """Stage 4: per document, the smallest document of its connected component (itself when it has no edge).

    Union-find with every document pointing at its component's current smallest member: a chunk of edges joins
    those members (``connected_components`` on the few it touches), then every document follows its member."""
    label = np.arange(n_docs, dtype=np.int64)
    for path in edge_files:
        for edges in _chunks_of(path, 2, EDGE_CHUNK):
            ends = label[edges.ravel()]
            touched, inverse = np.unique(ends, return_inverse=True)
            inverse = inverse.reshape(-1, 2)
            graph = coo_matrix((np.ones(len(edges)), (inverse[:, 0], inverse[:, 1])), shape=(len(touched),) * 2)
            _, joined = connected_components(graph, directed=False)
            smallest = np.full(joined.max() + 1, n_docs, dtype=np.int64)
            np.minimum.at(smallest, joined, touched)
            position = np.minimum(np.searchsorted(touched, label), len(touched) - 1)
            moved = touched[position] == label
            label[moved] = smallest[joined[position[moved]]]
    return label


def signature_agreement(layout: LshLayout) -> Callable[[np.ndarray], np.ndarray]:
    """A scorer for ``scored_edges`` when the items are documents: the share of equal MinHash values of the two
    documents' kept signatures, an estimate of their words' Jaccard similarity."""

    def score(pairs: np.ndarray) -> np.ndarray:
        docs, inverse = np.unique(pairs, return_inverse=True)
        signatures = _signature_rows(layout, docs)
        inverse = inverse.reshape(-1, 2)
        return (signatures[inverse[:, 0]] == signatures[inverse[:, 1]]).mean(axis=1)

    return score


def index_signatures(index: CorpusIndex, num_perm: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Each sentence's MinHash (as ``candidates.sentence_minhashes``) with its document, a chunk at a time."""
    table = word_hashes(index.vocabulary, num_perm)
    docs = index.sentence_doc
    for start in range(0, index.sentences.shape[0], SIGNATURE_CHUNK):
        stop = start + SIGNATURE_CHUNK
        yield minhashes_of_rows(table, index.sentences[start:stop]), docs[start:stop]


def staged_candidate_pairs(
    index: CorpusIndex, options: DedupOptions = DEDUP_DEFAULTS, folder: Path | None = None
) -> np.ndarray:
    """``candidates.candidate_pairs`` through the files of stages 1-2 (in a temporary folder unless given)."""
    with tempfile.TemporaryDirectory(prefix="lsh-", dir=folder) as work:
        layout = LshLayout.sized(Path(work), index.n_docs, index.sentences.shape[0], options=options)
        write_signatures(layout, index_signatures(index, layout.num_perm))
        return _concatenated_rows(candidate_pair_files(layout), 2)


def _concatenated_rows(paths: list[Path], width: int) -> np.ndarray:
    """The int64 rows of the files, in order, in one array (read a file at a time into it: no second copy)."""
    counts = [path.stat().st_size // (width * PAIR.itemsize) for path in paths]
    rows = np.zeros((sum(counts), width), dtype=PAIR)
    start = 0
    for path, count in zip(paths, counts):
        rows[start : start + count] = _read_rows(path, width)
        start += count
    return rows
