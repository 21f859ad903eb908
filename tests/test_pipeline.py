"""End to end: the seeds build into a dataset that datasets, DuckDB and Polars all read the same way."""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
from conftest import COMMITTED_DATA, REPO, SEEDS, build_into

from build_dataset.annotate.dates import DateAnnotator
from build_dataset.annotate.language import LanguageAnnotator
from build_dataset.pipeline import CORPUS, PER_ARTICLE, PIPELINE, READ, STEPS, step_class
from build_dataset.schema.arrow import arrow_schema

SEED_COUNT = len(list(SEEDS.glob("*.txt")))
# Every output must match (the expectations page carries the build's as-of day, no clock).
UNCOMPARED: tuple[str, ...] = ()


def tracked_files(root: Path) -> list[str]:
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return [f for f in files if not f.startswith(UNCOMPARED)]


def test_load_dataset_returns_the_seed_rows_with_declared_features(seeds_build):
    from datasets import load_dataset

    dataset = load_dataset(str(seeds_build), split="train")
    assert dataset.num_rows == SEED_COUNT
    assert dataset.features["date"].dtype == "date32"
    assert isinstance(dataset.features["officials"], list) or type(dataset.features["officials"]).__name__ == "List"
    dated = [row["date"] for row in dataset if row["date"] is not None]
    assert dated and all(isinstance(d, dt.date) for d in dated)
    assert all(isinstance(row["officials"], list) for row in dataset)


def test_duckdb_and_polars_read_the_same_rows(seeds_build):
    glob = str(seeds_build / "articles" / "*.parquet")
    duck = duckdb.sql(f"SELECT id, date, len(officials) AS n FROM '{glob}' ORDER BY id").fetchall()
    polars_rows = (
        pl.scan_parquet(glob)
        .select("id", "date", pl.col("officials").list.len().alias("n"))
        .sort("id")
        .collect()
        .rows()
    )
    assert len(duck) == SEED_COUNT
    assert duck == [tuple(r) for r in polars_rows]


def test_parquet_has_the_schema_from_schema_package(seeds_build):
    for path in (seeds_build / "articles").glob("*.parquet"):
        assert pq.read_schema(path).equals(arrow_schema(), check_metadata=False)
        metadata = pq.ParquetFile(path).metadata
        assert metadata.row_group(0).column(0).compression == "ZSTD"


def test_every_input_is_a_row_or_a_reject(seeds_build):
    import json

    stats = json.loads((seeds_build / "stats.json").read_text())
    rejects = pq.read_table(seeds_build / "rejects.parquet")
    assert stats["rows"] + rejects.num_rows == stats["inputs"] == SEED_COUNT


def test_same_input_gives_byte_identical_files(seeds_build, tmp_path):
    again = tmp_path / "again"
    build_into(SEEDS, again)
    files = tracked_files(seeds_build)
    assert files == tracked_files(again)
    _, mismatch, errors = filecmp.cmpfiles(seeds_build, again, files, shallow=False)
    assert not mismatch and not errors


def test_committed_data_is_not_stale(seeds_build):
    """data/ in the repo must be what `make dataset` builds from seeds/ now; rebuild it when this fails."""
    files = tracked_files(seeds_build)
    assert tracked_files(COMMITTED_DATA) == files, "data/ has other files than a fresh build: run `make dataset`"
    _, mismatch, errors = filecmp.cmpfiles(COMMITTED_DATA, seeds_build, files, shallow=False)
    assert not mismatch and not errors, f"data/ is stale in {mismatch + errors}: run `make dataset`"


def test_validate_command_accepts_the_build_and_module_entry_point_works(seeds_build):
    result = subprocess.run(
        [sys.executable, "-m", "build_dataset", "validate", str(seeds_build)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["build", "--input", "does-not-exist"], 2, "does not exist"),
        (["build", "--splits", "train=0.5"], 2, "sum to 1"),
        (["build", "--as-of", "2024-13-01"], 2, "as-of date"),
        (["build", "--max-reject-share", "1.5"], 2, "between 0 and 1"),
        (["build", "--workers", "0"], 2, "at least 1"),
        (["validate", "does-not-exist"], 2, "no articles"),
    ],
)
def test_cli_errors_are_one_clear_message(args, code, message, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "build_dataset",
            *args,
            *([] if args[0] == "validate" else ["--output", str(tmp_path)]),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_every_registered_step_is_in_the_pipeline_once_under_its_own_name():
    assert PIPELINE == READ + PER_ARTICLE + CORPUS
    assert sorted(PIPELINE) == sorted(STEPS)
    for name in PIPELINE:
        assert step_class(name).name == name


def test_an_unknown_step_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown step 'nope_v1'.*dates_v2"):
        step_class("nope_v1")


def test_the_build_records_the_pipeline_it_ran(seeds_build):
    stats = json.loads((seeds_build / "stats.json").read_text(encoding="utf-8"))
    assert stats["versions"]["steps"] == list(PIPELINE)


def test_stats_carry_every_steps_counters(seeds_build):
    from build_dataset.pipeline import PIPELINE, READ

    stats = json.loads((seeds_build / "stats.json").read_text())
    assert set(stats["steps"]) == set(PIPELINE)
    kept = stats["rows"]
    for name in PIPELINE:
        if name not in READ:  # the read step sees every input; the others the articles still kept
            assert stats["steps"][name]["seen"] >= kept, name
    dates, language = DateAnnotator.name, LanguageAnnotator.name
    assert stats["steps"][dates]["seen"] == stats["steps"][language]["seen"]
    assert sum(n for k, n in stats["steps"][language].items() if k.startswith("language_")) == kept
    assert stats["versions"]["config"]["article"]["as_of"]  # the as-of day is recorded
    assert stats["skipped_build_output_files"] == 0
