"""Scale benchmark on Reuters-21578: whole builds vs the honest spaCy floor, per-stage time per 1k articles,
peak memory (whole process tree, and the driver alone before and after a change), incremental rebuilds.

Usage: python benchmarks/scale_benchmark.py [--sizes 5000,20000] [--workers 2] [--skip-incremental]
                                            [--before DIR] [--floor-up-to N] [--memory-only] [--incremental-on N]
       (rows re-measured replace those of the same size and worker count or label in the results file; the others are
       kept, and so is the incremental result under --skip-incremental)

Reads ../shared/corpora/reuters21578/articles.jsonl.gz (research-use only: never copied into the repo; the
subsets are written under benchmarks/.work/, which git ignores). A size beyond the corpus's stories with a
body is filled with perturbed copies of them (``perturbed_copy``): each copy names its original and the
edits that made it in its ``perturbation`` field, so the larger corpora hold realistic duplicate groups.

For each size and worker count it runs `build-dataset build` on a JSONL subset, with an empty cache, and then,
in the same run, the floor: spaCy's ``nlp.pipe`` alone over exactly the documents the build parsed (the English
rows of its output: the articles that passed the article filter), with the build's components, batch size and
number of processes. Then, with the cache that build filled, the driver's peak memory is measured for this
checkout ("after") and for ``--before DIR`` (e.g. ``git archive`` of an earlier commit): every article comes
from the cache, so no worker runs and the two numbers are what each driver holds for the same articles.
Results go to benchmarks/results/scale.json and one JSON line per run on stdout.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from measure import run_measured

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "reuters21578" / "articles.jsonl.gz"
WORK = REPO / "benchmarks" / ".work"
RESULTS = REPO / "benchmarks" / "results" / "scale.json"
INCREMENT_SHARE = 0.01
# The driver's peak RSS varies by ~15 MB from run to run (imports, allocator): the median of this many runs.
MEMORY_REPEATS = 3
# The build, with the cache key's digest of the package source fixed, so checkouts whose per-article steps are
# the same (here: before and after a change to the driver, the corpus stage and the writer) share one cache.
BUILD = [sys.executable, "-c", "import sys, build_dataset.core.versions as v; v.code_digest = lambda: 'scale';"
         " from build_dataset.cli import console; console(sys.argv[1:])", "build", "--no-progress",
         # Reuters has many stories without a body (rejected as no_body or too_short): ~19% of the records.
         "--on-bad-input", "skip", "--max-reject-share", "0.5"]

FLOOR = """
import glob, json, sys, time
import pyarrow.parquet as pq
from build_dataset.annotate.spacy_parse import NLP_BATCH_SIZE, load_nlp
texts = []
for path in sorted(glob.glob(sys.argv[1] + "/articles/*.parquet")):
    table = pq.read_table(path, columns=["text", "language"]).to_pydict()
    texts += [t for t, language in zip(table["text"], table["language"]) if language == "en"]
nlp = load_nlp()  # the build's default model, without the parser, with a sentencizer
started = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=NLP_BATCH_SIZE, n_process=int(sys.argv[2])):
    pass
