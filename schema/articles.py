"""The articles table: the only place its column names, types and value checks are written.

The Arrow schema written to Parquet, the Hugging Face ``Features`` in the card, and the card's column
table are all derived from ``ArticleSchema`` (see ``schema.arrow``). Extend the table here and nowhere else.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from build_dataset.schema.limits import COUNTRY_CODES, DATE_SOURCES, EARLIEST_DATE, KINDS, LANGUAGE_CODES, LATEST_DATE

OFFICIAL_DTYPE = pl.Struct(
    {
        "name": pl.String,
        "country": pl.String,
        "role": pl.String,
        "mentions": pl.List(pl.String),
        "wikidata_id": pl.String,
        "evidence": pl.String,
    }
)
TOPIC_SCORE_DTYPE = pl.Struct({"topic": pl.String, "score": pl.Float32})

ID_PATTERN = r"^[0-9a-f]{16}$"

QID_PATTERN = r"^Q[1-9][0-9]*$"
# A character Python's ``str.strip`` keeps: Unicode white space (the regex's ``\s``) and the four ASCII
# separators Python also counts as space are blank.
NOT_BLANK = r"[^\s\x1c-\x1f]"


def official_is_valid() -> pl.Expr:
    """Per official (``pl.element()`` of the officials list): a name with a character other than white space, a
    known country code or none, a Wikidata QID ("Q" and a number from 1) or none."""
    official = pl.element().struct
    name, country, qid = official.field("name"), official.field("country"), official.field("wikidata_id")
    return (
        name.str.contains(NOT_BLANK).fill_null(False)
        & (country.is_null() | country.is_in(sorted(COUNTRY_CODES)))
        & (qid.is_null() | qid.str.contains(QID_PATTERN))
    )


class ArticleSchema(pa.DataFrameModel):
    """One row per article page that survived reading and cleaning."""

    id: str = pa.Field(
        unique=True, str_matches=ID_PATTERN, description="Stable id: first 16 hex of sha256 of the raw bytes"
    )
    source_file: str = pa.Field(unique=True, description="Input path relative to the input folder")
    title: str = pa.Field(nullable=True, description="Headline, when the page has one")
    text: str = pa.Field(str_length={"min_value": 1}, description="Cleaned article body, page boilerplate removed")
    date: pl.Date = pa.Field(
        nullable=True,
        in_range={"min_value": EARLIEST_DATE, "max_value": LATEST_DATE},
        description="Publication date; null when the page does not determine it",
    )
    date_source: str = pa.Field(
        nullable=True,
        isin=list(DATE_SOURCES),
        description="Evidence the date came from: " + ", ".join(DATE_SOURCES)
        + " (a '+' names how a dateline's missing year was inferred)",
    )
    date_text: str = pa.Field(nullable=True, description="The page text the date was read from")
    story_date: pl.Date = pa.Field(
        nullable=True,
        in_range={"min_value": EARLIEST_DATE, "max_value": LATEST_DATE},
        description="Earliest date stated by any article of the duplicate group (the story's date)",
    )
    story_date_from: str = pa.Field(
        nullable=True, str_matches=ID_PATTERN, description="Id of the article whose own evidence gave story_date"
    )
    publisher: str = pa.Field(nullable=True, description="Outlet whose page this is, canonical form")
    agency: str = pa.Field(nullable=True, description="Wire agency credited (e.g. Yonhap, Kyodo, Reuters)")
    author: str = pa.Field(nullable=True, description="Byline person")
    officials: pl.List(OFFICIAL_DTYPE) = pa.Field(
        description="Officials named in the body: canonical name, ISO 3166-1 alpha-2 country, role, surface forms, "
        "Wikidata QID when the registry knows them, evidence (the title or match that made them an official)",
    )
    topics: pl.List(pl.String) = pa.Field(description="Topic ids from the taxonomy in schema/topics.yaml")
    topic_scores: pl.List(TOPIC_SCORE_DTYPE) = pa.Field(description="Classifier score per taxonomy topic")
    duplicate_group: str = pa.Field(str_matches=ID_PATTERN, description="Id of the group's canonical article")
    is_canonical: bool = pa.Field(description="The one representative of its duplicate group")
    duplicate_of: str = pa.Field(nullable=True, description="Canonical article id; null on the canonical row")
    duplicate_score: pl.Float32 = pa.Field(
        nullable=True, in_range={"min_value": 0.0, "max_value": 1.0}, description="Similarity to the canonical article"
    )
    group_size: pl.Int32 = pa.Field(ge=1, description="Number of articles in the duplicate group")
    duplicate_relation: str = pa.Field(
        nullable=True,
        isin=["copy", "version"],
        description="copy (same text: syndicated, reposted, trimmed or machine-translated) or version (an update "
        "of the same wire story, or the flash that announced it) of the canonical article; null on the canonical row",
    )
    language: str = pa.Field(isin=sorted(LANGUAGE_CODES), description="ISO 639-1 language of the text")
    word_count: pl.Int32 = pa.Field(ge=1, description="Words in text")
    encoding: str = pa.Field(description="Character encoding the raw file was decoded from")
    version: str = pa.Field(
        nullable=True, description="Version tag of a wire story as the page marks it (LEAD, 2nd LD, URGENT)"
    )
    kind: str = pa.Field(isin=list(KINDS), description="What the page is: " + ", ".join(KINDS))

    class Config:
        strict = True
        coerce = False

    @pa.check("officials", name="officials_valid", error="official with empty name, unknown country code or bad QID")
    def officials_valid(cls, data: pa.PolarsData) -> pl.LazyFrame:
        # one expression over every official (a Python function per row took ~0.4 s of a 19k-row build's writing)
        return data.lazyframe.select(pl.col(data.key).list.eval(official_is_valid()).list.all().fill_null(True))

    @pa.dataframe_check(name="one_canonical_per_group", error="a duplicate group needs exactly one canonical row")
    def one_canonical_per_group(cls, data: pa.PolarsData) -> pl.LazyFrame:
        canon = pl.col("is_canonical").cast(pl.Int32).sum().over("duplicate_group")
        return data.lazyframe.select(canon == 1)

    @pa.dataframe_check(
        name="canonical_has_no_duplicate_of", error="duplicate_of must be null exactly on canonical rows"
    )
    def canonical_has_no_duplicate_of(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("is_canonical") == pl.col("duplicate_of").is_null())

    @pa.dataframe_check(
        name="canonical_has_no_duplicate_relation", error="duplicate_relation must be null exactly on canonical rows"
    )
    def canonical_has_no_duplicate_relation(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("is_canonical") == pl.col("duplicate_relation").is_null())


def article_schema(topic_ids: list[str]) -> pa.DataFrameSchema:
    """``ArticleSchema`` plus the check that every topic id belongs to the taxonomy in use."""
    allowed = sorted(topic_ids)

    def topics_in_taxonomy(data: pa.PolarsData) -> pl.LazyFrame:
        in_taxonomy = pl.col(data.key).list.eval(pl.element().is_in(allowed)).list.all()
        return data.lazyframe.select(in_taxonomy)

    check = pa.Check(topics_in_taxonomy, name="topics_in_taxonomy", error=f"topic ids must be one of {allowed}")
    schema = ArticleSchema.to_schema()
    return schema.update_column("topics", checks=[*schema.columns["topics"].checks, check])
