"""Cleaning: boilerplate lines go, every article sentence stays, the headline is found."""

from __future__ import annotations

import ftfy
import pytest

from build_dataset.clean.page import (
    FTFY_CONFIG,
    NotArticleFilter,
    PageCleaner,
    ascii_unescaped,
    is_caption,
    is_navigation,
    is_prose,
    line_junk_reason,
    repair_line,
    repair_text,
    split_page,
)
from build_dataset.clean.reflow import closes_sentence
from build_dataset.core.article import Article, Work

BODY_1 = (
    "The defense ministry said on Monday that the two countries will resume joint exercises next month "
    "after a pause of nearly two years."
)
BODY_2 = (
    "Officials from both sides met in the capital to discuss the schedule, according to a statement released "
    "late in the evening."
)
BODY_3 = '"Our teams will keep working together," the minister said to journalists once the talks wrapped up at noon.'


def page(*lines: str) -> Article:
    article = Article(id="0" * 16, source_file="x.txt", work=Work(raw="\n".join(lines)))
    split_page(article)
    return article


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Seoul\u2019s plan", "Seoul\u2019s plan"),  # curly quotes are kept
        ("caf\u00c3\u00a9 owners", "caf\u00e9 owners"),  # mojibake repaired
        ("a\x00b\x07c", "abc"),  # control characters dropped
        ("line one\r\nline two", "line one\nline two"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
    ],
)
def test_repair_text(raw, expected):
    assert repair_text(raw) == expected


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("WhatsApp share button  Telegram share button  Email share button", "share_widget"),
        ("• Link copied", "share_widget"),
        ("Copyright © example.co.kr. All rights reserved.", "copyright"),
        ("(END)", "end_marker"),
        ("==Kyodo", "end_marker"),
        ("reporter@example.com", "email"),
        ("#Parasite #Oscars", "hashtags"),
        ("Tags: Samsung, memory chip", "tag_line"),
        ("Home | World | Business | Sport", "navigation"),
        ("Flags of both countries. (AP) Flags of both countries. (AP)", "doubled_caption"),
        (BODY_1, None),
        ("Our correspondent reports.", None),
    ],
)
def test_line_junk_reason(line, reason):
    assert line_junk_reason(line) == reason


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (BODY_1, True),
        ("Fishermen protest as coast guard widens patrols around contested fishing grounds", False),  # headline
        ("Mayor hails rail deal as 'landmark,' vows to break ground on the new line with partners 'without delay'",
         False),
        ("Please view the main text.", False),
    ],
)
def test_is_prose(line, expected):
    assert is_prose(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A spokeswoman answers questions at a briefing in Busan on Friday. (Yonhap)", True),
        ("The minister announces the decision at the presidential office, Thursday. Yonhap", True),
        (BODY_1, False),
    ],
)
def test_is_caption(line, expected):
    assert is_caption(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("News   Opinion   Culture   Sport", True),
        ("Arirang News  >  World", True),
        ("Seoul and Tokyo agree to talks", False),
    ],
)
def test_is_navigation(line, expected):
    assert is_navigation(line) is expected


def test_page_parts_are_separated():
    article = page(
        "The Daily Example",
        "Home | World | Business | Sport",
        "Two countries agree to resume joint exercises",
        "Published : Feb. 17, 2022 - 09:05",
        "By Jane Doe",
        "WhatsApp share button  Telegram share button  Email share button",
        "Soldiers take part in an exercise near the border on Monday. (Yonhap)",
        "Soldiers take part in an exercise near the border on Monday. (Yonhap)",
        BODY_1,
        BODY_2,
        BODY_3,
        "jane@example.com",
        "MOST POPULAR",
        "1. Markets rally as central bank holds rates steady after a long meeting of its policy board members today.",
        "2. Star striker signs four-year deal",
        "Copyright © The Daily Example. All rights reserved.",
    )
    assert article.title == "Two countries agree to resume joint exercises"
    assert article.text == "\n\n".join([BODY_1, BODY_2, BODY_3])
    assert "Published : Feb. 17, 2022 - 09:05" in article.work.header_lines
    assert "MOST POPULAR" in article.work.footer_lines
    assert all("Markets rally" not in line for line in article.text.split("\n"))


def test_a_page_without_header_has_no_title():
    article = page(BODY_1, BODY_2)
    assert article.title is None
    assert article.text.startswith("The defense ministry")


def test_short_site_names_are_not_titles():
    assert page("The Korea Times", "Sign in | Subscribe", BODY_1, BODY_2).title is None


def test_junk_inside_the_body_is_removed_and_recorded():
    article = page(BODY_1, "• Link copied", BODY_2, "\uc18c\uc2dd \ub274\uc2a4", BODY_3)
    assert "Link copied" not in article.text
    assert {"share_widget", "stray_script"} <= {reason for reason, _ in article.work.removed}


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (["This website stores cookies to give you a better visit. Click Accept to continue. Accept"], "no_body"),
        (["Latest headlines", "Markets rally on rate hopes", "Star striker signs new deal"], "no_body"),
        ([BODY_1], "too_short"),
    ],
)
def test_pages_that_are_not_articles_are_rejected(lines, reason):
    article = Article(id="0" * 16, source_file="x.txt", work=Work(raw="\n".join(lines)))
    cleaned = list(NotArticleFilter().run(PageCleaner().run([article])))
    assert cleaned[0].reject_reason == reason


