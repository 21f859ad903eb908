"""Leakage-free splits: a duplicate group goes wholly to one split, chosen by a stable hash of its id."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

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


def split_frame(frame: pl.DataFrame, shares: dict[str, float]) -> dict[str, pl.DataFrame]:
    if len(shares) == 1:
        return {next(iter(shares)): frame}
    labels = [split_of(g, shares) for g in frame["duplicate_group"].to_list()]
    import polars as pl

    labelled = frame.with_columns(pl.Series("__split", labels))
    return {name: labelled.filter(pl.col("__split") == name).drop("__split") for name in shares}
