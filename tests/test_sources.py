"""Publisher, wire agency and author: the registry, each extraction rule, and the dev set when present."""

from __future__ import annotations

import json
import re
from collections import Counter

import pycountry
import pytest
from conftest import SHARED, needs_shared

from build_dataset.annotate.sources import (
    OutletRegistry,
    SourceAnnotator,
    as_person,
    holder_from_line,
    outlet_key,
    registry,
)
from build_dataset.core.article import Article, Work

LEAD = "Officials from both sides met in the capital to discuss the schedule, according to a statement."
LAST = "The two sides agreed to keep in close contact, the ministry said."


def page(header=(), text=LEAD + "\n\n" + LAST, footer=(), title=None) -> Article:
    article = Article(id="0" * 16, source_file="x.txt", language="en")
    article.text, article.title = text, title
    article.work.header_lines, article.work.footer_lines = list(header), list(footer)
    SourceAnnotator().annotate(article)
    return article


# --- registry ----------------------------------------------------------------------------------------------


def test_registry_names_are_unambiguous():
    keys = Counter()
    for outlet in registry().outlets:
        names = {outlet_key(n) for n in (outlet.name, outlet.credit, outlet.homepage, *outlet.aliases) if n}
        keys.update(names)
    assert [key for key, n in keys.items() if n > 1] == []


@pytest.mark.parametrize("outlet", registry().outlets, ids=lambda o: o.name)
def test_registry_entries_are_complete(outlet):
    assert outlet.kind in ("publisher", "agency")
    assert pycountry.countries.get(alpha_2=outlet.country) is not None
    assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", outlet.homepage)
    assert (outlet.credit is not None) == outlet.is_agency


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KYODO NEWS", "Kyodo News"),
        ("YONHAP NEWS AGENCY", "Yonhap News Agency"),
        ("koreatimes.co.kr", "The Korea Times"),
        ("news.koreaherald.com", "The Korea Herald"),
        ("The Associated Press", "Associated Press"),
        ("Time News", None),
        ("co.kr", None),
    ],
)
def test_registry_lookup(text, expected):
    outlet = registry().lookup(text)
    assert (outlet.name if outlet else None) == expected


def test_registry_reads_yaml():
    reg = OutletRegistry.from_yaml("outlets:\n- {name: Foo Daily, kind: publisher, country: KR, homepage: foo.kr}\n")
    assert reg.lookup("FOO DAILY").homepage == "foo.kr"


# --- publisher ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "holder"),
    [
        ("© 2022 Lakeview Press Group. All rights reserved.", "Lakeview Press Group"),
        ("Copyright © harbourdaily.example. All Rights Reserved", "harbourdaily.example"),
        (
            "Daily Bulletin © All rights reserved | Terms of Use | Cookies: we use cookies on this site. OK",
            "Daily Bulletin",
        ),
        ("All rights reserved © The Hilltop Courier", "The Hilltop Courier"),
        ("Bayside Today © 2016 - All Rights Reserved | Cookies keep this site running.", "Bayside Today"),
        ("The Riverside Post Ltd. All rights reserved.", "The Riverside Post"),
        (
            "Copyright(c) Pacific Rim Broadcasting Network. All rights reserved.",
            "Pacific Rim Broadcasting Network",
        ),
        ("Copyright 2019. All rights reserved.", None),
        ("Copyright © 2020 by the author", None),
    ],
)
def test_copyright_holder(line, holder):
    assert holder_from_line(line) == holder


