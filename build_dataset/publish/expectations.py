"""Dataset-level checks with great-expectations: what the pandera schema, which checks one row (or one group) at
a time, does not express. Run on every build and by ``build-dataset validate``.

Suites, on an ephemeral context (analytics off, no progress bars, no INFO logs):
- ``articles`` (fails the build): nothing was lost between reading and writing (rows = inputs - rejects), and
  a story's date is never after a member's own date;
- ``officials`` (fails the build): every row of the officials config belongs to an article of the build;
- ``coverage`` (warns unless ``--strict-coverage``): the share of nulls in title, date and publisher, over the
  whole dataset and per outlet: a mostly empty column means a step stopped working on some site;
- ``distribution`` (warns unless strict): dates inside the period dataset.yaml states and not after the
  build's as-of day, and no duplicate group swallowing a large share of the articles (over-merging);
- ``release_drift`` (only when the output folder holds a previous build; logged, never written): topic
  frequencies against that release's.

The checks run on narrow pandas frames built from the polars frame (dates, outlet, null flags, group sizes,
topic ids): never on the text. The result is written as ``reports/expectations.json`` (stripped of run ids,
so identical input gives an identical file) and shown as one self-contained page (``publish.data_docs``).
The drift suite is left out of both, so the files stay a function of the inputs.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
from pathlib import Path

import polars as pl

from build_dataset.core.errors import ValidationFailed
from build_dataset.publish.parquet import write_json

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

LOGGER = logging.getLogger(__name__)
REPORT = "reports/expectations.json"
DATA_DOCS_PAGE = "reports/expectations.html"
RUN_NAME = "build"
# Suites whose failures are warnings unless the build is strict: a corpus may lack a field, or be about one story.
WARN_SUITES = ("coverage", "distribution")
# Compared with a previous release and logged only (see the module docstring).
LOGGED_SUITES = ("release_drift",)
# Largest share of nulls an annotated column should have. Working annotators leave far fewer empty on the dev
# set's gold (dates 13% null, titles 7%, publishers 0%); a column that is mostly empty means the step stopped
# working (e.g. a site changed its markup) -- or that the corpus has no such field (Reuters has no per-page
# publisher), hence warnings. Per outlet, the same bounds for title and date.
MAX_NULL_SHARE = {"title": 0.5, "date": 0.6, "publisher": 0.5}
PER_OUTLET = ("title", "date")
# Null shares (and group shares) of a handful of rows say nothing; the bounds apply from this many rows on.
MIN_ROWS_FOR_NULL_SHARES = 20
# Largest share of the articles one duplicate group may hold: on the dev set the largest group is 3 of 30
# articles (10%), on the real set 1 of 40; a quarter of a corpus in one story means groups were merged.
MAX_GROUP_SHARE = 0.25
# Topic drift bound (KL divergence of this build's topic-label shares from the previous release's, in nats):
# 0.1 is about one of five equally frequent topics doubling its share (0.105); one halving gives 0.037.
MAX_TOPIC_DRIFT = 0.1


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


def _suite(gx, name: str, expectations: list):
    suite = gx.ExpectationSuite(name=name)
    for expectation in expectations:
        suite.add_expectation(expectation)
    return suite


def articles_suite(gx, stats: dict):
    expect = gx.expectations
    return _suite(gx, "articles", [
        expect.ExpectTableRowCountToEqual(value=stats["inputs"] - stats["rejected"]),
        # the story date is the earliest date in the group, so never after a member's own date
        expect.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="date", column_B="story_date", or_equal=True, ignore_row_if="either_value_is_missing"
        ),
    ])


def officials_suite(gx):
    """Every official row finds its article (a foreign key as a left join's non-null column, so the suite
    does not carry every article id however large the corpus)."""
    return _suite(gx, "officials", [gx.expectations.ExpectColumnValuesToNotBeNull(column=ARTICLE_FOUND)])


def coverage_suite(gx, outlets: list[str]):
    from great_expectations.expectations.row_conditions import Column

    expect = gx.expectations
    checks = [expect.ExpectColumnValuesToNotBeNull(column=c, mostly=1 - s) for c, s in MAX_NULL_SHARE.items()]
    for outlet in outlets:
        checks += [
            expect.ExpectColumnValuesToNotBeNull(
                column=column, mostly=1 - MAX_NULL_SHARE[column], row_condition=Column("publisher") == outlet
            )
            for column in PER_OUTLET
        ]
    return _suite(gx, "coverage", checks)


def date_bounds(stats: dict) -> tuple[dt.date | None, dt.date | None]:
    """The period dataset.yaml states (``earliest_date``, ``latest_date``), the latest capped at the day after
    the build's as-of day."""
    dataset = stats.get("dataset") or {}
    as_of = stats.get("versions", {}).get("config", {}).get("article", {}).get("as_of")
    latest = [dt.date.fromisoformat(d) for d in (dataset.get("latest_date"),) if d]
    latest += [dt.date.fromisoformat(as_of) + dt.timedelta(days=1)] if as_of else []
    earliest = dataset.get("earliest_date")
    return (dt.date.fromisoformat(earliest) if earliest else None), min(latest, default=None)


