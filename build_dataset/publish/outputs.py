"""Everything a build publishes, written into the staging folder: the validated Parquet splits, rejects,
stats, the expectations result and its page, the card and its charts, the datasheet, Croissant, manifest."""

from __future__ import annotations

import contextlib
import functools
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from build_dataset.core.article import Article
from build_dataset.core.settings import Settings
from build_dataset.publish import (
    card,
    charts,
    croissant,
    datasheet,
    expectations,
    manifest,
    parquet,
    side_process,
    splits,
)
from build_dataset.publish.dataset_config import resolve_config
from build_dataset.publish.stats import dataset_stats
from build_dataset.publish.validate_rows import records_frame, reject_rows, validate_frame

if TYPE_CHECKING:
    import pyarrow as pa

# What the whole-corpus frame holds in place of a non-empty body: the schema checks only that it is a non-empty
# string, and every row's text is one (``described_row``).
TEXT_STAND_IN = "."


def preload() -> None:
    """Import what ``write_outputs`` imports on first use (mlcroissant; great-expectations is imported by
    ``side_process``)."""
    import mlcroissant  # noqa: F401


def write_outputs(
    staging: Path,
    articles: list[Article],
    rejects: list[Article],
    taxonomy: dict,
    step_stats: dict,
    inputs: int,
    settings: Settings,
    versions: dict,
    read: dict | None = None,
) -> dict:
    """``read``: the files the build read (``files`` under ``root``), the earlier build outputs it skipped and the
    dataset config (``dataset_config.resolve_config``'s config and path) it was made with."""
    read = read or {"files": None, "root": settings.input_dir, "skipped_build_output_files": 0}
    config, config_path = read.get("dataset") or resolve_config(settings.input_dir, settings.config_path)
    topic_ids = [t["id"] for t in taxonomy["topics"]]
    frame = validate_frame(described_frame(articles), topic_ids)
    frames, officials, stats = _split_and_count(frame, rejects, step_stats, inputs, settings, versions, read, config)
    parquet.write_json(stats, staging / "stats.json")
    stats = card.read_stats(staging / "stats.json")  # the card, charts and datasheet read what was written
    # the charts, then the suites, run beside this process (side_process) while it writes the articles; a corpus
    # larger than a row group waits for them, and the process stops (``release``), before its row groups are made:
    # the process's memory (~300 MB at 100k articles, a probe) is not held beside them and the whole corpus's frames
    drawn = side_process.later(charts.write_charts, staging, stats)
    checked_rows, officials_rows = expectations.checked_columns(frame), pl.concat(list(officials.values()))
    with frames_on_disk(staging, checked_rows, officials_rows) as (rows_file, officials_file):
        del checked_rows, officials_rows
        checked = side_process.later(  # the suites check the officials rows the splits hold
            expectations.evaluate_files,
            rows_file,
            stats,
            topic_ids,
            officials_file,
            previous_topics(settings.output_dir),
        )
        side_jobs = _side_jobs_done(checked, drawn)
        configs = _write_tables(staging, articles, rejects, frames, officials, side_jobs)
        card.write_card(staging, configs, stats, taxonomy, charts.chart_files(stats))
        datasheet.write_datasheet(stats, staging / datasheet.DATASHEET)
        croissant.write_croissant(staging, configs, stats, card.about(stats))
        summary = side_jobs()  # a smaller corpus's: waited for only now
    expectations.conclude(staging, summary, stats, write_reports=True, strict_coverage=settings.strict_coverage)
    manifest.write_manifest(staging, settings.input_dir, versions, read["root"], read["files"], config_path)
    return stats


def _split_and_count(
    frame: pl.DataFrame,
    rejects: list[Article],
    step_stats: dict,
    inputs: int,
    settings: Settings,
    versions: dict,
    read: dict,
    config,
) -> tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame], dict]:
    """The rows per split (an earlier build's assignment kept), the officials rows per split, and the stats."""
    previous = splits.previous_splits(settings.output_dir, settings.splits) if len(settings.splits) > 1 else {}
    labels = splits.split_labels(frame, settings.splits, previous)
    frames = splits.split_frame(frame, settings.splits, previous)
    stats = dataset_stats(frame, rejects, step_stats, inputs)
    stats["splits"] = {name: f.height for name, f in frames.items()}
    stats["split_assignment"] = splits.split_report(frame, labels, previous)
    stats["skipped_build_output_files"] = read["skipped_build_output_files"]
    officials = parquet.officials_frames(frames)
    rows = {"articles": stats["splits"], "officials": {split: f.height for split, f in officials.items()}}
    stats.update(card.card_stats(frame, rows, versions, settings.splits))
    stats["dataset"] = config.as_dict()
    stats["input_files"] = input_formats(settings.input_dir)
    return frames, officials, stats