@pytest.mark.parametrize(
    ("header", "footer", "expected"),
    [
        (["The Korea Herald", "S. Korea expects talks"], [], "The Korea Herald"),
        (["Skip to main content | Skip to search", "YONHAP NEWS", "Menu"], [], "Yonhap News Agency"),
        (["NK News - North Korea News", "Menu   Search"], [], "NK News"),
        (["date 2017-06-21 ARIRANG NEWS  |  Sports"], [], "Arirang"),
        ([], ["Copyright (c) 2021 koreatimes.co.kr - All Rights Reserved"], "The Korea Times"),
        ([], ["Copyright © NHK (Nippon Hoso Kyokai) 2016. All rights reserved."], "NHK World-Japan"),
        # outlets the registry does not know: as the page writes them, title-cased when shouted
        (["Hilltop Courier", "Menu"], ["© 2017 Hilltop Courier - All rights reserved"], "Hilltop Courier"),
        (["MORNING LEDGER", "News | World"], ["Morning Ledger © All rights reserved"], "Morning Ledger"),
        (["GLOBE POST"], ["© GLOBE POST"], "Globe Post"),
        ([], ["© 2021 Seoul Wire Daily. All rights reserved."], "Seoul Wire Daily"),
        # an author's address only when nothing else names the outlet
        (["By Kim Min-ji [kim@koreaherald.com]"], [], "The Korea Herald"),
        # the page does not say
        (["Back To Top", "Mayor says two port cities can seek state help"], [], None),
        (["Evergreen Avenue", "Total News Planet"], [], None),
    ],
)
def test_publisher(header, footer, expected):
    assert page(header=header, footer=footer).publisher == expected


# --- agency --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "text", "footer", "expected"),
    [
        ([], "ULSAN, Feb. 9 (Yonhap) -- " + LEAD, [], "Yonhap"),
        ([], "OSAKA (Kyodo) – " + LEAD, [], "Kyodo"),
        ([], "SENDAI, Japan (Kyodo) -- " + LEAD, [], "Kyodo"),
        ([], "BEIJING, June 3 (Xinhua) -- " + LEAD, [], "Xinhua"),
        ([], "NEW DELHI (UNI) -- " + LEAD, [], "UNI"),  # a credit the registry does not know
        ([], LEAD + "\n\n" + LAST + " (Yonhap)", [], "Yonhap"),
        ([], LEAD, ["(Yonhap)", "Tags: Samsung"], "Yonhap"),
        ([], LEAD, ["==Kyodo", "Related coverage:"], "Kyodo"),
        ([], LEAD + " -- Reuters", [], "Reuters"),
        (["The Japan Times", "Headline of the story here", "KYODO", "JUL 1, 2019"], LEAD, [], "Kyodo"),
        (["Headline of the story here", "AFP-JIJI"], LEAD, [], "AFP"),
        (["Headline of the story here", "By The Associated Press"], LEAD, [], "AP"),
        (["Headline of the story here", "Jul 9, 2017 | KYODO NEWS | Politics, All"], LEAD, [], "Kyodo"),
        # a publisher in the dateline is not a wire agency
        ([], "BUSAN, May 14 (Korea Bizwire) — " + LEAD, [], None),
        # photo credits in captions are not credits for the text
        (["Headline of the story here", "The envoy at the foreign ministry, Tuesday. Yonhap"], LEAD, [], None),
        (["Headline of the story here", "A pitcher throws in Denver, May 19. AP-Yonhap"], LEAD, [], None),
        (["Headline", "The mayor waves in Incheon on Monday. (Yonhap) The mayor waves"], LEAD, [], None),
        ([], LEAD + " (AP Photo/Ahn Young-joon)", [], None),
        ([], LEAD + " at 9 a.m. (KST)", [], None),
    ],
)
def test_agency(header, text, footer, expected):
    assert page(header=header, text=text, footer=footer, title=header[0] if header else None).agency == expected


def test_dateline_credit_naming_the_page_itself_is_no_agency():
    article = page(
        header=["Seoul Wire Daily"], text="SEOUL (Seoul Wire Daily) -- " + LEAD, footer=["© Seoul Wire Daily"]
    )
    assert (article.publisher, article.agency) == ("Seoul Wire Daily", None)


