"""Duplicate-group benchmark: every acceptance figure of issue 15 in one run (benchmarks/results/dedup.json).

Usage: python benchmarks/dedup_benchmark.py [--skip-reuters] [--skip-naver] [--out benchmarks/results/dedup.json]

Reads the corpora from ../shared/corpora relative to the repository root (they are research-use only and
never copied into the repository) and exits with a message when they are absent.

1. bbc_dupsynth (tuned on the dev split only; the test split is reported): every page goes through the
   project's cleaner first (``build_dataset.clean.page.split_page``, as in the pipeline), then ``group_texts`` and,
   on the same texts in the same run, two MinHash baselines (``dedup_minhash.py``): datatrove's defaults (word
   5-grams, 14 bands x 8 rows, union of colliding pairs), and a MinHash whose shingle size, bands x rows and
   verification threshold are searched on the dev split, as our thresholds were, and applied to the test split.
   ARIs and times, plus ``group_texts`` on the uncleaned pages.
2. Real news (``dedup_real.py``): the Naver pair set's precision and recall per half, recall of the Yonhap story
   versions over the whole corpus, and false merges (groups holding a pair labelled different).
3. Reuters-21578 (19k stories with a body): ``group_texts`` on 25%, 50% and 100% of the stories that pass the
   pipeline's article filter (>= 40 words), each in a fresh process so its peak RSS is its own; the 100% run
   ``REUTERS_REPEATS`` times (median), with the machine's load average, against the grouping time recorded
   before issue 15 (``reuters_baseline``, carried over from the previous results file).
4. ``acceptance``: each bar of the issue with the measured figure and whether it is met.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

from build_dataset.clean.options import CLEAN_DEFAULTS
from build_dataset.clean.page import split_page
from build_dataset.core.article import Article, Work
from build_dataset.dedup.grouper import group_texts

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import dedup_minhash  # noqa: E402  (benchmarks/ is no package)
import dedup_real  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
DUPSYNTH = CORPORA / "bbc_dupsynth"
REUTERS = CORPORA / "reuters21578" / "articles.jsonl.gz"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "dedup.json"
REUTERS_FRACTIONS = (0.25, 0.5, 1.0)
REUTERS_REPEATS = 3
SAMPLE_SEED = 0
# Issue 15's bars.
NAVER_MIN_PRECISION, NAVER_MIN_RECALL = 0.97, 0.95
VERSION_MIN_RECALL = 0.95
DUPSYNTH_MIN_ARI = 0.98
MAX_FALSE_MERGES = 1
MAX_SLOWDOWN = 1.5


def read_jsonl_gz(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def require(path: Path) -> None:
    if not path.exists():
        sys.exit(
            f"dedup_benchmark: {path} is missing. The benchmark reads the corpora from ../shared/corpora next to "
            "the repository (they cannot be redistributed); place them there or run with --skip-reuters."
        )


def peak_rss_mb() -> float:
    """This process's peak resident set: VmHWM (reset by exec, unlike ru_maxrss, which a child process
    started by a big parent inherits), else ru_maxrss."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


# --- bbc_dupsynth -----------------------------------------------------------------------------------------


def cleaned_body(record: dict) -> str:
    article = Article(id=record["id"], source_file=record["id"], work=Work(raw=record["text"]))
    split_page(article)
    return article.text


def canonical_quality(records: list[dict], assignments: list) -> dict:
    """Among predicted groups of 2+ that contain the original: how often the canonical is the original,
    and how often it is a garbled copy (mt, ocr)."""
    by_id = {r["id"]: r for r in records}
    members: dict[str, list[str]] = {}
    for record, assignment in zip(records, assignments):
        members.setdefault(assignment.group, []).append(record["ctype"])
    scored = [(group, types) for group, types in members.items() if len(types) > 1 and "original" in types]
    picked = Counter(by_id[group]["ctype"] for group, _ in scored)
    total = max(len(scored), 1)
    return {
        "groups": len(scored),
        "canonical_is_original": round(picked["original"] / total, 4),
        "canonical_is_garbled": round((picked["mt"] + picked["ocr"]) / total, 4),
        "canonical_types": dict(picked),
    }


def load_split(split: str) -> tuple[list[dict], list[str], float]:
    """The split's records and their cleaned bodies, and the cleaning's seconds."""
    records = read_jsonl_gz(DUPSYNTH / f"{split}.jsonl.gz")
    started = time.perf_counter()
    texts = [cleaned_body(r) for r in records]
    return records, texts, time.perf_counter() - started


