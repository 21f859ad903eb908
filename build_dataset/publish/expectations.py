"""Dataset-level checks with great-expectations, run on every build; a failure fails the build.

Three suites on an ephemeral context (analytics off, no progress bars, no INFO logs):
- ``articles``: row count = inputs - rejects, unique ids, dates in a sane range, exactly one canonical row
  per duplicate group, no nulls where the schema forbids them, and null-rate bounds on annotated columns;
- ``article_topics`` (one row per assigned topic): every topic id is in the taxonomy;
- ``officials`` (the officials config): every row belongs to an article, has a name and a valid country.

The result is written as ``reports/expectations.json`` (stripped of run ids and times, so identical input
gives an identical file) and rendered as Data Docs HTML under ``reports/datadocs/`` for people to browse.
The HTML is not reproducible (GX stamps it with render times and random element ids), loads its styles
from CDNs and ships ~4 MB of GX assets, so it is kept out of git (``.gitignore``), the manifest and the Hub
upload; the JSON result is the record.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import polars as pl

from build_dataset.core.errors import ValidationFailed
from build_dataset.publish.parquet import write_json
from build_dataset.schema.articles import COUNTRY_CODES, EARLIEST_DATE, LATEST_DATE

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

LOGGER = logging.getLogger(__name__)
REPORT = "reports/expectations.json"
DATA_DOCS_DIR = "reports/datadocs"
RUN_NAME = "build"
RUN_TIME = "2000-01-01T00:00:00+00:00"  # fixed, so the report pages keep their paths from build to build
REQUIRED_COLUMNS = ("id", "source_file", "text", "duplicate_group", "language", "word_count")
# Largest share of nulls an annotated column should have; past it the "coverage" suite fails. Working
# annotators leave far fewer empty on the dev set's gold (dates 13% null, titles 7%, publishers 0%); a
# column that is mostly empty means the step stopped working (e.g. a site changed its markup) -- or that the
# corpus has no such field (Reuters has no per-page publisher), so coverage failures warn unless strict.
MAX_NULL_SHARE = {"title": 0.5, "date": 0.6, "publisher": 0.5}
# Null shares of a handful of rows say nothing about an annotator; the bounds apply from this many rows on.
MIN_ROWS_FOR_NULL_SHARES = 20


def quiet_gx() -> None:
    """GX logs at INFO and draws tqdm bars on stderr; a build's console shows only its own summary."""
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    logging.getLogger("great_expectations").setLevel(logging.WARNING)


def _context(gx):
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        progress_bars=ProgressBarsConfig(globally=False),
        analytics_enabled=False,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def articles_suite(gx, stats: dict):
    from great_expectations.expectations.row_conditions import Column

    expect = gx.expectations
    suite = gx.ExpectationSuite(name="articles")
    suite.add_expectation(expect.ExpectTableRowCountToEqual(value=stats["inputs"] - stats["rejected"]))
    suite.add_expectation(expect.ExpectColumnValuesToBeUnique(column="id"))
    suite.add_expectation(
        expect.ExpectColumnValuesToBeBetween(column="date", min_value=EARLIEST_DATE, max_value=LATEST_DATE)
    )
    # the story date is the earliest date in the group, so never after a member's own date
    suite.add_expectation(
        expect.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="date", column_B="story_date", or_equal=True, ignore_row_if="either_value_is_missing"
        )
    )
    # canonical rows have distinct groups, and there are as many of them as groups: exactly one per group
    suite.add_expectation(
        expect.ExpectColumnValuesToBeUnique(
            column="duplicate_group", row_condition=Column("is_canonical") == True  # noqa: E712 (a GX condition)
        )
    )
    groups = stats["duplicate_groups"]
    suite.add_expectation(expect.ExpectColumnSumToBeBetween(column="is_canonical", min_value=groups, max_value=groups))
    suite.add_expectation(
        expect.ExpectColumnUniqueValueCountToBeBetween(column="duplicate_group", min_value=groups, max_value=groups)
    )
    for column in REQUIRED_COLUMNS:
        suite.add_expectation(expect.ExpectColumnValuesToNotBeNull(column=column))
    return suite


def coverage_suite(gx):
    suite = gx.ExpectationSuite(name="coverage")
    for column, share in MAX_NULL_SHARE.items():
        suite.add_expectation(gx.expectations.ExpectColumnValuesToNotBeNull(column=column, mostly=1 - share))
    return suite


def topics_suite(gx, topic_ids: list[str]):
    suite = gx.ExpectationSuite(name="article_topics")
    suite.add_expectation(gx.expectations.ExpectColumnValuesToBeInSet(column="topic", value_set=sorted(topic_ids)))
    return suite


