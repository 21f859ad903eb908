"""Officials annotator: table-driven hard cases on hand-written snippets, plus the name, context and
registry helpers it is built from."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from build_dataset.annotate.officials.annotator import FULL_NAME_MIN, OfficialsAnnotator
from build_dataset.annotate.officials.context import apposition_after, country_of, role_class, title_before
from build_dataset.annotate.officials.mentions import byline_names
from build_dataset.annotate.officials.names import fold, similarity
from build_dataset.annotate.officials.registry import Registry, default_registry, load_registry
from build_dataset.annotate.spacy_parse import load_nlp
from build_dataset.clean.page import PageCleaner
from build_dataset.core.article import Article


@pytest.fixture(scope="module")
def annotator() -> OfficialsAnnotator:
    return OfficialsAnnotator()


def annotated(annotator, text, date=None, header=(), footer=(), author=None) -> Article:
    article = Article(id="t", source_file="t.txt", raw=text, text=text, language="en", date=date, author=author)
    article.header_lines, article.footer_lines = list(header), list(footer)
    article.doc = load_nlp()(text)
    annotator.annotate(article)
    return article


def by_name(article: Article) -> dict:
    return {o.name: o for o in article.officials}


HARD_CASES = [
    pytest.param(  # garbled machine-translation spelling of a registry name, with short forms
        "Japanese Foreign Minister Toshimitsu Modeki met his counterpart on Monday. Moteki said talks went well.",
        dt.date(2021, 4, 1), {"Toshimitsu Motegi": "JP"}, id="garbled-spelling"),
    pytest.param(  # name order swapped, romanization variant
        "Prime Minister Abe Shinzo told parliament that Japan would respond. Abe spoke for ten minutes.",
        None, {"Shinzo Abe": "JP"}, id="name-order-swap"),
    pytest.param(  # a misread family name: the title, its office class and the date say who it is
        "Chief Cabinet Secretary Kan Yoshihide told reporters the launch violated resolutions.",
        dt.date(2019, 10, 2), {"Yoshihide Suga": "JP"}, id="misread-family-name"),
    pytest.param(  # Korean romanization variants of both family and given names
        "The meeting was chaired by Jeong Ui-yong, chief of the presidential National Security Office.",
        dt.date(2019, 8, 22), {"Chung Eui-yong": "KR"}, id="korean-romanization"),
    pytest.param(  # surname only, resolved through the registry by title and date
        "President Moon said on Monday that talks with the North would continue. Moon spoke in Seoul.",
        dt.date(2019, 5, 1), {"Moon Jae-in": "KR"}, id="surname-only-with-title"),
    pytest.param(  # surname only, resolved to the full name used earlier in the same article
        "Foreign Minister Kang Kyung-wha met the envoy. Kang said Seoul regretted the decision.",
        None, {"Kang Kyung-wha": "KR"}, id="surname-after-full-name"),
    pytest.param(  # title-only reference names nobody
        "A senior foreign ministry official said the talks would resume. The minister declined to comment.",
        None, {}, id="title-only"),
    pytest.param(  # analysts, professors and athletes are not officials
        '"It is a setback," said Cho Min-su, a researcher at the Asan Institute for Policy Studies. '
        "Pitcher Ryu Hyun-jin signed a new contract.",
        None, {}, id="non-officials"),
    pytest.param(  # an official outside the registry keeps the fullest form and the title's country
        "Philippine Foreign Secretary Teodoro Locsin said Manila would send an envoy. Locsin gave no date.",
        None, {"Teodoro Locsin": "PH"}, id="outside-registry-western"),
    pytest.param(  # a Korean official outside the registry: country from the name's shape
        "Vice Unification Minister Suh Ho told lawmakers the office would reopen.",
        None, {"Suh Ho": "KR"}, id="outside-registry-korean"),
    pytest.param(  # apposition with a government title, no title before the name
        "Hwang Jun-kook, the ministry's special representative for Korean Peninsula affairs, flew to Washington.",
        None, {"Hwang Jun-kook": "KR"}, id="apposition-title"),
    pytest.param(  # "counterpart" takes its country from the nationality word
        "Lee Do-hoon met his Japanese counterpart, Shigeo Kanai, in Tokyo on Tuesday.",
        dt.date(2019, 6, 1), {"Shigeo Kanai": "JP", "Lee Do-hoon": "KR"}, id="counterpart"),
]


@pytest.mark.parametrize(("text", "date", "expected"), HARD_CASES)
def test_hard_cases(annotator, text, date, expected):
    found = {name: o.country for name, o in by_name(annotated(annotator, text, date)).items()}
    assert found == expected


def test_short_forms_join_the_full_name(annotator):
    article = annotated(annotator, "Foreign Minister Kang Kyung-wha met the envoy. Kang said Seoul regretted it.")
    assert by_name(article)["Kang Kyung-wha"].mentions == ["Kang Kyung-wha", "Kang"]


def test_registry_entry_carries_role_and_id(annotator):
    article = annotated(annotator, "U.S. President Donald Trump arrived in Seoul on Saturday.", dt.date(2019, 6, 29))
    trump = by_name(article)["Donald Trump"]
    assert (trump.country, trump.wikidata_id) == ("US", "Q22686")
    assert "President" in trump.role


@pytest.mark.parametrize(
    ("body", "header", "footer"),
    [
        ("Park Jin reports. Exports rose for a third month.", ["By Park Jin"], []),
        ("Park Jin reports. Exports rose for a third month.", [], ["Park Jin, Arirang News."]),
        ("Our Park Jin reports. Exports rose for a third month.", [], ["Reporter : Park Jin"]),
    ],
)
def test_byline_that_looks_like_an_official_is_left_out(annotator, body, header, footer):
    # "Park Jin" is also the name of a South Korean foreign minister in the registry.
    assert annotated(annotator, body, header=header, footer=footer).officials == []


def test_name_only_in_most_popular_block_is_left_out(annotator):
    raw = "\n".join([
        "The Daily Example",
        "Exports rise for a third month",
        "Exports rose 5 percent in May from a year earlier, the trade ministry said on Monday, led by chips.",
        "Shipments to China grew the fastest, while exports to the United States were flat, officials said.",
        "The ministry expects the trend to continue into the second half of the year as demand recovers.",
        "MOST POPULAR",
        "1. Moon Jae-in meets Shinzo Abe in Osaka",
        "2. Kim Jong Un fires new missiles",
    ])
    article = Article(id="p", source_file="p.txt", raw=raw, language="en")
    PageCleaner().clean(article)
    assert "Moon" not in article.text
    article.doc = load_nlp()(article.text)
    annotator.annotate(article)
    assert article.officials == []


ODD_TEXTS = ["", "   ", "...", "(Yonhap)", "ⓒ 2019 — 한국어 텍스트", "A" * 5000, "Kim - - Lee ,, .", "President ,"]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_text_never_raises(annotator, text):
    assert isinstance(annotated(annotator, text).officials, list)


def test_non_english_article_gets_no_officials(annotator):
    article = Article(id="k", source_file="k.txt", raw="", text="문재인 대통령", language="ko")
    annotator.annotate(article)
    assert article.officials == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Taro Kouno", "Taro Kono"), ("Taro Kohno", "Taro Kono"), ("Yi Su-hun", "Lee Su-hoon"),
        ("Ri Nak-yeon", "Lee Nak-yon"), ("Anthony Blinken", "Antony Blinken"), ("Kim Jung-eun", "Kim Jong Un"),
        ("Jo Se-yeong", "Cho Sei-young"), ("Nam Kwan-pyo", "Nam Gwan-pyo"), ("Mun Jae-in", "Moon Jae-in"),
        ("Moon Jae In", "Moon Jae-in"), ("Kang Kyeong-hwa", "Kang Kyung-wha"), ("Chung-Eui-yong", "Chung Eui-yong"),
        ("Kono Taro", "Taro Kono"), ("Toshimitsu Modeki", "Toshimitsu Motegi"),
    ],
)
def test_spelling_variants_are_one_name(a, b):
    assert similarity(a, b) >= FULL_NAME_MIN


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kim Jong-nam", "Kim Jong Un"), ("Kim Jong-il", "Kim Jong Un"), ("Kim Eui-kyeom", "Kim Bu-gyeom"),
        ("Lee Won-jae", "Lee Jae-myung"), ("Kim Yu-na", "Kim You-geun"), ("Yohei Kono", "Taro Kono"),
        ("Choe Son Hui", "Cho Hyun"),
    ],
)
def test_different_people_are_not_one_name(a, b):
    assert similarity(a, b) < FULL_NAME_MIN


@pytest.mark.parametrize(
    ("word", "key"), [("Kouno", "gono"), ("Kohno", "gono"), ("Kyeong", "gyong"), ("Jae-in", "jaein")]
)
def test_fold(word, key):
    assert fold(word) == key


@pytest.mark.parametrize(
    ("prefix", "official", "country", "klass"),
    [
        ("talks with Japanese Foreign Minister", True, "JP", "foreign_minister"),
        ("according to presidential spokesman", True, None, "spokesperson"),
        ("and his Japanese counterpart,", True, "JP", None),
        ("the meeting was hosted by North Korean leader", True, "KP", "head_of_state"),
        ("Parasite was made by Director", None, None, None),
        ("said CJ Group vice chairwoman", False, None, None),
        ("a contract with pitcher", None, None, None),
        ("In Tokyo, Chief Cabinet Secretary", True, "JP", "chief_cabinet_secretary"),
        ("summoned South Korean Ambassador", True, "KR", "ambassador"),
        ("between Chung and Japanese Foreign Minister", True, "JP", "foreign_minister"),
    ],
)
def test_title_before(prefix, official, country, klass):
    context = title_before(prefix)
    got = (context.official, context.country, context.role_class) if context else (None, None, None)
    assert got == (official, country, klass)


@pytest.mark.parametrize(
    ("suffix", "official"),
    [
        (", first deputy director of the National Security Office, told reporters", True),
        (", the newly appointed U.S. special representative for North Korea, who", True),
        (", a researcher at the Korea Institute for National Unification.", False),
        (", a professor of Japanese studies at Kookmin University.", False),
        (", Arirang News.", None),
        (" said on Monday.", None),
    ],
)
def test_apposition_after(suffix, official):
    context = apposition_after(suffix)
    assert (context.official if context else None) == official


@pytest.mark.parametrize(
    ("title", "country"),
    [("Japan's ambassador to South Korea", "JP"), ("U.S. special representative for North Korea", "US"),
     ("Secretary of State", "US"), ("Minister of Foreign Affairs", None)],
)
def test_country_of_title(title, country):
    assert country_of(title) == country


@pytest.mark.parametrize(
    ("title", "klass"),
    [("First Vice Minister of Foreign Affairs", "first_vice_foreign_minister"), ("Vice-Minister for Foreign Affairs",
      "vice_foreign_minister"), ("Secretary of State", "foreign_minister"), ("Defense Minister", "defense_minister"),
     ("Prime Minister", "head_of_government"), ("Vice President", "vice_president")],
)
def test_role_class(title, klass):
    assert role_class(title) == klass


@pytest.mark.parametrize(
    ("author", "header", "footer", "expected"),
    [
        (None, ["By Choi Si-young", "Published : Oct. 6, 2023"], [], ["Choi Si-young"]),
        (None, [], ["Park Se-rin, Arirang News.", "Reporter : Park Se-rin"], ["Park Se-rin"]),
        ("Kim Min-ji and Lee Jun-ho", [], [], ["Kim Min-ji", "Lee Jun-ho"]),
        (None, ["Menu", "SHARE"], ["Most Read"], []),
        # an all-capitals wire headline once sent the sign-off pattern into exponential backtracking
        (None, ["EC, EURATOM FRENCH FRANC EUROBONDS EXPECTED ON THE PARIS MARKET THIS MONTH"], [], []),
    ],
)
def test_byline_names(author, header, footer, expected):
    assert byline_names(author, header, footer, "") == expected


def test_registry_entries_are_well_formed():
    registry = default_registry()
    assert len(registry.entries) >= 300
    for entry in registry.entries:
        assert entry.source.startswith("https://en.wikipedia.org/wiki/")
        assert re.fullmatch(r"[A-Z]{2}", entry.country)
        assert entry.wikidata_id is None or re.fullmatch(r"Q\d+", entry.wikidata_id)
        assert entry.offices
        for office in entry.offices:
            assert office.start is None or office.end is None or office.start <= office.end


@pytest.mark.parametrize(
    ("role", "country", "day", "expected"),
    [
        ("head_of_state", "KR", dt.date(2019, 1, 1), "Moon Jae-in"),
        ("head_of_government", "JP", dt.date(2022, 1, 1), "Fumio Kishida"),
        ("foreign_minister", "CN", dt.date(2020, 1, 1), "Wang Yi"),
        ("foreign_minister", "US", dt.date(2018, 6, 1), "Mike Pompeo"),
        ("head_of_state", "KP", dt.date(2020, 1, 1), "Kim Jong Un"),
    ],
)
def test_registry_covers_core_offices(role, country, day, expected):
    assert expected in [e.name for e in default_registry().holders(role, country, day)]


def test_custom_registry_file(tmp_path):
    path = tmp_path / "officials.yaml"
    path.write_text(
        "officials:\n  - name: Jane Roe\n    country: GB\n    aliases: []\n"
        "    offices: [{role: Foreign Secretary, start: '2020', end: null}]\n"
        "    wikidata_id: null\n    source: https://en.wikipedia.org/wiki/Jane_Roe\n",
        encoding="utf-8",
    )
    registry = load_registry(path)
    assert isinstance(registry, Registry)
    assert registry.exact("Roe Jane").name == "Jane Roe"
