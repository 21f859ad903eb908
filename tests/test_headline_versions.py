"""A lone wire story version joins its story by headline (``dedup.headlines``): invented headlines only."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from build_dataset.clean.wire import extract_version
from build_dataset.core.article import Article
from build_dataset.dedup.facts import facts_of_article
from build_dataset.dedup.grouper import Assignment
from build_dataset.dedup.headlines import attach_headline_versions
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions

DAY = dt.date(2031, 5, 6)
STORY = "Harbour board approves new ferry terminal for the outer islands"


def article(id_: str, title: str, day: dt.date = DAY, publisher: str = "Northwire", kind: str = "article",
            words: int = 300) -> Article:  # fmt: skip
    return Article(id=id_, source_file=f"{id_}.txt", title=title, version=extract_version(title), date=day,
                   publisher=publisher, kind=kind, word_count=words)  # fmt: skip


def attach(articles: list[Article], assignments: list[Assignment] | None = None, options=DEDUP_DEFAULTS):
    alone = assignments or [Assignment(a.id, True, None, 1) for a in articles]
    stats: Counter = Counter()
    facts = [facts_of_article(a) for a in articles]
    return attach_headline_versions(articles, alone, facts, stats, options), stats


@pytest.mark.parametrize(
    ("first", "second", "joins"),
    [
        # an update and its first take, the body rewritten: one story by its headline
        (article("a", STORY), article("b", f"(LEAD) {STORY}"), True),
        (article("a", f"(LEAD) {STORY}"), article("b", f"(2nd LD) {STORY}"), True),
        (article("a", STORY), article("b", f"UPDATE 2-{STORY}"), True),
        (article("a", f"REFILE-{STORY}"), article("b", STORY), True),
        # the update recast a few words of its headline
        (article("a", STORY), article("b", "(LEAD) Harbour board approves new ferry terminal for outer isles"), True),
        # filed after midnight: the next day
        (article("a", STORY), article("b", f"(LEAD) {STORY}", DAY + dt.timedelta(days=1)), True),
        # two days later the same headline is a follow-up
        (article("a", STORY), article("b", f"(LEAD) {STORY}", DAY + dt.timedelta(days=2)), False),
        # no update tag on either: two stories may share a headline (a column, a formula)
        (article("a", STORY), article("b", STORY), False),
        # another outlet's story under the same headline is not an update of this one
        (article("a", STORY), article("b", f"(LEAD) {STORY}", publisher="Eastpost"), False),
        # the same subject, another story: a preview against the event story
        (article("a", "Harbour board set to vote on ferry fares"), article("b", f"(LEAD) {STORY}"), False),
        # digests, tables and flashes keep their own rules
        (article("a", "News summary", kind="digest"), article("b", "(LEAD) News summary"), False),
        (article("a", STORY, kind="table"), article("b", f"(LEAD) {STORY}"), False),
        (article("a", f"(URGENT) {STORY}", kind="flash", words=9), article("b", f"(LEAD) {STORY}"), False),
    ],
)  # fmt: skip
def test_a_lone_version_joins_by_headline(first, second, joins):
    result, stats = attach([first, second])
    assert (result[0].group == result[1].group) is joins
    if joins:
        member = next(a for a in result if not a.is_canonical)
        assert member.relation == "version"
        assert member.score >= DEDUP_DEFAULTS.headline_version_match
        assert [a.size for a in result] == [2, 2]
        assert stats["headline_versions_joined"] == 1


def test_the_longer_version_is_canonical_and_a_chain_ends_in_one_group():
    articles = [article("a", STORY, words=200), article("b", f"(LEAD) {STORY}", words=500),
                article("c", f"(2nd LD) {STORY}", words=350)]  # fmt: skip
    result, _ = attach(articles)
    assert [a.group for a in result] == ["b", "b", "b"]
    assert [a.is_canonical for a in result] == [False, True, False]
    assert [a.size for a in result] == [3, 3, 3]


def test_a_lone_version_joins_a_group_and_grouped_articles_stay():
    articles = [article("a", STORY), article("b", f"(LEAD) {STORY}"), article("c", f"(2nd LD) {STORY}"),
                article("d", f"(LEAD) {STORY}", publisher="Eastpost")]  # fmt: skip
    grouped = [Assignment("a", True, None, 1), Assignment("b", True, None, 2),
               Assignment("b", False, 0.9, 2, "version"), Assignment("d", True, None, 1)]  # fmt: skip
    result, _ = attach(articles, grouped)
    assert [a.group for a in result] == ["b", "b", "b", "d"]
    assert [a.size for a in result] == [3, 3, 3, 1]


@pytest.mark.parametrize(("match", "days", "joins"), [(0.7, 1, True), (0.95, 1, False), (0.7, 0, False)])
def test_the_thresholds_are_the_options(match, days, joins):
    options = DedupOptions(headline_version_match=match, headline_version_days=days)
    recast = "(LEAD) Harbour board approves new ferry terminal for outer isles"
    articles = [article("a", STORY), article("b", recast, DAY + dt.timedelta(days=1))]
    result, _ = attach(articles, options=options)
    assert (result[0].group == result[1].group) is joins


def slugged(id_: str, title: str, slug: str | None, day: dt.date = DAY) -> Article:
    found = article(id_, title, day)
    found.work.wire_slug = slug
    return found


@pytest.mark.parametrize(
    ("first", "second", "joins"),
    [
        # one slug over a day's takes, the headline recast after the event
        (slugged("a", "Harbour board set to vote on ferry terminal", "harbour-ferry"),
         slugged("b", "(LEAD) Outer islands get new ferry terminal", "harbour-ferry"), True),
        # the same slug on the next day is a follow-up
        (slugged("a", "Harbour board set to vote on ferry terminal", "harbour-ferry"),
         slugged("b", "(LEAD) Outer islands get new ferry terminal", "harbour-ferry", DAY + dt.timedelta(days=1)),
         False),
        # other slugs, or no tag on either, or no slug known
        (slugged("a", "Harbour board set to vote on ferry terminal", "harbour-ferry"),
         slugged("b", "(LEAD) Outer islands get new ferry terminal", "harbour-fares"), False),
        (slugged("a", "Harbour board set to vote on ferry terminal", "harbour-ferry"),
         slugged("b", "Outer islands get new ferry terminal", "harbour-ferry"), False),
        (slugged("a", "Harbour board set to vote on ferry terminal", None),
         slugged("b", "(LEAD) Outer islands get new ferry terminal", None), False),
    ],
)  # fmt: skip
def test_a_lone_version_joins_by_its_wire_slug(first, second, joins):
    result, _ = attach([first, second])
    assert (result[0].group == result[1].group) is joins
    assert not joins or {a.relation for a in result} == {None, "version"}
