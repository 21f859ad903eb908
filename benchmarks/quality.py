#!/usr/bin/env python3
"""Measure annotation accuracy on the evaluation sets and store it for the card: ``benchmarks/results/quality.json``.

Builds each gold-annotated set (``../shared/eval``: the 30-page dev set, the seeds and the 40 real pages),
scores it with the evaluation's ``score.py`` and writes the metrics together with the step names (``dates_v1``,
...) they were measured with. The card and DATASHEET.md read this file through ``stats.json``, so no accuracy figure is
ever typed by hand; when the step names no longer match the build, the card says the figures are stale.

Usage: ``python benchmarks/quality.py [--eval ../shared/eval]``. Needs the evaluation folder (not in CI).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from build_dataset.core.settings import Settings
from build_dataset.run.build import build

REPO = Path(__file__).resolve().parents[1]

RESULTS = REPO / "benchmarks" / "results" / "quality.json"
DIGITS = 3
# name -> (raw pages, gold file), relative to the evaluation folder
EVAL_SETS = {
    "dev": ("dev/raw", "dev/gold.jsonl"),
    "seeds": (None, "seeds-gold.jsonl"),
    "real": ("real/raw", "real/gold.jsonl"),
}


def measure(eval_dir: Path, raw: Path, gold: Path, work: Path) -> tuple[dict, list[str]]:
    result = build(Settings(input_dir=raw, output_dir=work / "built", show_progress=False, on_bad_input="skip"))
    scores = work / "scores.json"
    subprocess.run(
        [sys.executable, str(eval_dir / "score.py"), str(work / "built"), str(gold), "--json", str(scores)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    metrics = {k: round(v, DIGITS) for k, v in json.loads(scores.read_text(encoding="utf-8")).items()}
    files = sum(1 for line in gold.read_text(encoding="utf-8").splitlines() if line.strip())
    return {"files": files, "metrics": metrics}, list(result.stats["versions"]["steps"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval", help="evaluation folder")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not (args.eval / "score.py").is_file():
        print(f"no evaluation folder at {args.eval}; nothing measured", file=sys.stderr)
        return 1
    sets, steps = {}, []
    for name, (raw, gold) in EVAL_SETS.items():
        with tempfile.TemporaryDirectory() as work:
            raw_dir = args.eval / raw if raw else REPO / "seeds"
            sets[name], steps = measure(args.eval, raw_dir, args.eval / gold, Path(work))
    report = {"scorer": "shared/eval/score.py", "steps": sorted(steps), "sets": sets}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
