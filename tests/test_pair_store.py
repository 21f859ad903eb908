"""Pair alignments kept between builds (``dedup.pair_store``): an incremental build groups exactly as a full one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import random
import re
from collections import Counter

import numpy as np
import pytest
from conftest import build_into, differing_outputs, once_spawned_workers_started

from build_dataset.dedup import forked, spawned
from build_dataset.dedup.facts import DocFacts
from build_dataset.dedup.grouper import group_units
from build_dataset.dedup.index import build_index
from build_dataset.dedup.options import DEDUP_DEFAULTS
from build_dataset.dedup.pair_store import RELAXED, Aligned, PairStore, idf_bounds, lowest_threshold, sort_pairs
from build_dataset.dedup.relation import FactTable, verdicts
from build_dataset.dedup.score import (
    _flip_margins,
    cosine,
    covered_shares,
    covered_shares_and_matches,
    shares_of_matches,
)
from build_dataset.dedup.units import sentence_words

SYLLABLES = "ka lo mi ne ru ta vo shi pe da gu ri zo ma ko ba li sen tor wel".split()


def invented_corpus(count: int, seed: int = 3) -> list[tuple[str, str]]:
    """(id, text) of invented stories: each draws 10 sentences from a shared pool (so many pairs share a
    sentence or two without being copies); every fifth story is followed by a trimmed copy of itself."""
    rng = random.Random(seed)
    words = sorted({"".join(rng.choice(SYLLABLES) for _ in range(3)) for _ in range(500)})
    pool = [" ".join(rng.choice(words) for _ in range(rng.randint(8, 14))).capitalize() + "." for _ in range(160)]
    stories = []
    while len(stories) < count:
        sentences = rng.sample(pool, 10)
        stories.append((f"story-{len(stories):03d}", " ".join(sentences)))
        if len(stories) % 5 == 0:
            stories.append((f"story-{len(stories):03d}", " ".join(sentences[:-1])))
    return stories[:count]


def grouped(stories, store=None, options=DEDUP_DEFAULTS):
    stats = Counter()
    ids, texts = zip(*stories)
    result = group_units(list(ids), [sentence_words(t) for t in texts], stats, options=options, store=store)
    return result, stats


@pytest.mark.parametrize("added", [1, 4, 20])
def test_an_incremental_grouping_equals_a_full_one_and_carries_pairs_over(tmp_path, added):
    stories = invented_corpus(80 + added)
    store = PairStore(tmp_path / "pairs.npz")
    grouped(stories[:80], store)
    incremental = grouped(stories, store)
    assert store.bounded_pairs.any() and (store.carried_pairs & ~store.bounded_pairs).any()
    assert store.made_exact > 0 or added == 20  # bounded pairs among linked articles get this build's shares
    assert incremental == grouped(stories)


def reworded_corpus(count: int, seed: int = 11) -> tuple[list[tuple[str, str]], list[DocFacts]]:
    """``invented_corpus``'s stories, each followed by a rewording of it filed the next day: a few words of every
    sentence replaced (its sentences match loosely, not word for word), every other rewording with its sentences
    shuffled. So the verdict of a story and its rewording rests on their in-order share."""
    rng = random.Random(seed)
    stories, facts = [], []
    for k, (story_id, text) in enumerate(invented_corpus(count // 2, seed)):
        sentences = text.split(". ")
        reworded = [" ".join(w if rng.random() > 0.3 else rng.choice(SYLLABLES) * 2 for w in s.split())
                    for s in sentences]  # fmt: skip
        if k % 2:
            rng.shuffle(reworded)
        day = dt.date(2024, 3, 1) + dt.timedelta(days=2 * k)
        stories += [(story_id, text), (f"{story_id}-reworded", ". ".join(reworded))]
        facts += [DocFacts(date=day), DocFacts(date=day + dt.timedelta(days=1))]
    return stories, facts


@pytest.mark.parametrize("added", [2, 8, 30])  # 30 more articles move the idf weights past most margins
def test_in_order_shares_carried_over_give_the_verdicts_of_a_full_grouping(tmp_path, added):
    stories, facts = reworded_corpus(80 + added)
    ids, units = [i for i, _ in stories], [sentence_words(t) for _, t in stories]
    store = PairStore(tmp_path / "pairs.npz")
    group_units(ids[:80], units[:80], facts=facts[:80], store=store)
    incremental = group_units(ids, units, facts=facts, store=store)
    assert store.in_order_carried > 0 or added == 30
    assert incremental == group_units(ids, units, facts=facts)
    assert {a.relation for a in incremental} >= {"copy", None}


def test_a_changed_dedup_option_ignores_the_stored_pairs(tmp_path):
    stories = invented_corpus(84)
    store = PairStore(tmp_path / "pairs.npz")
    grouped(stories[:80], store)
    stricter = dataclasses.replace(DEDUP_DEFAULTS, sentence_match=0.45)
    assert grouped(stories, store, stricter) == grouped(stories, options=stricter)
    assert store.carried == 0
    grouped(stories, store, stricter)
    assert store.carried > 0


def test_an_article_whose_text_changed_under_its_id_is_aligned_again(tmp_path):
    stories = invented_corpus(80)
    store = PairStore(tmp_path / "pairs.npz")
    grouped(stories, store)
    edited = [(i, t if i != "story-001" else t.rsplit(". ", 2)[0] + ".") for i, t in stories]
    assert grouped(edited, store) == grouped(edited)
    assert 0 < store.carried


def test_removed_articles_leave_the_rest_grouped_as_a_full_build(tmp_path):
    stories = invented_corpus(84)
    store = PairStore(tmp_path / "pairs.npz")
    grouped(stories, store)
    fewer = stories[3:]
    assert grouped(fewer, store) == grouped(fewer)


def test_an_unreadable_store_is_ignored(tmp_path):
    stories = invented_corpus(40)
    (tmp_path / "pairs.npz").write_bytes(b"not a store")
    store = PairStore(tmp_path / "pairs.npz")
    assert grouped(stories, store) == grouped(stories)
    assert store.carried == 0


def not_asked(pairs):
    assert not len(pairs), "a pair under the lowest threshold was sent to the in-order alignment"
    return np.zeros(0)


@pytest.mark.parametrize("seed", range(5))
def test_the_verdict_of_a_pair_under_the_lowest_threshold_does_not_depend_on_its_shares(seed):
    """What carrying a pair over rests on: with every share under ``lowest_threshold`` and the cosine at the floor
    or above, ``verdicts`` decides from the pages' facts alone (a new rule on the shares must lower the bound)."""
    rng = np.random.default_rng(seed)
    days = [None, dt.date(2024, 3, 1), dt.date(2024, 3, 2)]
    outlets = [frozenset(), frozenset({"wire"}), frozenset({"daily"}), frozenset({"wire", "daily"})]
    facts = [DocFacts(days[rng.integers(3)], outlets[rng.integers(4)], bool(rng.random() < 0.2),
                      bool(rng.random() < 0.3)) for _ in range(30)]  # fmt: skip
    table = FactTable.of(facts)
    pairs = np.unique(np.sort(rng.integers(0, 30, (400, 2)), axis=1), axis=0)
    pairs = pairs[pairs[:, 0] < pairs[:, 1]]
    cos = rng.uniform(DEDUP_DEFAULTS.cos_floor, 1.0, len(pairs))
    below = lowest_threshold() * (1 - 1e-9)
    found = [verdicts(rng.uniform(0, below, (len(pairs), 4)), cos, pairs, table, not_asked) for _ in range(2)]
    for name in ("relation", "ruled_out", "nothing_shared"):
        assert np.array_equal(getattr(found[0], name), getattr(found[1], name))