# --- author ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "footer", "expected"),
    [
        (["By Yoon Ha-jin", "Published : Feb. 17, 2022"], [], "Yoon Ha-jin"),
        (["BY SEO HA-RIN [seo.harin@dailypaper.example]"], [], "Seo Ha-rin"),
        (["BY HARUKI MORIYAMA", "STAFF WRITER"], [], "Haruki Moriyama"),
        (["by Owen Maitland", "April 2, 2018"], [], "Owen Maitland"),
        (["By Jo Hye-rin | Published : Aug 2, 2019"], [], "Jo Hye-rin"),
        (["By Kim Tong-hyung, Associated Press"], [], "Kim Tong-hyung"),
        ([], ["Reporter : Jang Eun-seo"], "Jang Eun-seo"),
        ([], ["(Japanese original by Kenta Ishida, Osaka Bureau)"], "Kenta Ishida"),
        ([], ["Reporting by Hyonhee Shin; Editing by Lincoln Feast"], "Hyonhee Shin"),
        ([], ["Jang Eun-seo, Arirang News.", "▶ Subscribe"], "Jang Eun-seo"),
        ([], ["Seoul, South Korea.", "▶ Subscribe"], None),
        # not persons
        (["by admin", "14 March 2018"], [], None),
        (["By Reuters Staff"], [], None),
        (["By The Associated Press"], [], None),
        ([], ["Edited by: Northport Gazette desk"], None),
        (["Korea Times photo by Shim Hyun-chul"], [], None),
        ([], ["Additional reporting by Joyce Lee"], None),
    ],
)
def test_author(header, footer, expected):
    assert page(header=header, footer=footer).author == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("LEE SOO-JIN", "Lee Soo-jin"), ("Jacob deGrom", "Jacob deGrom"), ("the editorial board", None), ("x", None)],
)
def test_as_person(text, expected):
    assert as_person(text) == expected


def test_non_english_pages_get_no_sources():
    article = Article(id="0" * 16, source_file="x.txt", language="ko")
    article.work.header_lines = ["The Korea Herald", "By Yoon Ha-jin"]
    SourceAnnotator().annotate(article)
    assert (article.publisher, article.agency, article.author) == (None, None, None)


# --- the dev set, when ../shared is present ----------------------------------------------------------------


def _norm(name, drop=()):
    """Roughly the scorer's normalization: lowercase words, outlet names without generic words."""
    words = re.findall(r"[a-z0-9]+", (name or "").lower())
    return " ".join(w for w in words if w not in drop) or None


GENERIC = {"the", "news", "agency", "newspaper", "online", "com", "co", "kr", "jp", "daily", "inc"}


@needs_shared
def test_dev_sources_meet_the_floor():
    from build_dataset.clean.page import split_page
    from build_dataset.io.files import read_article

    dev = SHARED / "eval" / "dev"
    gold = [json.loads(line) for line in (dev / "gold.jsonl").read_text().splitlines() if line.strip()]
    hits, total = Counter(), Counter()
    for row in gold:
        path = dev / "raw" / row["file"]
        article = read_article(path, path.parent, 10**7)
        split_page(article)
        article.language = "en"
        SourceAnnotator().annotate(article)
        for field, key, drop in (
            ("publisher", "publisher", GENERIC),
            ("agency", "wire_agency", GENERIC),
            ("author", "author", ()),
        ):
            if row[key] != "?":
                total[field] += 1
                hits[field] += _norm(getattr(article, field), drop) == _norm(row[key], drop)
    assert all(hits[f] / total[f] >= 0.9 for f in total), (hits, total)


# --- crawled pages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("연합뉴스", "Yonhap News Agency"),
        ("코리아헤럴드", "The Korea Herald"),
        ("이데일리", "Edaily"),
        ("毎日新聞", "The Mainichi"),
        ("人民日报", "People's Daily"),
        ("中央社", "Central News Agency"),
        ("매일경제", "Maeil Business Newspaper"),
    ],
)
def test_native_names_are_aliases(text, expected):
    assert registry().lookup(text).name == expected


