"""Wikidata import for the officials registry: a recorded query result (tests/fixtures/wikidata_result.json,
hand-written in the SPARQL JSON results format) turned into registry entries and merged into a tiny registry.

The fixture's people are Marco Rubio (two positions, an alias), JD Vance (two aliases, in the tiny registry
under his name without a QID), Kamala Harris (in the tiny registry by QID, office end missing there) and an
invented "Hong Gil-dong" (a stock Korean placeholder name; his QID and the position QIDs are made up) with month
and year precision dates and no English Wikipedia article.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import yaml

from build_dataset.annotate.officials.registry_import import (
    COUNTRY_CODES,
    DEFAULT_REGISTRY,
    QUERY,
    dump_registry,
    entries_from_result,
    import_wikidata,
    load_entries,
    main,
    merge_entries,
    registry_header,
)
from build_dataset.annotate.officials.registry_import import _date as date_of
from build_dataset.annotate.officials.registry_import import _role as role_of

FIXTURE = Path(__file__).parent / "fixtures" / "wikidata_result.json"

TINY_REGISTRY = """\
# A tiny registry for the import tests.
officials:
  - name: "JD Vance"
    country: US
    aliases: ["J. D. Vance"]
    offices:
      - {role: "Vice President", start: "2025-01-20", end: null}
    wikidata_id: null
    source: https://en.wikipedia.org/wiki/JD_Vance
  - name: "Kamala D. Harris"
    country: US
    aliases: []
    offices:
      - {role: "Vice President", start: "2021-01-20", end: null}
    wikidata_id: Q10853588
    source: https://en.wikipedia.org/wiki/Kamala_Harris
  - name: "Yoon Suk Yeol"
    country: KR
    aliases: ["Yoon Suk-yeol"]
    offices:
      - {role: "President", start: "2022-05-10", end: "2025-04-04"}
    wikidata_id: null
    source: https://en.wikipedia.org/wiki/Yoon_Suk_Yeol
"""

RUBIO = {
    "name": "Marco Rubio",
    "country": "US",
    "aliases": ["Marco Antonio Rubio"],
    "offices": [
        {"role": "Secretary of State", "start": "2025-01-21", "end": None},
        {"role": "National Security Advisor", "start": "2025-05-01", "end": None},
    ],
    "wikidata_id": "Q324546",
    "source": "https://en.wikipedia.org/wiki/Marco_Rubio",
}
VANCE = {
    "name": "JD Vance",
    "country": "US",
    "aliases": ["J. D. Vance", "James David Vance"],
    "offices": [{"role": "Vice President", "start": "2025-01-20", "end": None}],
    "wikidata_id": "Q28935729",
    "source": "https://en.wikipedia.org/wiki/JD_Vance",
}
HARRIS = {
    "name": "Kamala Harris",
    "country": "US",
    "aliases": [],
    "offices": [{"role": "Vice President", "start": "2021-01-20", "end": "2025-01-20"}],
    "wikidata_id": "Q10853588",
    "source": "https://en.wikipedia.org/wiki/Kamala_Harris",
}
HONG = {
    "name": "Hong Gil-dong",
    "country": "KR",
    "aliases": ["Hong Kil-tong"],
    "offices": [{"role": "Minister of Unification", "start": "2024-07", "end": "2025"}],
    "wikidata_id": "Q999999901",
    "source": "https://www.wikidata.org/wiki/Q999999901",
}


def fixture_result() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def entry(name, country="US", qid=None, aliases=(), offices=(), source=None) -> dict:
    return {
        "name": name,
        "country": country,
        "aliases": list(aliases),
        "offices": [{"role": r, "start": s, "end": e} for r, s, e in offices],
        "wikidata_id": qid,
        "source": source or "https://en.wikipedia.org/wiki/" + name.replace(" ", "_"),
    }


def test_fixture_rows_become_one_entry_per_person():
    assert entries_from_result(fixture_result()) == [HONG, VANCE, HARRIS, RUBIO]  # by country, then name


def test_row_order_does_not_change_the_entries():
    result = fixture_result()
    expected = entries_from_result(result)
    for seed in range(5):
        random.Random(seed).shuffle(result["results"]["bindings"])
        assert entries_from_result(result) == expected


@pytest.mark.parametrize(
    ("label", "country", "expected"),
    [
        ("President of South Korea", "South Korea", "President"),
        ("United States Secretary of State", "United States", "Secretary of State"),
        ("Minister for Foreign Affairs (Japan)", "Japan", "Minister for Foreign Affairs"),
        ("Prime Minister of the United Kingdom", "United Kingdom", "Prime Minister"),
        ("Chief Cabinet Secretary", "Japan", "Chief Cabinet Secretary"),
        ("Ambassador of South Korea to Japan", "South Korea", "Ambassador of South Korea to Japan"),
        ("secretary-general of the Cabinet", None, "Secretary-general of the Cabinet"),
    ],
)
def test_role_drops_the_country_of_the_position(label, country, expected):
    assert role_of(label, country) == expected


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2025-06-04T00:00:00Z", "11", "2025-06-04"),
        ("2025-06-01T00:00:00Z", "10", "2025-06"),
        ("2025-01-01T00:00:00Z", "9", "2025"),
        ("+2025-06-04T00:00:00Z", None, "2025-06-04"),
        (None, None, None),
    ],
)
def test_dates_keep_their_precision(value, precision, expected):
    row = {}
    if value:
        row["start"] = {"type": "literal", "value": value}
    if precision:
        row["startPrecision"] = {"type": "literal", "value": precision}
    assert date_of(row, "start") == expected


@pytest.mark.parametrize(
    ("row", "why"),
    [
        ({"person": {"type": "literal", "value": "Marco Rubio"}}, "the person is not a Wikidata item"),
        ({"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1"},
          "positionLabel": {"type": "literal", "value": "Minister"}}, "no country"),
    ],
)
def test_rows_without_a_person_or_country_are_skipped(row, why):
    assert entries_from_result({"results": {"bindings": [row]}}) == [], why


@pytest.mark.parametrize(("code", "kept"), [("KR", True), ("kr", True), ("EU", False), ("XK", False), (None, False)])
def test_only_iso_country_codes_are_kept(code, kept):
    """The dataset's schema accepts ISO 3166-1 alpha-2 codes only: an EU or Kosovo office would fail a build."""
    row = {
        "person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q999999902"},
        "personLabel": {"type": "literal", "value": "Jane Roe"},
        "positionLabel": {"type": "literal", "value": "President of the European Commission"},
        "countryLabel": {"type": "literal", "value": "European Union"},
    }
    if code:
        row["countryCode"] = {"type": "literal", "value": code}
    found = entries_from_result({"results": {"bindings": [row]}})
    assert [e["country"] for e in found] == ([code.upper()] if kept else [])


