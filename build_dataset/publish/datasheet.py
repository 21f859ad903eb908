"""DATASHEET.md: the seven sections of *Datasheets for Datasets* (Gebru et al., arXiv:1803.09010), answered
for this dataset, with every number read from the build's stats.json (the same file the card reads).

The build writes ``OUTPUT/DATASHEET.md``; the repository's top-level copy is regenerated from the committed
``data/stats.json`` with ``python -m build_dataset.publish.datasheet`` and a test fails when it is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jinja2

from build_dataset.core.settings import REPO_ROOT
from build_dataset.publish.card import (
    FAILURE_MODE_BAR,
    dataset_config,
    failure_modes,
    input_description,
    license_line,
    quality_set,
    read_stats,
    stale_steps,
)
from build_dataset.publish.charts import ranked

DATASHEET = "DATASHEET.md"
TEMPLATES = Path(__file__).parent / "templates"
# Officials named in the answer to "Does it identify people?".
TOP_OFFICIALS = 5


def _template() -> jinja2.Template:
    """``templates/datasheet.md.j2``; an undefined name is an error, not an empty string."""
    loader = jinja2.FileSystemLoader(TEMPLATES)
    environment = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return environment.get_template("datasheet.md.j2")


def datasheet_context(stats: dict) -> dict:
    """What the template shows: stats.json as written, dataset.yaml, and what is derived from them."""
    config = dataset_config(stats)
    date_range = stats["date_range"]
    measured = quality_set(stats)
    inferred = stats.get("steps", {}).get("group_dates_v1", {})
    return {
        "config": config,
        "stats": stats,
        "versions": stats["versions"],
        "home": config.url or "no public page yet (dataset.yaml names no repo_id or homepage)",
        "span": f"from {date_range['oldest']} to {date_range['newest']}" if date_range else "with no stated dates",
        "inputs": input_description(stats),
        "official_rows": sum(stats["configs"].get("officials", {}).values()),
        "publishers": list(ranked(stats["publishers"]).items()),
        "years": list(ranked(stats["articles_per_year"]).items()),
        "top_officials": list(ranked(stats["top_officials"]).items())[:TOP_OFFICIALS],
        "rejects": list(ranked(stats["rejects_by_reason"]).items()),
        "inferred": {key: inferred.get(key, 0) for key in ("dateline_year_from_group", "dateline_year_from_weekday")},
        "as_of": stats.get("versions", {}).get("config", {}).get("article", {}).get("as_of"),
        "split_counts": ", ".join(f"{name} {n}" for name, n in stats["configs"]["articles"].items()),
        "assigned": stats.get("split_assignment") or {},
        "measured": measured,
        "metrics": sorted((k, v) for k, v in measured["metrics"].items() if k != "coverage") if measured else [],
        "failure_modes": failure_modes(stats),
        "failure_bar": FAILURE_MODE_BAR,
        "stale": stale_steps(stats),
        "license": license_line(config),
    }


def render_datasheet(stats: dict) -> str:
    return _template().render(datasheet_context(stats))


def write_datasheet(stats: dict, path: Path) -> None:
    path.write_text(render_datasheet(stats), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate DATASHEET.md from a build's stats.json.")
    parser.add_argument("--stats", type=Path, default=REPO_ROOT / "data" / "stats.json")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / DATASHEET)
    args = parser.parse_args(argv)
    write_datasheet(read_stats(args.stats), args.output)
    print(f"wrote {args.output} from {args.stats}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