def grouped_split(records: list[dict], texts: list[str], clean_seconds: float) -> dict:
    ids, gold = [r["id"] for r in records], [r["cluster"] for r in records]
    stats: Counter = Counter()
    started = time.perf_counter()
    assignments = group_texts(ids, texts, stats)
    return {
        "docs": len(records),
        "clusters": len(set(gold)),
        "clean_seconds": round(clean_seconds, 2),
        "group_texts": {
            "ari": round(adjusted_rand_score(gold, [a.group for a in assignments]), 4),
            "seconds": round(time.perf_counter() - started, 2),
            "stats": dict(stats),
            "canonical": canonical_quality(records, assignments),
        },
    }


def timed_ari(gold: list, grouping) -> dict:
    started = time.perf_counter()
    labels = grouping()
    return {"ari": round(adjusted_rand_score(gold, labels), 4), "seconds": round(time.perf_counter() - started, 2)}


def run_dupsynth() -> dict:
    """group_texts on dev and test; on the test split, in the same run, the uncleaned pages and both MinHash
    baselines (the tuned one searched on the dev split)."""
    dev_records, dev_texts, dev_clean = load_split("dev")
    records, texts, clean_seconds = load_split("test")
    ids, gold = [r["id"] for r in records], [r["cluster"] for r in records]
    test = grouped_split(records, texts, clean_seconds)
    test["group_texts_uncleaned_pages"] = timed_ari(
        gold, lambda: [a.group for a in group_texts(ids, [r["text"] for r in records])]
    )
    test["minhash_default"] = {
        **timed_ari(gold, lambda: dedup_minhash.default_groups(ids, texts)),
        "settings": f"datatrove defaults: {dedup_minhash.Setting(5, 14, 8, 0.0).describe().rsplit(',', 1)[0]}",
    }
    started = time.perf_counter()
    setting, dev_ari, tried = dedup_minhash.tune(dev_texts, [r["cluster"] for r in dev_records])
    test["minhash_tuned"] = {
        **timed_ari(gold, lambda: dedup_minhash.tuned_groups(texts, setting)),
        "settings": f"tuned on dev: {setting.describe()}",
        "dev_ari": round(dev_ari, 4),
        "settings_tried": tried,
        "tuning_seconds": round(time.perf_counter() - started, 1),
    }
    return {"dev": grouped_split(dev_records, dev_texts, dev_clean), "test": test}


# --- Reuters scaling --------------------------------------------------------------------------------------


def reuters_body(record: dict) -> str:
    """The story without its headline line, SGML entities decoded and hard-wrapped lines joined into
    paragraphs (a paragraph starts with an indented line)."""
    text = html.unescape(record["text"]).replace("\x02", "").replace("\x03", "")
    lines = [line for line in text.split("\n") if line.strip()]
    if record.get("title") and lines and lines[0].strip() == html.unescape(record["title"]).strip():
        lines = lines[1:]
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and not line[:1].isspace():
            paragraphs[-1] += " " + line.strip()
        else:
            paragraphs.append(line.strip())
    return "\n".join(paragraphs)


def reuters_sample(fraction: float) -> tuple[list[str], list[str]]:
    """A seeded sample of the stories the pipeline's article filter would keep (>= 40 words), by id."""
    stories = []
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("has_body"):
                body = reuters_body(record)
                if len(body.split()) >= CLEAN_DEFAULTS.min_article_words:
                    stories.append((record["id"], body))
    chosen = sorted(random.Random(SAMPLE_SEED).sample(stories, round(len(stories) * fraction)))
    return [i for i, _ in chosen], [t for _, t in chosen]


def reuters_one(fraction: float) -> dict:
    """Runs in its own process: one sample size, its time (wall and this process's CPU) and peak RSS."""
    ids, texts = reuters_sample(fraction)
    rss_before = peak_rss_mb()
    stats: Counter = Counter()
    load = os.getloadavg()[0]
    started, cpu_started = time.perf_counter(), time.process_time()
    assignments = group_texts(ids, texts, stats)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    sizes = Counter(a.size for a in assignments if a.is_canonical)
    return {
        "fraction": fraction,
        "docs": len(ids),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "load_average_1min": [round(load, 2), round(os.getloadavg()[0], 2)],  # before, after
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "peak_rss_before_grouping_mb": round(rss_before, 1),
        "groups": sum(sizes.values()),
        "groups_with_copies": sum(n for size, n in sizes.items() if size > 1),
        "largest_group": max(sizes) if sizes else 0,
        "stats": dict(stats),
    }


