"""The disk-staged duplicate stage gives the in-memory stage's candidate pairs, whatever the number of files it
splits them into, and its edge and component stages find what they should on invented corpora."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from build_dataset.dedup import staged_lsh
from build_dataset.dedup.candidates import band_pairs, candidate_pairs
from build_dataset.dedup.index import build_index
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions
from build_dataset.dedup.staged_lsh import (
    LshLayout,
    candidate_pair_files,
    components,
    index_signatures,
    scored_edges,
    signature_agreement,
    staged_candidate_pairs,
    write_signatures,
)

SYLLABLES = ["ka", "lo", "mir", "ten", "vu", "sha", "pel", "dor", "qui", "zan", "bre", "tox"]


def invented_corpus(seed: int, stories: int = 30) -> list[str]:
    """Made-up words in made-up stories; some stories get copies that keep, drop or reword sentences, and a
    footer line under more than ``max_bucket_docs`` of them fills one crowded bucket."""
    rng = random.Random(seed)
    vocabulary = sorted({"".join(rng.choices(SYLLABLES, k=3)) for _ in range(400)})

    def sentence() -> str:
        return " ".join(rng.choices(vocabulary, k=rng.randint(4, 12))) + "."

    footer = "Zanbretox kalomir vushapel dorquizan tenvupel."
    texts = []
    for number in range(stories):
        body = [sentence() for _ in range(rng.randint(1, 8))]
        texts.append(" ".join(body + ([footer] if number % 5 else [])))
        for _ in range(rng.choice([0, 0, 1, 3])):
            kept = [s if rng.random() < 0.8 else sentence() for s in body if rng.random() < 0.7]
            texts.append(" ".join(kept + [footer]))
    assert sum(footer in t for t in texts) > DEDUP_DEFAULTS.max_bucket_docs
    return texts


def staged(index, tmp_path, bucket_files: int, pair_files: int) -> np.ndarray:
    layout = LshLayout(tmp_path / f"lsh-{bucket_files}-{pair_files}", index.n_docs, bucket_files, pair_files)
    write_signatures(layout, index_signatures(index, layout.num_perm))
    found = [np.fromfile(path, dtype=np.int64).reshape(-1, 2) for path in candidate_pair_files(layout)]
    return np.concatenate(found)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(("bucket_files", "pair_files"), [(1, 1), (3, 4), (7, 2)])
def test_staged_candidates_equal_the_in_memory_candidates(tmp_path, seed, bucket_files, pair_files):
    index = build_index(invented_corpus(seed))
    expected = candidate_pairs(index)
    found = staged(index, tmp_path, bucket_files, pair_files)
    assert len(expected) > index.n_docs
    assert found.dtype == expected.dtype and found.tolist() == expected.tolist()


@pytest.mark.parametrize("docs_per_pair_file", [staged_lsh.DOCS_PER_PAIR_FILE, 7, 1])  # 1, 7 or 40+ pair files
def test_the_build_entry_point_equals_the_in_memory_candidates(tmp_path, monkeypatch, docs_per_pair_file):
    monkeypatch.setattr(staged_lsh, "DOCS_PER_PAIR_FILE", docs_per_pair_file)
    index = build_index(invented_corpus(5))
    found, expected = staged_candidate_pairs(index, folder=tmp_path), candidate_pairs(index)
    assert found.dtype == expected.dtype and found.tolist() == expected.tolist()
    assert not any(tmp_path.iterdir()), "the temporary folder is removed"


@pytest.mark.parametrize(("bands", "rows", "max_bucket_docs"), [(4, 2, 5), (12, 4, 50)])
def test_the_staged_stage_follows_the_lsh_shape_it_is_given(bands, rows, max_bucket_docs):
    index = build_index(invented_corpus(3))
    options = DedupOptions(lsh_bands=bands, lsh_rows=rows, max_bucket_docs=max_bucket_docs)
    assert staged_candidate_pairs(index, options).tolist() == candidate_pairs(index, options).tolist()


@pytest.mark.parametrize("texts", [[], ["", "..."], ["One lonely sentence here."]])
def test_corpora_without_pairs_give_none(texts):
    index = build_index(texts)
    found = staged_candidate_pairs(index)
    assert found.shape == (0, 2) and found.dtype == np.int64
    assert found.tolist() == candidate_pairs(index).tolist()


@pytest.mark.parametrize("seed", [0, 1])
def test_components_equal_scipys_on_random_graphs(tmp_path, seed, monkeypatch):
    rng = np.random.default_rng(seed)
    n_docs = 500
    edges = np.sort(rng.integers(0, n_docs, size=(300, 2)), axis=1)
    path = tmp_path / "edges.bin"
    edges.astype(np.int64).tofile(path)
    monkeypatch.setattr("build_dataset.dedup.staged_lsh.EDGE_CHUNK", 17)  # many chunks, joined one by one
    graph = coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n_docs, n_docs))
    _, expected = connected_components(graph, directed=False)
    found = components(n_docs, [path, tmp_path / "absent.bin"])
    smallest = {}
    for doc, label in enumerate(expected):
        smallest.setdefault(label, doc)
    assert found.tolist() == [smallest[label] for label in expected]


def test_edges_keep_the_pairs_scoring_at_least_the_threshold(tmp_path):
    layout = LshLayout(tmp_path, 6)
    pairs = np.array([[0, 1], [0, 2], [3, 4], [4, 5]], dtype=np.int64)
    pairs.tofile(tmp_path / "pairs.bin")
    scores = {(0, 1): 0.9, (0, 2): 0.2, (3, 4): 0.5, (4, 5): 0.49}
    [path] = scored_edges(layout, [tmp_path / "pairs.bin"], lambda p: np.array([scores[tuple(x)] for x in p]), 0.5)
    assert np.fromfile(path, dtype=np.int64).reshape(-1, 2).tolist() == [[0, 1], [3, 4]]
    assert np.fromfile(path.with_suffix(".scores"), dtype=np.float32).tolist() == pytest.approx([0.9, 0.5])


def test_document_signatures_find_planted_copies_end_to_end(tmp_path, monkeypatch):
    """Whole-document signatures of random word sets: copies that lose a tenth of their words are found and
    joined; unrelated documents stay apart."""
    for name, value in (("SCORE_CHUNK", 5), ("SIGNATURE_BLOCK", 7), ("EDGE_CHUNK", 3)):  # many of each
        monkeypatch.setattr(f"build_dataset.dedup.staged_lsh.{name}", value)
    rng = np.random.default_rng(3)
    table = rng.integers(0, 2**32, size=(5000, DEDUP_DEFAULTS.lsh_bands * DEDUP_DEFAULTS.lsh_rows), dtype=np.uint32)
    originals = [rng.choice(5000, size=60, replace=False) for _ in range(40)]
    docs = [*originals, *(o[rng.random(60) > 0.1] for o in originals[:10]), *(o[:54] for o in originals[:5])]
    hashes = np.stack([table[words].min(axis=0) for words in docs])
    layout = LshLayout(tmp_path, len(docs), bucket_files=2, pair_files=3, keeps_signatures=True)
    write_signatures(layout, [(hashes[:25], np.arange(25)), (hashes[25:], np.arange(25, len(docs)))])
    edges = scored_edges(layout, candidate_pair_files(layout), signature_agreement(layout), 0.5)
    label = components(len(docs), edges)
    planted = list(range(40)) + list(range(10)) + list(range(5))
    assert label.tolist() == planted


def test_a_pair_reaches_the_pair_files_at_most_once_per_band_however_many_sentences_it_shares(tmp_path, monkeypatch):
    from build_dataset.dedup import staged_lsh

    sentences = [f"Story {n} sentence {k} kalomir vushapel dorquizan tenvupel." for n in range(4) for k in range(9)]
    texts = [" ".join(sentences[n * 9 : n * 9 + 9]) for n in range(4)] * 3  # three copies of each, nine sentences
    index = build_index([f"{t} Copy {k}." for k, t in enumerate(texts)])
    written = []
    read = staged_lsh._read_rows

    def read_rows(path, width, dtype=staged_lsh.PAIR):
        rows = read(path, width, dtype)
        if path.parent.name == "pairs":
            written.append(len(rows))
        return rows

    monkeypatch.setattr(staged_lsh, "_read_rows", read_rows)
    layout = LshLayout(tmp_path / "lsh", index.n_docs)
    write_signatures(layout, index_signatures(index, layout.num_perm))
    found = np.concatenate([np.fromfile(p, dtype=np.int64).reshape(-1, 2) for p in candidate_pair_files(layout)])
    assert found.tolist() == candidate_pairs(index).tolist() and len(found) >= 4 * 3
    assert sum(written) <= layout.bands * len(found)


@pytest.mark.parametrize(
    "pairs",
    [
        [],
        [[0, 0]],
        [[3, 7], [1, 2], [3, 7], [1, 2], [0, 9]],  # repeats, unsorted
        [[5, 1], [5, 0], [4, 6], [5, 1]],  # a larger j before a smaller one
        [[0, 10**6], [10**6 - 1, 10**6]],  # ids past the 32-bit products
    ],
)
def test_distinct_pairs_are_the_sorted_distinct_rows(pairs):
    from build_dataset.dedup.candidates import distinct_pairs

    given = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    expected = np.unique(given, axis=0) if len(given) else given
    found = distinct_pairs(given)
    assert found.dtype == np.int64 and found.shape == expected.shape
    assert found.tolist() == expected.tolist()


@pytest.mark.parametrize("values", [[], [7], [3, 3, 3], [5, -2, 5, 9, -2, 0], [2**62, 1, 2**62]])
def test_sorted_distinct_is_numpys_unique(values):
    from build_dataset.dedup.candidates import sorted_distinct

    given = np.array(values, dtype=np.int64)
    found = sorted_distinct(given)
    assert found.dtype == given.dtype and found.tolist() == np.unique(given).tolist()


@pytest.mark.parametrize(
    ("haystack", "needles", "found"),
    [
        ([], [3, 5], [False, False]),  # nothing stored
        ([2, 4, 9], [4, 9, 2], [True, True, True]),
        ([2, 4, 9], [1, 5, 10], [False, False, False]),  # before, between, past the last
        ([2, 4, 9], [], []),
    ],
)
def test_sorted_lookup_finds_what_is_there_and_only_that(haystack, needles, found):
    from build_dataset.dedup.candidates import sorted_lookup

    stored, wanted = np.array(haystack, dtype=np.int64), np.array(needles, dtype=np.int64)
    at, there = sorted_lookup(stored, wanted)
    assert there.tolist() == found
    assert all(stored[k] == n for k, n, hit in zip(at.tolist(), needles, found) if hit)


def test_pair_codes_order_pairs_as_rows_past_32_bits():
    from build_dataset.dedup.candidates import pair_codes

    pairs = np.array([[10**6 - 1, 10**6], [0, 10**6], [10**6 - 1, 3]], dtype=np.int32)
    codes = pair_codes(pairs, 10**6 + 1)
    assert codes.dtype == np.int64
    assert np.argsort(codes).tolist() == [1, 2, 0]


def pairs_one_bucket_at_a_time(keys: np.ndarray, docs: np.ndarray, max_bucket_docs: int) -> set[tuple[int, int]]:
    """``band_pairs``'s rule written plainly: every pair of a bucket's distinct documents, or in a bucket of more
    than ``max_bucket_docs``, each document and the next."""
    buckets: dict[tuple, set[int]] = {}
    for key, doc in zip(map(tuple, keys.tolist()), docs.tolist()):
        buckets.setdefault(key, set()).add(doc)
    found = set()
    for members in map(sorted, buckets.values()):
        if len(members) > max_bucket_docs:
            found |= set(zip(members, members[1:]))
        else:
            found |= {(a, b) for k, a in enumerate(members) for b in members[k + 1 :]}
    return found


@pytest.mark.parametrize(
    ("keys", "docs", "max_bucket_docs", "expected"),
    [
        ([[1], [1], [2]], [5, 3, 9], 4, {(3, 5)}),  # a lone document in its bucket gives nothing
        ([[1], [1], [1]], [4, 4, 4], 4, set()),  # one document's sentences: no pair
        ([[7], [7], [7], [7]], [8, 2, 6, 4], 3, {(2, 4), (4, 6), (6, 8)}),  # crowded: neighbours in id order
        ([[7], [7], [7]], [8, 2, 6], 3, {(2, 6), (2, 8), (6, 8)}),  # at the limit: every pair
        ([[1, 2], [1, 3], [1, 2]], [0, 1, 2], 4, {(0, 2)}),  # a key is every row value of the band
        ([], [], 4, set()),
    ],
)
def test_band_pairs_pair_the_documents_of_each_bucket(keys, docs, max_bucket_docs, expected):
    keys = np.array(keys, dtype=np.uint32).reshape(len(docs), -1) if docs else np.zeros((0, 1), dtype=np.uint32)
    found = band_pairs(keys, np.array(docs, dtype=np.int64), max_bucket_docs)
    assert found.dtype == np.int64 and found.shape[1] == 2
    assert sorted(map(tuple, found.tolist())) == sorted(expected)


@pytest.mark.parametrize("seed", range(5))
def test_band_pairs_follow_the_bucket_rule_on_random_buckets(seed):
    rng = np.random.default_rng(seed)
    keys = rng.integers(0, 40, size=(600, 2)).astype(np.uint32)
    docs = rng.integers(0, 300, size=600)
    found = band_pairs(keys, docs, max_bucket_docs=3)
    assert set(map(tuple, found.tolist())) == pairs_one_bucket_at_a_time(keys, docs, 3)
