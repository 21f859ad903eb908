"""Phrase matching for the topic classifier: spaCy's PhraseMatcher on lemmas, acronyms, hyphens, unless-phrases,
sentences and titles."""

from __future__ import annotations

import pytest

from build_dataset.annotate.spacy_parse import load_nlp
from build_dataset.annotate.topics.phrases import Lexicon, Phrasebook, acronym, token_parts


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def found(nlp, phrases: str | list[str], text: str, unless: tuple[str, ...] = ()) -> bool:
    book = Phrasebook(nlp)
    lexicon = Lexicon(book, dict.fromkeys([phrases] if isinstance(phrases, str) else phrases, 1.0), unless)
    return any(lexicon.find(s) for s in book.sentences(nlp(text)))


@pytest.mark.parametrize(
    ("phrase", "text", "matches"),
    [
        ("export control", "Japan tightened its export controls on chip materials.", True),
        ("export controls", "The export control regime was reviewed.", True),
        ("meet", "The two leaders met in Osaka last week.", True),
        ("summit", "The summits were held in Hanoi and Singapore.", True),
        ("ally", "Washington reassured its allies.", True),
        ("shipbuilding", "Shipbuilding orders rose sharply in March.", True),
        ("trade war", "Trade talks resumed after the war of words.", False),
        # case: ordinary words in any case, acronyms only in capitals
        ("Kospi", "The KOSPI fell 2 percent on Friday.", True),
        ("Kospi", "The kospi fell 2 percent on Friday.", True),
        ("SOFA", "Mathematicians finally solved the moving sofa problem.", False),
        ("SOFA", "Talks on revising the SOFA resumed in Seoul.", True),
        ("US", "The minister told us the talks went well.", False),
        ("US", "The U.S. envoy arrived on Monday.", True),
        ("US troops", "The cost of stationing U.S. troops rose.", True),
        ("ICBM", "Pyongyang tested two ICBMs this year.", True),
        ("THAAD", "Nobody writes thaad in lowercase.", False),
        # hyphens do not matter
        ("Kim Jong-un", "Trump met Kim Jong Un at the border.", True),
        ("Kim Jong Un", "Kim Jong-un's sister issued a statement.", True),
        ("cost sharing", "A new cost-sharing deal was signed.", True),
        ("US-Japan alliance", "The U.S.-Japan alliance is the cornerstone, he said.", True),
        ("Covid-19", "COVID-19 cases rose again.", True),
        # a broadcast script's section mark or a photo credit run into the next word is read apart
        ("North Korea", "[ANCHOR]North Korea launched a rocket on Sunday.", True),
        ("South Korea", "A ship at the port of Busan (Photo credit)South Korea's exports rose.", True),
        ("Kospi", "Traders at a desk (File photo)Kospi closed higher.", True),
        # brackets that stand apart change nothing
        ("North Korea", "The envoy [from North Korea] arrived.", True),
        ("Korea", "A report (in English) about Japan.", False),
    ],
)
def test_phrase_matching(nlp, phrase, text, matches):
    assert found(nlp, phrase, text) is matches


@pytest.mark.parametrize(
    ("token", "parts"),
    [
        ("[LEAD]Exports", ["LEAD", "Exports"]),
        ("(Reuters)Shares", ["Reuters", "Shares"]),
        ("rose.[CLIP]The", ["rose.", "CLIP", "The"]),
        ("(left)", ["left"]),
        ("U.S.-Japan", ["U.S.", "Japan"]),
        ("(", ["("]),
        ("-", []),
        ("Seoul", ["Seoul"]),
    ],
)
def test_a_token_splits_at_hyphens_and_at_brackets_glued_to_a_word(token, parts):
    assert token_parts(token) == parts


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("South Korea protested on Monday.", True),
        ("North Korea fired a missile on Monday.", False),
        ("Peace on the Korean Peninsula was the goal.", False),
        ("North Korea fired a missile and South Korea protested.", True),
    ],
)
def test_unless_phrases_hide_shorter_matches(nlp, text, matches):
    assert found(nlp, ["Korea", "Korean"], text, unless=("North Korea", "Korean Peninsula")) is matches


def test_a_phrase_does_not_run_across_a_sentence_end(nlp):
    assert not found(nlp, "trade war", "They argued over trade. War broke out a year later.")


def test_sentences_keep_positions_and_quote_only_sentences_with_phrases(nlp):
    book = Phrasebook(nlp)
    lexicon = Lexicon(book, {"tariff": 1.0})
    sentences = book.sentences(nlp("It rained. Washington raised tariffs on steel. Markets shrugged."))
    assert [bool(lexicon.find(s)) for s in sentences] == [False, True, False]
    assert sentences[1].text == "Washington raised tariffs on steel."
    assert sentences[0].text == ""


@pytest.mark.parametrize(
    ("title", "text", "phrase", "matches"),
    [
        # a title's words take the lemma they have in the text ("Controls" -> "control")
        ("Japan Tightens Export Controls", "Japan tightened export controls on Monday.", "export control", True),
        # a word the text lacks matches as written
        ("Talks Resume in Geneva", "Negotiators returned on Monday.", "talks", True),
        # a title in capitals has no acronyms
        ("MOVING SOFA PROBLEM SOLVED", "A mathematician solved a puzzle about moving furniture.", "SOFA", False),
        ("Allies Back SOFA Revision", "Seoul and Washington agreed to revise the SOFA.", "SOFA", True),
    ],
)
def test_titles_are_matched_with_the_texts_lemmas(nlp, title, text, phrase, matches):
    book = Phrasebook(nlp)
    lexicon = Lexicon(book, {phrase: 1.0})
    assert bool(lexicon.find(book.title(title, nlp(text)))) is matches


@pytest.mark.parametrize(
    ("word", "expected"),
    [("SOFA", "SOFA"), ("U.S.", "US"), ("ICBMs", "ICBM"), ("Sofa", None), ("G7", None), ("I", None), ("A", None)],
)
def test_acronyms(word, expected):
    assert acronym(word) == expected


def test_the_same_phrase_is_compiled_once(nlp):
    book = Phrasebook(nlp)
    first = book.add(["export controls", "Kim Jong-un"])
    again = book.add(["Kim Jong Un", "export control"])
    assert first["Kim Jong-un"] == again["Kim Jong Un"]
    assert first["export controls"] == again["export control"]
