"""The writer's side process (publish.side_process): the same suites' summary and the same charts as in this
process, and a fallback here when there is no process or it died."""

from __future__ import annotations

import json
import os

import polars as pl
import pytest
from conftest import SEEDS

from build_dataset.annotate.topics.annotator import load_taxonomy
from build_dataset.core.settings import DEFAULT_TAXONOMY
from build_dataset.publish import charts, expectations, side_process

TOPICS = [t["id"] for t in load_taxonomy(DEFAULT_TAXONOMY)["topics"]]


@pytest.fixture
def seeds_frame(seeds_build):
    frame = pl.concat([pl.read_parquet(p) for p in sorted((seeds_build / "articles").glob("*.parquet"))])
    stats = json.loads((seeds_build / "stats.json").read_text())
    return frame, stats


@pytest.fixture
def fresh_process():
    side_process.stop()
    yield
    side_process.stop()


def _arguments(frame, stats, previous_topics=None):
    return frame, stats, TOPICS, None, previous_topics


@pytest.mark.parametrize(
    "previous_topics",
    [None, {"trade-economy": 100}],  # the drift suite is in the summary (the build logs it, never writes it)
)
def test_the_process_gives_the_summary_this_process_gives(seeds_frame, fresh_process, previous_topics):
    arguments = _arguments(*seeds_frame, previous_topics)
    here = side_process.later(expectations.evaluate, *arguments)()  # no process started: evaluated here
    side_process.start()
    there = side_process.later(expectations.evaluate, *arguments)()
    assert there == here == expectations.evaluate(*arguments)
    assert ("release_drift" in there["suites"]) is (previous_topics is not None)


def test_arguments_changed_after_the_call_are_not_what_the_process_checks(seeds_frame, fresh_process):
    frame, stats = seeds_frame
    side_process.start()
    checked = side_process.later(expectations.evaluate, *_arguments(frame, stats))
    expected = expectations.evaluate(*_arguments(frame, json.loads(json.dumps(stats))))
    stats["inputs"] = -1  # the writer goes on using its stats while the suites run (the row count expected)
    assert checked() == expected


def test_a_dead_process_falls_back_to_this_one(seeds_frame, fresh_process):
    arguments = _arguments(*seeds_frame)
    side_process.start()
    for process in list(side_process._executor._processes.values()):
        process.kill()
    assert side_process.later(expectations.evaluate, *arguments)() == expectations.evaluate(*arguments)
    assert side_process._executor is None  # the next build starts a new one


def test_charts_drawn_beside_are_the_charts_drawn_here(seeds_frame, fresh_process, tmp_path):
    _, stats = seeds_frame
    here = charts.write_charts(tmp_path / "here", stats)
    side_process.start()
    there = side_process.later(charts.write_charts, tmp_path / "there", stats)()
    assert there == here and here
    for relative in here.values():
        assert (tmp_path / "there" / relative).read_bytes() == (tmp_path / "here" / relative).read_bytes()


def test_the_suites_read_only_the_checked_columns(seeds_frame):
    """The side process is handed ``checked_columns``: the summary is the one of the whole frame."""
    frame, stats = seeds_frame
    narrow = expectations.checked_columns(frame)
    assert narrow.width < frame.width
    for previous in (None, {"trade-economy": 100}):
        assert expectations.evaluate(*_arguments(narrow, stats, previous)) == expectations.evaluate(
            *_arguments(frame, stats, previous)
        )


@pytest.mark.parametrize("kept", [True, False])
def test_release_stops_the_process_unless_it_is_kept_for_the_next_build(fresh_process, kept):
    side_process.keep_between_builds(kept)
    try:
        side_process.start()
        assert side_process.later(os.getpid)() != os.getpid()
        side_process.release()
        assert (side_process._executor is not None) is kept
        assert (side_process.later(os.getpid)() != os.getpid()) is kept  # released: a later job runs here
    finally:
        side_process.keep_between_builds(True)


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here (Windows)")
@pytest.mark.parametrize("beside_workers", [True, False])
def test_the_process_runs_at_the_lowest_priority_only_beside_the_workers(fresh_process, beside_workers):
    """Beside the workers its imports take only the CPU they leave idle; after them, the build's priority."""
    side_process.start(beside_workers)
    assert side_process.later(os.nice, 0)() == (19 if beside_workers else os.nice(0))


@pytest.mark.slow
def test_a_whole_build_starts_the_process_once_the_duplicate_stage_is_done(tmp_path, monkeypatch):
    """Not beside the duplicate stage's index and pairs (the driver's largest transient), the writer's process
    starts after them and before the other corpus steps."""
    from build_dataset.annotate.officials.corpus import OfficialsCorpusPass
    from build_dataset.core.settings import Settings
    from build_dataset.dedup.grouper import DuplicateGrouper
    from build_dataset.run import build as build_module

    events = []
    for kind, label in ((DuplicateGrouper, "dedup"), (OfficialsCorpusPass, "officials")):
        monkeypatch.setattr(kind, "process_all", _noting(kind.process_all, events, label))
    monkeypatch.setattr(build_module, "_start_checks", lambda settings, beside_workers=False: events.append("start"))
    build_module.build(Settings(input_dir=SEEDS, output_dir=tmp_path / "out", show_progress=False, workers=1))
    assert events == ["dedup", "start", "officials"]


@pytest.mark.slow
@pytest.mark.parametrize("large", [True, False])
def test_a_command_line_build_of_a_large_corpus_stops_the_process_before_its_row_groups(tmp_path, monkeypatch, large):
    """One build per command: a corpus larger than one row group (here: a row group of one seed page) has the
    process's charts and suites done, and the process gone, before its row groups are made (not held beside them);
    a smaller one is written beside them (its card too), and the process stops after."""
    from build_dataset.core.settings import Settings
    from build_dataset.publish import parquet
    from build_dataset.run import build as build_module

    running = []
    write_streamed = parquet._write_streamed

    def noted(*arguments):
        running.append(side_process._executor)
        return write_streamed(*arguments)

    monkeypatch.setattr(parquet, "_write_streamed", noted)
    if large:
        monkeypatch.setattr(parquet, "MAX_ROW_GROUP_BYTES", 1)
    side_process.keep_between_builds(False)
    try:
        build_module.build(Settings(input_dir=SEEDS, output_dir=tmp_path / "out", show_progress=False, workers=2))
        assert side_process._executor is None
    finally:
        side_process.keep_between_builds(True)
        side_process.stop()
    assert running and all((process is None) is large for process in running)
    assert (tmp_path / "out" / "reports" / "expectations.json").exists()


def _noting(method, events, label):
    def noted(self, articles):
        events.append(label)
        return method(self, articles)

    return noted
