"""Wire flashes: a headline sent ahead of its story is a row of kind ``flash`` and joins that story's group."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from build_dataset.annotate.kind import KindAnnotator
from build_dataset.clean.flash import headline_without_tags, is_flash_tag
from build_dataset.clean.options import CleanOptions
from build_dataset.clean.page import NotArticleFilter, PageCleaner
from build_dataset.core.article import Article, Work
from build_dataset.dedup.facts import DocFacts
from build_dataset.dedup.flashes import (
    attach_flashes,
    headline_match,
    headline_words,
)
from build_dataset.dedup.grouper import Assignment
from build_dataset.dedup.options import DEDUP_DEFAULTS

SENTENCE = "Harbour officials said on Tuesday that the ferry service to the outer islands would restart in spring."


def cleaned(*lines: str) -> Article:
    article = Article(id="0" * 16, source_file="x.txt", work=Work(raw="\n".join(lines)))
    article = next(iter(NotArticleFilter().run(PageCleaner().run([article]))))
    if article.reject_reason is None:
        KindAnnotator().annotate(article)
    return article


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("URGENT", True), ("Flash", True), ("BULLETIN", True), ("LEAD", False), ("2nd LD", False), (None, False)],
)
def test_flash_tags(tag, expected):
    assert is_flash_tag(tag) is expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("(URGENT) Ferry service to outer islands to restart", "Ferry service to outer islands to restart"),
        ("(URGENT)(LEAD) Ferry strike ends", "Ferry strike ends"),
        ("Ferry strike ends", "Ferry strike ends"),
    ],
)
def test_headline_without_tags(title, expected):
    assert headline_without_tags(title) == expected


@pytest.mark.parametrize(
    ("lines", "reason", "kind", "text"),
    [
        # a headline-only flash: its headline becomes its text
        (["# (URGENT) Ferry service to outer islands to restart in spring", "(END)"], None, "flash",
         "Ferry service to outer islands to restart in spring"),
        # a flash with a one-sentence body keeps the body
        (["# (URGENT) Ferry service to restart", SENTENCE], None, "flash", SENTENCE),
        # a headline-only page under another tag, or no tag, is still not an article
        (["# (LEAD) Ferry service to outer islands to restart in spring", "(END)"], "no_body", None, None),
        (["# Ferry service to outer islands to restart in spring", "(END)"], "no_body", None, None),
        (["# Ferry service to restart", SENTENCE], "too_short", None, None),
        # a full story sent under the tag is an article
        (["# (URGENT) Ferry service to restart", *[SENTENCE] * 4], None, "article", None),
    ],
)  # fmt: skip
def test_flash_pages(lines, reason, kind, text):
    article = cleaned(*lines)
    assert article.reject_reason == reason
    if reason is None:
        assert article.kind == kind
        assert text is None or article.text == text


@pytest.mark.parametrize(
    ("a", "b", "at_least", "below"),
    [
        ("Port authority apologizes over ferry delays", "Port authority apologizes for ferry delays", 1.0, None),
        ("(URGENT) Mayor names new harbour chief", "(LEAD) Mayor names new harbour chief", 1.0, None),
        ("Mayor names new harbour chief", "Harbour chief to skip council hearing on ferry delays", None, 0.5),
    ],
)
def test_headline_match(a, b, at_least, below):
    share = headline_match(headline_words(a), headline_words(b))
    assert at_least is None or share >= at_least
    assert below is None or share < below


def _article(id_: str, title: str, kind: str = "article") -> Article:
    return Article(id=id_, source_file=f"{id_}.txt", title=title, kind=kind)


DAY = dt.date(2031, 5, 6)
WIRE = DocFacts(date=DAY, outlets=frozenset(["northwire"]))


@pytest.mark.parametrize(
    ("story_title", "story_facts", "joins"),
    [
        ("(LEAD) Port authority apologizes for ferry delays", WIRE, True),
        # another outlet's story on the same news is not the flash's story
        ("Port authority apologizes for ferry delays", DocFacts(date=DAY, outlets=frozenset(["eastpost"])), False),
        # nor is the same outlet's story of another day
        ("Port authority apologizes for ferry delays",
         DocFacts(date=DAY + dt.timedelta(days=1), outlets=frozenset(["northwire"])), False),
        # nor a story whose headline shares only the subject
        ("Port authority chief to skip hearing on budget", WIRE, False),
    ],
)  # fmt: skip
def test_a_lone_flash_joins_its_story(story_title, story_facts, joins):
    articles = [_article("a", story_title), _article("b", "(URGENT) Port authority apologizes over ferry delays",
                                                    "flash")]  # fmt: skip
    alone = [Assignment("a", True, None, 1), Assignment("b", True, None, 1)]
    stats: Counter = Counter()
    result = attach_flashes(articles, alone, [story_facts, WIRE], stats)
    assert (result[1].group == "a") is joins
    if joins:
        assert (result[1].relation, result[1].is_canonical, result[0].size, result[1].size) == ("version", False, 2, 2)
        assert result[1].score >= DEDUP_DEFAULTS.flash_headline_match
        assert stats["flashes_joined_to_story"] == 1
    else:
        assert result == alone


def test_a_flash_joins_the_best_matching_story_and_its_whole_group_grows():
    articles = [_article("a", "Harbour chief to skip hearing on ferry delays"),
                _article("b", "Port authority apologizes for ferry delays"),
                _article("c", "(LEAD) Port authority apologizes for weeks of ferry delays"),
                _article("d", "(URGENT) Port authority apologizes over ferry delays", "flash")]  # fmt: skip
    assignments = [Assignment("a", True, None, 1), Assignment("c", False, 0.9, 2, "version"),
                   Assignment("c", True, None, 2), Assignment("d", True, None, 1)]  # fmt: skip
    result = attach_flashes(articles, assignments, [WIRE] * 4, Counter())
    assert [a.group for a in result] == ["a", "c", "c", "c"]
    assert [a.size for a in result] == [1, 3, 3, 3]


FLASH = "(URGENT) Port authority says ferry fares will stay frozen"


@pytest.mark.parametrize(
    ("story_title", "story_text", "story_facts", "joins"),
    [
        # the story recast its headline, and says what the flash said further down
        ("(LEAD) Island ferries to restart in spring after winter storms",
         "Ferry service to the outer islands restarts in spring. The port authority says fares will stay frozen.",
         WIRE, True),
        # a story of the same outlet and day that shares only the subject
        ("Port authority names new harbour pilot", "The port authority named a pilot for the north channel.",
         WIRE, False),
        # a digest carries a line of every story of the day, the flash's news too
        ("News summary", "Port authority says ferry fares will stay frozen. Mayor opens the new library.",
         DocFacts(date=DAY, outlets=frozenset(["northwire"]), digest=True), False),
        # another day's story that repeats the news is a follow-up
        ("Ferry operators protest frozen fares", "The port authority says ferry fares will stay frozen.",
         DocFacts(date=DAY + dt.timedelta(days=1), outlets=frozenset(["northwire"])), False),
    ],
)  # fmt: skip
def test_a_flash_joins_the_story_whose_text_carries_its_headline(story_title, story_text, story_facts, joins):
    story = Article(id="a", source_file="a.txt", title=story_title, text=story_text, kind="article")
    articles = [story, Article(id="b", source_file="b.txt", title=FLASH, text=FLASH, kind="flash")]
    alone = [Assignment("a", True, None, 1), Assignment("b", True, None, 1)]
    result = attach_flashes(articles, alone, [story_facts, WIRE], Counter())
    assert (result[1].group == "a") is joins
    assert not joins or result[1].score >= DEDUP_DEFAULTS.flash_text_contained


def test_a_flash_joins_the_story_carrying_more_of_its_headline():
    texts = {"a": "The port authority says it will review ferry fares next year.",  # most of the words, not all
             "b": "Island ferries restart in spring. The port authority says ferry fares will stay frozen."}
    articles = [Article(id=k, source_file=f"{k}.txt", title=f"Ferry story {k}", text=t, kind="article")
                for k, t in texts.items()]  # fmt: skip
    articles.append(Article(id="c", source_file="c.txt", title=FLASH, text=FLASH, kind="flash"))
    alone = [Assignment(k, True, None, 1) for k in "abc"]
    assert [a.group for a in attach_flashes(articles, alone, [WIRE] * 3, Counter())] == ["a", "b", "b"]


@pytest.mark.parametrize(
    ("min_words", "flash_tag", "reason", "kind"),
    [
        # the body (17 words) is shorter than an article: kept only under a flash tag, then a flash
        (40, True, None, "flash"),
        (40, False, "too_short", None),
        # a lower bar makes the same page an article, under the tag or not
        (10, True, None, "article"),
        (10, False, None, "article"),
        # a bar just above the body's length makes it a flash again
        (18, True, None, "flash"),
    ],
)
def test_one_threshold_decides_flash_and_short_story(min_words, flash_tag, reason, kind):
    options = CleanOptions(min_article_words=min_words)
    title = f"# {'(URGENT) ' if flash_tag else ''}Ferry service to restart"
    article = Article(id="0" * 16, source_file="x.txt", work=Work(raw=f"{title}\n{SENTENCE}"))
    article = next(iter(NotArticleFilter(options).run(PageCleaner(options).run([article]))))
    assert article.reject_reason == reason
    if reason is None:
        KindAnnotator().annotate(article)
        assert article.kind == kind
