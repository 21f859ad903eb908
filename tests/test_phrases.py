"""Phrase matching for the topic classifier: word forms, lemmas, stems, unless-phrases, the rule-based split."""

from __future__ import annotations

import pytest

from build_dataset.annotate.spacy_parse import load_nlp
from build_dataset.annotate.topics.phrases import Lexicon, sentence_from_text, sentence_from_tokens, split_sentences


@pytest.mark.parametrize(
    ("phrase", "sentence", "matches"),
    [
        ("export control", "Japan tightened its export controls on chip materials.", True),
        ("export controls", "The export control regime was reviewed.", True),
        ("Kim Jong-un", "Trump met Kim Jong Un at Panmunjom.", True),
        ("US troops", "The cost of stationing U.S. troops rose.", True),
        ("US", "The minister told us the talks went well.", False),
        ("denucleari*", "They discussed the denuclearisation of the peninsula.", True),
        ("cost-sharing", "A new cost sharing deal was signed.", True),
        ("Japan", "Japan's prime minister spoke.", True),
        ("summit", "The summits were held in Hanoi and Singapore.", True),
        ("trade war", "Trade talks resumed after the war of words.", False),
    ],
)
def test_phrase_matching(phrase, sentence, matches):
    assert bool(Lexicon({phrase: 1.0}).find(sentence_from_text(sentence))) is matches


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("South Korea protested on Monday.", True),
        ("North Korea fired a missile on Monday.", False),
        ("Peace on the Korean Peninsula was the goal.", False),
    ],
)
def test_unless_phrases_hide_shorter_matches(sentence, found):
    south_korea = Lexicon({"Korea": 1.0, "Korean": 1.0}, unless=["North Korea", "Korean Peninsula"])
    assert bool(south_korea.find(sentence_from_text(sentence))) is found


def test_split_sentences_without_a_parse():
    text = 'He said "No." Then he left. U.S. officials agreed.\nA new paragraph'
    assert split_sentences(text) == ['He said "No."', "Then he left.", "U.S. officials agreed.", "A new paragraph"]


@pytest.mark.parametrize(
    ("phrase", "sentence"),
    [
        ("export control", "Tokyo tightened export controls."),
        ("sanction", "The North was sanctioned again."),
        ("Kim Jong-un", "Kim Jong-un's sister spoke."),
        ("US troops", "U.S. troops will stay."),
    ],
)
def test_spacy_tokens_match_like_plain_text(phrase, sentence):
    doc = load_nlp()(sentence)
    assert Lexicon({phrase: 1.0}).find(sentence_from_tokens(sentence, doc))
