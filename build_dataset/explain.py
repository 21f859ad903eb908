"""``build-dataset explain ID``: the evidence behind one row's annotations (filled in by the topics issue)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from build_dataset.errors import ConfigError


def find_row(data: Path, article_id: str) -> dict:
    frame = pl.concat([pl.read_parquet(p) for p in sorted((data / "articles").glob("*.parquet"))])
    hits = frame.filter(pl.col("id").str.starts_with(article_id))
    if hits.height != 1:
        raise ConfigError(f"{hits.height} articles match id {article_id!r} in {data}")
    return hits.row(0, named=True)


def explain(data: Path, article_id: str, taxonomy_path: Path) -> str:
    row = find_row(data, article_id)
    return f"{row['id']} {row['source_file']}: topics {row['topics']}"
