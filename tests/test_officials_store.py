"""What aligning copies decided, kept between builds (``annotate.officials.copy_store``): an incremental build
settles officials exactly as a full one, reading the texts of only the pairs it has not met."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging

import pytest
from conftest import build_into, differing_outputs

from build_dataset.annotate.officials import corpus
from build_dataset.annotate.officials.copy_store import STORE_FILE, CopyStore, fits
from build_dataset.annotate.officials.corpus import CORPUS_DEFAULTS, OfficialsCorpusPass
from build_dataset.core.article import Article, Official

D0 = dt.date(2031, 5, 1)
ORIGINAL = ("Trade Minister Cornelia Halvorsen met Ambassador Peter Lindqvist in Oslo on Monday to discuss tariffs. "
            "The talks covered salmon exports and shipping fees.")
COPY = ("Trade minister Kornelia Halvorssen met with ambassador Peter Lindqvist in Oslo Monday to discuss the "
        "tariffs. The talks covered exports of salmon and the fees of shipping.")


def official(name, country="NO"):
    return Official(name, country, "Minister", [name], None, "title:Minister; nil; country:title")


def article(id_, names, text, group, canonical):
    a = Article(id=id_, source_file=f"{id_}.txt", text=text, language="en", date=D0)
    a.officials, a.work.official_candidates = [official(n) for n in names], []
    a.duplicate_group, a.is_canonical = group, canonical
    return a


def story(k):
    """An original and its garbled copy (renamed), and a copy naming a stranger (left as it is)."""
    group = f"o{k}"
    return [
        article(group, ["Cornelia Halvorsen", "Peter Lindqvist"], ORIGINAL, group, True),
        article(f"c{k}", ["Kornelia Halvorssen", "Peter Lindqvist"], COPY, group, False),
        article(f"s{k}", ["Ragnhild Sunde"], "Ragnhild Sunde opened a bakery in Bergen.", group, False),
    ]


def settled(stories, store=None, monkeypatch=None):
    """Each article's officials after the pass, and the texts it read."""
    read = []
    if monkeypatch is not None:
        sentences = corpus._sentences
        monkeypatch.setattr(corpus, "_sentences", lambda text: read.append(text) or sentences(text))
    articles = [a for k in stories for a in story(k)]
    list(OfficialsCorpusPass(store=store).run(articles))
    return {a.id: a.officials for a in articles}, len(read)


@pytest.mark.parametrize(
    ("before", "after", "texts_read"),
    [
        ([0, 1], [0, 1, 2], 4),  # one story added: only its two pairs are aligned
        ([0, 1], [0, 1], 0),
        ([0, 1, 2], [1], 0),  # stories removed
        ([], [0], 4),
    ],
)
def test_a_second_pass_settles_as_one_without_the_store(tmp_path, monkeypatch, before, after, texts_read):
    store = CopyStore(tmp_path / STORE_FILE, "key")
    settled(before, store)
    found, read = settled(after, store, monkeypatch)
    assert found == settled(after)[0]
    assert read == texts_read
    assert json.loads(store.path.read_text())["pairs"].keys() == {f"{p}{k} o{k}" for k in after for p in "cs"}


def test_the_renamed_copy_takes_the_originals_name():
    found, _ = settled([0])
    assert [o.name for o in found["c0"]] == ["Cornelia Halvorsen", "Peter Lindqvist"]
    assert found["c0"][0].evidence.startswith("group:o0")
    assert [o.name for o in found["s0"]] == ["Ragnhild Sunde"]


@pytest.mark.parametrize(
    "stored",
    [
        None,  # no file
        "not json {",
        json.dumps({"key": "another", "pairs": {"c0 o0": [], "s0 o0": []}}),
        json.dumps({"key": "key", "pairs": {"c0 o0": [[0, 0, 5]], "s0 o0": "nothing"}}),
        json.dumps(["key"]),
    ],
)
def test_a_missing_corrupt_or_other_store_is_ignored(tmp_path, monkeypatch, stored):
    path = tmp_path / STORE_FILE
    if stored is not None:
        path.write_text(stored)
    found, read = settled([0], CopyStore(path, "key"), monkeypatch)
    assert found == settled([0])[0]
    assert read == 4