def distribution_suite(gx, stats: dict):
    expect = gx.expectations
    earliest, latest = date_bounds(stats)
    checks = []
    if earliest or latest:
        checks.append(expect.ExpectColumnValuesToBeBetween(column="date", min_value=earliest, max_value=latest))
    if stats["rows"] >= MIN_ROWS_FOR_NULL_SHARES:
        largest = math.floor(MAX_GROUP_SHARE * stats["rows"])
        checks.append(expect.ExpectColumnMaxToBeBetween(column="group_size", min_value=1, max_value=largest))
    return _suite(gx, "distribution", checks)


# A small pseudo-count: add-one smoothing over a dozen topics moves a small release's own shares far enough
# (KL 0.12 for the five seed pages against themselves) to log drift between identical releases.
DRIFT_PSEUDO_COUNT = 0.01


def drift_suite(gx, previous_topics: dict[str, int], topic_ids: list[str]):
    """KL divergence of the topic labels from the previous release's shares, smoothed by ``DRIFT_PSEUDO_COUNT``
    per topic so that a topic the previous release never used does not make the divergence infinite."""
    total = sum(previous_topics.get(t, 0) + DRIFT_PSEUDO_COUNT for t in topic_ids)
    weights = [(previous_topics.get(t, 0) + DRIFT_PSEUDO_COUNT) / total for t in topic_ids]
    partition = {"values": list(topic_ids), "weights": weights}
    expectation = gx.expectations.ExpectColumnKLDivergenceToBeLessThan(
        column="topic", partition_object=partition, threshold=MAX_TOPIC_DRIFT
    )
    return _suite(gx, "release_drift", [expectation])


ARTICLE_FOUND = "article_row_id"
# The columns of the articles frame the suites read (``_frames``): a frame of only these is checked the same.
CHECKED_COLUMNS = ("id", "publisher", "group_size", "title", "date", "story_date", "topics")


def checked_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """The columns of ``frame`` the suites read (``CHECKED_COLUMNS``), what the side process is handed: the whole
    frame held there beside the driver's writing took ~36 MB more at the 100k Reuters row (one probe)."""
    return frame.select(CHECKED_COLUMNS)


def _officials_frame(officials: pl.DataFrame, frame: pl.DataFrame):
    articles = frame.select(pl.col("id").alias(ARTICLE_FOUND))
    joined = officials.select("article_id").join(
        articles, left_on="article_id", right_on=ARTICLE_FOUND, how="left", coalesce=False
    )
    return joined.to_pandas()


def _articles_frame(frame: pl.DataFrame):
    """The columns the suites read: outlet, group size, dates, and the title as a flag (True, or null where
    there is none); never the text. Dates stay ``datetime.date`` (pandas would make them Timestamps, which do
    not compare with date bounds)."""
    has_title = pl.when(pl.col("title").is_not_null()).then(True).alias("title")
    pandas = frame.select("publisher", "group_size", has_title).to_pandas()
    for name in ("date", "story_date"):
        pandas[name] = frame[name].to_list()
    return pandas


def _topics_frame(frame: pl.DataFrame):
    return frame.select(pl.col("topics").alias("topic")).explode("topic").drop_nulls("topic").to_pandas()


def _outlets(frame: pl.DataFrame) -> list[str]:
    """Outlets with enough rows for their null shares to mean something."""
    counts = frame.group_by("publisher").len().drop_nulls("publisher")
    return sorted(counts.filter(pl.col("len") >= MIN_ROWS_FOR_NULL_SHARES)["publisher"].to_list())


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
        "warn_only": list(WARN_SUITES),
    }


def run_suites(gx, context, frames: dict[str, tuple], run_time: str | None) -> list:
    """``frames``: {suite name: (suite, pandas frame)}; one checkpoint per suite."""
    from great_expectations.core.run_identifier import RunIdentifier

    source = context.data_sources.add_pandas("build")
    results = []
    for name, (suite, frame) in frames.items():
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole")
        validation = context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=context.suites.add(suite))
        )
        checkpoint = context.checkpoints.add(gx.Checkpoint(name=name, validation_definitions=[validation]))
        run_id = RunIdentifier(run_name=RUN_NAME, run_time=run_time)
        run = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=run_id)
        results += list(run.run_results.values())
    return results