def test_shipped_registry_countries_are_iso_codes():
    countries = {entry["country"] for entry in load_entries(DEFAULT_REGISTRY)}
    assert countries <= COUNTRY_CODES, sorted(countries - COUNTRY_CODES)


MERGE_CASES = [
    pytest.param(  # matched by QID although the names differ; the missing end date is filled in
        [entry("Kamala D. Harris", qid="Q1", offices=[("Vice President", "2021-01-20", None)])],
        [entry("Kamala Harris", qid="Q1", offices=[("Vice President of the United States", "2021-01-20",
                                                     "2025-01-20")])],
        [entry("Kamala D. Harris", qid="Q1", aliases=["Kamala Harris"],
               offices=[("Vice President", "2021-01-20", "2025-01-20")])],
        id="by-qid-fills-end"),
    pytest.param(  # matched by name (no QID yet): the QID and a new alias are added, the office is not doubled
        [entry("JD Vance", aliases=["J. D. Vance"], offices=[("Vice President", "2025-01-20", None)])],
        [entry("JD Vance", qid="Q2", aliases=["J. D. Vance", "James David Vance"],
               offices=[("Vice President", "2025-01-20", None)])],
        [entry("JD Vance", qid="Q2", aliases=["J. D. Vance", "James David Vance"],
               offices=[("Vice President", "2025-01-20", None)])],
        id="by-name-adds-qid-and-alias"),
    pytest.param(  # matched through an alias; "of" and "for" wordings and day vs month precision are one office
        [entry("Cho Hyun", "KR", aliases=["Jo Hyeon"], offices=[("Minister of Foreign Affairs", "2025-07", None)])],
        [entry("Jo Hyeon", "KR", qid="Q3", offices=[("Minister for Foreign Affairs", "2025-07-21", None),
                                                    ("Ambassador to the United Nations", "2019-10", "2022-05")])],
        [entry("Cho Hyun", "KR", qid="Q3", aliases=["Jo Hyeon"],
               offices=[("Minister of Foreign Affairs", "2025-07", None),
                        ("Ambassador to the United Nations", "2019-10", "2022-05")])],
        id="by-alias-appends-new-office"),
    pytest.param(  # the same name in another country is another person
        [entry("Kim Song", "KP", offices=[("Ambassador to the United Nations", "2014", None)])],
        [entry("Kim Song", "KR", qid="Q4", offices=[("Minister", "2024", None)])],
        [entry("Kim Song", "KP", offices=[("Ambassador to the United Nations", "2014", None)]),
         entry("Kim Song", "KR", qid="Q4", offices=[("Minister", "2024", None)])],
        id="same-name-other-country"),
    pytest.param(  # a registry entry with another QID is another person, whatever the name
        [entry("John Kelly", qid="Q5", offices=[("White House Chief of Staff", "2017-07-31", "2019-01-02")])],
        [entry("John Kelly", qid="Q6", offices=[("Senator", "2019", None)])],
        [entry("John Kelly", qid="Q5", offices=[("White House Chief of Staff", "2017-07-31", "2019-01-02")]),
         entry("John Kelly", qid="Q6", offices=[("Senator", "2019", None)])],
        id="other-qid-not-merged"),
    pytest.param(  # never drops or overwrites: curated aliases, offices, end dates and sources stay
        [entry("Han Duck-soo", "KR", aliases=["Han Deok-su"], source="https://en.wikipedia.org/wiki/Han_Duck-soo",
               offices=[("Prime Minister", "2022-05-21", "2025-05-01"), ("Acting President", "2024-12-14",
                                                                           "2024-12-27")])],
        [entry("Han Duck-soo", "KR", qid="Q7", source="https://www.wikidata.org/wiki/Q7",
               offices=[("Prime Minister of South Korea", "2022-05-21", "2025-04-30")])],
        [entry("Han Duck-soo", "KR", qid="Q7", aliases=["Han Deok-su"],
               source="https://en.wikipedia.org/wiki/Han_Duck-soo",
               offices=[("Prime Minister", "2022-05-21", "2025-05-01"), ("Acting President", "2024-12-14",
                                                                           "2024-12-27")])],
        id="never-drops-or-overwrites"),
    pytest.param(  # new people come after the registry's own entries, by country then name
        [entry("Yoon Suk Yeol", "KR", offices=[("President", "2022-05-10", "2025-04-04")])],
        [entry("Zed Able", qid="Q9", offices=[("Senator", "2025", None)]),
         entry("Abe Zed", "JP", qid="Q8", offices=[("Minister", "2025", None)])],
        [entry("Yoon Suk Yeol", "KR", offices=[("President", "2022-05-10", "2025-04-04")]),
         entry("Abe Zed", "JP", qid="Q8", offices=[("Minister", "2025", None)]),
         entry("Zed Able", qid="Q9", offices=[("Senator", "2025", None)])],
        id="new-entries-appended-sorted"),
]