@pytest.mark.parametrize(
    ("header", "footer", "text", "expected"),
    [
        # the crawler's masthead line under the headline, in the outlet's own language
        (["# Council extends night buses", "**코리아헤럴드** | 2024-07-15 16:40 |"], [], LEAD,
         "The Korea Herald"),
        # an agency's masthead: the agency's own page
        (["# Council extends night buses", "**연합뉴스** | 2024-07-15 16:40 |"], [], LEAD, "Yonhap News Agency"),
        (["Council extends night buses", "KYODO NEWS | Mar 4, 2025"], [], LEAD, "Kyodo News"),
        # ... but an agency credit line without a date is a credit, a site name above the headline is the page's,
        # and the site's copyright wins
        (["Northport Gazette", "Council extends night buses", "KYODO NEWS | Mar 4, 2025"], [], LEAD, None),
        (["Council extends night buses", "KYODO"], [], LEAD, None),
        (["Council extends night buses", "KYODO | Mar 4, 2025"], ["© 2025 Northport Gazette"], LEAD,
         "Northport Gazette"),
        # an outlet the registry does not know, confirmed by an e-mail domain, a web address or the footer
        (["Northport Gazette", "Council extends night buses"], ["ann@northportgazette.example"], LEAD,
         "Northport Gazette"),
        (["NORTHPORT GAZETTE", "Council extends night buses"], ["Source: https://www.northportgazette.example/a"],
         LEAD, "Northport Gazette"),
        (["Northport Gazette", "Council extends night buses"], ["About us | Northport Gazette | Contact"], LEAD,
         "Northport Gazette"),
        (["Northport Gazette", "Council extends night buses"], ["ann@mail.example"], LEAD, None),
        # a staff reporter's credit names the outlet
        (["Council extends night buses", "[Ann Lee, Edaily Reporter]"], [], LEAD, "Edaily"),
        (["Council extends night buses", "[Ann Lee, Northport Gazette Reporter]"], ["ann@northportgazette.example"],
         LEAD, "Northport Gazette"),
    ],
)
def test_publisher_of_crawled_pages(header, footer, text, expected):
    title = next(line for line in header if "Council" in line).lstrip("# ")
    assert page(header=header, footer=footer, text=text, title=title).publisher == expected


def test_a_digest_linking_to_one_outlet_is_that_outlet():
    items = " ".join(f"■ Item {n} summary. https://en.yna.co.kr/view/{n}" for n in range(3))
    article = Article(id="0" * 16, source_file="x.txt", language="en", kind="digest", text=items)
    SourceAnnotator().annotate(article)
    assert (article.publisher, article.agency) == ("Yonhap News Agency", "Yonhap")


@pytest.mark.parametrize(
    ("header", "text", "expected"),
    [
        ([], "MAPLEVILLE, March 3 (Kyodo) —- " + LEAD, "Kyodo"),
        # photo credits are not credits for the story
        ([], LEAD + "\n\n" + LAST + " (Facebook via Kyodo)", None),
        ([], LEAD + "\n\n" + LAST + " (Pool photo via Kyodo)", None),
        ([], LEAD + "\n\nA photo of the minister at the council on Monday. (Kyodo)", None),
        ([], LEAD + "\n\nThe minister (left) talks to reporters at the council on Monday. (Kyodo)", None),
        # an agency's own page, unless it carries another outlet's piece
        (["# Council extends night buses", "**Kyodo News** | 2025-03-04 |"], LEAD, "Kyodo"),
        (["# (EDITORIAL from The Japan Times on March 4)", "**Kyodo News** | 2025-03-04 |"], LEAD, None),
    ],
)
def test_agency_of_crawled_pages(header, text, expected):
    title = header[0].lstrip("# ") if header else None
    assert page(header=header, text=text, title=title).agency == expected


