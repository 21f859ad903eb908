"""Leakage-free, release-stable splits: a duplicate group goes wholly to one split.

A group keeps the split its articles were published in by the previous build of the same output folder
(with the same split shares): a story that grows, or whose canonical member changes, stays where it was. A
group none of whose articles was published before takes the split fixed by a hash of its smallest member id
(an article id is a hash of its bytes, so the key does not depend on which member is canonical). Only a
rebuild that merges two published groups of different splits moves articles: the group takes the split most
of its published articles had. ``stats.json["split_assignment"]`` counts kept, new and moved articles.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

LOGGER = logging.getLogger(__name__)

if TYPE_CHECKING:  # polars is imported where frames are split, so the CLI's --help does not import it
    import polars as pl

SPLIT_NAME = re.compile(r"^\w+(\.\w+)*$")  # the Hub's rule for split names (no dashes)


def parse_splits(spec: str) -> dict[str, float]:
    """``"train=0.8,validation=0.1,test=0.1"`` -> ordered {name: share}; shares must sum to 1."""
    shares: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, _, value = part.partition("=")
        if not SPLIT_NAME.match(name) or not value:
            raise ValueError(f"bad split {part!r}: write NAME=SHARE with NAME of letters, digits and underscores")
        shares[name] = float(value)
    if not shares or abs(sum(shares.values()) - 1.0) > 1e-6 or min(shares.values()) < 0:
        raise ValueError(f"split shares must be non-negative and sum to 1, got {spec!r}")
    return shares


def group_position(group_id: str) -> float:
    """A number in [0, 1) fixed by the group id alone."""
    return int(hashlib.sha256(group_id.encode()).hexdigest()[:15], 16) / 16**15


def split_of(group_id: str, shares: dict[str, float]) -> str:
    position, upper = group_position(group_id), 0.0
    for name, share in shares.items():
        upper += share
        if position < upper:
            return name
    return next(reversed(shares))


def previous_splits(output_dir: Path, shares: dict[str, float]) -> dict[str, str]:
    """Article id -> split of the build already in ``output_dir``, when it was split with the same shares
    (other shares mean a new assignment); empty when there is none or it cannot be read."""
    try:
        stats = json.loads((output_dir / "stats.json").read_text(encoding="utf-8"))
        if stats.get("split_shares") != shares:
            return {}
        assigned = {}
        for path in sorted((output_dir / "articles").glob("*.parquet")):
            split = path.name.split("-")[0]
            import pyarrow.parquet as pq

            assigned.update(dict.fromkeys(pq.read_table(path, columns=["id"])["id"].to_pylist(), split))
        return assigned
    except (OSError, ValueError, KeyError, AttributeError) as error:
        if (output_dir / "stats.json").exists():
            LOGGER.warning("cannot read the previous splits in %s (%s); groups are split by hash", output_dir, error)
        return {}


def group_splits(frame: pl.DataFrame, shares: dict[str, float], previous: dict[str, str]) -> dict[str, str]:
    """Duplicate group -> split: the one most of its previously published articles had (ties: the first in
    ``shares``), else the hash of its smallest member id."""
    members: dict[str, list[str]] = {}
    for article_id, group in zip(frame["id"].to_list(), frame["duplicate_group"].to_list()):
        members.setdefault(group, []).append(article_id)
    order = {name: k for k, name in enumerate(shares)}
    assigned = {}
    for group, ids in members.items():
        kept = Counter(previous[i] for i in ids if previous.get(i) in shares)
        if kept:
            assigned[group] = min(kept, key=lambda name: (-kept[name], order[name]))
        else:
            assigned[group] = split_of(min(ids), shares)
    return assigned


def split_report(frame: pl.DataFrame, labels: list[str], previous: dict[str, str]) -> dict[str, int]:
    """How many articles kept their published split, moved to another, or are new."""
    before = [previous.get(i) for i in frame["id"].to_list()]
    return {
        "kept": sum(1 for b, label in zip(before, labels) if b == label),
        "moved": sum(1 for b, label in zip(before, labels) if b is not None and b != label),
        "new": sum(1 for b in before if b is None),
    }


def split_labels(frame: pl.DataFrame, shares: dict[str, float], previous: dict[str, str] | None = None) -> list[str]:
    if len(shares) == 1:
        return [next(iter(shares))] * frame.height
    assigned = group_splits(frame, shares, previous or {})
    return [assigned[g] for g in frame["duplicate_group"].to_list()]


def split_frame(
    frame: pl.DataFrame, shares: dict[str, float], previous: dict[str, str] | None = None
) -> dict[str, pl.DataFrame]:
    if len(shares) == 1:
        return {next(iter(shares)): frame}
    labels = split_labels(frame, shares, previous)
    import polars as pl

    labelled = frame.with_columns(pl.Series("__split", labels))
    return {name: labelled.filter(pl.col("__split") == name).drop("__split") for name in shares}