def test_an_empty_or_single_corpus_is_grouped_with_a_store(tmp_path):
    store = PairStore(tmp_path / "pairs.npz")
    assert group_units([], [], store=store) == []
    assert group_units(["a"], [sentence_words("One short story about ports.")], store=store)[0].size == 1


def write_corpus(path, stories):
    with open(path, "w", encoding="utf-8") as handle:
        for k, (story_id, text) in enumerate(stories):
            record = {"id": story_id, "title": f"Report {k}", "date": f"2024-03-{1 + k % 3:02d}", "text": text}
            handle.write(json.dumps(record) + "\n")


def test_an_incremental_build_writes_the_files_of_a_full_build(tmp_path, caplog):
    stories = invented_corpus(44)
    write_corpus(tmp_path / "before.jsonl", stories[:40])
    write_corpus(tmp_path / "after.jsonl", stories)
    cache = tmp_path / "cache"
    build_into(tmp_path / "before.jsonl", tmp_path / "out", cache_dir=cache)
    with caplog.at_level(logging.INFO, logger="build_dataset.dedup.pair_store"):
        incremental = build_into(tmp_path / "after.jsonl", tmp_path / "out", cache_dir=cache)
    build_into(tmp_path / "after.jsonl", tmp_path / "full", cache_dir=None)
    assert incremental.cache_hits == 40
    carried = [re.search(r"(\d+) carried over", r.getMessage()) for r in caplog.records]
    assert [int(m.group(1)) for m in carried if m][-1] > 0
    assert not differing_outputs(tmp_path / "full", tmp_path / "out")