def _side_jobs_done(checked: Callable[[], dict], drawn: Callable[[], object]) -> Callable[[], dict]:
    """A call that waits for the side process's suites and charts, then releases the process
    (``side_process.release``), and gives the suites' summary; once, whoever calls it first."""

    @functools.cache
    def done() -> dict:
        summary = checked()
        drawn()  # the charts are in place before the manifest lists the folder's files
        side_process.release()
        return summary

    return done


def _write_tables(
    staging: Path,
    articles: list[Article],
    rejects: list[Article],
    frames: dict[str, pl.DataFrame],
    officials: dict[str, pl.DataFrame],
    before_large_writes: Callable[[], object] = lambda: None,
) -> dict:
    """The articles (streamed, in each split's row order), officials and rejects Parquet files; their configs.
    ``before_large_writes``: see ``parquet.write_articles_streamed``."""
    by_id = {a.id: a for a in articles}
    ids = {split: f["id"].to_list() for split, f in frames.items()}
    rows_of = RowsWithText(frames, ids, by_id)
    configs = {
        "articles": parquet.write_articles_streamed(ids, staging, rows_of.table, before_large_writes),
        "officials": parquet.write_officials(officials, staging),
    }
    parquet.write_rejects(reject_rows(rejects), staging)
    return configs


@contextlib.contextmanager
def frames_on_disk(beside: Path, rows: pl.DataFrame, officials: pl.DataFrame) -> Iterator[tuple[Path, Path]]:
    """The two frames as Arrow IPC files in a scratch folder beside ``beside`` (removed on leaving; named after it,
    so what a killed build leaves is dropped with its staging folder), for the side process to read: pickling a
    frame to send it took ~4x its size in this process (100k articles: a 38 MB frame, +150 MB resident, measured
    once), writing it ~1x."""
    scratch = Path(tempfile.mkdtemp(dir=beside.parent, prefix=f"{beside.name}-checks-"))
    try:
        rows.write_ipc(scratch / "rows.arrow")
        officials.write_ipc(scratch / "officials.arrow")
        yield scratch / "rows.arrow", scratch / "officials.arrow"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def previous_topics(output_dir: Path) -> dict[str, int] | None:
    """Topic counts of the release this build replaces (its stats.json), or None when there is none."""
    try:
        return card.read_stats(output_dir / "stats.json").get("topics")
    except (OSError, ValueError):
        return None


def described_text(article: Article) -> str | None:
    """The article's text as the whole-corpus frame holds it: ``TEXT_STAND_IN`` for a body (or empty, or null), so
    the frame validates, splits and describes the corpus without holding every text; the rows written carry the
    text itself (``RowsWithText``)."""
    return TEXT_STAND_IN if article.has_text else article.text


def described_frame(articles: list[Article]) -> pl.DataFrame:
    """Every article's row with its ``described_text``, in one frame made ``STREAM_CHUNK_ROWS`` rows at a time and
    left in those chunks (one copy of the rows less: 100k cached, the driver 561 -> 515 MB after it, measured
    once)."""
    chunk = parquet.STREAM_CHUNK_ROWS
    frames = [records_frame(articles[k : k + chunk], described_text) for k in range(0, len(articles), chunk)]
    return pl.concat(frames, rechunk=False) if frames else records_frame([])


class RowsWithText:
    """Tables of rows to write: the validated split frames' rows (``described_frame``: every column but the body)
    with each article's text in place of ``TEXT_STAND_IN``, so the writer makes no row a second time (making rows
    was most of writing the 100k Reuters incremental build's 102k rows, twice more over the texts: a py-spy run)."""

    def __init__(self, frames: dict[str, pl.DataFrame], ids: dict[str, list[str]], by_id: dict[str, Article]) -> None:
        self.frames, self.by_id = frames, by_id
        self.place = {i: (split, k) for split, split_ids in ids.items() for k, i in enumerate(split_ids)}

    def table(self, chunk: list[str]) -> pa.Table:
        if not chunk:
            return rows_table([])
        split = self.place[chunk[0]][0]
        rows = self.frames[split][[self.place[i][1] for i in chunk]]
        texts = pl.Series("text", [self.by_id[i].text for i in chunk], dtype=pl.String)
        return parquet.articles_table(rows.with_columns(texts))


def rows_table(articles: list[Article]) -> pa.Table:
    """The rows of ``articles`` as the articles table (text included), in the given order."""
    return parquet.articles_table(records_frame(articles))


def input_formats(source: Path) -> dict[str, int]:
    """{file suffix: files} of the inputs, so the card can say whether it read pages or corpus records."""
    from collections import Counter

    from build_dataset.io.files import INPUT_SUFFIXES, find_inputs

    files = [source] if source.is_file() else find_inputs(source)
    suffixes = (next((s for s in INPUT_SUFFIXES if p.name.lower().endswith(s)), p.suffix.lower()) for p in files)
    return dict(sorted(Counter(suffixes).items()))
