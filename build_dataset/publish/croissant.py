"""``croissant.json``: Croissant 1.0 metadata of a build, made with mlcroissant and validated by it.

Every Parquet file is a ``FileObject`` with its sha256; each config (``articles``, ``officials``) is a
``FileSet`` and a ``RecordSet`` whose fields are derived from the written Parquet schema, plus a ``split``
field read from the file name. ``datePublished`` is the newest article date, so the file only changes when
the data does. Validation treats mlcroissant's warnings as errors: a bare document passes with warnings
even when required properties are missing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from build_dataset.core.errors import ValidationFailed
from build_dataset.core.versions import sha256_file
from build_dataset.publish.parquet import write_json
from build_dataset.schema.articles import EARLIEST_DATE

CROISSANT = "croissant.json"
PARQUET_MIME = "application/x-parquet"
# The properties Croissant 1.0 requires of a dataset (mlcroissant does not flag every one of them missing).
REQUIRED_PROPERTIES = (
    "@context",
    "@type",
    "conformsTo",
    "name",
    "description",
    "license",
    "url",
    "creator",
    "datePublished",
    "distribution",
)
SPLIT_FROM_FILE_NAME = r"^(\w+)-\d+-of-\d+\.parquet$"
CONFIG_DESCRIPTIONS = {
    "articles": "One row per article page: cleaned text and its annotations.",
    "officials": "One row per official named in an article, with the article's date, publisher and group.",
    "rejects": "Inputs that did not become rows, with the reason.",
}


def _data_type(mlc, kind: pa.DataType):
    types = mlc.DataType
    if pa.types.is_date(kind):
        return types.DATE
    if pa.types.is_boolean(kind):
        return types.BOOL
    if pa.types.is_integer(kind):
        return types.INTEGER
    if pa.types.is_floating(kind):
        return types.FLOAT
    return types.TEXT


def _field(mlc, record: str, source: dict, field: pa.Field, path: tuple[str, ...] = ()):
    """A Croissant field for one Arrow field; lists are ``repeated``, structs get ``subField``s."""
    field_id = "/".join((record, *path, field.name))
    kind, repeated = field.type, None
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        kind, repeated = kind.value_type, True
    column = path[0] if path else field.name
    transforms = [mlc.Transform(json_path=field.name)] if path else []
    extract = mlc.Source(**source, extract=mlc.Extract(column=column), transforms=transforms)
    description = (field.metadata or {}).get(b"description", b"").decode() or None
    if pa.types.is_struct(kind):
        children = [_field(mlc, record, source, kind.field(i), (*path, field.name)) for i in range(kind.num_fields)]
        return mlc.Field(
            id=field_id,
            name=field.name,
            description=description,
            repeated=repeated,
            sub_fields=children,
            source=extract,
        )
    return mlc.Field(
        id=field_id,
        name=field.name,
        description=description,
        data_types=[_data_type(mlc, kind)],
        repeated=repeated,
        source=extract,
    )


def _file_object(mlc, out: Path, relative: str):
    return mlc.FileObject(
        id=relative,
        name=relative,
        content_url=relative,
        content_size=f"{(out / relative).stat().st_size} B",
        encoding_formats=[PARQUET_MIME],
        sha256=sha256_file(out / relative),
    )


def _config_record_set(mlc, out: Path, config: str, files: list[str]):
    """A FileSet over the config's shards and a RecordSet with a ``split`` field taken from the file name."""
    folder = files[0].split("/")[0]
    file_set = mlc.FileSet(
        id=f"{config}-files", name=f"{config}-files", includes=[f"{folder}/*.parquet"], encoding_formats=[PARQUET_MIME]
    )
    source = {"file_set": file_set.id}
    split = mlc.Field(
        id=f"{config}/split",
        name="split",
        description="Split, from the file name (assigned by a hash of duplicate_group)",
        data_types=[mlc.DataType.TEXT],
        source=mlc.Source(
            **source,
            extract=mlc.Extract(file_property="filename"),
            transforms=[mlc.Transform(regex=SPLIT_FROM_FILE_NAME)],
        ),
    )
    fields = [_field(mlc, config, source, f) for f in pq.read_schema(out / files[0])]
    record_set = mlc.RecordSet(
        id=config, name=config, description=CONFIG_DESCRIPTIONS[config], fields=[*fields, split]
    )
    return file_set, record_set