@pytest.mark.parametrize(("existing", "imported", "expected"), MERGE_CASES)
def test_merge_entries(existing, imported, expected):
    assert merge_entries(existing, imported) == expected


def test_merge_does_not_mutate_its_inputs():
    existing = [entry("JD Vance", offices=[("Vice President", "2025-01-20", None)])]
    imported = [entry("JD Vance", qid="Q2", aliases=["James David Vance"],
                      offices=[("Senator", "2023-01-03", "2025-01-10")])]
    before = json.dumps([existing, imported])
    merge_entries(existing, imported)
    assert json.dumps([existing, imported]) == before


@pytest.fixture
def tiny_registry(tmp_path) -> Path:
    path = tmp_path / "officials.yaml"
    path.write_text(TINY_REGISTRY, encoding="utf-8")
    return path


def test_import_wikidata_merges_the_fixture_into_a_registry(tiny_registry):
    merged = import_wikidata(FIXTURE, tiny_registry)
    assert [e["name"] for e in merged] == ["JD Vance", "Kamala D. Harris", "Yoon Suk Yeol", "Hong Gil-dong",
                                           "Marco Rubio"]
    assert merged[0] == VANCE
    assert merged[1] == HARRIS | {"name": "Kamala D. Harris", "aliases": ["Kamala Harris"]}
    assert merged[2] == yaml.safe_load(TINY_REGISTRY)["officials"][2]
    assert merged[3:] == [HONG, RUBIO]


def test_import_twice_changes_nothing(tiny_registry, tmp_path):
    once = tmp_path / "once.yaml"
    assert main([str(FIXTURE), "--registry", str(tiny_registry), "--output", str(once)]) == 0
    twice = tmp_path / "twice.yaml"
    assert main([str(FIXTURE), "--registry", str(once), "--output", str(twice)]) == 0
    assert twice.read_text(encoding="utf-8") == once.read_text(encoding="utf-8")


