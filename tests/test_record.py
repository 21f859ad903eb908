"""The record: its output fields agree with the articles schema, and its working state never reaches a row."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import typing

import polars as pl
import pytest

from build_dataset.core.article import REJECT_FIELDS, SLIM_WORK, Article, Official, Work
from build_dataset.publish.validate_rows import article_row, rows_frame
from build_dataset.run import cache as cache_module
from build_dataset.run.cache import ArticleCache
from build_dataset.schema.arrow import polars_schema
from build_dataset.schema.articles import OFFICIAL_DTYPE, ArticleSchema

SCALARS = {
    pl.String: str,
    pl.Date: dt.date,
    pl.Boolean: bool,
    pl.Int32: int,
    pl.Int64: int,
    pl.Float32: float,
    pl.Float64: float,
}
# The record class of each struct column type that holds records rather than a mapping.
RECORDS = {OFFICIAL_DTYPE: Official}
COLUMNS = ArticleSchema.to_schema().columns
WORK_FIELDS = [f.name for f in dataclasses.fields(Work)]


def python_type(dtype: pl.DataType) -> object:
    """The field type a column of ``dtype`` is held in on the record."""
    if isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct) and dtype.inner not in RECORDS:
        key, value = dtype.inner.fields  # a mapping, one (key, value) struct per item: topic_scores
        return dict[python_type(key.dtype), python_type(value.dtype)]
    if isinstance(dtype, pl.List):
        return list[python_type(dtype.inner)]
    if dtype in RECORDS:
        return RECORDS[dtype]
    return next(kind for polars_type, kind in SCALARS.items() if dtype == polars_type)


def test_output_fields_are_the_schema_columns():
    fields = {f.name for f in dataclasses.fields(Article)}
    assert fields == {*COLUMNS, *REJECT_FIELDS, "work"}
    assert not set(WORK_FIELDS) & set(COLUMNS), "a working field named like a column would be confused with it"


@pytest.mark.parametrize("name", list(COLUMNS))
def test_output_field_has_the_column_type(name):
    column = COLUMNS[name]
    expected = python_type(column.dtype.type)
    assert typing.get_type_hints(Article)[name] == (expected | None if column.nullable else expected)


def test_official_fields_are_the_struct_fields():
    hints = typing.get_type_hints(Official)
    assert [f.name for f in dataclasses.fields(Official)] == [f.name for f in OFFICIAL_DTYPE.fields]
    for field in OFFICIAL_DTYPE.fields:  # a struct field's nullability is not declared: either is right
        expected = python_type(field.dtype)
        assert hints[field.name] in (expected, expected | None), field.name


def marked_article() -> Article:
    """An article whose every working field holds a marker the row must not contain."""
    article = Article(id="0123456789abcdef", source_file="a.txt", text="Body.", word_count=1, language="en")
    article.officials = [Official(name="Ann Lee", country="KR", role="Minister", mentions=["Lee"])]
    article.topic_scores = {"economy": 0.5, "politics": 0.0}
    article.duplicate_group = article.id
    for name in WORK_FIELDS:
        setattr(article.work, name, f"WORK:{name}")
    return article


def test_a_working_field_never_reaches_a_row():
    row = article_row(marked_article())
    assert list(row) == list(polars_schema())
    assert "WORK:" not in repr(row)
    frame = rows_frame([row])
    assert frame.columns == list(COLUMNS)
    assert not any("WORK:" in repr(value) for value in frame.row(0))


def test_a_row_holds_nested_columns_in_their_struct_shape():
    row = article_row(marked_article())
    official = {"name": "Ann Lee", "country": "KR", "role": "Minister", "mentions": ["Lee"], "wikidata_id": None,
                "evidence": None}
    assert row["officials"] == [official]
    assert row["topic_scores"] == [{"topic": "economy", "score": 0.5}, {"topic": "politics", "score": 0.0}]


def varied_articles() -> list[Article]:
    """Records whose list columns are empty, of one item or of several, with texts empty and null."""
    bare = Article(id="1", source_file="b.txt", text="", word_count=0)
    several = marked_article()
    several.id = "2"
    several.officials = several.officials * 3
    several.topic_scores = {f"t{k}": k / 10 for k in range(11)}
    untexted = Article(id="3", source_file="c.txt", text=None, word_count=0)
    return [marked_article(), bare, several, untexted]


def row_by_hand(article: Article) -> dict:
    """The article's row written out field by field: officials as dicts of their fields, topic scores as one
    (topic, score) struct per item."""
    row = {name: getattr(article, name) for name in polars_schema()}
    row["officials"] = [dataclasses.asdict(o) for o in article.officials]
    row["topic_scores"] = [{"topic": t, "score": v} for t, v in article.topic_scores.items()]
    return row


def test_the_frame_made_column_by_column_is_the_frame_of_the_rows():
    from build_dataset.publish.validate_rows import records_frame

    articles = varied_articles()
    expected = rows_frame([row_by_hand(a) for a in articles])
    assert records_frame(articles).equals(expected, null_equal=True)
    assert records_frame([]).equals(rows_frame([]), null_equal=True)
    stand_in = records_frame(articles, lambda a: "." if a.text else a.text)
    assert stand_in["text"].to_list() == [".", "", ".", None]
    assert stand_in.drop("text").equals(expected.drop("text"), null_equal=True)


@pytest.mark.parametrize("name", WORK_FIELDS)
def test_slim_keeps_only_what_the_corpus_stage_reads(name):
    work = Work(**{field: f"WORK:{field}" for field in WORK_FIELDS})
    slim = work.slim()
    assert getattr(slim, name) == (f"WORK:{name}" if name in SLIM_WORK else getattr(Work(), name))


def test_record_survives_pickling_with_its_working_state():
    article = marked_article()
    article.work = Work(partial_date=(3, 6, "SEOUL, March 6"), dedup_units="a b\nc d", step_counts={"s": {"n": 1}})
    assert pickle.loads(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL)) == article


@pytest.mark.parametrize("kind", [Official, Work, Article])
def test_every_field_survives_pickling_in_its_own_place(kind):
    """Records pickle as their constructor's arguments (``pickled_as_arguments``): a field's value must come back in
    that field, not its neighbour's."""
    record = kind(**{f.name: f"{kind.__name__}:{f.name}" for f in dataclasses.fields(kind)})
    back = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(back) is kind
    assert [getattr(back, f.name) for f in dataclasses.fields(kind)] == [
        f"{kind.__name__}:{f.name}" for f in dataclasses.fields(kind)
    ]


def test_cache_written_with_another_record_shape_is_ignored(tmp_path, monkeypatch):
    article = marked_article()
    article.work = Work(dedup_units="a b")
    cache = ArticleCache(tmp_path / "articles.sqlite", "k")
    cache.put(article)
    cache.close()
    cache = ArticleCache(tmp_path / "articles.sqlite", "k")
    assert cache.get_many([article]) == [article]
    cache.close()
    monkeypatch.setattr(cache_module, "RECORD_SHAPE", "other")
    cache = ArticleCache(tmp_path / "articles.sqlite", "k")
    assert cache.get_many([article]) == [None]
    cache.close()
