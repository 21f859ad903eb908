"""Leakage-free, release-stable splits: a group lands wholly in one split, and a published split is kept."""

from __future__ import annotations

import polars as pl
import pytest

from build_dataset.publish.splits import (
    group_position,
    parse_splits,
    split_frame,
    split_labels,
    split_of,
    split_report,
)

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


def _labels(frame: pl.DataFrame, previous: dict[str, str] | None = None) -> dict[str, str]:
    return dict(zip(frame["id"].to_list(), split_labels(frame, THREE_WAY, previous)))


def test_a_published_split_is_kept_when_copies_change_a_groups_canonical_member():
    first = _frame({f"{i:016x}": 1 + i % 3 for i in range(300)})
    published = _labels(first)
    # every group grows by a copy that becomes its canonical member (the group is renamed after it)
    grown = first.with_columns(pl.format("new-{}", pl.col("duplicate_group")).alias("duplicate_group"))
    copies = pl.DataFrame({"id": [f"0-{g}" for g in grown["duplicate_group"].unique().to_list()]}).with_columns(
        pl.col("id").str.slice(2).alias("duplicate_group")
    )
    second = grown.vstack(copies)
    relabelled = _labels(second, published)
    assert all(relabelled[article] == split for article, split in published.items())
    # the check can fail: without the published splits, most copies (smaller ids) would move their group
    fresh = _labels(second)
    assert sum(fresh[article] != split for article, split in published.items()) > 30
    assert split_report(second, [relabelled[i] for i in second["id"].to_list()], published) == {
        "kept": first.height,
        "moved": 0,
        "new": copies.height,
    }


def test_a_new_group_is_split_by_its_smallest_member_id_not_its_name():
    frame = _frame({"a": 3})
    renamed = frame.with_columns(pl.lit("zzz").alias("duplicate_group"))
    assert set(_labels(frame).values()) == set(_labels(renamed).values()) == {split_of("a-0", THREE_WAY)}


def test_merged_groups_take_the_split_most_of_their_published_articles_had():
    frame = pl.DataFrame({"id": ["a", "b", "c"], "duplicate_group": ["g", "g", "g"]})
    assert set(_labels(frame, {"a": "test", "b": "train", "c": "train"}).values()) == {"train"}
    assert set(_labels(frame, {"a": "test", "b": "train"}).values()) == {"train"}  # a tie: the first split listed


def _published(out) -> dict[str, tuple[str, str]]:
    """Article id -> (split, duplicate group) of a built dataset."""
    found = {}
    for path in (out / "articles").glob("*.parquet"):
        frame = pl.read_parquet(path, columns=["id", "duplicate_group"])
        found.update({i: (path.name.split("-")[0], g) for i, g in frame.iter_rows()})
    return found


def test_a_rebuild_with_copies_that_change_canonical_members_keeps_every_article_in_its_split(tmp_path):
    import shutil

    from conftest import SEEDS, build_into

    pages = shutil.copytree(SEEDS, tmp_path / "in")
    out, shares = tmp_path / "out", {"train": 0.5, "test": 0.5}
    build_into(pages, out, splits=shares, cache_dir=tmp_path / "cache")
    before = _published(out)
    for path in sorted(SEEDS.glob("*.txt")):  # two longer copies: the middle one becomes the group's centre
        text = path.read_text(encoding="utf-8").rstrip("\n")
        extra = "\n\nOfficials said further talks on the matter would be held in the coming weeks."
        (pages / f"copy1_{path.name}").write_text(text + extra + "\n", encoding="utf-8")
        (pages / f"copy2_{path.name}").write_text(text + extra + " No date was set.\n", encoding="utf-8")
    result = build_into(pages, out, splits=shares, cache_dir=tmp_path / "cache")
    after = _published(out)
    assert {i: after[i][0] for i in before} == {i: split for i, (split, _) in before.items()}
    assert any(after[i][1] != group for i, (_, group) in before.items()), "no canonical member changed"
    assert result.stats["split_assignment"] == {"kept": len(before), "moved": 0, "new": len(after) - len(before)}