# --- titles of crawled pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        # a markdown heading is the title, whatever it ends in or however short it is
        (["# Night buses to run through the winter in 2025"], "Night buses to run through the winter in 2025"),
        (["# Council seeks help from U.S."], "Council seeks help from U.S."),
        (["# Will the night buses survive the winter?"], "Will the night buses survive the winter?"),
        (["# Breaking the ice"], "Breaking the ice"),
        (["## Section", "# Council extends night buses"], "Council extends night buses"),
        (["# Kakao Pay adds two languages to its app"], "Kakao Pay adds two languages to its app"),
        # unmarked headlines ending in a year or an abbreviation
        (["Night buses run through the winter of 2025"], "Night buses run through the winter of 2025"),
        (["Council seeks funding for night buses from U.S."], "Council seeks funding for night buses from U.S."),
        # never a web address, a site's slogan or a date line
        (["url https://news.example.com/2025/03/night-buses-extended"], None),
        (["# www.example.com/night-buses"], None),
        (["Breaking news from the region and the world", "Council extends night buses for winter"],
         "Council extends night buses for winter"),
        (["Exclusive news, data and analytics for transport professionals", "Council extends buses"], None),
        (["Council meeting held on March 3, 2025 at noon"], None),
        # a sentence is not a headline
        (["The council met on Tuesday and decided to keep the buses."], None),
    ],
)
def test_titles_of_crawled_pages(header, expected):
    assert page(*header, BODY_1, BODY_2, BODY_3).title == expected


def test_a_heading_is_never_the_start_of_the_body():
    heading = "# Council extends the night bus service through the winter after a long debate on costs."
    article = page(heading, "**Northwire** | 2025-03-04 09:00 |", BODY_1, BODY_2)
    assert article.title.startswith("Council extends")
    assert "**Northwire** | 2025-03-04 09:00 |" in article.work.header_lines
    assert article.text.startswith("The defense ministry")


def test_headings_inside_the_body_lose_their_marks():
    article = page(BODY_1, "## What comes next", BODY_2, BODY_3)
    assert "What comes next" in article.text.split("\n\n")
    assert "#" not in article.text


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"title": "Council&#x27;s night buses stay"}, "Council's night buses stay"),
        ({"title": "https://news.example.com/a"}, "Night buses stay"),  # a URL is no title: the page's heading is
        ({"title": "NORTHPORT BUSES"}, "NORTHPORT BUSES"),
        ({}, "Night buses stay"),
    ],
)
def test_corpus_title_field_wins_when_it_can_be_a_title(metadata, expected):
    lines = [f"{value}" for value in metadata.values()]
    raw = "\n".join([*lines, "", "# Night buses stay", BODY_1, BODY_2]) if lines else "\n".join(
        ["# Night buses stay", BODY_1, BODY_2]
    )
    article = Article(id="0" * 16, source_file="x.jsonl#1", work=Work(raw=raw, metadata=metadata))
    split_page(article)
    assert article.title == expected
    assert all(line not in article.work.header_lines for line in lines)


@pytest.mark.parametrize(
    ("line", "unescaped"),
    [
        ("The ministry said on Tuesday.\n", "The ministry said on Tuesday.\n"),
        ("no line break at the end", "no line break at the end"),
        ("", ""),
        ("AT&T & co; &notanentity; &#;\n", "AT&T & co; &notanentity; &#;\n"),
        ("AT&amp;T and &lt;ACME CORP&gt; agreed\n", "AT&T and <ACME CORP> agreed\n"),
        ("&amp;lt;twice escaped&amp;gt;\n", "<twice escaped>\n"),
        ("&#65;&#x42;&quot;C&QUOT;\n", 'AB"C"\n'),
        ("P&eacute;rez\n", None),  # the entity decodes to a letter that is not ASCII
        ("&#128; &#0;\n", None),
        ("&#27;[1mbold &#x7f;\n", "[1mbold \n"),  # references to control characters decode to nothing
        ("a bell\x07 and a delete\x7f\n", None),
        ("\x1b[1mbold\x1b[0m\n", None),
        ("a form\x0cfeed and a vertical\x0btab\n", None),
        ("caf\u00c3\u00a9 au lait\n", None),
        ("\u201cquoted\u201d \ufb01nal\n", None),
    ],
)
def test_a_line_is_kept_from_ftfy_only_when_ftfy_would_only_decode_its_entities(line, unescaped):
    assert ascii_unescaped(line) == unescaped
    assert repair_line(line) == ftfy.fix_text(line, FTFY_CONFIG)
    if unescaped is not None:
        assert ftfy.fix_text(line, FTFY_CONFIG) == unescaped


def test_repair_text_is_ftfy_over_the_whole_text():
    page = "Plain line.\nAT&amp;T &lt;X&gt;\n\ncaf\u00c3\u00a9\r\nwide \uff21\x1b[0m\nlast"
    whole = ftfy.fix_text(page.replace("\r\n", "\n"), unescape_html=True, uncurl_quotes=False, normalization="NFC")
    assert repair_text(page) == whole


@pytest.mark.parametrize(
    ("line", "closed"),
    [
        ("The council agreed.", True),
        ("the council agreed", False),
        ("He said: ", True),
        ('"We agree,"\u2019  \t', True),
        ("(Northwire)", True),
        ("会議が終わった。", True),
        ("「会議", False),  # an opening bracket closes nothing
        ("会議」\u3000", True),  # an ideographic space is whitespace too
        ("ends with a period.\n", True),
        ("a period. then more", False),
        ("", False),
        ("   ", False),
    ],
)
def test_closes_sentence(line, closed):
    assert closes_sentence(line) is closed
