"""``build-dataset validate DIR``: re-check a built dataset as a user received it.

Checks that the Parquet files carry exactly the schema derived from ``schema/``, that every row passes the
pandera schema, that the card's YAML features match the files, and that the expectations still hold.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from build_dataset import expectations
from build_dataset.annotate.topics import load_taxonomy
from build_dataset.errors import ConfigError, ValidationFailed
from build_dataset.validate import validate_frame
from schema.arrow import arrow_schema


def article_files(root: Path) -> list[Path]:
    return sorted((root / "articles").glob("*.parquet"))


def check_parquet_schema(files: list[Path]) -> None:
    expected = arrow_schema()
    for path in files:
        actual = pq.read_schema(path)
        if not actual.equals(expected, check_metadata=False):
            raise ValidationFailed(
                f"{path.name} does not have the articles schema",
                f"  expected:\n{expected.to_string(show_field_metadata=False)}\n"
                f"  found:\n{actual.to_string(show_field_metadata=False)}",
            )


def check_card(root: Path, files: list[Path]) -> None:
    from datasets import Features
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCard

    try:
        card = DatasetCard.load(root / "README.md")
        MetadataConfigs.from_dataset_card_data(card.data)
        declared = DatasetInfosDict.from_dataset_card_data(card.data)["default"].features
    except Exception as error:  # the Hub parsers raise many types; all mean "the card is broken"
        raise ValidationFailed("the dataset card does not parse", f"  {type(error).__name__}: {error}") from None
    actual = Features.from_arrow_schema(pq.read_schema(files[0]))
    if declared != actual:
        raise ValidationFailed(
            "the card's dataset_info.features do not match the Parquet files", f"  card: {declared}\n  files: {actual}"
        )


def validate_dataset(root: Path, taxonomy_path: Path) -> str:
    files = article_files(root)
    if not files:
        raise ConfigError(f"no articles/*.parquet under {root}; is it a built dataset?")
    check_parquet_schema(files)
    frame = pl.concat([pl.read_parquet(path) for path in files])
    topic_ids = [t["id"] for t in load_taxonomy(taxonomy_path)["topics"]]
    validate_frame(frame, topic_ids)
    check_card(root, files)
    stats = json.loads((root / "stats.json").read_text(encoding="utf-8"))
    expectations.check_dataset(root, frame, stats, topic_ids)
    return f"{frame.height} rows in {len(files)} files pass the schema, the card check and the expectations"
