"""Wire-copy furniture: what is cut from the lead and the tail of a body, and what is kept of it."""

from __future__ import annotations

import pytest

from build_dataset.clean.wire import (
    disclaimer_start,
    extract_version,
    lead_prefix_end,
    other_script_block_start,
    strip_wire_furniture,
)
from build_dataset.core.article import Article

STORY = (
    "MAPLEVILLE, March 3 (Northwire) -- The city council voted on Tuesday to extend the night bus service "
    "through the winter, officials said."
)
SECOND = "The extension will cost about 2 million dollars, according to the council's budget office."


def strip(body: list[str], title: str | None = None) -> Article:
    article = Article(id="0" * 16, source_file="x.txt", title=title)
    article.text = "\n\n".join(strip_wire_furniture(article, body))
    return article


@pytest.mark.parametrize(
    ("lead", "kept_from"),
    [
        # slug, headline and byline glued in front of the dateline, with every dash a crawl leaves
        ("council-night buses Council extends night busesBy Ann Lee " + STORY, "MAPLEVILLE"),
        ("council-night buses Council extends night buses " + STORY.replace("--", "—-"), "MAPLEVILLE"),
        ("bus plan Night buses stay in 2026By Ann Lee " + STORY.replace("--", "–"), "MAPLEVILLE"),
        ("(LEAD) council-buses(LEAD) Council extends buses(ATTN: ADDS quote)By Ann Lee " + STORY, "MAPLEVILLE"),
        # a story that opens with a sentence is not furniture, whatever follows it
        ("The council met. Later, " + STORY, "The council met."),
        # no dateline: nothing to cut
        (SECOND, "The extension"),
    ],
)
def test_lead_furniture_is_cut_at_the_dateline(lead, kept_from):
    article = strip([lead, SECOND])
    assert article.text.startswith(kept_from)


def test_what_the_lead_furniture_says_is_kept():
    article = strip(["(2nd LD) council-buses(2nd LD) Council extends buses(ATTN: UPDATES all)By Ann Lee " + STORY])
    assert article.version == "2nd LD"
    assert "By Ann Lee" in article.work.header_lines
    reasons = {reason for reason, _ in article.work.removed}
    assert {"editor_note", "wire_slug"} <= reasons


HEADLINE = "Bond Rates on March 3"


@pytest.mark.parametrize(
    ("lead", "title", "story_start"),
    [
        ("bond rates-close Bond Rates on March 3 Today 1.25 1.30", HEADLINE, "Today 1.25 1.30"),
        ("Bond Rates on March 3(ATTN: CORRECTS figure) Today 1.25", HEADLINE, "Today 1.25"),
        # the headline after a sentence is the story quoting it
        ("An opening sentence of the story. Then Bond Rates on March 3 appear.", HEADLINE, None),
        ("Rates fell on Tuesday.", None, None),
    ],
)
def test_repeated_headline_behind_a_slug(lead, title, story_start):
    end = lead_prefix_end(lead, title)
    assert (lead[end:].strip() if end is not None else None) == story_start


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("(LEAD) Council extends night buses", "LEAD"),
        ("(3rd LD) Council extends night buses", "3rd LD"),
        ("(URGENT) Council extends night buses", "URGENT"),
        ("UPDATE 2-Council extends night buses", "UPDATE 2"),
        ("(News Focus) Night buses and the city budget", None),
        ("Council extends night buses (Photos)", None),
    ],
)
def test_version_tag(title, expected):
    assert extract_version(title) == expected


def test_version_comes_from_the_title_first():
    article = strip([STORY, SECOND], title="(LEAD) Council extends night buses")
    assert article.version == "LEAD"


@pytest.mark.parametrize(
    ("last", "kept", "footer"),
    [
        (SECOND + " ann.lee@northwire.example(END)", SECOND, ["ann.lee@northwire.example"]),
        (SECOND + " Ann Lee ann.lee@northwire.example", SECOND, ["Ann Lee ann.lee@northwire.example"]),
        (SECOND + " (ann@northwire.example; bo@nw.example)", SECOND, ["ann@northwire.example; bo@nw.example"]),
        (SECOND + "(MORE)", SECOND, []),
        # an address inside a sentence stays
        ("Readers can write to letters@northwire.example with questions about the plan.", None, []),
        (SECOND + " (END) ", SECOND, []),
        (SECOND + " (end)", None, []),  # the mark is in capitals
        (SECOND + " (END) more text", None, []),  # the mark closes the paragraph
        ("(END)" + " " * 600 + SECOND, None, []),  # a mark before the scanned tail
        (SECOND + " Ann Lee ann.lee@northwire", None, []),  # no domain: not an address
    ],
)
def test_tail_signoffs_and_end_marks(last, kept, footer):
    article = strip([STORY, last])
    assert article.text.endswith(kept or last)
    assert article.work.footer_lines == footer


@pytest.mark.parametrize(
    "block",
    [
        "■ 제보하기 ▷ 전화 : 02-000-0000 ▷ 이메일 : tips@station.example ▷ 구독해주세요!",
        "※ 이 기사는 자동 번역되었습니다. 원문 보기",
        "▶ 記事の続きは会員登録のうえご覧ください",
    ],
)
def test_a_closing_block_in_another_script_goes_to_the_footer(block):
    article = strip([STORY, SECOND + block])
    assert article.text.endswith(SECOND)
    assert article.work.footer_lines == [block]
    assert other_script_block_start(SECOND + block) == len(SECOND)


