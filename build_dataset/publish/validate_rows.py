"""Row-level validation: Articles -> polars DataFrame -> the pandera schema from ``schema/``."""

from __future__ import annotations

import pandera.errors
import polars as pl

from build_dataset.core.article import Article
from build_dataset.core.errors import ValidationFailed
from build_dataset.schema.arrow import polars_schema
from build_dataset.schema.articles import article_schema

MAX_REPORTED_FAILURES = 50


def article_row(article: Article) -> dict:
    """The public fields of an Article, in the shape of one table row."""
    return {
        "id": article.id,
        "source_file": article.source_file,
        "title": article.title,
        "text": article.text,
        "date": article.date,
        "date_source": article.date_source,
        "date_text": article.date_text,
        "story_date": article.story_date,
        "story_date_from": article.story_date_from,
        "publisher": article.publisher,
        "agency": article.agency,
        "author": article.author,
        "officials": [o.as_row() for o in article.officials],
        "topics": list(article.topics),
        "topic_scores": [{"topic": t, "score": float(s)} for t, s in article.topic_scores.items()],
        "duplicate_group": article.duplicate_group,
        "is_canonical": article.is_canonical,
        "duplicate_of": article.duplicate_of,
        "duplicate_score": article.duplicate_score,
        "group_size": article.group_size,
        "duplicate_relation": article.duplicate_relation,
        "language": article.language,
        "word_count": article.word_count,
        "encoding": article.encoding,
        "version": article.version,
        "kind": article.kind,
    }


def rows_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=polars_schema(), orient="row") if rows else pl.DataFrame(schema=polars_schema())


def validate_frame(frame: pl.DataFrame, topic_ids: list[str]) -> pl.DataFrame:
    """Validate every row; raise ValidationFailed listing all failures (never a traceback)."""
    try:
        return article_schema(topic_ids).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        raise ValidationFailed("rows failed the articles schema; nothing was written", _report(errors)) from None
    except pandera.errors.SchemaError as error:
        raise ValidationFailed("rows failed the articles schema; nothing was written", str(error)) from None


def _report(errors: pandera.errors.SchemaErrors) -> str:
    cases = errors.failure_cases
    lines = []
    for record in cases.head(MAX_REPORTED_FAILURES).iter_rows(named=True):
        where = "table" if record.get("schema_context") == "DataFrameSchema" else f"column {record.get('column')}"
        lines.append(f"  - {where}: {record.get('check')} failed for {str(record.get('failure_case'))[:300]}")
    if cases.height > MAX_REPORTED_FAILURES:
        lines.append(f"  ... and {cases.height - MAX_REPORTED_FAILURES} more")
    return "\n".join(lines)
