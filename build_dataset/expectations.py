"""Dataset-level checks with great-expectations, run on every build; a failure fails the build.

The suite (row count = inputs - rejects, unique ids, sane dates, one canonical row per duplicate group,
no nulls where the schema forbids them) runs on an ephemeral context with analytics off. Its result is
written as ``reports/expectations.json`` next to the data, stripped of run ids and times so identical
input gives an identical file.
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from build_dataset.errors import ValidationFailed
from build_dataset.write import write_json
from schema.articles import EARLIEST_DATE, LATEST_DATE

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

REQUIRED_COLUMNS = ("id", "source_file", "text", "duplicate_group", "language", "word_count")


def build_suite(gx, stats: dict):
    expect = gx.expectations
    suite = gx.ExpectationSuite(name="articles")
    suite.add_expectation(expect.ExpectTableRowCountToEqual(value=stats["inputs"] - stats["rejected"]))
    suite.add_expectation(expect.ExpectColumnValuesToBeUnique(column="id"))
    suite.add_expectation(
        expect.ExpectColumnValuesToBeBetween(column="date", min_value=EARLIEST_DATE, max_value=LATEST_DATE)
    )
    suite.add_expectation(
        expect.ExpectColumnValuesToBeUnique(
            column="duplicate_group", row_condition="is_canonical==True", condition_parser="pandas"
        )
    )
    suite.add_expectation(
        expect.ExpectColumnUniqueValueCountToBeBetween(
            column="duplicate_group", min_value=stats["duplicate_groups"], max_value=stats["duplicate_groups"]
        )
    )
    for column in REQUIRED_COLUMNS:
        suite.add_expectation(expect.ExpectColumnValuesToNotBeNull(column=column))
    return suite


def _scalar_frame(frame: pl.DataFrame):
    scalar = [name for name, dtype in frame.schema.items() if not isinstance(dtype, (pl.List, pl.Struct))]
    return frame.select(scalar).to_pandas()


def _summary(result) -> dict:
    return {
        "success": bool(result.success),
        "expectations": [
            {
                "type": r.expectation_config.type,
                "kwargs": {k: v for k, v in r.expectation_config.kwargs.items() if k != "batch_id"},
                "success": bool(r.success),
                "observed": r.result.get("observed_value", r.result.get("unexpected_count")),
            }
            for r in result.results
        ],
    }


def check_dataset(out: Path, frame: pl.DataFrame, stats: dict, topic_ids: list[str]) -> dict:
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    batch = context.data_sources.add_pandas("articles").add_dataframe_asset("articles")
    definition = batch.add_batch_definition_whole_dataframe("whole")
    suite = context.suites.add(build_suite(gx, stats))
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name="articles", data=definition, suite=suite)
    )
    result = validation.run(batch_parameters={"dataframe": _scalar_frame(frame)})
    summary = _summary(result)
    write_json(summary, out / "reports" / "expectations.json")
    failed = [e for e in summary["expectations"] if not e["success"]]
    if failed:
        report = "\n".join(f"  - {e['type']} {e['kwargs']}: observed {e['observed']}" for e in failed)
        raise ValidationFailed("the dataset failed its expectations; nothing was published", report)
    return summary
