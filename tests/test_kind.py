"""Page kind: articles, digests, tables, captions and notices told apart by shape; tables are no language."""

from __future__ import annotations

import pytest

from build_dataset.annotate.kind import (
    KindAnnotator,
    digest_items,
    language_sample,
    numeric_share,
    reads_page_structure,
)
from build_dataset.annotate.language import LanguageAnnotator
from build_dataset.core.article import Article
from build_dataset.core.text import count_words

STORY = (
    "The city council voted on Tuesday to extend the night bus service through the winter, officials said. "
    "The extension will cost about 2 million dollars, according to the council's budget office, and will be "
    "paid from the transport fund. Bus drivers welcomed the decision, while some residents asked for more "
    "routes to the suburbs. The council will review the service again in the spring, after a survey of riders."
)
PRICES = "Alpha Corp 12,300 UP 150 Beta Ind 4,560 DN 20 Gamma 89,100 UP 1,200 Delta Hldg 2,345 DN 5 " * 6
RATES = "1-year 2.550 2.559 -0.9 2-year 2.778 2.795 -1.7 3-year 2.939 2.958 -1.9 5-year 3.102 3.120 -1.8 " * 3
WEATHER = (
    "The following is the weather forecast for the country's major cities at 9 a.m. on Sunday. "
    "Temperature (C) Condition Chance of Rain (%) Northport 06/-1 Sunny 10 Southbay 08/01 Cloudy 30 "
    "Eastfield 07/-2 Sunny 0 Westvale 09/00 Rain 80 Lakeside 05/-3 Snow 70 Hillcrest 04/-4 Sunny 10 "
    "Riverton 07/02 Cloudy 20 Oakmont 06/-1 Sunny 0 Pinehurst 05/-2 Snow 60 Bayside 10/03 Rain 90"
)
BULLET_DIGEST = "Below are brief accounts of the main stories reported on Tuesday. " + " ".join(
    f"---------- ■ Story number {n} headline here CITY -- A short summary of story {n} in two lines of text "
    f"about something else. https://news.example/view/{n}"
    for n in range(5)
)
HEADLINE_DIGEST = "The following are the top headlines in major newspapers on March 3. " + "".join(
    f"-- Headline about topic {n} makes the front page ({paper})"
    for n, paper in enumerate(["Morning Post", "Daily Star", "Evening Times", "Capital Herald"])
)
CAPTION = (
    "Firefighters work to put out a fire at a warehouse in Northport on Monday, March 3, 2025, as smoke rises over "
    "the harbor district. (AP Photo/Jane Roe)"
)
BRACKET_CAPTION = (
    "A visitor looks at the new display at a trade fair in Westvale on Jan. 6, 2026. The display shows the "
    "company's products in a virtual gallery. [Northwire Electronics]"
)
NOTICE = (
    "(Copyright) All information carried by the Example News Agency, including articles and photographs, is owned "
    "by the agency. Its use for any purpose other than personal use is prohibited without written consent."
)


def kind_of(text: str, title: str | None = None) -> str:
    article = Article(id="0" * 16, source_file="x.txt", text=text, title=title)
    article.word_count = count_words(text)
    KindAnnotator().annotate(article)
    return article.kind


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        (STORY, None, "article"),
        (STORY + " The index rose 38.94 points, or 0.94 percent, to 4,168.52 in early trading.", None, "article"),
        (PRICES, "Closing Price List-2", "table"),
        (RATES, "Bond Yields on March 3, 2025", "table"),
        (WEATHER, "Sunday's weather forecast", "table"),
        (BULLET_DIGEST, "News Summary", "digest"),
        (HEADLINE_DIGEST, "Top headlines in major newspapers", "digest"),
        # one item under a title saying it is a digest
        ("Here is what happened in the region over the past seven days. ------------ One story. A short item. "
         "------------", "Summary of news this week", "digest"),
        # a story with an aside between dashes is not a digest
        (STORY + " The council (CC) -- which meets monthly -- agreed.", None, "article"),
        (CAPTION, "Warehouse Fire", "caption"),
        (BRACKET_CAPTION, "A virtual gallery", "caption"),
        (NOTICE, "(Copyright)", "notice"),
        ("Correction: An earlier version of this story misstated the cost of the service. " * 3, None, "notice"),
        # a long story ending in a credit is a story
        (STORY + " " + STORY + " (Northwire)", None, "article"),
    ],
)
def test_kind(text, title, expected):
    assert kind_of(text, title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 apples and 3 pears", 0.4), ("", 0.0), ("no digits here", 0.0),
        ("x² and ٣ and 4th", 0.6),  # any character str.isdigit takes: superscripts, other scripts' digits
        ("½ Ⅻ", 0.0),  # numeric but not digits
    ],
)
def test_numeric_share(text, expected):
    assert numeric_share(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1950 -- Seoul hosts. 1957 -- Tokyo hosts. 1964 -- Osaka hosts.", 3),
        ("1950 - Seoul hosts. 1957 - Tokyo hosts. 1964 - Osaka hosts.", 0),  # single dashes are not items
        ("(Herald)-- Talks resume (Times)-- Rates hold", 2),
        ("a ---- b ----- c", 1),
        ("", 0),
    ],
)
def test_digest_items(text, expected):
    assert digest_items(text) == expected


def test_digest_items_need_short_items():
    long_items = " ■ ".join([STORY + " " + STORY] * 4)
    assert digest_items(long_items) == 0
    assert digest_items(BULLET_DIGEST) >= 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [(PRICES, "und"), (RATES, "und"), (WEATHER, "en"), (STORY, "en")],
)
def test_tables_are_tagged_from_their_words_only(text, expected):
    article = Article(id="0" * 16, source_file="x.txt", text=text)
    article.word_count = count_words(text)
    KindAnnotator().annotate(article)
    LanguageAnnotator().annotate(article)
    assert article.language == expected


def test_language_sample_of_a_table_is_its_lowercase_words():
    article = Article(id="0" * 16, source_file="x.txt", text=WEATHER, kind="table")
    assert language_sample(article, 5).startswith("following is the weather forecast for the")


@pytest.mark.parametrize(
    ("language", "kind", "expected"),
    [("en", "article", True), ("und", "table", True), ("und", "article", False), ("ko", "table", False)],
)
def test_page_structure_is_read_from_english_pages_and_tables_without_language(language, kind, expected):
    article = Article(id="0" * 16, source_file="x.txt", language=language, kind=kind)
    assert reads_page_structure(article) is expected


def test_a_dated_list_of_short_events_is_a_digest():
    years = range(1950, 2000, 7)
    events = " ".join(f"{year} -- The city opens its {n}th bridge over the river." for n, year in enumerate(years))
    assert kind_of("Today in history March 3 " + events, "Today in history") == "digest"
