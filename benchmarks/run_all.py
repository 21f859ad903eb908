"""Run the benchmarks one after another, then rewrite the README's measured numbers from their results.

Usage: python benchmarks/run_all.py [--only quality,reuters_officials,...]   (``make bench`` runs them all)

Each benchmark is its own script, run here with its defaults; its docstring says what it measures and what
it reads. They need the evaluation pages and corpora in ../shared next to the repository and exit non-zero
when those are missing. The whole set takes long (the scale benchmark builds Reuters-21578 several times).
A benchmark that fails stops the run before the README is rewritten.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# name -> script, in the order they run
BENCHMARKS = {
    "quality": "quality.py",
    "reuters_officials": "reuters_officials.py",
    "naver_fields": "naver_fields.py",
    "dedup": "dedup_benchmark.py",
    "dedup_signatures": "dedup_signatures.py",
    "scale": "scale_benchmark.py",
    "fuzz": "fuzz_build.py",
}


def run(script: str) -> int:
    print(f"== {script}", flush=True)
    return subprocess.call([sys.executable, str(HERE / script)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated names (default: all)")
    names = [name for name in parser.parse_args(argv).only.split(",") if name]
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; the benchmarks are {', '.join(BENCHMARKS)}")
    for name in names:
        code = run(BENCHMARKS[name])
        if code:
            print(f"{BENCHMARKS[name]} failed (exit code {code}); the README was not rewritten", file=sys.stderr)
            return code
    return run("update_readme.py")


if __name__ == "__main__":
    sys.exit(main())
