"""Arrow schema, polars schema and the card's column table, derived from a table's pandera model
(``ArticleSchema`` unless another table's is given)."""

from __future__ import annotations

import polars as pl
import pyarrow as pa
from pandera.polars import DataFrameModel

from build_dataset.schema.articles import ArticleSchema

SORT_KEY = ("id",)


def _arrow_type(dtype: pl.DataType) -> pa.DataType:
    simple = {
        pl.String: pa.string(),
        pl.Date: pa.date32(),
        pl.Boolean: pa.bool_(),
        pl.Int32: pa.int32(),
        pl.Int64: pa.int64(),
        pl.Float32: pa.float32(),
        pl.Float64: pa.float64(),
    }
    if isinstance(dtype, pl.List):
        return pa.list_(_arrow_type(dtype.inner))
    if isinstance(dtype, pl.Struct):
        return pa.struct([pa.field(f.name, _arrow_type(f.dtype)) for f in dtype.fields])
    for pl_type, arrow_type in simple.items():
        if dtype == pl_type:
            return arrow_type
    raise TypeError(f"no Arrow type mapped for polars dtype {dtype}")


def polars_schema(model: type[DataFrameModel] = ArticleSchema) -> dict[str, pl.DataType]:
    """Column name -> polars dtype, in table order."""
    return {name: column.dtype.type for name, column in model.to_schema().columns.items()}


def arrow_schema(model: type[DataFrameModel] = ArticleSchema) -> pa.Schema:
    """The explicit Arrow schema every shard of the table is written with."""
    columns = model.to_schema().columns
    fields = [
        pa.field(
            name,
            _arrow_type(column.dtype.type),
            nullable=column.nullable,
            metadata={"description": column.description},
        )
        for name, column in columns.items()
    ]
    return pa.schema(fields)


def column_docs(model: type[DataFrameModel] = ArticleSchema) -> list[tuple[str, str, str]]:
    """(name, Arrow type, description) for the card's column table."""
    return arrow_column_docs(arrow_schema(model))


def arrow_column_docs(schema: pa.Schema) -> list[tuple[str, str, str]]:
    """(name, Arrow type, description) of each field of an Arrow schema whose fields carry a description."""
    return [
        (f.name, str(f.type) + ("" if f.nullable else ", not null"), f.metadata[b"description"].decode())
        for f in schema
    ]


def enumerations() -> dict[str, list[str]]:
    """Columns whose values come from a fixed list (the schema's ``isin`` checks): name -> allowed values, in
    the schema's order. The card documents them like ``ClassLabel`` names."""
    columns = ArticleSchema.to_schema().columns
    return {
        name: list(check.statistics["allowed_values"])
        for name, column in columns.items()
        for check in column.checks
        if check.name == "isin"
    }