def reuters_child(fraction: float) -> dict:
    command = ["nice", "-n", "10", sys.executable, __file__, "--reuters-one", str(fraction)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


# Times ``group_texts`` of another checkout (``--baseline-src``) on the sample in a JSON file: argv = src, sample.
OLD_CODE_CHILD = """
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
from build_dataset.dedup import group_texts
ids, texts = json.load(open(sys.argv[2], encoding="utf-8"))
load = os.getloadavg()[0]
started, cpu_started = time.perf_counter(), time.process_time()
group_texts(ids, texts)
seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
loads = [round(load, 2), round(os.getloadavg()[0], 2)]
print(json.dumps({"seconds": round(seconds, 2), "cpu_seconds": round(cpu_seconds, 2), "load_average_1min": loads}))
"""


def old_code_child(src: Path, sample: Path) -> dict:
    command = ["nice", "-n", "10", sys.executable, "-c", OLD_CODE_CHILD, str(src), str(sample)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def same_load_comparison(src: Path) -> dict:
    """The whole corpus grouped by the code before issue 15 (``src``) and by ours, alternately, so that both
    see the same machine load."""
    with tempfile.TemporaryDirectory(prefix="dedup_reuters_") as tmp:
        sample = Path(tmp) / "sample.json"
        sample.write_text(json.dumps(reuters_sample(1.0)), encoding="utf-8")
        old, new = [], []
        for _ in range(REUTERS_REPEATS):
            old.append(old_code_child(src, sample))
            new.append(reuters_child(1.0))
    median = {name: statistics.median(r["cpu_seconds"] for r in runs) for name, runs in (("old", old), ("new", new))}
    return {
        "baseline_src": str(src),
        "before_issue_15": old,
        "ours": [{k: r[k] for k in ("seconds", "cpu_seconds", "load_average_1min")} for r in new],
        "cpu_ratio_of_medians": round(median["new"] / median["old"], 3),
    }


def run_reuters(baseline: dict | None) -> dict:
    runs = [reuters_child(fraction) for fraction in REUTERS_FRACTIONS]
    repeats = [runs[-1], *(reuters_child(1.0) for _ in range(REUTERS_REPEATS - 1))]
    smallest, largest = runs[0], runs[-1]
    size_ratio = largest["docs"] / smallest["docs"]
    time_ratio = largest["seconds"] / smallest["seconds"]
    nlogn_ratio = size_ratio * math.log(largest["docs"]) / math.log(smallest["docs"])
    whole = {
        "seconds": [r["seconds"] for r in repeats],
        "cpu_seconds": [r["cpu_seconds"] for r in repeats],
        "load_average_1min": [r["load_average_1min"] for r in repeats],
        "median_seconds": statistics.median(r["seconds"] for r in repeats),
        "median_cpu_seconds": statistics.median(r["cpu_seconds"] for r in repeats),
    }
    if baseline:
        whole["over_baseline"] = round(whole["median_seconds"] / baseline["seconds"], 3)
    return {
        "runs": runs,
        "whole_corpus": whole,
        "time_exponent": round(math.log(time_ratio) / math.log(size_ratio), 3),
        "time_ratio_over_nlogn_ratio": round(time_ratio / nlogn_ratio, 3),
    }


def reuters_baseline(previous: dict | None) -> dict | None:
    """The grouping time on all of Reuters recorded before issue 15, carried over from the previous results."""
    if not previous:
        return None
    if "reuters_baseline" in previous:
        return previous["reuters_baseline"]
    whole = [r for r in previous.get("reuters", {}).get("runs", []) if r["fraction"] == 1.0]
    if not whole:
        return None
    return {"seconds": whole[0]["seconds"], "docs": whole[0]["docs"],
            "measured": "benchmarks/results/dedup.json of commit 0326205, before issue 15; load not recorded"}


# --- report -----------------------------------------------------------------------------------------------


def check(bar: str, measured: str, met: bool) -> dict:
    return {"bar": bar, "measured": measured, "met": bool(met)}


def acceptance(results: dict) -> list[dict]:
    """Issue 15's bars, each with the measured figure and whether it is met (a part not run is left out)."""
    test = results["bbc_dupsynth"]["test"]
    ours, tuned = test["group_texts"]["ari"], test["minhash_tuned"]["ari"]
    checks = [
        check(f"bbc_dupsynth test ARI >= {DUPSYNTH_MIN_ARI}, ahead of the tuned MinHash",
              f"{ours} vs tuned MinHash {tuned}", ours >= DUPSYNTH_MIN_ARI and ours > tuned)
    ]  # fmt: skip
    if real := results.get("naver"):
        report, versions = real["pair_set"]["report"], real["yonhap_versions"]
        merges = real["false_merges"]["false_merge_groups"]
        checks += [
            check(f"Naver pair set, report half: precision >= {NAVER_MIN_PRECISION}, recall >= {NAVER_MIN_RECALL}",
                  f"{report['precision']} / {report['recall']}",
                  report["precision"] >= NAVER_MIN_PRECISION and report["recall"] >= NAVER_MIN_RECALL),
            check(f"Yonhap version pairs in one group, both records rows of the dataset: recall >= "
                  f"{VERSION_MIN_RECALL}", f"{versions['recall_both_kept']} (of {versions['pairs_both_kept']})",
                  versions["recall_both_kept"] >= VERSION_MIN_RECALL),
            check(f"the same, counting pairs with a record the build rejects: recall >= {VERSION_MIN_RECALL}",
                  f"{versions['recall']} ({versions['grouped']}/{versions['pairs']})",
                  versions["recall"] >= VERSION_MIN_RECALL),
            check(f"real-news false merges <= {MAX_FALSE_MERGES} (Naver corpus)", str(merges),
                  merges <= MAX_FALSE_MERGES),
        ]  # fmt: skip
    whole = results.get("reuters", {}).get("whole_corpus", {})
    if "over_baseline" in whole:
        checks.append(  # not like for like: the machine's load then was not recorded, so this row informs only
            {"bar": "grouping all of Reuters-21578 vs the time recorded before issue 15 (load then unknown)",
             "measured": f"{whole['median_seconds']} s vs {results['reuters_baseline']['seconds']} s recorded then "
                         f"(x{whole['over_baseline']})", "met": None}
        )  # fmt: skip
    if same := results.get("reuters", {}).get("same_load"):
        checks.append(
            check(f"grouping all of Reuters-21578, the code before issue 15 and ours timed alternately in this run "
                  f"(median CPU seconds): at most {MAX_SLOWDOWN}x",
                  f"x{same['cpu_ratio_of_medians']}", same["cpu_ratio_of_medians"] <= MAX_SLOWDOWN)
        )  # fmt: skip
    return checks


def print_tables(results: dict) -> None:
    test = results["bbc_dupsynth"]["test"]
    print("\nbbc_dupsynth test split (tuned on dev), cleaned with build_dataset.clean.page.split_page")
    for name in ("group_texts", "group_texts_uncleaned_pages", "minhash_default", "minhash_tuned"):
        row = test[name]
        print(f"{name:<28} ARI {row['ari']:.4f} {row['seconds']:>7.2f} s  {row.get('settings', '')}")
    if "reuters" in results:
        for run in results["reuters"]["runs"]:
            print(f"Reuters {run['fraction']:>4.0%} {run['docs']:>6} docs {run['seconds']:>7.2f} s "
                  f"(cpu {run['cpu_seconds']} s, load {run['load_average_1min']}) {run['peak_rss_mb']} MB")
    print()
    for check in results["acceptance"]:
        verdict = {True: "met", False: "NOT MET", None: "not a bar"}[check["met"]]
        print(f"[{verdict}] {check['bar']}: {check['measured']}")


def commit() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()  # fmt: skip
    return head.stdout.strip() + ("+changes" if dirty else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--skip-reuters", action="store_true")
    parser.add_argument("--skip-naver", action="store_true")
    parser.add_argument("--reuse-reuters", action="store_true", help="keep the previous results' Reuters timings "
                        "(recorded with the commit they were measured at) when only the other parts changed")
    parser.add_argument("--baseline-src", type=Path, help="a checkout of the code before issue 15 (git archive "
                        "0326205) to time on the whole Reuters corpus alternately with ours, under the same load")
    parser.add_argument("--reuters-one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reuters_one is not None:
        print(json.dumps(reuters_one(args.reuters_one)))
        return 0
    require(DUPSYNTH / "test.jsonl.gz")
    if not (args.skip_reuters or args.reuse_reuters):
        require(REUTERS)
    previous = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else None
    started = time.perf_counter()
    results: dict = {"commit": commit(), "bbc_dupsynth": run_dupsynth()}
    if not args.skip_naver:
        results["naver"] = dedup_real.run()
    if args.reuse_reuters and previous and "reuters" in previous:
        results["reuters_baseline"] = previous.get("reuters_baseline")
        results["reuters"] = previous["reuters"] | {"commit": previous["reuters"].get("commit", previous["commit"])}
    elif not args.skip_reuters:
        results["reuters_baseline"] = reuters_baseline(previous)
        results["reuters"] = run_reuters(results["reuters_baseline"])
        if args.baseline_src:
            results["reuters"]["same_load"] = same_load_comparison(args.baseline_src)
    results["acceptance"] = acceptance(results)
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print_tables(results)
    print(f"\nwritten to {args.out} ({results['total_seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