def test_main_rewrites_the_registry_in_place_keeping_its_header(tiny_registry):
    assert main([str(FIXTURE), "--registry", str(tiny_registry)]) == 0
    text = tiny_registry.read_text(encoding="utf-8")
    assert text.startswith("# A tiny registry for the import tests.\nofficials:\n")
    assert load_entries(tiny_registry) == import_wikidata(FIXTURE, tiny_registry)


def test_build_dataset_registry_import_wikidata_command(tiny_registry, tmp_path):
    from build_dataset.cli import main as cli_main

    merged = tmp_path / "merged.yaml"
    argv = ["registry", "import-wikidata", str(FIXTURE), "--registry", str(tiny_registry), "--output", str(merged)]
    assert cli_main(argv) == 0
    assert load_entries(merged) == import_wikidata(FIXTURE, tiny_registry)


@pytest.mark.parametrize(
    "content",
    ['{"head": {"vars": []}}', "[]"],
)
def test_a_file_that_is_not_a_query_result_is_refused(tmp_path, tiny_registry, content):
    path = tmp_path / "result.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="SPARQL JSON"):
        import_wikidata(path, tiny_registry)


def test_rewriting_the_shipped_registry_changes_no_byte():
    """An import that adds nothing leaves officials.yaml as it is: same layout, same header comments."""
    text = DEFAULT_REGISTRY.read_text(encoding="utf-8")
    assert dump_registry(load_entries(DEFAULT_REGISTRY), registry_header(DEFAULT_REGISTRY)) == text


def test_the_shipped_query_runs_and_its_result_imports():
    """The .rq file parses and, run by rdflib on a few Wikidata-shaped triples, gives rows the importer reads:
    a deprecated statement, an office that ended before 2000, a membership and a non-English alias are left out."""
    rdflib = pytest.importorskip("rdflib")
    graph = rdflib.Graph()
    graph.parse(data=WIKIDATA_TRIPLES, format="turtle")
    result = json.loads(graph.query(QUERY.read_text(encoding="utf-8")).serialize(format="json"))
    assert entries_from_result(result) == [HONG | {"source": "https://en.wikipedia.org/wiki/Hong_Gil-dong"}]


WIKIDATA_TRIPLES = """\
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix p: <http://www.wikidata.org/prop/> .
@prefix ps: <http://www.wikidata.org/prop/statement/> .
@prefix pqv: <http://www.wikidata.org/prop/qualifier/value/> .
@prefix wikibase: <http://wikiba.se/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
wd:Q884 rdfs:label "South Korea"@en ; wdt:P297 "KR" .
wd:Q900004 rdfs:label "Minister of Unification (South Korea)"@en ; wdt:P1001 wd:Q884 .
wd:Q900005 rdfs:label "member of the National Assembly of South Korea"@en ; wdt:P1001 wd:Q884 .
wd:Q900006 rdfs:label "Prime Minister of South Korea"@en ; wdt:P17 wd:Q884 .
<https://en.wikipedia.org/wiki/Hong_Gil-dong> schema:about wd:Q999999901 ;
  schema:isPartOf <https://en.wikipedia.org/> .
wd:Q999999901 wdt:P31 wd:Q5 ; rdfs:label "Hong Gil-dong"@en ; skos:altLabel "Hong Kil-tong"@en, "Hong"@ko ;
  p:P39 _:minister, _:member, _:deprecated, _:old .
_:minister ps:P39 wd:Q900004 ; wikibase:rank wikibase:NormalRank ;
  pqv:P580 [ wikibase:timeValue "2024-07-01T00:00:00Z"^^xsd:dateTime ; wikibase:timePrecision 10 ] ;
  pqv:P582 [ wikibase:timeValue "2025-01-01T00:00:00Z"^^xsd:dateTime ; wikibase:timePrecision 9 ] .
_:member ps:P39 wd:Q900005 ; wikibase:rank wikibase:NormalRank .
_:deprecated ps:P39 wd:Q900006 ; wikibase:rank wikibase:DeprecatedRank .
_:old ps:P39 wd:Q900006 ; wikibase:rank wikibase:NormalRank ;
  pqv:P582 [ wikibase:timeValue "1998-02-24T00:00:00Z"^^xsd:dateTime ; wikibase:timePrecision 11 ] .
"""
