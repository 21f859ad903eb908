"""The rejects table: every input that is not an article row, with the named reason it was turned away.

Its Arrow schema (``schema.arrow.arrow_schema(RejectSchema)``) and the card's description of it are derived
from ``RejectSchema``, as the articles table's are from ``ArticleSchema``.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from build_dataset.schema.articles import ID_PATTERN

# A reason is a step's named drop reason (``too_short``, ``not_article``, ...) or ``step_error`` for a bug.
REASON_PATTERN = r"^[a-z][a-z0-9_]*$"


class RejectSchema(pa.DataFrameModel):
    """One row per input file (or corpus record) that did not become an article row."""

    source_file: str = pa.Field(description="Input path relative to the input folder (or the corpus record's place)")
    id: str = pa.Field(
        str_matches=ID_PATTERN,
        description="Stable id: first 16 hex of sha256 of the raw bytes (of the path, when they could not be read)",
    )
    reason: str = pa.Field(str_matches=REASON_PATTERN, description="Named reason: the rejecting step's drop reason")
    detail: str = pa.Field(nullable=True, description="What the step saw, in words (or the error, for step_error)")
    bytes: pl.Int64 = pa.Field(ge=0, description="Size of the raw input in bytes")

    class Config:
        strict = True
        coerce = False


# The record field each column is read from, where the column's name is not the field's.
RECORD_FIELDS = {"reason": "reject_reason", "detail": "reject_detail", "bytes": "raw_bytes"}
