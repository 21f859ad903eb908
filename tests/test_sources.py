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
from build_dataset.core.article import Article

LEAD = "Officials from both sides met in the capital to discuss the schedule, according to a statement."
LAST = "The two sides agreed to keep in close contact, the ministry said."


def page(header=(), text=LEAD + "\n\n" + LAST, footer=(), title=None) -> Article:
    article = Article(id="0" * 16, source_file="x.txt", raw="", language="en")
    article.header_lines, article.text, article.footer_lines, article.title = list(header), text, list(footer), title
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
        ("© 2019 Korea Risk Group. All rights reserved.", "Korea Risk Group"),
        ("Copyright © koreatimes.co.kr. All rights reserved.", "koreatimes.co.kr"),
        ("Time News © All rights reserved | Privacy Policy | Cookies: This site uses cookies. Accept", "Time News"),
        ("All rights reserved © The Limited Times", "The Limited Times"),
        ("Newsy Today © 2019 - All Rights Reserved | We use cookies.", "Newsy Today"),
        ("The Japan Times Ltd. All rights reserved.", "The Japan Times"),
        (
            "Copyright(c) Arirang International Broadcasting. All rights reserved.",
            "Arirang International Broadcasting",
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
        (["Go to Contents Go to Navigation", "YONHAP NEWS", "Menu"], [], "Yonhap News Agency"),
        (["NK News - North Korea News", "Menu   Search"], [], "NK News"),
        (["date 2020-02-10 ARIRANG NEWS  |  Culture"], [], "Arirang"),
        ([], ["Copyright © koreatimes.co.kr. All rights reserved."], "The Korea Times"),
        ([], ["Copyright NHK (Japan Broadcasting Corporation) All rights reserved."], "NHK World-Japan"),
        # outlets the registry does not know: as the page writes them, title-cased when shouted
        (["Archyde", "Menu"], ["© 2020 Archyde - All rights reserved"], "Archyde"),
        (["TIME NEWS", "News | World"], ["Time News © All rights reserved"], "Time News"),
        (["GLOBE POST"], ["© GLOBE POST"], "Globe Post"),
        ([], ["© 2021 Seoul Wire Daily. All rights reserved."], "Seoul Wire Daily"),
        # an author's address only when nothing else names the outlet
        (["By Kim Min-ji [kim@koreaherald.com]"], [], "The Korea Herald"),
        # the page does not say
        (["Back To Top", "FM says S. Korea, Japan can seek US help"], [], None),
        (["Broadway", "Complete News World"], [], None),
    ],
)
def test_publisher(header, footer, expected):
    assert page(header=header, footer=footer).publisher == expected


# --- agency --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "text", "footer", "expected"),
    [
        ([], "SEOUL, Aug. 22 (Yonhap) -- " + LEAD, [], "Yonhap"),
        ([], "TOKYO (Kyodo) – " + LEAD, [], "Kyodo"),
        ([], "NAGOYA, Japan (Kyodo) -- " + LEAD, [], "Kyodo"),
        ([], "BEIJING, June 3 (Xinhua) -- " + LEAD, [], "Xinhua"),
        ([], "NEW DELHI (UNI) -- " + LEAD, [], "UNI"),  # a credit the registry does not know
        ([], LEAD + "\n\n" + LAST + " (Yonhap)", [], "Yonhap"),
        ([], LEAD, ["(Yonhap)", "Tags: Samsung"], "Yonhap"),
        ([], LEAD, ["==Kyodo", "Related coverage:"], "Kyodo"),
        ([], LEAD + " -- Reuters", [], "Reuters"),
        (["The Japan Times", "Headline of the story here", "KYODO", "JUL 1, 2019"], LEAD, [], "Kyodo"),
        (["Headline of the story here", "AFP-JIJI"], LEAD, [], "AFP"),
        (["Headline of the story here", "By The Associated Press"], LEAD, [], "AP"),
        (["Headline of the story here", "Oct 30, 2018 | KYODO NEWS | World, All"], LEAD, [], "Kyodo"),
        # a publisher in the dateline is not a wire agency
        ([], "SEOUL, Oct. 31 (Korea Bizwire) — " + LEAD, [], None),
        # photo credits in captions are not credits for the text
        (["Headline of the story here", "The minister at Cheong Wa Dae, Sunday. Yonhap"], LEAD, [], None),
        (["Headline of the story here", "Ryu pitches in Washington, Oct. 6. AP-Yonhap"], LEAD, [], None),
        (["Headline", "The minister speaks in Seoul on Friday. (Yonhap) The minister speaks"], LEAD, [], None),
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
        (["By Choi Si-young", "Published : Oct. 6, 2023"], [], "Choi Si-young"),
        (["BY PARK YU-NA [park.yuna@joongang.co.kr]"], [], "Park Yu-na"),
        (["BY SATOSHI KANDA", "STAFF WRITER"], [], "Satoshi Kanda"),
        (["by Daniel Whitford", "June 30, 2019"], [], "Daniel Whitford"),
        (["By Jo Hye-rin | Published : Aug 2, 2019"], [], "Jo Hye-rin"),
        (["By Kim Tong-hyung, Associated Press"], [], "Kim Tong-hyung"),
        ([], ["Reporter : Park Se-rin"], "Park Se-rin"),
        ([], ["(Japanese original by Akira Nomura, Seoul Bureau)"], "Akira Nomura"),
        ([], ["Reporting by Hyonhee Shin; Editing by Lincoln Feast"], "Hyonhee Shin"),
        ([], ["Park Se-rin, Arirang News.", "▶ Subscribe"], "Park Se-rin"),
        ([], ["Seoul, South Korea.", "▶ Subscribe"], None),
        # not persons
        (["by admin", "22 August 2019"], [], None),
        (["By Reuters Staff"], [], None),
        (["By The Associated Press"], [], None),
        ([], ["Edited by: NK News desk"], None),
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
    article = Article(id="0" * 16, source_file="x.txt", raw="", language="ko")
    article.header_lines = ["The Korea Herald", "By Choi Si-young"]
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