print(json.dumps({"pipe_seconds": time.perf_counter() - started, "docs": len(texts)}))
"""


def load_records() -> list[dict]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return [r for r in records if r.get("has_body")]


def perturbed_copy(record: dict, number: int) -> dict:
    """Copy ``number`` of a story, edited as reposts are: a line dropped, two words swapped, a figure changed,
    a credit line added; the same seed gives the same copy. ``perturbation`` says what was done."""
    rng = random.Random(f"{record['id']}/{number}")
    lines = record["text"].split("\n")
    edits = []
    if len(lines) > 4:
        dropped = rng.randrange(1, len(lines))
        edits.append(f"dropped line {dropped}")
        lines = lines[:dropped] + lines[dropped + 1:]
    target = rng.randrange(len(lines))
    words = lines[target].split(" ")
    if len(words) > 3:
        k = rng.randrange(len(words) - 1)
        words[k], words[k + 1] = words[k + 1], words[k]
        lines[target] = " ".join(words)
        edits.append(f"swapped words {k}-{k + 1} of line {target}")
    digits = [k for k, line in enumerate(lines) if k and any(ch.isdigit() for ch in line)]
    if digits:
        target = rng.choice(digits)
        position = next(k for k, ch in enumerate(lines[target]) if ch.isdigit())
        lines[target] = lines[target][:position] + str(rng.randrange(10)) + lines[target][position + 1:]
        edits.append(f"changed the first digit of line {target}")
    lines.append(f"(Repost {number} by desk {rng.randrange(1000)})")
    edits.append("appended a credit line")
    return {"id": f"{record['id']}-copy{number}", "text": "\n".join(lines), "title": record["title"],
            "date": record["date"], "perturbation": f"copy {number} of {record['id']}: " + ", ".join(edits)}


def corpus_of(records: list[dict], size: int) -> list[dict]:
    """The first ``size`` stories, then perturbed copies of the stories in order until there are ``size``."""
    chosen = records[:size]
    for extra in range(size - len(chosen)):
        chosen.append(perturbed_copy(records[extra % len(records)], extra // len(records) + 1))
    return chosen


def write_subset(records: list[dict], name: str) -> Path:
    path = WORK / f"{name}.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for r in records:
            fields = {k: r[k] for k in ("id", "text", "title", "date", "perturbation") if k in r}
            handle.write(json.dumps(fields) + "\n")
    return path


def run_build(
    subset: Path, workers: int, out: Path, cache: Path | None, code: Path = REPO, extra: tuple[str, ...] = ()
) -> dict:
    """``code``: the checkout whose ``build_dataset`` runs (the working directory comes first on the path);
    ``extra``: more build arguments (``--engine ray``)."""
    shutil.rmtree(out, ignore_errors=True)
    timings = WORK / "timings.json"
    cache_args = ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    command = ["nice", "-n", "10", *BUILD, "--input", str(subset), "--output", str(out), "--workers", str(workers),
               "--timings", str(timings), *cache_args, *extra]
    measured = run_measured(command, cwd=code)
    measured["stages"] = json.loads(timings.read_text())
    return measured


def run_floor(out: Path, workers: int) -> dict:
    command = ["nice", "-n", "10", sys.executable, "-c", FLOOR, str(out), str(workers)]
    measured = run_measured(command, cwd=REPO)
    measured.update(json.loads(measured["stdout"]))
    return measured


def code_commit(code: Path = REPO) -> str:
    """The last commit that changed the code measured (``build_dataset``, ``schema``), with ``+changes`` when the
    work tree differs from it: later commits of tests, benchmarks or docs measure the same code."""
    if code != REPO:
        return code.name
    head = subprocess.run(["git", "log", "-1", "--format=%h", "HEAD", "--", "build_dataset", "schema"],
                          capture_output=True, text=True, cwd=REPO)
    dirty = subprocess.run(["git", "status", "--porcelain", "build_dataset", "schema"], capture_output=True,
                           text=True, cwd=REPO)
    return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def per_1k(stages: dict, articles: int) -> dict[str, float]:
    """Seconds per 1,000 input articles of each stage (per-article steps: summed over the workers)."""
    return {name: round(seconds * 1000 / articles, 2) for name, seconds in sorted(stages.items())}


def bench_size(records: list[dict], size: int, workers: int, with_floor: bool = True, repeats: int = 1) -> dict:
    """A whole build of ``size`` articles (its cache starts empty and is kept for ``bench_memory``), then the floor
    (unless ``with_floor`` is False: the row then has no floor numbers); ``repeats`` times, build and floor in turn,
    so both see the machine's speed as it drifts: the row is the median build and floor, the ratio the median of the
    pairs' ratios."""
    chosen = corpus_of(records, size)
    subset = write_subset(chosen, str(size))
    words = sum(len(r["text"].split()) for r in chosen)
    out, cache = WORK / "out", WORK / f"cache-{size}"
    pairs = []
    for _ in range(repeats):
        shutil.rmtree(cache, ignore_errors=True)
        build = run_build(subset, workers, out, cache)
        pairs.append((build, run_floor(out, workers) if with_floor else None))
    build = _median_run([b for b, _ in pairs])
    stages = build["stages"]["stages"]
    row = {
        "articles": len(chosen), "copies": max(0, size - len(records)), "words": words, "workers": workers,
        "commit": code_commit(), "build_seconds": build["seconds"],
        "articles_per_second": round(len(chosen) / build["seconds"], 1),
        "words_per_second": round(words / build["seconds"]),
        "peak_rss_mb": build["peak_rss_mb"], "peak_pss_mb": build["peak_pss_mb"],
        "driver_peak_rss_mb": build["driver_peak_rss_mb"],
        "seconds_per_1k_articles": per_1k(stages, len(chosen)),
        "phases_seconds": {k: round(v, 2) for k, v in build["stages"].get("phases", {}).items()},
    }
    if with_floor:
        floor = _median_run([f for _, f in pairs])
        ratios = [b["seconds"] / f["seconds"] for b, f in pairs]
        row |= {"floor_seconds": floor["seconds"], "floor_pipe_seconds": round(floor["pipe_seconds"], 2),
                "floor_docs": floor["docs"], "build_over_floor": round(statistics.median(ratios), 2),
                "floor_peak_rss_mb": floor["peak_rss_mb"], "floor_peak_pss_mb": floor["peak_pss_mb"]}
        row |= {"repeats": repeats, "pair_ratios": [round(r, 2) for r in ratios]} if repeats > 1 else {}
    print(json.dumps(row), flush=True)
    return row