def test_an_english_sentence_closing_a_korean_article_is_also_another_script():
    korean = "시의회는 화요일 겨울 동안 심야버스 운행을 연장하기로 의결했다고 밝혔다."
    assert other_script_block_start(korean + " Subscribe to our newsletter for more news.") == len(korean) + 1


@pytest.mark.parametrize(
    ("paragraph", "cut_at"),
    [
        (SECOND + " This story was translated into English using generative AI and then reviewed by an "
         "editor.", len(SECOND) + 1),
        (SECOND + " [Translated by Bo Park] Original article: http://paper.example/1 To see more "
         "English-language articles, visit our blog.", len(SECOND) + 1),
        (SECOND + " Subscribe to our newsletter for the latest stories.", len(SECOND) + 1),
        # a story sentence about subscriptions is the story
        ("Netflix said its subscription revenue rose 12 percent in the quarter.", None),
        ("The translation of the treaty was completed by a team of diplomats last year.", None),
    ],
)
def test_closing_disclaimers(paragraph, cut_at):
    assert disclaimer_start(paragraph) == cut_at


def test_lead_notice_and_bracket_credit():
    lead = (
        "This article was first published as premium content on March 1, 2025, at 8:00 AM."
        "[Ann Lee, Northwire Reporter] The city council voted on Tuesday to extend the night bus service."
    )
    article = strip([lead, SECOND])
    assert article.text.startswith("The city council voted")
    assert "[Ann Lee, Northwire Reporter]" in article.work.header_lines
    assert ("disclaimer", "This article was first published as premium content on March 1, 2025, at 8:00 AM.") in (
        article.work.removed
    )


def test_a_body_of_furniture_only_is_emptied():
    article = strip(["(URGENT) council-buses(URGENT) Council extends night buses", "(END)"],
                    title="(URGENT) Council extends night buses")
    assert article.text == ""


@pytest.mark.parametrize(
    "lead",
    [
        # an upper-case name with a parenthesis and a dash inside a sentence is no dateline
        "Officials said that the WHO (World Health Organization) -- which met in March -- agreed to the plan.",
        "Officials said that the WHO (World Health Organization) -- Geneva's agency -- agreed to the plan.",
        # the headline opening the story's own sentence is the story
        "Council extends night buses in a vote on Tuesday, officials said.",
        "Council extends night buses, officials said on Tuesday after a vote.",
    ],
)
def test_story_leads_are_left_whole(lead):
    assert strip([lead, SECOND], title="Council extends night buses").text.startswith(lead)


@pytest.mark.parametrize(
    "last",
    [
        "This report was compiled by a panel of experts and released on Monday, officials said.",
        "This story has more to it than the council admits, a resident said.",
    ],
)
def test_story_sentences_about_reports_are_kept(last):
    assert disclaimer_start(last) is None


@pytest.mark.parametrize(
    ("paragraph", "cut_at"),
    [
        ("Plain ASCII text. Another sentence. [Northwire]", None),
        ("", None),
        ("Exports rose. Café owners agreed. Das ist gut.", None),  # Latin letters beyond ASCII
        ("Exports rose. 수출이 늘었다.", len("Exports rose. ")),
    ],
)
def test_tail_blocks_need_another_script(paragraph, cut_at):
    assert other_script_block_start(paragraph) == cut_at


@pytest.mark.parametrize(
    ("paragraph", "cut_at"),
    [
        # the block starts where the other script starts, not at an abbreviation before it
        ("Exports reached 20 billion U.S. dollars last year.■ 제보하기 ▷ 전화 : 02-000-0000 ▷ 구독해주세요!",
         len("Exports reached 20 billion U.S. dollars last year.")),
        ("The display offers AI-generated visuals. [Northwire Electronics]", None),
    ],
)
def test_tail_blocks_start_at_the_other_script(paragraph, cut_at):
    assert other_script_block_start(paragraph) == cut_at


@pytest.mark.parametrize(
    "last",
    [
        "Customers can subscribe to the service for 2,900 won per month, the company said.",
        "The display offers thousands of artworks and even AI-generated visuals, the company said.",
    ],
)
def test_story_sentences_about_subscriptions_and_ai_are_kept(last):
    assert disclaimer_start(last) is None


@pytest.mark.parametrize(
    ("lead", "title", "slug"),
    [
        ("(LEAD) council-buses(LEAD) Council extends night buses(ATTN: ADDS quote)By Ann Lee " + STORY,
         "(LEAD) Council extends night buses", "council-buses"),
        ("Council-Night Buses Council extends night busesBy Ann Lee " + STORY, "Council extends night buses",
         "council-night buses"),
        ("(News Focus) council-buses Why the council kept night buses " + STORY, "Why the council kept night buses",
         "(news focus) council-buses"),
        # no headline repeated behind the slug: nothing says where the slug ends
        ("council-buses By Ann Lee " + STORY, "(LEAD) Council extends night buses", None),
        ("council-buses Council extends night buses " + STORY, None, None),
        # a section label in front of the headline is no slug
        ("Politics Council extends night buses " + STORY, "Council extends night buses", None),
        # the headline alone in front of the dateline: no slug
        ("Council extends night buses " + STORY, "Council extends night buses", None),
    ],
)  # fmt: skip
def test_the_wire_slug_is_kept_for_the_grouper(lead, title, slug):
    article = strip([lead, SECOND], title)
    assert article.work.wire_slug == slug
    assert article.work.slim().wire_slug == slug
