"""Scale benchmark on Reuters-21578: whole builds vs the spaCy floor, 1 and 2 workers, incremental rebuilds.

Usage: python benchmarks/scale_benchmark.py [--sizes 1000,5000,all] [--workers 1,2] [--skip-incremental]
       (runs re-measured replace the same size and worker count in the results file; the others are kept,
       and so is the incremental result under --skip-incremental; --sizes "" re-measures only the latter)

Reads ../shared/corpora/reuters21578/articles.jsonl.gz (research-use only: never copied into the repo; the
subsets are written under benchmarks/.work/, which git ignores). For each size and worker count it runs
`build-dataset build` on a JSONL subset and, as the floor, spaCy's nlp.pipe alone over the same texts with
the same components and processes. Results go to benchmarks/results/scale.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

from measure import run_measured

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "reuters21578" / "articles.jsonl.gz"
WORK = REPO / "benchmarks" / ".work"
RESULTS = REPO / "benchmarks" / "results" / "scale.json"
BUILD = [sys.executable, "-m", "build_dataset", "build", "--no-progress", "--on-bad-input", "skip"]
INCREMENT_SHARE = 0.01
# Runs under a minute vary by 10-20% on a shared machine: corpora up to this size are built (and the floor
# run) REPEATS times, alternating, and the medians are reported.
REPEAT_UP_TO = 1000
REPEATS = 5

FLOOR = """
import json, sys, time
from build_dataset.annotate.spacy_parse import load_nlp
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
nlp = load_nlp()
started = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=64, n_process=int(sys.argv[2])):
    pass
print(json.dumps({"pipe_seconds": time.perf_counter() - started}))
"""


def load_records() -> list[dict]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return [r for r in records if r.get("has_body")]


def write_subset(records: list[dict], name: str) -> Path:
    path = WORK / f"{name}.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for r in records:
            handle.write(json.dumps({"id": r["id"], "text": r["text"], "title": r["title"], "date": r["date"]}) + "\n")
    return path


def run_build(subset: Path, workers: int, out: Path, cache: Path | None) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    timings = WORK / "timings.json"
    cache_args = ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    command = [*BUILD, "--input", str(subset), "--output", str(out), "--workers", str(workers),
               "--timings", str(timings), *cache_args]
    measured = run_measured(command, cwd=REPO)
    measured["stages"] = json.loads(timings.read_text())
    return measured


def run_floor(subset: Path, workers: int) -> dict:
    measured = run_measured([sys.executable, "-c", FLOOR, str(subset), str(workers)], cwd=REPO)
    measured.update(json.loads(measured["stdout"]))
    return measured


def code_commit() -> str:
    """The commit measured (with ``+changes`` when the work tree differs from it)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    dirty = subprocess.run(["git", "status", "--porcelain", "build_dataset", "schema"], capture_output=True,
                           text=True, cwd=REPO)
    return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def _median_runs(subset: Path, workers: int, repeats: int) -> tuple[dict, dict]:
    """Build and floor ``repeats`` times, alternating; the runs with the median wall time of each."""
    builds, floors = [], []
    for _ in range(repeats):
        builds.append(run_build(subset, workers, WORK / "out", None))
        floors.append(run_floor(subset, workers))
    median = len(builds) // 2
    return (sorted(builds, key=lambda r: r["seconds"])[median], sorted(floors, key=lambda r: r["seconds"])[median])


def bench_size(records: list[dict], size: int | None, workers_list: list[int]) -> list[dict]:
    chosen = records if size is None else records[:size]
    name = "all" if size is None else str(size)
    subset = write_subset(chosen, name)
    words = sum(len(r["text"].split()) for r in chosen)
    repeats = REPEATS if len(chosen) <= REPEAT_UP_TO else 1
    rows = []
    for workers in workers_list:
        build, floor = _median_runs(subset, workers, repeats)
        rows.append({
            "articles": len(chosen), "words": words, "workers": workers, "repeats": repeats, "commit": code_commit(),
            "build_seconds": build["seconds"], "floor_seconds": floor["seconds"],
            "build_over_floor": round(build["seconds"] / floor["seconds"], 2),
            "articles_per_second": round(len(chosen) / build["seconds"], 1),
            "words_per_second": round(words / build["seconds"]),
            "peak_rss_mb": build["peak_rss_mb"], "floor_peak_rss_mb": floor["peak_rss_mb"],
            "stages": build["stages"],
        })
        print(json.dumps({k: v for k, v in rows[-1].items() if k != "stages"}), flush=True)
    return rows


def bench_incremental(records: list[dict], workers: int) -> dict:
    base_count = int(len(records) / (1 + INCREMENT_SHARE))
    base, grown = write_subset(records[:base_count], "incr-base"), write_subset(records, "incr-grown")
    cache = WORK / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    full = run_build(base, workers, WORK / "incr-out", cache)
    again = run_build(grown, workers, WORK / "incr-out", cache)
    result = {"base_articles": base_count, "added": len(records) - base_count, "workers": workers,
              "commit": code_commit(),
              "full_seconds": full["seconds"], "incremental_seconds": again["seconds"],
              "incremental_share": round(again["seconds"] / full["seconds"], 3),
              "incremental_stages": {k: round(v, 2) for k, v in again["stages"]["stages"].items()}}
    print(json.dumps(result), flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,all")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--skip-incremental", action="store_true")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"scale benchmark: {CORPUS} not found (the corpus lives in ../shared, outside the repo)")
        return 1
    WORK.mkdir(parents=True, exist_ok=True)
    records = load_records()
    workers_list = [int(w) for w in args.workers.split(",")]
    sizes = [None if s == "all" else int(s) for s in args.sizes.split(",") if s]
    results = {"corpus": "reuters21578 (NORM stories with a body)", "runs": []}
    if RESULTS.exists():
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    for size in sizes:
        measured = bench_size(records, size, workers_list)
        replaced = {(r["articles"], r["workers"]) for r in measured}
        kept = [r for r in results["runs"] if (r["articles"], r["workers"]) not in replaced]
        results["runs"] = sorted(kept + measured, key=lambda r: (r["articles"], r["workers"]))
    if not args.skip_incremental:
        results["incremental"] = bench_incremental(records, max(workers_list))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
