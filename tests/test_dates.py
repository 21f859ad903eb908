"""Publication dates: each way a page states its date, what is never a date, and group propagation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import REPO, SHARED, needs_shared

from build_dataset.annotate.dates import (
    DateAnnotator,
    GroupDatePropagator,
    complete_year,
    parse_date_text,
    parse_month_day,
)
from build_dataset.core.article import Article, Work

LEAD = "Officials from both sides met in the capital to discuss the schedule, according to a statement."


def page(header=(), text=LEAD, footer=(), title=None, publisher=None, name="x") -> Article:
    article = Article(id=name.ljust(16, "0"), source_file=f"{name}.txt", language="en")
    article.work.header_lines, article.text, article.work.footer_lines = list(header), text, list(footer)
    article.title, article.publisher = title, publisher
    DateAnnotator().annotate(article)
    return article


@pytest.mark.parametrize(
    ("header", "text", "expected", "source"),
    [
        # metadata header, also when the line runs on into a photo caption
        (
            ["date 2018-12-04 The mayor speaks at a ribbon-cutting ceremony in Incheon. (Yonhap)"],
            LEAD,
            "2018-12-04",
            "header",
        ),
        (["Published : Feb. 17, 2022 - 09:05"], LEAD, "2022-02-17", "header"),
        (["Posted on 2022-05-10 09:13"], LEAD, "2022-05-10", "header"),
        (["Published: 2018-03-14T20:05:59+09:00"], LEAD, "2018-03-14", "header"),
        (["Posted : 2017-05-23 08:31 | Updated : 2017-05-24 18:02"], LEAD, "2017-05-23", "header"),
        (["2019/08/02 18:45 KST"], LEAD, "2019-08-02", "header"),
        (["Economy 07:48 November 9, 2018"], LEAD, "2018-11-09", "header"),
        (["3/14/2018, 8:05:59 PM"], LEAD, "2018-03-14", "header"),
        (["5 December 2017"], LEAD, "2017-12-05", "header"),
        (["Apr 04,2019"], LEAD, "2019-04-04", "header"),
        (["JUL 1, 2019"], LEAD, "2019-07-01", "header"),
        (["Thursday, March 5th, 2020"], LEAD, "2020-03-05", "header"),
        (["March 5, 2021 3:04 AM UTC  Updated 2 hours ago"], LEAD, "2021-03-05", "header"),
        (["June 3, 2019 at 2:10 a.m. EDT"], LEAD, "2019-06-03", "header"),
        (["KYODO NEWS - Jan 14, 2017 - 11:37 | Business, All"], LEAD, "2017-01-14", "byline"),
        (["By Kim Min-ji | Published 2020-01-02"], LEAD, "2020-01-02", "byline"),
        # the wire dateline, with a year
        ([], "SEOUL, March 6, 2019 (Yonhap) -- " + LEAD, "2019-03-06", "dateline"),
        # updated vs published: the update is never the publication date
        (["Published : Sep 28, 2016 - 22:10      Updated : Sep 29, 2016 - 06:55"], LEAD, "2016-09-28", "header"),
        (["Updated : Sep 29, 2016 - 06:55"], LEAD, None, None),
        (["Last updated on Oct 3, 2019"], LEAD, None, None),
        # weekday only, a dateline without a date, no date at all
        ([], "The minister said on Thursday that talks would resume, according to his office.", None, None),
        ([], "OSAKA (Kyodo) -- " + LEAD, None, None),
        (["The Korea Times", "Sign in | Subscribe"], LEAD, None, None),
        # a deck line about an event is not the page's date; a copyright year is not a date
        (["Summit set for June 12, 2018 in Singapore, officials say"], LEAD, None, None),
        (["ⓒ 2017 Yonhap News Agency"], LEAD, None, None),
        (["The new ferry in a photo released on April 18, 2016 by the regional port authority"], LEAD, None, None),
    ],
)
def test_page_dates(header, text, expected, source):
    article = page(header=header, text=text)
    assert (str(article.date) if article.date else None, article.date_source) == (expected, source)


def test_date_text_is_the_words_read():
    article = page(header=["Published : Feb. 17, 2022 - 09:05"])
    assert article.date_text == "Published : Feb. 17, 2022"


def test_title_is_not_a_date_line():
    article = page(header=["Talks resume on June 12, 2018"], title="Talks resume on June 12, 2018")
    assert article.date is None


def test_date_nearest_the_headline_wins():
    header = ["Latest 19:02 October 1, 2019", "Talks resume in Seoul", "October 3, 2019"]
    assert page(header=header, title="Talks resume in Seoul").date == dt.date(2019, 10, 3)


def test_labelled_date_under_the_body_counts():
    assert page(footer=["Published: 2020-02-10"]).date == dt.date(2020, 2, 10)


def test_dateline_without_year_stays_null_and_keeps_month_day():
    article = page(text="BEIJING / SEOUL, Nov. 15 (Yonhap) -- " + LEAD)
    assert article.date is None
    assert article.work.partial_date[:2] == (11, 15)


def test_dateline_without_year_takes_year_from_another_page_date():
    article = page(header=["Updated : Apr. 2, 2021 - 09:00"], text="SEOUL, April 1 (Yonhap) -- " + LEAD)
    assert (article.date, article.date_source) == (dt.date(2021, 4, 1), "dateline")


def test_dateline_year_not_taken_from_a_distant_date():
    article = page(header=["Updated : Sept. 2, 2021"], text="SEOUL, April 1 (Yonhap) -- " + LEAD)
    assert article.date is None


def test_non_english_pages_get_no_date():
    article = Article(id="0" * 16, source_file="x.txt", language="ko")
    article.work.header_lines = ["Published : Feb. 17, 2022"]
    DateAnnotator().annotate(article)
    assert article.date is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oct. 6, 2023", dt.date(2023, 10, 6)),
        ("Sept. 3, 2019", dt.date(2019, 9, 3)),
        ("2019.08.22", dt.date(2019, 8, 22)),
        ("Feb. 30, 2019", None),  # no such day
        ("Jan 1, 1785", None),  # before EARLIEST_DATE: a misread, not a news date
        ("Feb 26, 1987", dt.date(1987, 2, 26)),  # newswire archives (Reuters-21578) are this old
        ("Jan 1, 2099", None),  # in the future
    ],
)
def test_parse_date_text(text, expected):
    assert parse_date_text(text) == expected


@pytest.mark.parametrize(
    ("month_day", "references", "expected"),
    [
        ((4, 1), [dt.date(2021, 3, 31)], dt.date(2021, 4, 1)),
        ((12, 31), [dt.date(2020, 1, 2)], dt.date(2019, 12, 31)),  # across new year
        ((4, 1), [dt.date(2021, 6, 1)], None),  # too far away
        ((2, 29), [dt.date(2021, 3, 1)], None),  # no Feb. 29 near 2021
    ],
)
def test_complete_year(month_day, references, expected):
    assert complete_year(*month_day, references, max_gap_days=7) == expected


# --- duplicate groups ---------------------------------------------------------------------------------------


def grouped(*articles: Article, group: str = "g" * 16) -> list[Article]:
    for i, article in enumerate(articles):
        article.duplicate_group, article.is_canonical = group, i == 0
    return list(articles)


def propagate(articles: list[Article]) -> list[Article]:
    GroupDatePropagator().process_all(articles)
    return articles


def test_undated_copy_keeps_null_date_and_gets_the_story_date():
    original = page(header=["Published : Aug 22, 2019"], name="a", publisher="Yonhap News Agency")
    copy = page(name="b")
    propagate(grouped(original, copy))
    assert copy.date is None
    assert (copy.story_date, copy.story_date_from) == (dt.date(2019, 8, 22), original.id)
    assert (original.story_date, original.story_date_from) == (dt.date(2019, 8, 22), original.id)


def test_story_date_is_the_earliest_stated_date_and_never_overrides_a_page_date():
    later = page(header=["Published : Mar 7, 2020"], name="a")
    earlier = page(header=["Posted on 2020-03-06 02:14"], name="b")
    undated = page(name="c")
    propagate(grouped(later, earlier, undated))
    assert [a.date for a in (later, earlier, undated)] == [dt.date(2020, 3, 7), dt.date(2020, 3, 6), None]
    story = {(a.story_date, a.story_date_from) for a in (later, earlier, undated)}
    assert story == {(dt.date(2020, 3, 6), earlier.id)}


def test_group_without_any_date_has_no_story_date():
    first, second = page(name="a"), page(name="b")
    propagate(grouped(first, second))
    assert (first.story_date, second.story_date, second.story_date_from) == (None, None, None)


def test_yearless_dateline_completed_from_group():
    original = page(header=["Aug 22, 2019"], name="a", publisher="Yonhap News Agency")
    copy = page(text="Seoul, Aug. 22 (Yonhap) -- " + LEAD, name="b", publisher="Newsy Today")
    far = page(text="Seoul, Oct. 22 (Yonhap) -- " + LEAD, name="c", publisher="Newsy Today")
    propagate(grouped(original, copy, far))
    assert (copy.date, copy.date_source) == (dt.date(2019, 8, 22), "dateline+group_year")
    assert far.date is None  # its own dateline says another day


TUESDAY_LEAD = "BEIJING / SEOUL, Nov. 15 (Yonhap) -- Negotiators of the two countries on Tuesday closed a trade round."


@pytest.mark.parametrize(
    ("lead", "neighbour", "expected"),
    [
        (TUESDAY_LEAD, "2022-11-14", dt.date(2022, 11, 15)),  # Nov. 15, 2022 was a Tuesday
        (TUESDAY_LEAD.replace("Tuesday", "Wednesday"), "2022-11-14", None),  # weekday disagrees
        (TUESDAY_LEAD, "2022-05-14", None),  # no dated article near Nov. 15 of any year
        (TUESDAY_LEAD.replace(" on Tuesday", ""), "2022-11-14", None),  # no weekday named
    ],
)
def test_yearless_dateline_year_from_weekday_and_corpus(lead, neighbour, expected):
    other = page(header=[f"date {neighbour}"], name="n")
    article = page(text=lead, name="d")
    copy = page(name="e")
    grouped(other, group="n" * 16)
    grouped(article, copy)
    propagate([other, article, copy])
    assert article.date == expected
    assert article.date_source == (None if expected is None else "dateline+weekday")
    assert copy.date is None  # the copy states no date of its own
    assert copy.story_date == expected


# --- the seeds and the dev set, when ../shared is present -------------------------------------------------


def _annotated(raw_dir, gold_rows) -> list[Article]:
    """Pages of ``raw_dir`` annotated, grouped as the gold groups them (a stand-in for the duplicate step)."""
    from build_dataset.annotate.sources import SourceAnnotator
    from build_dataset.clean.page import split_page
    from build_dataset.io.files import read_article

    articles, seen_groups = [], set()
    for row in gold_rows:
        article = read_article(raw_dir / row["file"], raw_dir, 10**7)
        split_page(article)
        article.language = "en"
        SourceAnnotator().annotate(article)
        DateAnnotator().annotate(article)
        article.duplicate_group = row["story"]
        article.is_canonical = row["story"] not in seen_groups
        seen_groups.add(row["story"])
        articles.append(article)
    GroupDatePropagator().process_all(articles)
    return articles


@needs_shared
@pytest.mark.parametrize(("raw", "gold"), [("seeds", "seeds-gold.jsonl"), ("dev/raw", "dev/gold.jsonl")])
def test_dates_meet_the_floor(raw, gold):
    eval_dir = SHARED / "eval"
    raw_dir = REPO / "seeds" if raw == "seeds" else eval_dir / raw
    rows = [json.loads(line) for line in (eval_dir / gold).read_text().splitlines() if line.strip()]
    predicted = {Path(a.source_file).name: a.date for a in _annotated(raw_dir, rows)}
    dated = [r for r in rows if r["date"] not in (None, "?")]
    undated = [r for r in rows if r["date"] is None]
    accuracy = sum(str(predicted[r["file"]]) == r["date"] for r in dated) / len(dated)
    false_rate = sum(predicted[r["file"]] is not None for r in undated) / max(len(undated), 1)
    assert (accuracy >= 0.95, false_rate <= 0.05) == (True, True), (accuracy, false_rate)


# --- crawled pages: dash variants, a lost place, corpus metadata ---------------------------------------------


@pytest.mark.parametrize(
    "dateline",
    [
        "MAPLEVILLE, March 6, 2019 (Northwire) -- ",
        "MAPLEVILLE, March 6, 2019 (Northwire) —- ",
        "MAPLEVILLE, March 6, 2019 (Northwire) – ",
        "MAPLEVILLE, March 6, 2019 (Northwire) — ",
        "March 6, 2019 (Northwire) -- ",  # the crawl lost the place
    ],
)
def test_datelines_with_any_dash(dateline):
    article = page(text=dateline + LEAD)
    assert (str(article.date), article.date_source) == ("2019-03-06", "dateline")


def test_a_yearless_dateline_without_place_keeps_its_month_and_day():
    article = page(text="March 6 (Northwire) -- " + LEAD)
    assert article.date is None and article.work.partial_date[:2] == (3, 6)


def test_a_date_without_credit_or_place_is_no_dateline():
    assert page(text="March 6 -- " + LEAD).work.partial_date is None


def dated(metadata: dict, header=(), text=LEAD) -> tuple[Article, DateAnnotator]:
    annotator = DateAnnotator()
    article = Article(id="0" * 16, source_file="c.jsonl#1", language="en", work=Work(metadata=metadata))
    article.work.header_lines, article.text = list(header), text
    annotator.annotate(article)
    return article, annotator


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-12-28T00:00", "2025-12-28"),
        ("2019-08-22", "2019-08-22"),
        ("Aug. 22, 2019", "2019-08-22"),
        ("22/08/2019", "2019-08-22"),
        ("not a date", None),
        ("1066-10-14", None),  # out of range
    ],
)
def test_metadata_date(value, expected):
    article, _ = dated({"date": value})
    assert (str(article.date) if article.date else None) == expected
    assert article.date_source == ("metadata" if expected else None)


def test_metadata_date_wins_and_a_contradicting_page_is_counted():
    article, annotator = dated({"date": "2019-08-22"}, header=["Published : Aug. 21, 2019"])
    assert (str(article.date), article.date_source) == ("2019-08-22", "metadata")
    assert annotator.stats["metadata_contradicts_page_date"] == 1
    _, agreeing = dated({"date": "2019-08-21"}, header=["Published : Aug. 21, 2019"])
    assert agreeing.stats["metadata_contradicts_page_date"] == 0


def test_metadata_date_replaces_a_yearless_dateline():
    article, _ = dated({"date": "2019-03-06"}, text="MAPLEVILLE, March 6 (Northwire) -- " + LEAD)
    assert (str(article.date), article.work.partial_date) == ("2019-03-06", None)


def test_metadata_date_is_used_on_any_language():
    article = Article(id="0" * 16, source_file="c.jsonl#1", language="ko", work=Work(metadata={"date": "2019-08-22"}))
    DateAnnotator().annotate(article)
    assert str(article.date) == "2019-08-22"


@pytest.mark.parametrize(
    ("text", "month_day"),
    [("Aug. 22", (8, 22)), ("Feb. 29", (2, 29)), ("3 March", (3, 3)), ("Sept. 31", None), ("Foo", None)],
)
def test_parse_month_day_twice(text, month_day):
    assert parse_month_day(text) == month_day
    assert parse_month_day(text) == month_day  # the remembered answer
