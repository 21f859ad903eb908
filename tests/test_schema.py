"""The pandera schema in schema/ rejects bad rows with messages that name the column and the check."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from build_dataset.core.errors import ValidationFailed
from build_dataset.publish.validate_rows import rows_frame, validate_frame
from build_dataset.schema.arrow import arrow_schema, polars_schema
from build_dataset.schema.articles import OFFICIAL_DTYPE, official_is_valid

TOPICS = ["north-korea", "trade-economy"]


def good_row(**overrides) -> dict:
    row = {
        "id": "0123456789abcdef",
        "source_file": "a/page.txt",
        "title": "A headline",
        "text": "Body text of the article.",
        "date": dt.date(2021, 3, 31),
        "date_source": "header",
        "date_text": "date 2021-03-31",
        "publisher": "The Korea Herald",
        "agency": "Yonhap",
        "author": "Choi Si-young",
        "officials": [
            {"name": "Chung Eui-yong", "country": "KR", "role": "Foreign Minister", "mentions": ["Chung"],
             "wikidata_id": None}
        ],
        "topics": ["north-korea"],
        "topic_scores": [{"topic": "north-korea", "score": 0.9}, {"topic": "trade-economy", "score": 0.1}],
        "duplicate_group": "0123456789abcdef",
        "is_canonical": True,
        "duplicate_of": None,
        "duplicate_score": None,
        "group_size": 1,
        "language": "en",
        "word_count": 5,
        "encoding": "utf-8",
        "version": "LEAD",
        "kind": "article",
    }
    row.update(overrides)
    return row


def test_a_good_row_passes():
    frame = validate_frame(rows_frame([good_row()]), TOPICS)
    assert frame.height == 1


@pytest.mark.parametrize(
    ("overrides", "expected_in_message"),
    [
        ({"topics": ["not-a-topic"]}, "topic ids must be one of"),
        ({"officials": [{"name": "X Y", "country": "XX", "role": None, "mentions": [], "wikidata_id": None}]},
         "unknown country code"),
        ({"officials": [{"name": "X Y", "country": "KR", "role": None, "mentions": [], "wikidata_id": "42"}]},
         "bad QID"),
        ({"id": "not-hex"}, "str_matches"),
        ({"language": "english"}, "isin"),
        ({"date": dt.date(1750, 1, 1)}, "in_range"),
        ({"date_source": "guess"}, "isin"),
        ({"kind": "essay"}, "isin"),
        ({"kind": None}, "kind"),
        ({"word_count": 0}, "greater_than_or_equal_to"),
        ({"is_canonical": False}, "exactly one canonical row"),
        ({"duplicate_score": 1.5}, "in_range"),
    ],
)
def test_bad_rows_fail_with_a_message_naming_the_check(overrides, expected_in_message):
    with pytest.raises(ValidationFailed) as caught:
        validate_frame(rows_frame([good_row(**overrides)]), TOPICS)
    assert expected_in_message in caught.value.report


def test_a_column_of_the_wrong_type_is_rejected():
    frame = rows_frame([good_row()]).with_columns(pl.col("word_count").cast(pl.String))
    with pytest.raises(ValidationFailed) as caught:
        validate_frame(frame, TOPICS)
    assert "word_count" in caught.value.report


def test_an_unknown_column_is_rejected():
    frame = rows_frame([good_row()]).with_columns(pl.lit(1).alias("surprise"))
    with pytest.raises(ValidationFailed) as caught:
        validate_frame(frame, TOPICS)
    assert "surprise" in caught.value.report


def test_arrow_and_polars_schemas_derive_from_the_same_columns():
    assert arrow_schema().names == list(polars_schema())
    required = {"id", "source_file", "title", "text", "date", "date_source", "publisher", "agency", "author",
                "officials", "topics", "duplicate_group", "is_canonical", "language", "word_count"}
    assert required <= set(arrow_schema().names)


def _official(**fields) -> dict:
    return {"name": "Kim Yo-jong", "country": "KP", "role": None, "mentions": [], "wikidata_id": None} | fields


@pytest.mark.parametrize(
    ("official", "valid"),
    [
        (_official(), True),
        (_official(name=None), False),
        (_official(name=""), False),
        (_official(name=" \t\n"), False),
        (_official(name="\u3000\u00a0"), False),  # ideographic and no-break spaces
        (_official(name="\x1f"), False),  # a separator Python strips
        (_official(name=" x "), True),
        (_official(country=None), True),
        (_official(country="ZZ"), False),
        (_official(country="kp"), False),
        (_official(wikidata_id="Q42"), True),
        (_official(wikidata_id="Q0"), False),
        (_official(wikidata_id="Q042"), False),
        (_official(wikidata_id="q42"), False),
        (_official(wikidata_id="Q42 "), False),
        (_official(wikidata_id="Q42\n"), False),
        (_official(wikidata_id=""), False),
    ],
)
def test_officials_check_table(official, valid):
    rows = [good_row(officials=[_official(), official])]
    if valid:
        assert validate_frame(rows_frame(rows), TOPICS).height == 1
    else:
        with pytest.raises(ValidationFailed) as caught:
            validate_frame(rows_frame(rows), TOPICS)
        assert "official with empty name, unknown country code or bad QID" in caught.value.report


def test_a_row_without_officials_passes():
    assert validate_frame(rows_frame([good_row(officials=[])]), TOPICS).height == 1


def test_a_name_is_blank_exactly_when_python_strips_it_to_nothing():
    """Every code point a string can hold (surrogates cannot be UTF-8), as a one-character name."""
    names = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    fields = {name: pl.lit(None, dtype) for name, dtype in OFFICIAL_DTYPE.to_schema().items()}
    officials = pl.DataFrame({"name": names}).select(pl.concat_list(pl.struct(**(fields | {"name": pl.col("name")}))))
    found = officials.select(pl.all().list.eval(official_is_valid()).list.first()).to_series().to_list()
    assert found == [bool(n.strip()) for n in names]