def officials_suite(gx):
    """Checked on ``_officials_frame``: every official row finds its article (a foreign key as a left join's
    non-null column, so the suite does not carry every article id however large the corpus)."""
    expect = gx.expectations
    suite = gx.ExpectationSuite(name="officials")
    suite.add_expectation(expect.ExpectColumnValuesToNotBeNull(column=ARTICLE_FOUND))
    suite.add_expectation(expect.ExpectColumnValuesToNotBeNull(column="name"))
    suite.add_expectation(expect.ExpectColumnValuesToBeInSet(column="country", value_set=sorted(COUNTRY_CODES)))
    return suite


ARTICLE_FOUND = "article_row_id"


def _officials_frame(officials: pl.DataFrame, frame: pl.DataFrame):
    articles = frame.select(pl.col("id").alias(ARTICLE_FOUND))
    joined = officials.join(articles, left_on="article_id", right_on=ARTICLE_FOUND, how="left", coalesce=False)
    return joined.to_pandas()


def _scalar_frame(frame: pl.DataFrame):
    """Scalar columns for pandas; dates stay ``datetime.date`` (pandas would make them Timestamps, which
    do not compare with the date bounds)."""
    scalar = [name for name, dtype in frame.schema.items() if not isinstance(dtype, (pl.List, pl.Struct))]
    pandas = frame.select(scalar).to_pandas()
    for name in (n for n in scalar if frame.schema[n] == pl.Date):
        pandas[name] = frame[name].to_list()
    return pandas


def _topics_frame(frame: pl.DataFrame):
    exploded = frame.select("id", pl.col("topics").alias("topic")).explode("topic").drop_nulls("topic")
    return exploded.to_pandas()


def _summary(results: list) -> dict:
    return {
        "success": all(r.success for r in results),
        "suites": {
            result.suite_name: [
                {
                    "type": r.expectation_config.type,
                    "kwargs": {k: v for k, v in r.expectation_config.kwargs.items() if k != "batch_id"},
                    "success": bool(r.success),
                    "observed": r.result.get("observed_value", r.result.get("unexpected_count")),
                }
                for r in result.results
            ]
            for result in results
        },
    }


def _add_docs_site(context, docs_dir: Path) -> None:
    context.add_data_docs_site(
        site_name="local",
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )


def run_suites(gx, context, frames: dict[str, tuple], docs_dir: Path | None) -> list:
    """``frames``: {suite name: (suite, pandas frame)}; one checkpoint per suite, then Data Docs (once, for
    every suite) when asked."""
    from great_expectations.core.run_identifier import RunIdentifier

    if docs_dir is not None:
        _add_docs_site(context, docs_dir.resolve())
    source = context.data_sources.add_pandas("build")
    results = []
    for name, (suite, frame) in frames.items():
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole")
        validation = context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=context.suites.add(suite))
        )
        checkpoint = context.checkpoints.add(gx.Checkpoint(name=name, validation_definitions=[validation]))
        run = checkpoint.run(
            batch_parameters={"dataframe": frame}, run_id=RunIdentifier(run_name=RUN_NAME, run_time=RUN_TIME)
        )
        results += list(run.run_results.values())
    if docs_dir is not None:
        context.build_data_docs(site_names=["local"])
    return results


def check_dataset(
    out: Path,
    frame: pl.DataFrame,
    stats: dict,
    topic_ids: list[str],
    officials: pl.DataFrame | None = None,
    write_reports: bool = True,
    strict_coverage: bool = False,
) -> dict:
    """Run the suites; write the JSON result and Data Docs under ``out`` unless ``write_reports`` is False."""
    import great_expectations as gx

    quiet_gx()
    context = _context(gx)  # suites can only be built once a context exists
    scalar = _scalar_frame(frame)  # one pandas copy of the scalar columns for both suites that read them
    frames = {
        "articles": (articles_suite(gx, stats), scalar),
        "article_topics": (topics_suite(gx, topic_ids), _topics_frame(frame)),
    }
    if frame.height >= MIN_ROWS_FOR_NULL_SHARES:
        frames["coverage"] = (coverage_suite(gx), scalar)
    if officials is not None:
        frames["officials"] = (officials_suite(gx), _officials_frame(officials, frame))
    docs_dir = out / DATA_DOCS_DIR if write_reports else None
    summary = _summary(run_suites(gx, context, frames, docs_dir))
    if write_reports:
        write_json(summary, out / REPORT)
    failed = [(suite, e) for suite, found in summary["suites"].items() for e in found if not e["success"]]
    if not strict_coverage:
        for suite, e in failed:
            if suite == "coverage":
                LOGGER.warning("coverage: %s is null in more rows than expected (%s)", e["kwargs"].get("column"),
                               e["observed"])
        failed = [(suite, e) for suite, e in failed if suite != "coverage"]
    if failed:
        report = "\n".join(f"  - {suite}: {e['type']} {e['kwargs']}: observed {e['observed']}" for suite, e in failed)
        raise ValidationFailed("the dataset failed its expectations; nothing was published", report)
    return summary
