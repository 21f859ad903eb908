"""DATASHEET.md: Gebru et al.'s seven sections, numbers from stats.json, and the committed copy kept current."""

from __future__ import annotations

import pytest
from conftest import COMMITTED_DATA, REPO

from build_dataset.publish.card import read_stats
from build_dataset.publish.datasheet import DATASHEET, main, render_datasheet

SECTIONS = (
    "## 1. Motivation",
    "## 2. Composition",
    "## 3. Collection process",
    "## 4. Preprocessing, cleaning, labeling",
    "## 5. Uses",
    "## 6. Distribution",
    "## 7. Maintenance",
)


def test_build_writes_a_datasheet_with_all_seven_sections(seeds_build):
    text = (seeds_build / DATASHEET).read_text(encoding="utf-8")
    assert [s for s in SECTIONS if s not in text] == []
    assert "[More Information Needed]" not in text


def test_datasheet_is_rendered_from_stats_alone(seeds_build):
    stats = read_stats(seeds_build / "stats.json")
    assert render_datasheet(stats) == (seeds_build / DATASHEET).read_text(encoding="utf-8")


@pytest.mark.parametrize(("key", "value"), [("rows", 98765), ("inputs", 87654), ("undated", 7654)])
def test_datasheet_numbers_follow_the_stats(seeds_build, key, value):
    stats = read_stats(seeds_build / "stats.json")
    stats[key] = value
    assert str(value) in render_datasheet(stats)


def test_module_command_regenerates_the_datasheet(seeds_build, tmp_path):
    target = tmp_path / DATASHEET
    assert main(["--stats", str(seeds_build / "stats.json"), "--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == (seeds_build / DATASHEET).read_text(encoding="utf-8")


def test_committed_datasheet_is_current():
    """DATASHEET.md must be what data/stats.json gives; regenerate with `python -m build_dataset.publish.datasheet`."""
    stats_path = COMMITTED_DATA / "stats.json"
    assert stats_path.is_file(), "data/stats.json is missing: run `make dataset`"
    expected = render_datasheet(read_stats(stats_path))
    assert (REPO / DATASHEET).read_text(encoding="utf-8") == expected, (
        "DATASHEET.md is out of date: run `python -m build_dataset.publish.datasheet`"
    )
    assert (COMMITTED_DATA / DATASHEET).read_text(encoding="utf-8") == expected


def test_datasheet_quotes_the_date_inference_counters(seeds_build):
    stats = read_stats(seeds_build / "stats.json")
    stats["steps"]["group_dates_v1"] = {"dateline_year_from_group": 7, "dateline_year_from_weekday": 11}
    text = " ".join(render_datasheet(stats).split())
    assert "7 yearless datelines took their year from a duplicate copy" in text
    assert "11 from the weekday" in text