def _rejects_record_set(mlc, relative: str, out: Path):
    source = {"file_object": relative}
    fields = [_field(mlc, "rejects", source, f) for f in pq.read_schema(out / relative)]
    return mlc.RecordSet(id="rejects", name="rejects", description=CONFIG_DESCRIPTIONS["rejects"], fields=fields)


def date_published(stats: dict) -> dt.datetime:
    """The newest article date: it only moves when the data does (a build time would change every run).
    With no dated article at all, the schema's earliest plausible date stands in."""
    newest = stats.get("date_range", {}).get("newest")
    day = dt.date.fromisoformat(newest) if newest else EARLIEST_DATE
    return dt.datetime(day.year, day.month, day.day)


def croissant_metadata(out: Path, configs: dict[str, dict[str, list[str]]], stats: dict, about: dict):
    """``configs``: {config name: {split: [relative parquet paths]}}; ``about``: name, description, url, ..."""
    import mlcroissant as mlc

    distribution, record_sets = [], []
    for config, splits in configs.items():
        files = [path for paths in splits.values() for path in paths]
        if not files:
            continue
        distribution += [_file_object(mlc, out, path) for path in files]
        file_set, record_set = _config_record_set(mlc, out, config, files)
        distribution.append(file_set)
        record_sets.append(record_set)
    if (out / "rejects.parquet").is_file():
        distribution.append(_file_object(mlc, out, "rejects.parquet"))
        record_sets.append(_rejects_record_set(mlc, "rejects.parquet", out))
    return mlc.Metadata(
        name=about["name"],
        description=about["description"],
        license=about["license"],
        url=about["url"],
        version=stats["versions"]["pipeline"],
        date_published=date_published(stats),
        cite_as=about["citation"],
        creators=[mlc.Organization(name=about["creator"])],
        keywords=about["keywords"],
        in_language=sorted(stats["languages"]),
        distribution=distribution,
        record_sets=record_sets,
    )


def write_croissant(out: Path, configs: dict[str, dict[str, list[str]]], stats: dict, about: dict) -> Path:
    metadata = croissant_metadata(out, configs, stats, about)
    write_json(metadata.to_json(), out / CROISSANT)
    validate_croissant(out / CROISSANT)
    return out / CROISSANT


def _file_problems(path: Path) -> list[str]:
    """Missing required properties; FileObjects whose file is missing or whose sha256 differs."""
    document = json.loads(path.read_text(encoding="utf-8"))
    problems = [f"required property {key} is missing" for key in REQUIRED_PROPERTIES if not document.get(key)]
    for item in document.get("distribution", []):
        if item.get("@type") != "cr:FileObject":
            continue
        target = path.parent / item["contentUrl"]
        if not target.is_file():
            problems.append(f"{item['contentUrl']}: missing")
        elif sha256_file(target) != item.get("sha256"):
            problems.append(f"{item['contentUrl']}: sha256 differs")
    return problems


def validate_croissant(path: Path) -> None:
    """mlcroissant's validation with warnings as errors, plus the sha256 of every FileObject."""
    import mlcroissant as mlc

    logging.getLogger("absl").setLevel(logging.ERROR)
    try:
        issues = mlc.Dataset(jsonld=path).metadata.issues
        problems = sorted(issues.errors) + sorted(issues.warnings)
    except Exception as error:  # mlcroissant raises ValidationError and friends; all mean "invalid"
        problems = [f"{type(error).__name__}: {error}"]
    problems += _file_problems(path)
    if problems:
        raise ValidationFailed(f"{path.name} is not valid Croissant 1.0", "\n".join(f"  - {p}" for p in problems))