def test_a_present_tense_caption_closing_the_body_is_not_a_credit():
    from build_dataset.annotate.spacy_parse import load_nlp

    def agency(last: str) -> str | None:
        article = Article(id="0" * 16, source_file="x.txt", language="en", text=LEAD + "\n\n" + last)
        article.work.doc = load_nlp()(article.text)
        SourceAnnotator().annotate(article)
        return article.agency

    assert agency("Former minister Ann Lee enters the district court in Northport on Dec. 26. (Kyodo)") is None
    assert agency("The two sides agreed to meet again on Dec. 26, the ministry said. (Kyodo)") == "Kyodo"
    assert agency("The ministry plans to release the results on Friday. (Kyodo)") == "Kyodo"
    assert agency("The two sides meet again in Northport on Friday. (Kyodo)") == "Kyodo"


@pytest.mark.parametrize(
    ("header", "footer", "expected"),
    [
        (["[Ann Lee, Northport Gazette Reporter]"], [], "Ann Lee"),
        (["[NA Bo-ram, Edaily Reporter]"], [], "NA Bo-ram"),
        ([], ["Ann Lee ann.lee@northportgazette.example"], "Ann Lee"),
        ([], ["Kim Tong-hyung (tkim@wire.example)"], "Kim Tong-hyung"),
        # a bare address names nobody
        ([], ["ann.lee@northportgazette.example"], None),
        ([], ["Northport Gazette news@northportgazette.example"], None),
    ],
)
def test_author_of_crawled_pages(header, footer, expected):
    assert page(header=header, footer=footer).author == expected


def with_metadata(metadata: dict, header=(), language="en") -> tuple[Article, SourceAnnotator]:
    annotator = SourceAnnotator()
    article = Article(id="0" * 16, source_file="c.jsonl#1", language=language, work=Work(metadata=metadata))
    article.work.header_lines, article.text = list(header), LEAD
    annotator.annotate(article)
    return article, annotator


@pytest.mark.parametrize(
    ("metadata", "publisher", "author"),
    [
        ({"publisher": "KOREA HERALD"}, "The Korea Herald", None),
        ({"publisher": "연합뉴스"}, "Yonhap News Agency", None),
        ({"publisher": "Northport Gazette"}, "Northport Gazette", None),
        ({"publisher": "A long description of the site that is no outlet's name at all"}, None, None),
        ({"author": "Lee Yoon-seo yoonseo@heraldcorp.com"}, None, "Lee Yoon-seo"),
        ({"author": "BY ANN LEE [ann@paper.example]"}, None, "Ann Lee"),
        ({"author": "김은정(ejkim@yna.co.kr)"}, None, None),
    ],
)
def test_metadata_publisher_and_author(metadata, publisher, author):
    article, _ = with_metadata(metadata)
    assert (article.publisher, article.author) == (publisher, author)


def test_metadata_wins_and_a_contradicting_page_is_counted():
    article, annotator = with_metadata({"publisher": "Korea Herald", "author": "Ann Lee"},
                                       header=["The Korea Times", "By Bo Park"])
    assert (article.publisher, article.author) == ("The Korea Herald", "Ann Lee")
    assert annotator.stats["metadata_contradicts_page_publisher"] == 1
    assert annotator.stats["metadata_contradicts_page_author"] == 1
    _, agreeing = with_metadata({"publisher": "koreaherald.com"}, header=["The Korea Herald"])
    assert agreeing.stats["metadata_contradicts_page_publisher"] == 0


def test_metadata_publisher_makes_an_agency_page_its_own_story():
    article, _ = with_metadata({"publisher": "Kyodo News"})
    assert article.agency == "Kyodo"


def test_metadata_is_used_on_any_language():
    article, _ = with_metadata({"publisher": "Korea Herald"}, header=["The Korea Times"], language="ko")
    assert (article.publisher, article.agency) == ("The Korea Herald", None)
