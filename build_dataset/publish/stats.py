"""Numbers about a build, computed once and read by the summary, the card and DATASHEET.md."""

from __future__ import annotations

from collections import Counter

import polars as pl

from build_dataset.core.article import Article

TOP_N = 15


def _counts(values) -> dict[str, int]:
    counter = Counter(v for v in values if v is not None)
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))))


def dataset_stats(frame: pl.DataFrame, rejects: list[Article], step_stats: dict[str, dict], inputs: int) -> dict:
    officials = [o["name"] for row in frame["officials"].to_list() for o in row] if frame.height else []
    groups = frame["duplicate_group"].to_list() if frame.height else []
    group_sizes = Counter(groups)
    return {
        "inputs": inputs,
        "rows": frame.height,
        "rejected": len(rejects),
        "rejects_by_reason": _counts(a.reject_reason for a in rejects),
        "words": int(frame["word_count"].sum()) if frame.height else 0,
        "languages": _counts(frame["language"].to_list()) if frame.height else {},
        "articles_per_year": dict(sorted(_counts(d.year for d in frame["date"].to_list() if d).items())),
        "undated": int(frame["date"].null_count()) if frame.height else 0,
        "date_sources": _counts(frame["date_source"].to_list()) if frame.height else {},
        "publishers": _counts(frame["publisher"].to_list()) if frame.height else {},
        "agencies": _counts(frame["agency"].to_list()) if frame.height else {},
        "topics": _counts(t for row in frame["topics"].to_list() for t in row) if frame.height else {},
        "top_officials": dict(list(_counts(officials).items())[:TOP_N]),
        "official_mentions": len(officials),
        "duplicate_groups": len(group_sizes),
        "groups_with_copies": sum(1 for n in group_sizes.values() if n > 1),
        "rows_in_copy_groups": sum(n for n in group_sizes.values() if n > 1),
        "largest_group": max(group_sizes.values(), default=0),
        "steps": {name: dict(sorted(counts.items())) for name, counts in step_stats.items()},
    }