def test_a_stored_decision_is_applied_without_reading_texts(tmp_path, monkeypatch):
    store = CopyStore(tmp_path / STORE_FILE, "key")
    store.save({"c0 o0": [], "s0 o0": []})  # "nothing renamed", as if an earlier build had found so
    found, read = settled([0], store, monkeypatch)
    assert read == 0
    assert [o.name for o in found["c0"]] == ["Kornelia Halvorssen", "Peter Lindqvist"]


@pytest.mark.parametrize(
    ("renames", "ok"),
    [
        ([], True),
        ([[0, 0, 1]], True),
        ([[0, 0, 1], [0, 0, 0]], False),  # one position twice
        ([[0, 1, 0]], False),  # a position whose person the original spells the same
        ([[0, 0, 2]], False),  # no such person in the original
        ([[0, 0, -1]], False),
        ([[0, 0]], False),
        ([[0, 0, 1.0]], False),
        ([[0, 0, True]], False),
        ({"0": 1}, False),
        (None, False),
    ],
)
def test_a_stored_entry_fits_its_pair_or_is_aligned_again(renames, ok):
    assert fits(renames, [(0, 0)], 2) is ok


def test_the_store_key_follows_the_options(tmp_path):
    from build_dataset.annotate.officials.copy_store import store_key

    other = dataclasses.replace(CORPUS_DEFAULTS, aligned_name_min=CORPUS_DEFAULTS.aligned_name_min + 1)
    assert store_key(CORPUS_DEFAULTS, "a") != store_key(other, "a")
    assert store_key(CORPUS_DEFAULTS, "a") != store_key(CORPUS_DEFAULTS, "b")


NAMES = [("Cornelia Halvorsen", "Kornelia Halvorssen"), ("Ingrid Bakke", "Ingrit Backe"),
         ("Lars Holmgren", "Lars Holmgrenn"), ("Sigrid Aune", "Siegrid Aune")]
FILLER = ("The ministry said the proposal would be published next week after consultations with industry groups. "
          "Officials expect exporters of fish and timber to benefit most from the lower fees. "
          "Shipping companies had asked for the change since the autumn, a spokesman said. ")


def write_stories(path, count):
    with open(path, "w", encoding="utf-8") as handle:
        for k in range(count):
            right, garbled = NAMES[k % len(NAMES)]
            text = (f"Trade Minister {right} met Finance Minister Olav Strand in Oslo on day {k} of the talks. "
                    f"{FILLER}Story {k} ended with a statement on port number {k}.")
            for suffix, body in (("a", text), ("b", text.replace(right, garbled))):
                record = {"id": f"{k}{suffix}", "title": f"Talks {k}", "date": "2024-03-0{}".format(1 + k % 3),
                          "text": body}
                handle.write(json.dumps(record) + "\n")


def test_an_incremental_build_writes_the_files_of_a_full_build(tmp_path, caplog):
    write_stories(tmp_path / "before.jsonl", 6)
    write_stories(tmp_path / "after.jsonl", 7)
    cache = tmp_path / "cache"
    build_into(tmp_path / "before.jsonl", tmp_path / "out", cache_dir=cache)
    with caplog.at_level(logging.INFO, logger="build_dataset.annotate.officials.corpus"):
        build_into(tmp_path / "after.jsonl", tmp_path / "out", cache_dir=cache)
    full = build_into(tmp_path / "after.jsonl", tmp_path / "full", cache_dir=None)
    assert full.step_stats["officials_corpus_v1"].get("names_from_group", 0) > 0
    carried = [r.getMessage() for r in caplog.records if r.getMessage().startswith("copies aligned")]
    assert carried and not carried[-1].endswith(" 0 carried over")
    assert not differing_outputs(tmp_path / "full", tmp_path / "out")
