"""dedup.facts: what the grouper reads of each page, taken from the steps before it, not re-read from the text."""

from __future__ import annotations

import datetime as dt

import pytest

from build_dataset.core.article import Article
from build_dataset.dedup.facts import extract_update_tag, facts_of_article, facts_of_text, outlet_keys

STORY = "MAPLEVILLE, March 3 (Northwire) -- The city council extended night bus service on Tuesday, officials said."
ROUNDUP = "\n".join(
    ["The following is a summary of major stories on Monday.", *(f"----- ■ Item {n} " + STORY for n in range(4))]
)


@pytest.mark.parametrize(
    "title, text, expected",
    [
        ("(LEAD) Council extends night buses", STORY, "LEAD"),
        (None, "(2nd LD) council-buses(2nd LD) Council extends night buses " + STORY, "2nd LD"),
        ("Council extends night buses", "(URGENT) Council extends night buses", "URGENT"),
        (None, "UPDATE 2-Council extends night buses " + STORY, "UPDATE 2"),
        ("Council extends night buses", STORY, None),
        # a tag deep in the text belongs to an item the page quotes, not to the page
        (None, STORY + " " * 300 + "■ (LEAD) Another story", None),
    ],
)
def test_the_version_tag_of_a_plain_text(title, text, expected):
    assert extract_update_tag(title, text) == expected


def page(**fields) -> Article:
    return Article(id="a" * 16, source_file="x.txt", **fields)


@pytest.mark.parametrize(
    "fields, update, digest",
    [
        # the cleaner took "(LEAD)" out of the title and text and kept it in ``version``
        ({"title": "Council extends night buses", "text": STORY, "version": "LEAD"}, True, False),
        # a digest quoting "(LEAD)" items is no update unless the cleaner found a tag of its own
        ({"title": "News Summary", "text": "(LEAD) " + STORY, "kind": "digest"}, False, True),
        # the page kind decides, whatever the text looks like
        ({"title": "News Summary", "text": ROUNDUP, "kind": "article"}, False, False),
    ],
)
def test_an_article_s_facts_come_from_its_fields(fields, update, digest):
    facts = facts_of_article(page(**fields))
    assert (facts.update, facts.digest) == (update, digest)


def test_an_article_s_date_and_outlet():
    facts = facts_of_article(page(text=STORY, date=dt.date(2025, 3, 3), agency="Northwire News Agency"))
    assert facts.date == dt.date(2025, 3, 3) and facts.outlets == outlet_keys("Northwire")


@pytest.mark.parametrize(
    "text, digest",
    [(ROUNDUP, True), (STORY, False), (STORY + "\n\nThe service runs until May.\n\nRiders welcomed it.", False)],
)
def test_a_plain_text_is_a_digest_by_the_page_kind_test(text, digest):
    assert facts_of_text(text).digest is digest


@pytest.mark.parametrize(
    "a, b, same",
    [("Yonhap News Agency", "Yonhap", True), ("The Korea Herald", "Korea Herald", True), ("KBS", "Yonhap", False)],
)
def test_outlet_names_without_filler_words(a, b, same):
    assert (outlet_keys(a) == outlet_keys(b)) is same
