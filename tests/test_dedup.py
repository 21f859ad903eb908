"""Duplicate groups: copies of one story (exact, reposted with boilerplate, trimmed, garbled by machine
translation) share a group; an independent article about the same event and an unrelated one do not."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from itertools import islice
from pathlib import Path

import numpy as np
import pytest

from build_dataset.core.article import Article
from build_dataset.core.text import split_sentences
from build_dataset.dedup.grouper import DuplicateGrouper, group_texts
from build_dataset.dedup.units import (
    ADDRESS,
    STOP_WORDS,
    DedupUnitsAnnotator,
    content_words,
    decode_units,
    doc_words,
    encode_units,
    sentence_word_sets,
    sentence_words,
)

ORIGINAL = """\
Foreign Minister Han Ji-won met her Japanese counterpart Kenji Morimoto in Busan on Tuesday and agreed to \
restart regular consultations on export controls that were suspended four years ago.

The two ministers talked for about 90 minutes at a hotel overlooking the harbour, the foreign ministry said \
in a statement released after the meeting.

Han told Morimoto that Seoul wants the fishing quota dispute settled before the autumn season opens in \
September, according to the statement.

Morimoto said Tokyo would send a delegation of fisheries officials to Seoul next month to prepare a draft \
agreement on the quotas.

The ministers also agreed to hold a trilateral meeting with the United States on maritime security \
before the end of the year.

Relations between the neighbours have improved since the two governments settled a row over wartime \
labour compensation in March.

Opposition lawmakers in Seoul criticised the talks, saying the government had given up too much to win \
the resumption of the export dialogue."""

REPOST = """\
Coastal Herald | News | Politics | Business | Sport
This site stores cookies on your device to personalise content. Accept or manage cookies.

""" + ORIGINAL + """

Share this article: Facebook Twitter Email
Copyright Coastal Herald. All rights reserved."""

TRIMMED = """\
BUSAN, South Korea (AP) -- Foreign Minister Han Ji-won met her Japanese counterpart Kenji Morimoto in Busan \
on Tuesday and agreed to restart regular consultations on export controls that were suspended four years ago.

Han told Morimoto that Seoul wants the fishing quota dispute settled before the autumn season opens in \
September, according to the statement.

Morimoto said Tokyo would send a delegation of fisheries officials to Seoul next month to prepare a draft \
agreement on the quotas."""

GARBLED = """\
Minister of Foreign Affairs Hahn Chi-won on Tuesday met with her Japanese homologue Kendji Morimotto in \
Pusan and agreed to resume the regular consultations about export controls, which were suspended four \
years before.

According to the ministry of foreign affairs in a statement published after the meeting, both ministers \
spoke for about 90 minutes in a hotel with a view of the harbour.

Hahn said to Morimotto that Seoul wishes the dispute of the fishing quota to be settled before the autumn \
season is opening in September, the statement said.

Tokyo would send to Seoul next month a delegation of fisheries officials to prepare a draft of agreement \
on the quotas, Morimotto said.

Also the ministers agreed to hold before the end of the year a trilateral meeting on maritime security \
with the United States.

Since the two governments settled in March a quarrel about wartime labour compensation, the relations of \
the neighbours have improved.

Opposition lawmakers of Seoul criticised the talks, they said the government gave up too much to win the \
resumption of the export dialogue."""

SAME_EVENT = """\
South Korea and Japan will resume their export-control dialogue after a four-year pause, Japanese Foreign \
Minister Kenji Morimoto told reporters in Busan on Tuesday after talks with Han Ji-won.

Morimoto described the meeting as frank and said both sides wanted to build on the momentum of the labour \
compensation deal reached in March.

Analysts in Tokyo said the decision reflects pressure from business groups, which have complained that \
the suspended consultations left exporters of chemicals and machinery facing months of paperwork.

Han is expected to visit Tokyo in the autumn, a Japanese government source said, although no date has \
been set.

The fishing quota issue remains the main obstacle, with fishermen on both sides demanding larger catches \
in the waters between the two countries."""

UNRELATED = """\
The central bank kept its benchmark interest rate unchanged at 3.5 percent on Thursday, citing slowing \
inflation and weak household spending.

