"""Duplicate-group benchmark: quality on bbc_dupsynth, scaling on Reuters-21578.

Usage: python benchmarks/dedup_benchmark.py [--skip-reuters] [--out benchmarks/results/dedup.json]

Reads the corpora from ../shared/corpora relative to the repository root (they are research-use only and
never copied into the repository) and exits with a message when they are absent.

1. bbc_dupsynth (tuned on the dev split only; the test split is reported): every page goes through the
   project's cleaner first (``build_dataset.clean.page.split_page``, as in the pipeline), then ``group_texts`` and,
   on the same texts in the same run, a datatrove-style MinHash baseline (word 5-grams, 14 bands x 8 rows,
   union of colliding pairs). Both ARIs and times are printed, plus ``group_texts`` on the uncleaned pages.
2. Reuters-21578 (19k stories with a body): ``group_texts`` on 25%, 50% and 100% of the stories that pass the
   pipeline's article filter (>= 40 words), each size in a fresh process so its peak RSS is its own.
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
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from datasketch import MinHash, MinHashLSH
from sklearn.metrics import adjusted_rand_score

from build_dataset.clean.page import MIN_ARTICLE_WORDS, split_page
from build_dataset.core.article import Article
from build_dataset.dedup.grouper import group_texts

ROOT = Path(__file__).resolve().parents[1]

CORPORA = ROOT.parent / "shared" / "corpora"
DUPSYNTH = CORPORA / "bbc_dupsynth"
REUTERS = CORPORA / "reuters21578" / "articles.jsonl.gz"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "dedup.json"
REUTERS_FRACTIONS = (0.25, 0.5, 1.0)
SAMPLE_SEED = 0
# datatrove's MinhashConfig defaults: word 5-grams, 14 buckets of 8 hashes.
BASELINE_NGRAM = 5
BASELINE_BANDS = 14
BASELINE_ROWS = 8


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
    article = Article(id=record["id"], source_file=record["id"], raw=record["text"])
    split_page(article)
    return article.text


def normalize_for_minhash(text: str) -> list[str]:
    """datatrove's simplified text normalization: lowercase, punctuation to spaces, split on whitespace."""
    return "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()


def minhash_baseline(ids: list[str], texts: list[str]) -> list[str]:
    """datatrove-style MinHash dedup: word 5-gram shingles, 14x8 LSH, clusters = union of colliding pairs."""
    shingles = []
    for text in texts:
        words = normalize_for_minhash(text)
        grams = {" ".join(words[i : i + BASELINE_NGRAM]) for i in range(max(len(words) - BASELINE_NGRAM + 1, 1))}
        shingles.append([gram.encode("utf-8") for gram in grams])
    hashes = MinHash.bulk(shingles, num_perm=BASELINE_BANDS * BASELINE_ROWS)
    lsh = MinHashLSH(num_perm=BASELINE_BANDS * BASELINE_ROWS, params=(BASELINE_BANDS, BASELINE_ROWS))
    for key, minhash in zip(ids, hashes):
        lsh.insert(key, minhash)
    parent = {key: key for key in ids}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for key, minhash in zip(ids, hashes):
        for other in lsh.query(minhash):
            a, b = sorted((find(key), find(other)))
            parent[b] = a
    return [find(key) for key in ids]


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


def run_dupsynth(split: str, with_baseline: bool, with_raw: bool) -> dict:
    records = read_jsonl_gz(DUPSYNTH / f"{split}.jsonl.gz")
    ids = [r["id"] for r in records]
    gold = [r["cluster"] for r in records]
    started = time.perf_counter()
    texts = [cleaned_body(r) for r in records]
    clean_seconds = time.perf_counter() - started
    result: dict = {"docs": len(records), "clusters": len(set(gold)), "clean_seconds": round(clean_seconds, 2)}
    stats: Counter = Counter()
    started = time.perf_counter()
    assignments = group_texts(ids, texts, stats)
    result["group_texts"] = {
        "ari": round(adjusted_rand_score(gold, [a.group for a in assignments]), 4),
        "seconds": round(time.perf_counter() - started, 2),
        "stats": dict(stats),
        "canonical": canonical_quality(records, assignments),
    }
    if with_raw:
        started = time.perf_counter()
        raw = group_texts(ids, [r["text"] for r in records])
        result["group_texts_uncleaned_pages"] = {
            "ari": round(adjusted_rand_score(gold, [a.group for a in raw]), 4),
            "seconds": round(time.perf_counter() - started, 2),
        }
    if with_baseline:
        started = time.perf_counter()
        baseline = minhash_baseline(ids, texts)
        result["minhash_baseline"] = {
            "ari": round(adjusted_rand_score(gold, baseline), 4),
            "seconds": round(time.perf_counter() - started, 2),
            "settings": f"word {BASELINE_NGRAM}-grams, {BASELINE_BANDS} bands x {BASELINE_ROWS} rows",
        }
    return result


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
                if len(body.split()) >= MIN_ARTICLE_WORDS:
                    stories.append((record["id"], body))
    chosen = sorted(random.Random(SAMPLE_SEED).sample(stories, round(len(stories) * fraction)))
    return [i for i, _ in chosen], [t for _, t in chosen]


