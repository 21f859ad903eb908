"""Topics: the taxonomy file, phrase matching, the decision rule, and labels on small hand-written articles."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import SHARED, needs_shared

from build_dataset.annotate.spacy_parse import load_nlp
from build_dataset.annotate.topics.annotator import DEFAULT_TAXONOMY, TopicAnnotator, TopicScorer, load_taxonomy
from build_dataset.annotate.topics.phrases import sentence_from_text
from build_dataset.core.article import Article

DEFAULT_IDS = [
    "korea-japan-relations",
    "us-alliance",
    "trilateral-cooperation",
    "north-korea",
    "china-relations",
    "wartime-history",
    "territorial-dispute",
    "trade-economy",
    "security-defense",
    "summit-diplomacy",
    "environment-health",
]
DIPLOMACY_IDS = set(DEFAULT_IDS) - {"trade-economy", "environment-health"}

FORCED_LABOR_TALKS = (
    "Seoul and Tokyo fail to narrow gap over forced labor at foreign ministers' talks",
    "South Korea and Japan failed to narrow their differences over compensation for wartime forced labor when "
    "their foreign ministers met in Tokyo on Monday. Japanese Foreign Minister Yoshimasa Hayashi told his South "
    "Korean counterpart Park Jin that all claims were settled by the 1965 treaty that normalized diplomatic ties. "
    "Park urged Tokyo to respond sincerely to the victims, who were forced to work at Japanese factories during "
    "the colonial rule of the peninsula. The two ministers agreed to keep talking, officials in Seoul said. "
    "Relations between the two neighbors have been strained for years over history and trade.",
)
# a trade story with one sentence on North Korea: a passing mention
EXPORTS_WITH_PASSING_MENTION = (
    "Exports rise for third month on chip demand",
    "South Korea's exports rose 7 percent in May from a year earlier, extending gains to a third month on strong "
    "overseas demand for semiconductors, the trade ministry said Tuesday. Shipments of memory chips jumped 15 "
    "percent, while exports of cars and petrochemicals were flat. Imports climbed 4 percent on higher energy "
    "costs, leaving a trade surplus of 2.1 billion dollars. Exports to China, the country's largest trading "
    "partner, grew for the first time this year. The ministry expects the supply chain disruptions that hurt "
    "manufacturers last year to ease further. Economists said the figures point to a gradual recovery of the "
    "economy in the second half. Officials said tensions over North Korea's missile tests had little effect on "
    "shipments. The Kospi rose 0.8 percent after the data were released.",
)
BASEBALL_GAME = (
    "Korea beats Japan 5-3 to reach baseball final",
    "South Korea beat Japan 5-3 on Saturday at the Tokyo Dome to advance to the final of the international "
    "baseball tournament. Starting pitcher Kim Kwang-hyun held the Japanese lineup to two runs over six "
    "innings. Lee Jung-hoo drove in three runs with a double in the fifth inning. Japan rallied late but the "
    "Korean bullpen closed it out. The national team will meet the United States in the final on Sunday. "
    "Fans in Seoul packed the streets to watch the game on big screens.",
)
FILM_FESTIVAL = (
    "Korean thriller wins top prize at Busan film festival",
    "A low-budget Korean thriller won the top prize at the Busan International Film Festival on Friday. "
    "The film, shot in 20 days, follows a taxi driver who witnesses a crime. The director thanked the cast "
    "and said she hoped the award would help young filmmakers. Critics praised the film's tense pacing and "
    "its performances. The festival, the largest in Asia, screened more than 200 films this year.",
)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def annotator() -> TopicAnnotator:
    return TopicAnnotator(load_taxonomy())


def make_article(title: str, text: str, nlp=None, language: str = "en") -> Article:
    article = Article(id="0" * 16, source_file="x.txt", raw=text, title=title, text=text, language=language)
    article.doc = nlp(text) if nlp is not None and language == "en" else None
    return article


def write_taxonomy(folder: Path, taxonomy: dict) -> Path:
    path = folder / "taxonomy.yaml"
    path.write_text(yaml.safe_dump(taxonomy), encoding="utf-8")
    return path


def test_default_taxonomy_has_the_eleven_topics_with_evidence():
    taxonomy = load_taxonomy(DEFAULT_TAXONOMY)
    assert [t["id"] for t in taxonomy["topics"]] == DEFAULT_IDS
    assert taxonomy["version"]
    assert all(t["definition"] and t["evidence"] for t in taxonomy["topics"])


GOOD = {"version": "1", "topics": [{"id": "a", "definition": "A.", "evidence": {"terms": {"apple": 1}}}]}


def _with(**changes) -> dict:
    taxonomy = json.loads(json.dumps(GOOD))
    topic = taxonomy["topics"][0]
    for key, value in changes.items():
        if key.startswith("topic_"):
            topic[key.removeprefix("topic_")] = value
        else:
            taxonomy[key] = value
    return taxonomy


@pytest.mark.parametrize(
    ("taxonomy", "message"),
    [
        ([1, 2], "YAML mapping"),
        ({"topics": GOOD["topics"]}, "`version` is required"),
        (_with(topics=[]), "non-empty list"),
        (_with(topics=GOOD["topics"] * 2), "appears twice"),
        (_with(topic_id="Not An Id"), "lowercase letters"),
        (_with(topic_definition=""), "definition"),
        (_with(topic_evidence=None), "needs `terms`"),
        (_with(topic_evidence={"terms": {"apple": -1}}), "positive weights"),
        (_with(topic_evidence={"terms": {"apple": 1}, "requires": ["fruit"]}), "unknown cues ['fruit']"),
        (_with(topic_evidence={"terms": {"apple": 1}, "when": "always"}), "unknown keys ['when']"),
        (_with(topic_threshold=1.5), "between 0 and 1"),
        (_with(decision={"threshold": 0}), "between 0 and 1"),
        (_with(decision={"saturation": -2}), "positive number"),
        (_with(decision={"speed": 1}), "keys among"),
        (_with(cues={"fruit": "apple"}), "list of non-empty phrases"),
    ],
)
def test_bad_taxonomy_raises_a_clear_error(tmp_path, taxonomy, message):
    with pytest.raises(ValueError, match="bad taxonomy") as error:
        load_taxonomy(write_taxonomy(tmp_path, taxonomy))
    assert message in str(error.value)


def test_taxonomy_that_is_not_yaml_raises_value_error(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("topics: [unclosed", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid YAML"):
        load_taxonomy(path)


@pytest.mark.parametrize(
    ("sentences_with_evidence", "applies"),
    [(0, False), (1, False), (2, True), (5, True)],
)
def test_one_sentence_is_a_passing_mention_two_are_evidence(sentences_with_evidence, applies):
    scorer = TopicScorer(GOOD)
    sentences = ["We ate an apple today."] * sentences_with_evidence + ["Nothing to see here."] * 10
    (decision,) = scorer.score(None, [sentence_from_text(s) for s in sentences])
    assert decision.applies is applies
    assert 0.0 <= decision.score < 1.0


def test_long_articles_need_denser_evidence():
    scorer = TopicScorer(GOOD)
    evidence = [sentence_from_text("An apple fell.")] * 3
    short = scorer.score(None, evidence + [sentence_from_text("Filler text.")] * 10)[0]
    long = scorer.score(None, evidence + [sentence_from_text("Filler text.")] * 200)[0]
    assert long.score < short.score
    assert not long.applies


def test_title_evidence_counts_more_than_a_body_sentence():
    scorer = TopicScorer(GOOD)
    body = [sentence_from_text("An apple fell.")]
    in_title = scorer.score("Apple season opens", body)[0]
    in_body = scorer.score("Season opens", body * 2)[0]
    assert in_title.score > in_body.score


@pytest.mark.parametrize("parsed", [True, False], ids=["spacy", "rule-based"])
@pytest.mark.parametrize(
    ("article", "expected", "absent"),
    [
        (
            FORCED_LABOR_TALKS,
            {"korea-japan-relations", "wartime-history", "summit-diplomacy"},
            {"north-korea", "territorial-dispute", "environment-health"},
        ),
        (EXPORTS_WITH_PASSING_MENTION, {"trade-economy"}, {"north-korea", "security-defense"}),
        (BASEBALL_GAME, set(), set(DEFAULT_IDS)),
        (FILM_FESTIVAL, set(), set(DEFAULT_IDS)),
    ],
    ids=["forced-labor-talks", "passing-mention", "sports", "culture"],
)
def test_labels_on_hand_written_articles(annotator, nlp, parsed, article, expected, absent):
    result = make_article(*article, nlp=nlp if parsed else None)
    annotator.annotate(result)
    assert expected <= set(result.topics)
    assert not absent & set(result.topics)


def test_off_topic_article_gets_no_diplomacy_topics(annotator, nlp):
    article = make_article(*BASEBALL_GAME, nlp=nlp)
    annotator.annotate(article)
    assert not DIPLOMACY_IDS & set(article.topics)


def test_fields_cover_every_topic_in_taxonomy_order(annotator, nlp):
    article = make_article(*FORCED_LABOR_TALKS, nlp=nlp)
    annotator.annotate(article)
    assert list(article.topic_scores) == DEFAULT_IDS
    assert all(0.0 <= s <= 1.0 for s in article.topic_scores.values())
    assert article.topics == [t for t in DEFAULT_IDS if t in article.topics]
    assert all(article.topic_scores[t] >= 0.5 for t in article.topics)
    assert any("forced labor" in line for line in article.evidence["topic:wartime-history"])


def test_non_english_article_gets_no_topics_and_zero_scores(annotator):
    article = make_article(*FORCED_LABOR_TALKS, language="ko")
    annotator.annotate(article)
    assert article.topics == []
    assert set(article.topic_scores.values()) == {0.0}


def test_custom_taxonomy_changes_the_labels(tmp_path, nlp):
    custom = {
        "name": "culture",
        "version": "0.1",
        "topics": [
            {
                "id": "film",
                "definition": "Cinema: films, festivals, awards",
                "evidence": {"terms": {"film*": 1.0, "festival": 1.0, "director": 0.8}},
            }
        ],
    }
    default_labels = TopicAnnotator(load_taxonomy())
    custom_labels = TopicAnnotator(load_taxonomy(write_taxonomy(tmp_path, custom)))
    article = make_article(*FILM_FESTIVAL, nlp=nlp)
    default_labels.annotate(article)
    assert article.topics == []
    custom_labels.annotate(article)
    assert article.topics == ["film"]
    assert list(article.topic_scores) == ["film"]


def _read_gold(path: Path) -> dict[str, set[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {g["file"]: set(g["topics"]) for g in map(json.loads, lines) if g.get("topics") != "?"}


@needs_shared
def test_topic_f1_on_the_seeds_meets_the_floor(seeds_build):
    import polars as pl

    gold = _read_gold(SHARED / "eval" / "seeds-gold.jsonl")
    frame = pl.concat([pl.read_parquet(p) for p in sorted((seeds_build / "articles").glob("*.parquet"))])
    counts: Counter[str] = Counter()
    for row in frame.iter_rows(named=True):
        expected = gold.get(Path(row["source_file"]).name)
        if expected is None:
            continue
        predicted = set(row["topics"])
        counts.update(tp=len(predicted & expected), fp=len(predicted - expected), fn=len(expected - predicted))
    f1 = 2 * counts["tp"] / (2 * counts["tp"] + counts["fp"] + counts["fn"])
    assert f1 >= 0.85