Governor Park Min-soo told a news conference that the board would watch housing prices closely before \
considering any cut later this year.

Economists had widely expected the decision, and bond yields barely moved after the announcement."""

HEX_ID = re.compile(r"^[0-9a-f]{16}$")
IDS = {
    "original": "0a0a0a0a0a0a0a0a",
    "repost": "1b1b1b1b1b1b1b1b",
    "trimmed": "2c2c2c2c2c2c2c2c",
    "garbled": "3d3d3d3d3d3d3d3d",
    "same_event": "4e4e4e4e4e4e4e4e",
    "unrelated": "5f5f5f5f5f5f5f5f",
}
TEXTS = {
    "original": ORIGINAL,
    "repost": REPOST,
    "trimmed": TRIMMED,
    "garbled": GARBLED,
    "same_event": SAME_EVENT,
    "unrelated": UNRELATED,
}


def groups_by_name(names: list[str]) -> dict[str, object]:
    assignments = group_texts([IDS[n] for n in names], [TEXTS[n] for n in names])
    return dict(zip(names, assignments))


@pytest.mark.parametrize(
    ("copy", "same_group"),
    [
        ("original", True),  # the same text again (under another id): an exact copy
        ("repost", True),  # other site furniture around the same body
        ("trimmed", True),  # a wire copy with a dateline and the middle and end cut
        ("garbled", True),  # machine translation: garbled names, synonyms, reordered clauses
        ("same_event", False),  # written independently about the same meeting: must stay apart
        ("unrelated", False),
    ],
)
def test_a_copy_joins_the_original_and_other_articles_do_not(copy, same_group):
    ids = [IDS["original"], "9999999999999999" if copy == "original" else IDS[copy]]
    first, second = group_texts(ids, [ORIGINAL, TEXTS[copy]])
    assert (first.group == second.group) is same_group


def test_the_whole_corpus_groups_the_four_copies_and_leaves_the_rest_alone():
    result = groups_by_name(list(TEXTS))
    story = {result[n].group for n in ("original", "repost", "trimmed", "garbled")}
    assert len(story) == 1
    assert result["same_event"].group not in story
    assert result["unrelated"].group not in story
    assert result["original"].size == 4


@pytest.mark.parametrize("name", ["same_event", "unrelated"])
def test_an_article_without_copies_is_a_singleton_group_of_its_own(name):
    assignment = groups_by_name(list(TEXTS))[name]
    assert (assignment.group, assignment.is_canonical, assignment.duplicate_of) == (IDS[name], True, None)
    assert (assignment.score, assignment.size) == (None, 1)


def test_the_canonical_is_the_complete_original_not_a_trimmed_or_garbled_copy():
    result = groups_by_name(["trimmed", "garbled", "original"])
    assert result["original"].is_canonical
    assert result["trimmed"].group == IDS["original"]


def test_group_fields_are_consistent():
    assignments = group_texts(list(IDS.values()), list(TEXTS.values()))
    canonicals = Counter(a.group for a in assignments if a.is_canonical)
    sizes = Counter(a.group for a in assignments)
    assert all(HEX_ID.match(a.group) for a in assignments)
    assert all(canonicals[group] == 1 for group in sizes)
    for a in assignments:
        assert a.size == sizes[a.group]
        assert (a.duplicate_of is None) is a.is_canonical
        assert a.score is None if a.is_canonical else 0.0 <= a.score <= 1.0


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0], [2, 5, 0, 3, 1, 4]])
def test_groups_and_canonicals_do_not_depend_on_input_order_or_reruns(order):
    names = list(TEXTS)
    reference = dict(zip(names, group_texts([IDS[n] for n in names], [TEXTS[n] for n in names])))
    shuffled = [names[k] for k in order]
    for _ in range(2):
        again = dict(zip(shuffled, group_texts([IDS[n] for n in shuffled], [TEXTS[n] for n in shuffled])))
        assert again == reference


@pytest.mark.parametrize(
    ("ids", "texts", "expected_groups"),
    [
        ([], [], []),
        (["aaaaaaaaaaaaaaaa"], [""], ["aaaaaaaaaaaaaaaa"]),  # an empty text is a singleton
        (["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"], ["", ""], ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]),
        (["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"], ["서울 정상 회담", "서울 정상 회담"], ["aaaaaaaaaaaaaaaa"] * 2),
    ],
)
def test_edge_inputs_never_raise(ids, texts, expected_groups):
    assert [a.group for a in group_texts(ids, texts)] == expected_groups


def test_repeated_ids_are_refused():
    with pytest.raises(ValueError, match="distinct ids"):
        group_texts(["aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa"], [ORIGINAL, ORIGINAL])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shr eight cts vs 5 cts.", ["shr", "8", "cts", "vs", "5", "cts"]),  # number words become figures
        ("Net 4,466,006 vs 1.48 in Séoul.", ["net", "4,466,006", "vs", "1.48", "seoul"]),
        ("He said it was the one.", ["said", "1"]),
    ],
)
def test_content_words(text, expected):
    assert content_words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "It ended." has one content word: not a sentence unit
        ("Seoul and Tokyo met. They agreed on export talks.\nIt ended.", [["met", "seoul", "tokyo"],
                                                                          ["agreed", "export", "talks"]]),
        ("Short one.", [["1", "short"]]),  # no sentence with 3 content words: the whole text counts
        ("", []),
    ],
)
def test_sentence_word_sets(text, expected):
    assert sentence_word_sets(text) == expected


def test_the_stop_list_is_scikit_learns():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert STOP_WORDS == ENGLISH_STOP_WORDS


@pytest.mark.parametrize("text", [*TEXTS.values(), "", "One. Two!\n\n\"Three\" (four) five.", "4,466,006 vs. 1.48"])
def test_sentence_words_are_the_text_words_by_sentence_and_survive_encoding(text):
    sentences = sentence_words(text)
    assert doc_words(sentences) == content_words(text)
    assert decode_units(encode_units(sentences)) == sentences


@pytest.mark.parametrize(
    "text",
    [
        "Mail kim@example.com. Then see www.example.com/a.b. Done here now.",
        "Write to a.b@c.d.e@f.gh today. Next sentence follows.",  # an address right after an address
        f"{'x' * 70}@example.com is long. Fine.",  # a local part over 64 characters
        "See https://a.b/c?d=e.Next sentence glued. And http://x.y.",
        "Contact: lee@korea.kr\nReport by park@news.com!",
    ],
)
def test_sentence_words_are_content_words_of_each_sentence(text):
    expected = [content_words(part) for part in split_sentences(ADDRESS.sub(" ", text))]
    assert sentence_words(text) == expected


def test_groups_from_per_article_units_equal_groups_from_the_texts():
    def grouped(with_units: bool) -> list[tuple]:
        articles = [Article(id=IDS[n], source_file=f"{n}.txt", text=TEXTS[n]) for n in TEXTS]
        if with_units:
            articles = list(DedupUnitsAnnotator().run(articles))
            assert all(a.work.dedup_units is not None for a in articles)
        list(DuplicateGrouper().run(articles))
        assert all(a.work.dedup_units is None for a in articles)  # released after grouping
        return [(a.duplicate_group, a.is_canonical, a.duplicate_score, a.group_size) for a in articles]

    assert grouped(with_units=True) == grouped(with_units=False)


def test_the_pipeline_step_fills_every_field():
    articles = [Article(id=IDS[n], source_file=f"{n}.txt", text=TEXTS[n]) for n in TEXTS]
    step = DuplicateGrouper()
    list(step.run(articles))
    by_name = dict(zip(TEXTS, articles))
    assert by_name["repost"].duplicate_of == by_name["original"].duplicate_group == IDS["original"]
    assert by_name["original"].is_canonical and by_name["original"].duplicate_score is None
    assert 0.5 < by_name["garbled"].duplicate_score <= 1.0
    assert by_name["unrelated"].group_size == 1
    assert step.stats["seen"] == len(TEXTS) and step.stats["groups"] == 3


DUPSYNTH_DEV = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc_dupsynth" / "dev.jsonl.gz"


@pytest.mark.skipif(not DUPSYNTH_DEV.exists(), reason="../shared/corpora/bbc_dupsynth is not available")
def test_most_pairs_of_a_dupsynth_slice_are_grouped_right():
    from sklearn.metrics import adjusted_rand_score

    with gzip.open(DUPSYNTH_DEV, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in islice(handle, 400)]
    assignments = group_texts([r["id"] for r in records], [r["text"] for r in records])
    assert adjusted_rand_score([r["cluster"] for r in records], [a.group for a in assignments]) > 0.9


def test_clustering_reuses_the_candidate_stage_pair_scores_with_the_same_groups(monkeypatch):
    """A component's pairs the candidate stage aligned are not aligned again in clustering (each pair's shares,
    cosine and verdict depend on that pair alone), and the groups are those of scoring every pair afresh."""
    from build_dataset.dedup import cluster

    names = list(TEXTS)
    aligned = []
    covered = cluster.covered_shares
    monkeypatch.setattr(cluster, "covered_shares", lambda index, pairs, *a, **k: aligned.append(len(pairs))
                        or covered(index, pairs, *a, **k))  # fmt: skip
    reusing = group_texts([IDS[n] for n in names], [TEXTS[n] for n in names])
    reused_aligned, aligned[:] = sum(aligned), []
    monkeypatch.setattr(cluster, "reuse_pair_scores", lambda work, *a: [(members, None) for members in work])
    afresh = group_texts([IDS[n] for n in names], [TEXTS[n] for n in names])
    assert reusing == afresh
    assert sum(aligned) == 6 and reused_aligned < 6  # the four copies' six pairs, most known already


def _same_partition(a, b) -> bool:
    return len({*zip(a.tolist(), b.tolist())}) == len(set(a.tolist())) == len(set(b.tolist()))


@pytest.mark.parametrize(
    ("distances", "threshold"),
    [
        ([[0, 0.1], [0.1, 0]], 0.2),  # two members that merge
        ([[0, 0.3], [0.3, 0]], 0.2),  # two that do not
        ([[0, 0.2], [0.2, 0]], 0.2),  # a merge exactly at the threshold is kept, as fcluster keeps it
        ([[0, 0.1, 0.9], [0.1, 0, 0.9], [0.9, 0.9, 0]], 0.5),  # a pair and an outsider
        ([[0, 0.5, 0.5, 0.5], [0.5, 0, 0.5, 0.5], [0.5, 0.5, 0, 0.5], [0.5, 0.5, 0.5, 0]], 0.5),  # ties everywhere
        ([[0, 1e6, 0.1], [1e6, 0, 0.1], [0.1, 0.1, 0]], 0.35),  # a ruled-out pair through a common neighbour
    ],
)
def test_the_distance_cut_partitions_as_fcluster_does(distances, threshold):
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from build_dataset.dedup.cluster import distance_cut

    tree = linkage(squareform(np.array(distances, dtype=float), checks=False), method="average")
    assert _same_partition(distance_cut(tree, threshold), fcluster(tree, threshold, criterion="distance"))


def test_the_distance_cut_partitions_random_trees_as_fcluster_does():
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from build_dataset.dedup.cluster import distance_cut

    rng = np.random.default_rng(5)
    cuts = set()
    for n in [2, 3, 5, 8, 13, 40] * 20:
        distance = np.round(rng.random((n, n)), 1)  # coarse values: ties, and merges landing on the threshold
        distance = np.triu(distance, 1) + np.triu(distance, 1).T
        tree = linkage(squareform(distance, checks=False), method="average")
        threshold = float(rng.choice([0.2, 0.3, 0.5]))
        expected = fcluster(tree, threshold, criterion="distance")
        assert _same_partition(distance_cut(tree, threshold), expected)
        cuts.add(len(set(expected.tolist())) in (1, n))
    assert cuts == {True, False}  # some cuts split a component without keeping it whole or all apart
