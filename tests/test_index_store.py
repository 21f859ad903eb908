"""The duplicate index's rows kept between builds (``dedup.index_store``): the index an incremental build makes
from them is the one a full build makes, entry for entry."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from build_dataset.dedup.grouper import group_units
from build_dataset.dedup.index import CorpusIndex, build_index_from_words, index_of_rows
from build_dataset.dedup.index_store import IndexStore, units_digest
from build_dataset.dedup.units import encode_units, sentence_words

WORDS = "harbor crane tariff senate budget drought wheat ferry strike quota pension levy summit cargo".split()


def invented(count: int, seed: int) -> dict[str, str]:
    """id -> text: stories of a few sentences over a small vocabulary, some with a word of their own."""
    rng = random.Random(seed)
    stories = {}
    for k in range(count):
        sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 7))) + "." for _ in range(4)]
        if k % 3 == 0:
            sentences.append(f"The word own{k} appears once here.")
        stories[f"doc-{rng.randint(0, 10**6):07d}-{k}"] = " ".join(sentences)
    return stories


def encoded(stories: dict[str, str]) -> tuple[list[str], list[str]]:
    ids = sorted(stories)
    return ids, [encode_units(sentence_words(stories[i])) for i in ids]


def assert_same_index(a: CorpusIndex, b: CorpusIndex) -> None:
    assert a.vocabulary == b.vocabulary
    for name in ("tfidf", "sentences", "sentence_numbers"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.shape == y.shape, name
        for part in ("data", "indices", "indptr"):
            assert getattr(x, part).dtype == getattr(y, part).dtype, (name, part)
            assert np.array_equal(getattr(x, part), getattr(y, part)), (name, part)
    for name in ("idf", "sentence_weight", "sentence_start", "unique_word_share"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and np.array_equal(x, y), name


def full_index(stories: dict[str, str], min_words: int = 3) -> CorpusIndex:
    ids = sorted(stories)
    return build_index_from_words([sentence_words(stories[i]) for i in ids], min_words)


def stored_index(store: IndexStore, stories: dict[str, str], min_words: int = 3) -> CorpusIndex:
    ids, units = encoded(stories)
    return index_of_rows(store.rows(ids, units, min_words))


def _added(base):
    grown = dict(base)
    grown.update({f"{key}-added": text + " Another word, zebra quince, sorts at both ends." for key, text in
                  list(base.items())[:5]})  # fmt: skip
    grown["aaa-first"] = "Aardvark abacus accord. Acre adder aft."
    return grown, len(base)


def _removed(base):
    kept = dict(list(base.items())[10:])
    return kept, len(kept)  # the removed articles' own words leave the vocabulary


def _changed(base):
    changed = dict(base)
    first = sorted(base)[0]
    changed[first] = "A new text entirely. Glacier meltwater floods valley towns."
    return changed, len(base) - 1


def _emptied(base):
    emptied = dict(base)
    emptied[sorted(base)[3]] = "The. And the. Of it."  # no content word: no sentence, no word
    emptied["new-empty"] = ""
    return emptied, len(base) - 1


def _repeated_words(base):
    grown = dict(base)
    grown["repeats"] = "Tariff tariff tariff quota. Tariff quota levy levy. Wheat wheat wheat wheat."
    return grown, len(base)


@pytest.mark.parametrize("change", [_added, _removed, _changed, _emptied, _repeated_words])
def test_the_index_from_stored_rows_is_the_full_builds(tmp_path, change):
    base = invented(60, seed=5)
    store = IndexStore(tmp_path / "index.npz")
    assert_same_index(stored_index(store, base), full_index(base))
    assert store.reused == 0
    after, reused = change(base)
    assert_same_index(stored_index(store, after), full_index(after))
    assert store.reused == reused
    again = IndexStore(tmp_path / "index.npz")  # and what it saved serves the next build
    assert_same_index(stored_index(again, after), full_index(after))
    assert again.reused == len(after)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda path: path.write_bytes(b"not an npz file"),
        lambda path: path.unlink(),
        lambda path: None,  # written for another ``min_sentence_words``
    ],
)
def test_a_store_it_cannot_use_is_not_read_and_is_replaced(tmp_path, spoil):
    stories = invented(30, seed=8)
    path = tmp_path / "index.npz"
    stored_index(IndexStore(path), stories, min_words=2)
    spoil(path)
    store = IndexStore(path)
    assert_same_index(stored_index(store, stories), full_index(stories))
    assert store.reused == 0
    assert not path.with_name(path.name + ".partial").exists()
    stored_index(store, stories)
    assert store.reused == len(stories)


def test_a_store_written_by_other_source_code_is_not_read(tmp_path, monkeypatch):
    from build_dataset.dedup import index_store

    stories = invented(20, seed=9)
    stored_index(IndexStore(tmp_path / "index.npz"), stories)
    monkeypatch.setattr(index_store, "code_digest", lambda: "edited")
    store = IndexStore(tmp_path / "index.npz")
    assert_same_index(stored_index(store, stories), full_index(stories))
    assert store.reused == 0


def test_unit_digests_tell_texts_apart_and_stay_the_same_for_the_same_units():
    units = ["harbor crane\nsenate budget", "harbor crane\nsenate budgets", ""]
    digests = [units_digest(u) for u in units]
    assert len(set(digests)) == 3
    assert units_digest(" ".join(["harbor", "crane\nsenate", "budgets"])) == digests[1]


@pytest.mark.parametrize("added", [0, 3, 15])
def test_grouping_with_the_index_store_equals_grouping_without(tmp_path, added):
    stories = invented(70, seed=11)
    copies = {f"{key}-copy": text.rsplit(".", 2)[0] + "." for key, text in list(stories.items())[:10]}
    everything = {**stories, **copies}
    ids = sorted(everything)
    base_ids = ids[: len(ids) - added] if added else ids
    units = {i: sentence_words(everything[i]) for i in ids}
    store = IndexStore(tmp_path / "index.npz")
    group_units(base_ids, [units[i] for i in base_ids], Counter(), index_store=store)
    with_store = group_units(ids, [units[i] for i in ids], Counter(), index_store=store)
    assert store.reused == len(base_ids)
    assert with_store == group_units(ids, [units[i] for i in ids], Counter())
    assert any(not a.is_canonical for a in with_store)  # the copies were grouped: the index was used
