"""``build-dataset validate DIR``: re-check a built dataset as a user received it, offline.

Checks that the Parquet files carry exactly the schemas derived from ``schema/``, that every row passes the
pandera schema, that the card parses with the Hub's own parsers (``datasets``) and agrees with the files
(features, configs, split sizes, enumerations, no template placeholders), that ``croissant.json`` is valid
Croissant with the right checksums, that the manifest's checksums hold, and that the expectations still
pass. Nothing in DIR is written.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from build_dataset.annotate.topics.annotator import load_taxonomy
from build_dataset.core.errors import ConfigError, ValidationFailed
from build_dataset.publish import expectations
from build_dataset.publish.parquet import OFFICIALS_SCHEMA
from build_dataset.publish.validate_rows import validate_frame
from build_dataset.schema.arrow import arrow_schema

PLACEHOLDER = "[More Information Needed]"


def article_files(root: Path) -> list[Path]:
    return sorted((root / "articles").glob("*.parquet"))


def config_files(root: Path, config: str) -> list[Path]:
    return sorted((root / config).glob("*.parquet"))


def check_parquet_schema(files: list[Path], expected: pa.Schema | None = None) -> None:
    expected = expected or arrow_schema()
    for path in files:
        actual = pq.read_schema(path)
        if not actual.equals(expected, check_metadata=False):
            raise ValidationFailed(
                f"{path.name} does not have the expected schema",
                f"  expected:\n{expected.to_string(show_field_metadata=False)}\n"
                f"  found:\n{actual.to_string(show_field_metadata=False)}",
            )


def _resources() -> dict[str, object]:
    import datasets.utils.resources as resources

    folder = Path(resources.__file__).parent
    return {
        name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        for name in ("size_categories", "creators", "languages", "multilingualities")
    }


def enum_problems(data: dict) -> list[str]:
    """Card values outside the enumerations ``datasets`` ships (the Hub validates the same lists)."""
    known = _resources()
    allowed = {
        "size_categories": known["size_categories"],
        "annotations_creators": known["creators"]["annotations"],
        "language_creators": known["creators"]["language"],
        "language": known["languages"],
        "multilinguality": known["multilingualities"],
    }
    problems = []
    for key, values in allowed.items():
        given = data.get(key) or []
        for value in [given] if isinstance(given, str) else given:
            if value not in values:
                problems.append(f"{key}: {value!r} is not a value the Hub knows")
    return problems


def _split_rows(root: Path, pattern: str) -> int:
    return sum(pq.ParquetFile(path).metadata.num_rows for path in sorted(root.glob(pattern)))


def _config_problems(root: Path, card_data, infos) -> list[str]:
    """Each declared config: features equal to its files', and num_examples equal to the files' rows."""
    from datasets import Features

    problems = []
    for config in card_data.get("configs") or []:
        name = config["config_name"]
        info = infos.get(name)
        if info is None:
            problems.append(f"config {name}: no dataset_info")
            continue
        for data_file in config["data_files"]:
            files = sorted(root.glob(data_file["path"]))
            if not files:
                problems.append(f"config {name}: no file matches {data_file['path']}")
                continue
            actual = Features.from_arrow_schema(pq.read_schema(files[0]))
            if info.features != actual:
                problems.append(f"config {name}: card features {info.features} but files have {actual}")
            split = data_file["split"]
            declared = info.splits.get(split).num_examples if info.splits and split in info.splits else None
            rows = _split_rows(root, data_file["path"])
            if declared != rows:
                problems.append(f"config {name}, split {split}: card says {declared} rows, files hold {rows}")
    return problems


def check_card(root: Path) -> None:
    """The card as the Hub's parsers read it, compared with the files it describes."""
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCard

    try:
        card = DatasetCard.load(root / "README.md")
        MetadataConfigs.from_dataset_card_data(card.data)
        infos = DatasetInfosDict.from_dataset_card_data(card.data)
    except Exception as error:  # the Hub parsers raise many types; all mean "the card is broken"
        raise ValidationFailed("the dataset card does not parse", f"  {type(error).__name__}: {error}") from None
    data = card.data.to_dict()
    problems = _config_problems(root, data, infos) + enum_problems(data)
    if not data.get("configs"):
        problems.append("the card declares no configs")
    if PLACEHOLDER in card.content:
        problems.append(f"the card still contains {PLACEHOLDER!r}")
    if problems:
        raise ValidationFailed("the dataset card disagrees with the data", "\n".join(f"  - {p}" for p in problems))


def check_manifest(root: Path) -> None:
    from build_dataset.publish.manifest import MANIFEST, verify_manifest

    if not (root / MANIFEST).is_file():
        raise ValidationFailed(f"{MANIFEST} is missing", f"  expected {root / MANIFEST}")
    problems = verify_manifest(root)
    if problems:
        raise ValidationFailed("files differ from the manifest", "\n".join(f"  - {p}" for p in problems))


def validate_dataset(root: Path, taxonomy_path: Path) -> str:
    from build_dataset.publish.croissant import CROISSANT, validate_croissant

    files = article_files(root)
    if not files:
        raise ConfigError(f"no articles/*.parquet under {root}; is it a built dataset?")
    check_parquet_schema(files)
    officials_files = config_files(root, "officials")
    check_parquet_schema(officials_files, OFFICIALS_SCHEMA)
    frame = pl.concat([pl.read_parquet(path) for path in files])
    topic_ids = [t["id"] for t in load_taxonomy(taxonomy_path)["topics"]]
    validate_frame(frame, topic_ids)
    check_card(root)
    validate_croissant(root / CROISSANT)
    check_manifest(root)
    stats = json.loads((root / "stats.json").read_text(encoding="utf-8"))
    officials = pl.concat([pl.read_parquet(p) for p in officials_files]) if officials_files else None
    expectations.check_dataset(root, frame, stats, topic_ids, officials, write_reports=False)
    return (
        f"{frame.height} rows in {len(files)} files pass the schema, the card, Croissant, manifest and "
        "expectation checks"
    )