@pytest.mark.parametrize(("pairs", "order"), [
    ([[0, 1], [0, 2], [1, 2]], [0, 1, 2]),  # as the candidate stages give them: left as they are
    ([[1, 2], [0, 2], [0, 1]], [2, 1, 0]),
    ([[0, 2], [0, 1], [3, 4]], [1, 0, 2]),  # same first article, second out of order
    ([[5, 6]], [0]),
    ([], []),
])
def test_stored_pairs_are_sorted_by_first_then_second_article(pairs, order):
    n = len(pairs)
    pairs = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    values = np.arange(n, dtype=float)
    aligned = Aligned(np.array([], dtype=str), np.zeros(0, np.uint64), np.array([], dtype=str), np.zeros(0), pairs,
                      np.repeat(values[:, None], 4, axis=1), values, values + 10, values + 20,
                      np.repeat(values[:, None], 4, axis=1).astype(np.uint64), values + 30, values + 40, values + 50,
                      values + 60, values + 70)  # fmt: skip
    before = aligned.pairs
    sorted_ = sort_pairs(aligned)
    assert sorted_.pairs.tolist() == pairs[order].tolist() and sorted_.relaxed.tolist() == values[order].tolist()
    assert sorted_.covers[:, 0].tolist() == sorted_.relaxed.tolist() == (sorted_.hi - 20).tolist()
    assert sorted_.masks[:, 3].tolist() == sorted_.relaxed.tolist() == (sorted_.margin - 30).tolist()
    assert (sorted_.in_order - 40).tolist() == (sorted_.in_order_hi - 70).tolist() == sorted_.relaxed.tolist()
    assert (sorted_.pairs is before) == (order == sorted(order))  # no copy when already in order


def close_pairs(index):
    pairs = np.array([(i, j) for i in range(index.n_docs) for j in range(i + 1, index.n_docs)], dtype=np.int64)
    return pairs[cosine(index, pairs) >= DEDUP_DEFAULTS.cos_floor]


@pytest.mark.parametrize("count", [30, 81])
def test_the_shares_from_the_matched_sentences_are_the_aligned_shares_bit_for_bit(count):
    index = build_index([text for _, text in invented_corpus(count)])
    pairs = close_pairs(index)
    shares, matches = covered_shares_and_matches(index, pairs, RELAXED)
    known = matches.margin > 1
    assert known.sum() > len(pairs) / 2
    assert np.array_equal(shares_of_matches(index, pairs[known], matches.masks[known]), shares[known, :4])
    assert np.array_equal(shares[:, :4], covered_shares(index, pairs))


def test_matches_within_their_margin_give_the_shares_of_another_corpus_weights():
    """What carrying a pair's matches over rests on: while no idf ratio of the pair's words moves past its margin,
    the sentences it matched are the ones aligning it again matches, under any of the new weights."""
    stories = [text for _, text in invented_corpus(100)]
    before, after = build_index(stories[:80]), build_index(stories)
    pairs = close_pairs(before)
    _, matches = covered_shares_and_matches(before, pairs, RELAXED)
    lo, hi = idf_bounds(after, np.asarray(before.vocabulary, dtype=str), before.idf)
    spread = np.maximum(hi[pairs[:, 0]], hi[pairs[:, 1]]) / np.minimum(lo[pairs[:, 0]], lo[pairs[:, 1]])
    within = matches.margin > spread * (1 + 1e-9)
    assert 1.0 < spread[within].max() and within.sum() > len(pairs) / 2
    expected = covered_shares(after, pairs[within])
    assert np.array_equal(shares_of_matches(after, pairs[within], matches.masks[within]), expected)