def reuters_one(fraction: float) -> dict:
    """Runs in its own process: one sample size, its time and the process's peak RSS."""
    ids, texts = reuters_sample(fraction)
    rss_before = peak_rss_mb()
    stats: Counter = Counter()
    started = time.perf_counter()
    assignments = group_texts(ids, texts, stats)
    seconds = time.perf_counter() - started
    sizes = Counter(a.size for a in assignments if a.is_canonical)
    return {
        "fraction": fraction,
        "docs": len(ids),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "peak_rss_before_grouping_mb": round(rss_before, 1),
        "groups": sum(sizes.values()),
        "groups_with_copies": sum(n for size, n in sizes.items() if size > 1),
        "largest_group": max(sizes) if sizes else 0,
        "stats": dict(stats),
    }


def run_reuters() -> dict:
    runs = []
    for fraction in REUTERS_FRACTIONS:
        output = subprocess.run(
            [sys.executable, __file__, "--reuters-one", str(fraction)], check=True, capture_output=True, text=True
        ).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
    smallest, largest = runs[0], runs[-1]
    size_ratio = largest["docs"] / smallest["docs"]
    time_ratio = largest["seconds"] / smallest["seconds"]
    nlogn_ratio = size_ratio * math.log(largest["docs"]) / math.log(smallest["docs"])
    return {
        "runs": runs,
        "time_exponent": round(math.log(time_ratio) / math.log(size_ratio), 3),
        "time_ratio_over_nlogn_ratio": round(time_ratio / nlogn_ratio, 3),
    }


# --- report -----------------------------------------------------------------------------------------------


def print_tables(results: dict) -> None:
    test = results["bbc_dupsynth"]["test"]
    print("\nbbc_dupsynth test split (tuned on dev), cleaned with build_dataset.clean.page.split_page")
    print(f"{'method':<52} {'ARI':>7} {'seconds':>8}")
    rows = [
        ("group_texts (sentence LSH + alignment + avg linkage)", test["group_texts"]),
        ("group_texts on uncleaned pages", test.get("group_texts_uncleaned_pages")),
        (f"MinHash baseline ({test['minhash_baseline']['settings']})", test["minhash_baseline"]),
    ]
    for name, row in rows:
        if row:
            print(f"{name:<52} {row['ari']:>7.4f} {row['seconds']:>8.2f}")
    dev = results["bbc_dupsynth"]["dev"]["group_texts"]
    print(f"(dev split: group_texts ARI {dev['ari']:.4f}; canonical = original in "
          f"{test['group_texts']['canonical']['canonical_is_original']:.1%} of test groups, garbled copy in "
          f"{test['group_texts']['canonical']['canonical_is_garbled']:.1%})")
    if "reuters" not in results:
        return
    reuters = results["reuters"]
    print("\nReuters-21578 scaling (stories with >= 40 words)")
    header = ("share", "docs", "seconds", "peak RSS MB", "(before grouping)", "groups w/ copies")
    print("{:>6} {:>7} {:>8} {:>12} {:>18} {:>17}".format(*header))
    for run in reuters["runs"]:
        print(f"{run['fraction']:>6.0%} {run['docs']:>7} {run['seconds']:>8.2f} {run['peak_rss_mb']:>12.1f} "
              f"{run['peak_rss_before_grouping_mb']:>18.1f} {run['groups_with_copies']:>17}")
    print(f"time ~ N^{reuters['time_exponent']}; time ratio / (N log N) ratio = "
          f"{reuters['time_ratio_over_nlogn_ratio']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--skip-reuters", action="store_true")
    parser.add_argument("--reuters-one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reuters_one is not None:
        print(json.dumps(reuters_one(args.reuters_one)))
        return 0
    require(DUPSYNTH / "test.jsonl.gz")
    if not args.skip_reuters:
        require(REUTERS)
    started = time.perf_counter()
    results: dict = {
        "bbc_dupsynth": {
            "dev": run_dupsynth("dev", with_baseline=False, with_raw=False),
            "test": run_dupsynth("test", with_baseline=True, with_raw=True),
        }
    }
    if not args.skip_reuters:
        results["reuters"] = run_reuters()
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_tables(results)
    print(f"\nwritten to {args.out} ({results['total_seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