def _frames(gx, frame: pl.DataFrame, stats: dict, officials: pl.DataFrame | None, previous_topics: dict | None,
            topic_ids: list[str]) -> dict[str, tuple]:
    articles = _articles_frame(frame)
    frames = {"articles": (articles_suite(gx, stats), articles)}
    if officials is not None:
        frames["officials"] = (officials_suite(gx), _officials_frame(officials, frame))
    if frame.height >= MIN_ROWS_FOR_NULL_SHARES:
        frames["coverage"] = (coverage_suite(gx, _outlets(frame)), articles)
    distribution = distribution_suite(gx, stats)
    if distribution.expectations:
        frames["distribution"] = (distribution, articles)
    if previous_topics and frame.height:
        frames["release_drift"] = (drift_suite(gx, previous_topics, topic_ids), _topics_frame(frame))
    return frames


def describe(suite: str, result: dict) -> str:
    """One line for a failed expectation: its suite, type, column, the rows it applies to, what was observed."""
    kwargs = result["kwargs"]
    where = kwargs.get("row_condition")  # a comparison, as GX returns it in a result
    rows = f" where {where['column']['name']} {where['operator']} {where['parameter']!r}" if where else ""
    column = f" {kwargs['column']}" if "column" in kwargs else ""
    return f"{suite}: {result['type']}{column}{rows}: observed {result['observed']}"


def _failures(summary: dict, strict: bool) -> list[tuple[str, dict]]:
    """Failed expectations that fail the build; the others are logged as warnings."""
    failed = [(suite, e) for suite, found in summary["suites"].items() for e in found if not e["success"]]
    lenient = LOGGED_SUITES + (() if strict else WARN_SUITES)
    for suite, e in failed:
        if suite in lenient:
            LOGGER.warning("%s", describe(suite, e))
    return [(suite, e) for suite, e in failed if suite not in lenient]


def evaluate(
    frame: pl.DataFrame,
    stats: dict,
    topic_ids: list[str],
    officials: pl.DataFrame | None = None,
    previous_topics: dict[str, int] | None = None,
) -> dict:
    """Run the suites and return their summary, every suite included (the drift suite too); nothing is written
    or logged, so this can run in another process (``publish.side_process``)."""
    import great_expectations as gx

    quiet_gx()
    context = _context(gx)  # suites can only be built once a context exists
    frames = _frames(gx, frame, stats, officials, previous_topics, topic_ids)
    as_of = stats.get("versions", {}).get("config", {}).get("article", {}).get("as_of")
    return _summary(run_suites(gx, context, frames, as_of))


def evaluate_files(
    rows: Path, stats: dict, topic_ids: list[str], officials: Path, previous_topics: dict[str, int] | None = None
) -> dict:
    """``evaluate`` on the rows and officials frames written as Arrow IPC files (``outputs.frames_on_disk``)."""
    return evaluate(pl.read_ipc(rows), stats, topic_ids, pl.read_ipc(officials), previous_topics)


def conclude(out: Path, summary: dict, stats: dict, write_reports: bool, strict_coverage: bool) -> dict:
    """Log the lenient suites' failures, drop the logged-only suites, write the JSON result and its page under
    ``out`` (``write_reports``), and fail on the others' failures."""
    from build_dataset.publish.data_docs import write_page

    failed = _failures(summary, strict_coverage)
    for suite in LOGGED_SUITES:
        summary["suites"].pop(suite, None)
    summary["success"] = all(e["success"] for found in summary["suites"].values() for e in found)
    if write_reports:
        write_json(summary, out / REPORT)
        write_page(summary, stats, out / DATA_DOCS_PAGE)
    if failed:
        report = "\n".join(f"  - {describe(suite, e)}" for suite, e in failed)
        raise ValidationFailed("the dataset failed its expectations; nothing was published", report)
    return summary


def check_dataset(
    out: Path,
    frame: pl.DataFrame,
    stats: dict,
    topic_ids: list[str],
    officials: pl.DataFrame | None = None,
    write_reports: bool = True,
    strict_coverage: bool = False,
    previous_topics: dict[str, int] | None = None,
) -> dict:
    """``evaluate`` the suites, then ``conclude``. ``previous_topics``: the topic counts of the release this build
    replaces, if any."""
    summary = evaluate(frame, stats, topic_ids, officials, previous_topics)
    return conclude(out, summary, stats, write_reports, strict_coverage)