@pytest.mark.parametrize(("shared", "smaller", "agree", "thresholds", "margin"), [
    (1.0, 1.0, True, [0.5], 2.0),  # matched: the ratio may fall by half
    (0.25, 1.0, True, [0.5], 2.0),  # not matched: the ratio may double
    (0.5, 1.0, True, [0.5], 1.0),  # on the threshold: any move may flip it
    (0.0, 1.0, True, [0.5], np.inf),  # nothing shared: no weight makes it match
    (1.0, 1.0, False, [0.5], np.inf),  # numbers disagree: never a match, whatever the weights
    (0.0, 0.0, True, [0.5], 1.0),  # a sentence without weight: not known
    (1.0, 1.0, True, [0.5, 0.8], 1.25),  # the nearer of two thresholds
])  # fmt: skip
def test_the_flip_margin_of_one_sentence_pair(shared, smaller, agree, thresholds, margin):
    found = _flip_margins(np.array([[shared]]), np.array([[smaller]]), np.array([[agree]]), thresholds,
                          np.array([0]))  # fmt: skip
    assert found.tolist() == [margin]


@pytest.mark.parametrize(("shared", "agree", "starts", "margins"), [
    # two partners (columns 0-1 and 2): each its own margin, from the sentence nearest to changing
    ([[1.0, 0.3, 0.9], [0.1, 0.0, 0.45]], [[1, 1, 1], [1, 1, 0]], [0, 2], [0.5 / 0.3, 1.8]),
    # a sentence pair near the threshold whose two sentences are matched elsewhere changes nothing
    ([[1.0, 0.49], [0.0, 1.0]], [[1, 1], [1, 1]], [0], [2.0]),
    # ... but it does when one of them is matched by nothing else
    ([[1.0, 0.49], [0.0, 0.2]], [[1, 1], [1, 1]], [0], [0.5 / 0.49]),
    # a sentence pair whose numbers disagree never matches, whatever its ratio
    ([[1.0, 0.49], [0.0, 0.2]], [[1, 0], [1, 1]], [0], [2.0]),
])  # fmt: skip
def test_the_margin_of_a_pair_comes_from_each_sentence_best_ratio(shared, agree, starts, margins):
    shared = np.array(shared)
    found = _flip_margins(shared, np.ones_like(shared), np.array(agree, dtype=bool), [0.5], np.array(starts))
    assert found.tolist() == pytest.approx(margins)


def test_an_article_with_more_sentences_than_a_mask_holds_is_always_aligned_again():
    long = " ".join(f"Sentence number {k} of the long story says something about ports and duties." for k in range(70))
    index = build_index([long, long.rsplit(" Sentence", 1)[0], "A short story about ports. And tariffs here."])
    shares, matches = covered_shares_and_matches(index, np.array([[0, 1]]), RELAXED)
    assert shares[0, 0] > 0.9 and matches.margin.tolist() == [1.0] and not matches.masks.any()


@pytest.mark.parametrize("with_store", [False, True])
def test_spawned_workers_reading_the_index_from_files_group_as_one_process_does(tmp_path, monkeypatch, with_store):
    """Where fork is not available: the workers read every array of the index from the block's files, and the driver
    its read-only copy of them (an array written after it was shared would raise); the groups and counts are those
    of one process."""
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    monkeypatch.setattr(spawned, "SHARED_ARRAY_BYTES", 0)
    monkeypatch.setattr(spawned.WorkerPool, "ready", once_spawned_workers_started)  # the workers map every item
    stories = invented_corpus(120)

    def build(count: int) -> list:
        results = []
        for n in (1, 2):
            store = PairStore(tmp_path / f"pairs-{n}.npz") if with_store else None
            stats = Counter()
            ids, texts = zip(*stories[:count])
            results.append((group_units(list(ids), [sentence_words(t) for t in texts], stats, workers=n,
                                        store=store), stats))  # fmt: skip
        return results

    one, two = build(100)
    assert one == two and one[1]["groups_with_copies"] > 0
    one, two = build(120)  # with a store: an incremental grouping, the new articles' pairs aligned
    assert one == two
