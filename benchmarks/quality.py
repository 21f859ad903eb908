#!/usr/bin/env python3
"""Measure annotation accuracy on the evaluation sets and store it: ``benchmarks/results/quality.json``.

Builds each gold-annotated set (``../shared/eval``: the 30-page dev set, the seeds and the 40 real pages),
scores it with the evaluation's ``score.py`` and writes the metrics together with the step names (``dates_v1``,
...) they were measured with. It also measures the topics on real news, ``benchmarks/topics_real`` (Naver and
BBC articles read from ``../shared/corpora``; skipped without them): micro P/R/F1 and per-topic precision of
the tune half (the only half fitted on) and of the report half (the held-out figure), under ``topics_real``.
The README's measured numbers are generated from this file (``benchmarks/update_readme.py``); no build reads
it: a card reports only ``build-dataset evaluate`` of its own build.

Usage: ``python benchmarks/quality.py [--eval ../shared/eval] [--corpora ../shared/corpora]``.
Needs the evaluation folder (not in CI).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import topics_real_eval

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


def measure_topics_real(corpora: Path) -> dict | None:
    """Both halves of the real topic set with the shipped taxonomy (``benchmarks/topics_real_eval.py``), or None
    without the corpora."""
    if not all((corpora / name).is_dir() for name in topics_real_eval.CORPORA_NEEDED):
        return None
    labels = topics_real_eval.load_labels()
    with tempfile.TemporaryDirectory() as work:
        predicted = topics_real_eval.build_predictions(topics_real_eval.load_texts(corpora, labels), Path(work))
    return topics_real_eval.report(labels, predicted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval", help="evaluation folder")
    parser.add_argument("--corpora", type=Path, default=topics_real_eval.CORPORA, help="corpora folder")
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
    topics_real = measure_topics_real(args.corpora)
    if topics_real:
        report["topics_real"] = topics_real
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