def _median_run(runs: list[dict]) -> dict:
    """The run of median seconds (the lower middle one of an even number)."""
    return sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2]


def bench_memory(size: int, codes: dict[str, Path]) -> list[dict]:
    """The driver's peak RSS at ``size`` articles for each checkout, every article answered by the cache
    ``bench_size`` filled (no worker starts, so what is measured is what the driver holds per article)."""
    rows = []
    for label, code in codes.items():
        runs = [run_build(WORK / f"{size}.jsonl", 1, WORK / "out", WORK / f"cache-{size}", code)
                for _ in range(MEMORY_REPEATS)]
        peaks = sorted(r["driver_peak_rss_mb"] for r in runs)
        rows.append({"articles": size, "label": label, "commit": code_commit(code), "repeats": MEMORY_REPEATS,
                     "seconds": sorted(r["seconds"] for r in runs)[MEMORY_REPEATS // 2],
                     "driver_peak_rss_mb": peaks[MEMORY_REPEATS // 2],
                     "driver_peak_rss_mb_range": [peaks[0], peaks[-1]]})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def bench_incremental(records: list[dict], workers: int) -> dict:
    base_count = int(len(records) / (1 + INCREMENT_SHARE))
    base, grown = write_subset(records[:base_count], "incr-base"), write_subset(records, "incr-grown")
    cache = WORK / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    full = run_build(base, workers, WORK / "incr-out", cache)
    again = run_build(grown, workers, WORK / "incr-out", cache)
    return _incremental_row(base_count, len(records) - base_count, workers, full["seconds"], again)


def bench_incremental_on(records: list[dict], row: dict) -> dict:
    """The incremental rebuild on a whole-build row of this run: a copy of the cache that build filled, its inputs
    grown by ``INCREMENT_SHARE`` (``corpus_of`` keeps the first articles, so the cache holds every one of them),
    against that build's time."""
    size, added = row["articles"], int(row["articles"] * INCREMENT_SHARE)
    cache = WORK / f"cache-{size}-incremental"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(WORK / f"cache-{size}", cache)
    grown = write_subset(corpus_of(records, size + added), f"{size}-grown")
    again = run_build(grown, row["workers"], WORK / "incr-out", cache)
    shutil.rmtree(cache, ignore_errors=True)
    return _incremental_row(size, added, row["workers"], row["build_seconds"], again)


def _incremental_row(base: int, added: int, workers: int, full_seconds: float, again: dict) -> dict:
    result = {"base_articles": base, "added": added, "workers": workers, "commit": code_commit(),
              "full_seconds": full_seconds, "incremental_seconds": again["seconds"],
              "incremental_share": round(again["seconds"] / full_seconds, 3),
              "incremental_stages": {k: round(v, 2) for k, v in again["stages"]["stages"].items()},
              "incremental_phases": {k: round(v, 2) for k, v in again["stages"].get("phases", {}).items()}}
    print(json.dumps(result), flush=True)
    return result


def _save(results: dict) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def _replace(rows: list[dict], new: list[dict], key: tuple[str, ...]) -> list[dict]:
    replaced = {tuple(r.get(k) for k in key) for r in new}
    kept = [r for r in rows if tuple(r.get(k) for k in key) not in replaced]
    return sorted(kept + new, key=lambda r: tuple(str(r.get(k)).zfill(12) for k in key))


def ready_records(benchmark: str) -> list[dict] | None:
    """The corpus's records with the work folder made, or None (said on stdout) when the corpus is absent."""
    if not CORPUS.exists():
        print(f"{benchmark}: {CORPUS} not found (the corpus lives in ../shared, outside the repo)")
        return None
    WORK.mkdir(parents=True, exist_ok=True)
    return load_records()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,20000")
    parser.add_argument("--workers", default="2")
    parser.add_argument("--skip-incremental", action="store_true")
    parser.add_argument("--floor-up-to", type=int, default=10**9,
                        help="run the floor only for corpora of at most this many articles (it takes as long again)")
    parser.add_argument("--memory-only", action="store_true",
                        help="only the driver memory runs, from the caches earlier runs of these sizes filled")
    parser.add_argument("--before", type=Path, default=None,
                        help="an earlier checkout whose driver memory is measured beside this one's")
    parser.add_argument("--skip-memory", action="store_true", help="no driver memory runs")
    parser.add_argument("--repeats", type=int, default=1, help="build and floor this many times in turn per size")
    parser.add_argument("--incremental-on", type=int, default=None,
                        help="also an incremental rebuild (+1%%) on this size's whole build of this run")
    parser.add_argument("--drop-stale", action="store_true",
                        help="keep only the whole-build rows of the current commit (every row at one commit)")
    args = parser.parse_args()
    records = ready_records("scale benchmark")
    if records is None:
        return 1
    results = {"corpus": "reuters21578 (NORM stories with a body, then perturbed copies)", "runs": []}
    if RESULTS.exists():
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    codes = {"after": REPO} | ({"before": args.before.resolve()} if args.before else {})
    for size in (int(s) for s in args.sizes.split(",") if s):
        if not args.memory_only:
            rows = [bench_size(records, size, int(w), size <= args.floor_up_to, args.repeats)
                    for w in args.workers.split(",")]
            results["runs"] = _replace(results["runs"], rows, ("articles", "workers"))
            if size == args.incremental_on:
                larger = [bench_incremental_on(records, row) for row in rows]
                results["incremental_larger"] = _replace(results.get("incremental_larger", []), larger,
                                                         ("base_articles", "workers"))
        if not args.skip_memory:
            memory = bench_memory(size, codes)
            results["memory"] = _replace(results.get("memory", []), memory, ("articles", "label"))
        _save(results)
    if args.drop_stale:
        results["runs"] = [r for r in results["runs"] if r.get("commit") == code_commit()]
    if not args.skip_incremental:
        results["incremental"] = bench_incremental(records, max(int(w) for w in args.workers.split(",")))
    _save(results)
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
