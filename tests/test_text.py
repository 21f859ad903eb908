"""The shared word tokenizer, sentence splitter and byline reader (``core.text``), on cases written for the test."""

from __future__ import annotations

import pytest

from build_dataset.core.text import (
    count_words,
    email_domains,
    ends_sentence,
    find_byline,
    has_sentence_break,
    is_copyright_notice,
    split_sentences,
    words,
)


@pytest.mark.parametrize(
    ("text", "terms", "expected"),
    [
        ("Jae-in met O'Brien's aide", False, ["Jae-in", "met", "O'Brien's", "aide"]),
        ("Rates rose 2.5% on Monday", False, ["Rates", "rose", "2", "5", "on", "Monday"]),
        ("東京で会議", False, ["東", "京", "で", "会", "議"]),
        ("The Tokyo 会議 summit ended", False, ["The", "Tokyo", "会議", "summit", "ended"]),
        ("Sales of 4,466,006 units", True, ["Sales", "of", "4,466,006", "units"]),
        ("A Seoul-based firm_name", True, ["A", "Seoul", "based", "firm", "name"]),
        ("Bonds at 101-1/2 and 1.48", True, ["Bonds", "at", "101-1/2", "and", "1.48"]),
        ("", False, []),
        ("Café au lait — été", False, ["Café", "au", "lait", "été"]),  # not ASCII, no Chinese or Japanese
        ("東京", False, ["東", "京"]),
        ("Moon 文 met", False, ["Moon", "文", "met"]),  # one character among words: a word as written
    ],
)
def test_words(text, terms, expected):
    assert words(text, terms=terms) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("one two", 2), ("会議 starts", 3), ("", 0), ("a-b  c", 2), ("café\u00a0été\u3000naïve", 3), ("東京\u3000x", 3),
    ("  \n\t ", 0),
])
def test_count_words(text, expected):
    assert count_words(text) == expected


@pytest.mark.parametrize(
    ("text", "keep_abbreviations", "expected"),
    [
        ("He left. She stayed.", False, ["He left.", "She stayed."]),
        ("first line\nsecond line", False, ["first line", "second line"]),
        ("the investigation.It says more", False, ["the investigation.", "It says more"]),
        ("Top items ■ Rain ends ----- Markets open", False, ["Top items", "Rain ends", "Markets open"]),
        ('He said "no." Then he left.', False, ['He said "no.', "Then he left."]),  # closers go with the break
        ("U.S. President Lee arrived. He spoke.", True, ["U.S. President Lee arrived.", "He spoke."]),
        ("N. Korea fires missiles", True, ["N. Korea fires missiles"]),
        ('She said "enough." Talks ended.', True, ['She said "enough."', "Talks ended."]),
        ("Prices fell. shares rose", True, ["Prices fell. shares rose"]),
    ],
)
def test_split_sentences(text, keep_abbreviations, expected):
    assert split_sentences(text, keep_abbreviations=keep_abbreviations) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("(LEAD) N. Korea fires missiles", False), ("The talks ended. Both sides left", True), ("Dr. Lee spoke", False),
     ("It rained! Floods followed", True), ("", False)],
)
def test_has_sentence_break(text, expected):
    assert has_sentence_break(text) is expected


@pytest.mark.parametrize(
    ("line", "labelled", "at_end", "expected"),
    [
        ("By Kim Min-ji", False, False, "Kim Min-ji"),
        ("BY: Jane Roe", False, False, "Jane Roe"),
        ("Bystanders fled the scene", False, False, None),
        ("Reporter : Park Se-rin", False, False, None),
        ("Reporter : Park Se-rin", True, False, "Park Se-rin"),
        ("  Written by John Doe", True, False, "John Doe"),
        ("He was hit by a car", True, False, None),
        ("(ATTN: adds details)By Kim Soo-yeon", False, True, "Kim Soo-yeon"),
        ("stood by the minister", False, True, None),
    ],
)
def test_find_byline(line, labelled, at_end, expected):
    match = find_byline(line, labelled=labelled, at_end=at_end)
    assert (match["name"] if match else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Contact kim@yna.co.kr or lee.s@news.example.com.", ["yna.co.kr", "news.example.com"]),
     ("no address @ all", []), ("(kim@x.org)", ["x.org"])],
)
def test_email_domains(text, expected):
    assert email_domains(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("The talks ended.", True), ('He said "enough."', True), ("Rain fell. (Kyodo)", True), ("会議が終わった。", True),
     ("Talks in Seoul", False), ("Why now? ", True), ("Markets: a recap", False)],
)
def test_ends_sentence(text, expected):
    assert ends_sentence(text) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [("© 2024 Daily Example. All rights reserved.", True), ("Copyright Example Media", True),
     ("(c) 2019 Example Post", True), ("Text (C)2020 Example", True), ("ⓒ Example Ilbo", True),
     ("(c) the third condition applies", False), ("Paid $5 © fees", False), ("All Rights Reserved", True),
     ("A copyrighted photo", True), ("Nothing to see here", False)],
)
def test_is_copyright_notice(line, expected):
    assert is_copyright_notice(line) is expected
