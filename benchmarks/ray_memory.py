"""The Ray engine's driver memory at two corpus sizes, and its rows against the local engine's.

Usage: python benchmarks/ray_memory.py [--sizes 2000,8000] [--workers 2] [--local-cache DIR]

For each size, the Reuters subset of ``scale_benchmark.py`` (perturbed copies past the corpus's stories) is built
twice: with ``--engine ray`` on a local Ray of ``--workers`` CPUs (one actor per CPU: a two-process cluster) and an
empty cache, then with the local engine and as many worker processes. With ``--local-cache``, a cache that
``scale_benchmark.py`` filled answers the local build: its rows are compared, its time and memory are not those of
a build from scratch. It reports the wall time, the peak RSS of the driver alone and of the whole process tree
(Ray's own processes included) of each, and whether the two builds wrote the same articles files, byte for byte.
One JSON line per size on stdout; results go to benchmarks/results/ray_memory.json.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import sys
from pathlib import Path

from scale_benchmark import WORK, code_commit, corpus_of, ready_records, run_build, write_subset

RESULTS = Path(__file__).resolve().parent / "results" / "ray_memory.json"


def same_articles(one: Path, other: Path) -> bool:
    files = sorted(p.relative_to(one).as_posix() for p in (one / "articles").glob("*.parquet"))
    _, mismatch, errors = filecmp.cmpfiles(one, other, files, shallow=False)
    return bool(files) and not mismatch and not errors


def bench_size(records: list[dict], size: int, workers: int, local_cache: Path | None = None) -> dict:
    subset = write_subset(corpus_of(records, size), str(size))
    outs = {engine: WORK / f"ray-memory-{engine}" for engine in ("ray", "local")}
    ray = run_build(subset, workers, outs["ray"], None, extra=("--engine", "ray"))
    local = run_build(subset, workers, outs["local"], local_cache)
    row = {"articles": size, "workers": workers, "commit": code_commit(), "local_cached": local_cache is not None,
           "rows_equal": same_articles(outs["local"], outs["ray"])}
    for engine, measured in (("ray", ray), ("local", local)):
        row |= {f"{engine}_seconds": measured["seconds"], f"{engine}_peak_rss_mb": measured["peak_rss_mb"],
                f"{engine}_driver_peak_rss_mb": measured["driver_peak_rss_mb"]}
    print(json.dumps(row), flush=True)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,8000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--local-cache", type=Path, default=None, help="a scale benchmark cache for the local builds")
    args = parser.parse_args()
    records = ready_records("ray memory benchmark")
    if records is None:
        return 1
    rows = [bench_size(records, int(size), args.workers, args.local_cache) for size in args.sizes.split(",") if size]
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        grown = last["ray_driver_peak_rss_mb"] - first["ray_driver_peak_rss_mb"]
        growth = grown / (last["articles"] - first["articles"])
        print(json.dumps({"ray_driver_kb_per_article": round(growth * 1024, 2)}), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"corpus": "reuters21578 subsets (scale_benchmark.py)", "runs": rows}, indent=2)
                       + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
