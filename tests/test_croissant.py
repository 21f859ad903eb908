"""croissant.json: Croissant 1.0 with every required property and a sha256 per file, valid for mlcroissant."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow.parquet as pq
import pytest

from build_dataset.core.errors import ValidationFailed
from build_dataset.publish.card import about, read_stats
from build_dataset.publish.croissant import CROISSANT, date_published, validate_croissant, write_croissant
from build_dataset.schema.articles import EARLIEST_DATE

REQUIRED = (
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



def _document(root):
    return json.loads((root / CROISSANT).read_text(encoding="utf-8"))


def test_croissant_is_valid_with_warnings_as_errors(seeds_build):
    validate_croissant(seeds_build / CROISSANT)


def test_croissant_has_the_required_properties_and_a_sha256_per_parquet_file(seeds_build):
    document = _document(seeds_build)
    assert all(document.get(key) for key in REQUIRED)
    assert document["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    listed = {item["contentUrl"] for item in document["distribution"] if item["@type"] == "cr:FileObject"}
    written = {p.relative_to(seeds_build).as_posix() for p in seeds_build.rglob("*.parquet")}
    assert listed == written
    assert all(len(item["sha256"]) == 64 for item in document["distribution"] if item["@type"] == "cr:FileObject")


def test_croissant_records_read_back_every_article(seeds_build):
    import mlcroissant as mlc

    records = list(mlc.Dataset(jsonld=seeds_build / CROISSANT).records("articles"))
    rows = sum(pq.ParquetFile(p).metadata.num_rows for p in (seeds_build / "articles").glob("*.parquet"))
    assert len(records) == rows
    assert {r["articles/split"] for r in records} <= {b"train", b"validation", b"test"}


def test_a_changed_file_fails_the_checksum(built_copy):
    shard = next((built_copy / "articles").glob("*.parquet"))
    shard.write_bytes(shard.read_bytes() + b"\0")
    with pytest.raises(ValidationFailed, match="sha256 differs"):
        validate_croissant(built_copy / CROISSANT)


@pytest.mark.parametrize("missing", ["license", "datePublished", "name"])
def test_a_missing_required_property_fails_validation(built_copy, missing):
    document = _document(built_copy)
    del document[missing]
    (built_copy / CROISSANT).write_text(json.dumps(document))
    with pytest.raises(ValidationFailed, match="not valid Croissant"):
        validate_croissant(built_copy / CROISSANT)


def test_rewriting_gives_the_same_bytes(built_copy):
    before = (built_copy / CROISSANT).read_bytes()
    stats = read_stats(built_copy / "stats.json")
    configs = {
        config: {
            p.name.split("-")[0]: [p.relative_to(built_copy).as_posix()]
            for p in sorted((built_copy / config).glob("*.parquet"))
        }
        for config in ("articles", "officials")
    }
    write_croissant(built_copy, configs, stats, about(stats))
    assert (built_copy / CROISSANT).read_bytes() == before


@pytest.mark.parametrize(
    ("date_range", "expected"),
    [
        ({"oldest": "2018-01-02", "newest": "2020-05-06"}, dt.datetime(2020, 5, 6)),
        ({}, dt.datetime(EARLIEST_DATE.year, EARLIEST_DATE.month, EARLIEST_DATE.day)),
    ],
)
def test_date_published_is_the_newest_article_date_not_the_build_time(date_range, expected):
    assert date_published({"date_range": date_range}) == expected
