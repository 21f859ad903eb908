"""Leakage-free splits: a duplicate group lands wholly in one split, chosen by a stable hash of its id."""

from __future__ import annotations

import polars as pl
import pytest

from build_dataset.publish.splits import group_position, parse_splits, split_frame, split_of

THREE_WAY = {"train": 0.8, "validation": 0.1, "test": 0.1}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("train=1", {"train": 1.0}),
        ("train=0.8,validation=0.1,test=0.1", THREE_WAY),
        (" train=0.5 , test=0.5 ", {"train": 0.5, "test": 0.5}),
        ("train.v2=1", {"train.v2": 1.0}),
    ],
)
def test_parse_splits_accepts_shares_that_sum_to_one(spec, expected):
    assert parse_splits(spec) == expected


@pytest.mark.parametrize(
    "spec",
    ["", "train=0.5", "train=0.8,test=0.3", "dev-set=1", "train", "train=-0.5,test=1.5", "=1"],
)
def test_parse_splits_rejects_bad_specs(spec):
    with pytest.raises(ValueError):
        parse_splits(spec)


def _frame(groups: dict[str, int]) -> pl.DataFrame:
    """Rows ``<group>-<n>`` for each group, as many as its size."""
    rows = [{"id": f"{group}-{n}", "duplicate_group": group} for group, size in groups.items() for n in range(size)]
    return pl.DataFrame(rows)


def test_no_duplicate_group_spans_two_splits():
    frame = _frame({f"{i:016x}": 1 + i % 4 for i in range(300)})
    parts = split_frame(frame, THREE_WAY)
    owners: dict[str, set[str]] = {}
    for name, part in parts.items():
        for group in part["duplicate_group"].to_list():
            owners.setdefault(group, set()).add(name)
    assert all(len(names) == 1 for names in owners.values())
    assert sum(part.height for part in parts.values()) == frame.height
    assert set(parts) == set(THREE_WAY)


def test_split_does_not_depend_on_row_order_or_other_groups():
    frame = _frame({f"{i:016x}": 2 for i in range(50)})
    reshuffled = frame.reverse().vstack(_frame({"ffffffffffffffff": 3}))
    first = {g: name for name, part in split_frame(frame, THREE_WAY).items() for g in part["duplicate_group"]}
    second = {g: name for name, part in split_frame(reshuffled, THREE_WAY).items() for g in part["duplicate_group"]}
    assert all(second[group] == split for group, split in first.items())


@pytest.mark.parametrize("group", ["0000000000000000", "ffffffffffffffff", "0123456789abcdef"])
def test_group_position_is_in_unit_interval(group):
    assert 0 <= group_position(group) < 1


def test_shares_are_roughly_respected_on_many_groups():
    groups = [f"{i:016x}" for i in range(5000)]
    train = sum(split_of(g, THREE_WAY) == "train" for g in groups) / len(groups)
    assert 0.75 < train < 0.85


def test_one_split_keeps_every_row():
    frame = _frame({"a": 2, "b": 1})
    assert split_frame(frame, {"train": 1.0})["train"].equals(frame)
