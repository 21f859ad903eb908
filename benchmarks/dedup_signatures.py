"""The duplicate stage alone on synthetic documents' signatures (issue 20): ``dedup/staged_lsh.py``'s four stages
(signatures to band bucket files, candidate pairs, scored edges, union-find components) on up to 1M documents:
time per stage, peak RSS, and how well the components recover the planted near-duplicate clusters.

The documents are invented here, nothing is read: word sets over a ``VOCABULARY``-word vocabulary drawn with
Zipf-like frequencies (a word of rank r has weight 1 / (r + ZIPF_OFFSET)), ``MIN_WORDS``-``MAX_WORDS`` draws
each. They come in stories: most stories are one document, ``CLUSTER_SHARE`` of them have 2-``MAX_CLUSTER``
documents, the original and its copies. A copy keeps each word of the original with a probability drawn from
``KEEP`` (trimming, edits) and adds new random words, a share of the original's length drawn from ``ADDED``
(rewording, boilerplate). The documents of a story get random document numbers, so copies are not neighbours.
A document's signature is its MinHash with the build's settings (the dedup options' defaults: ``lsh_bands`` x
``lsh_rows`` word hashes from ``dedup.minhash``, in ``lsh_bands`` bands of ``lsh_rows``); an edge is a candidate
pair whose signatures agree on at least ``EDGE_THRESHOLD`` of their values (the estimated Jaccard similarity);
clusters are the edges' components.

Each size runs in a process of its own; its peak RSS (VmHWM) is read after every stage. Precision and recall
are over document pairs (same planted story vs same component); "clusters recovered" counts the planted stories
of two or more documents whose component is exactly their documents.

Usage: python benchmarks/dedup_signatures.py [--sizes 100000,1000000]   (writes results/dedup_signatures.json)
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from build_dataset.dedup.candidates import MINHASH_SEED  # noqa: E402
from build_dataset.dedup.minhash import word_minhashes  # noqa: E402
from build_dataset.dedup.options import DEDUP_DEFAULTS  # noqa: E402
from build_dataset.dedup.staged_lsh import (  # noqa: E402
    LshLayout,
    candidate_pair_files,
    components,
    scored_edges,
    signature_agreement,
    write_signatures,
)

# The build's LSH shape (the dedup options' defaults).
BANDS, ROWS = DEDUP_DEFAULTS.lsh_bands, DEDUP_DEFAULTS.lsh_rows
NUM_PERM = BANDS * ROWS
RESULTS = REPO / "benchmarks" / "results" / "dedup_signatures.json"
WORK = REPO / "benchmarks" / ".work" / "dedup_signatures"
SEED = 20
VOCABULARY = 100_000
ZIPF_OFFSET = 100
MIN_WORDS, MAX_WORDS = 20, 120
CLUSTER_SHARE = 0.2
MAX_CLUSTER = 10
KEEP = (0.75, 0.95)
ADDED = (0.0, 0.15)
# Estimated Jaccard similarity from which two signatures are the same story: the copies' similarity with their
# original is keep / (1 + added), 0.65-0.95 by construction; unrelated documents' is under 0.05.
EDGE_THRESHOLD = 0.5
# Stories generated at once (about twice as many documents).
STORY_CHUNK = 4_000


def story_sizes(rng: np.random.Generator, n_docs: int) -> np.ndarray:
    """Documents per story until there are ``n_docs``: 1, or 2-MAX_CLUSTER for CLUSTER_SHARE of the stories."""
    sizes = np.where(rng.random(n_docs) < CLUSTER_SHARE, rng.integers(2, MAX_CLUSTER + 1, n_docs), 1)
    last = int(np.searchsorted(np.cumsum(sizes), n_docs))
    sizes = sizes[: last + 1]
    sizes[-1] -= sizes.sum() - n_docs
    return sizes


def draw_words(rng: np.random.Generator, cumulative: np.ndarray, count: int) -> np.ndarray:
    return np.searchsorted(cumulative, rng.random(count) * cumulative[-1])


def stories_words(rng: np.random.Generator, cumulative: np.ndarray, sizes: np.ndarray):
    """Each document of a chunk of stories as (document's position in the chunk, word) pairs."""
    lengths = rng.integers(MIN_WORDS, MAX_WORDS + 1, len(sizes))
    base = draw_words(rng, cumulative, int(lengths.sum()))
    base_start = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    n_members = int(sizes.sum())
    member_story = np.repeat(np.arange(len(sizes)), sizes)
    is_copy = np.arange(n_members) != np.repeat(np.cumsum(sizes) - sizes, sizes)
    keep = np.where(is_copy, rng.uniform(*KEEP, n_members), 1.0)
    added = np.where(is_copy, np.maximum(1, (rng.uniform(*ADDED, n_members) * lengths[member_story])), 0)
    member_lengths = lengths[member_story]
    owner = np.repeat(np.arange(n_members), member_lengths)
    offsets = np.arange(len(owner)) - np.repeat(np.cumsum(member_lengths) - member_lengths, member_lengths)
    words = base[np.repeat(base_start[member_story], member_lengths) + offsets]
    kept = rng.random(len(owner)) < keep[owner]
    new_owner = np.repeat(np.arange(n_members), added.astype(np.int64))
    owner = np.concatenate([owner[kept], new_owner])
    words = np.concatenate([words[kept], draw_words(rng, cumulative, len(new_owner))])
    order = np.argsort(owner, kind="stable")
    return owner[order], words[order], n_members


def synthetic_signatures(n_docs: int, planted: np.ndarray):
    """(signatures, document numbers) a chunk of stories at a time; fills ``planted`` with each document's story."""
    rng = np.random.default_rng(SEED)
    table = word_minhashes([f"w{k}".encode() for k in range(VOCABULARY)], NUM_PERM, MINHASH_SEED)
    cumulative = np.cumsum(1.0 / (np.arange(VOCABULARY) + ZIPF_OFFSET))
    sizes = story_sizes(rng, n_docs)
    numbers = rng.permutation(n_docs)
    first_doc = 0
    for start in range(0, len(sizes), STORY_CHUNK):
        chunk = sizes[start : start + STORY_CHUNK]
        owner, words, n_members = stories_words(rng, cumulative, chunk)
        starts = np.flatnonzero(np.concatenate([[True], owner[1:] != owner[:-1]]))
        docs = numbers[first_doc : first_doc + n_members]
        planted[docs] = start + np.repeat(np.arange(len(chunk)), chunk)
        first_doc += n_members
        yield np.minimum.reduceat(table[words], starts, axis=0), docs


def recovery(planted: np.ndarray, found: np.ndarray) -> dict:
    """Pairs of documents in one planted story and in one found component; stories found exactly."""
    n = len(planted)
    joint, joint_size = np.unique(planted * n + found, return_counts=True)
    story_size, component_size = np.bincount(planted, minlength=n), np.bincount(found, minlength=n)
    together, planted_pairs, found_pairs = ((s * (s - 1) // 2).sum() for s in (joint_size, story_size, component_size))
    joint_story, joint_component = joint // n, joint % n
    whole = (np.bincount(joint_story, minlength=n)[joint_story] == 1) & (component_size[joint_component] == joint_size)
    clustered = story_size > 1
    recovered = int(clustered[joint_story[whole]].sum())
    return {
        "planted_pairs": int(planted_pairs),
        "found_pairs": int(found_pairs),
        "pair_precision": round(float(together / found_pairs), 4) if found_pairs else None,
        "pair_recall": round(float(together / planted_pairs), 4) if planted_pairs else None,
        "planted_clusters": int(clustered.sum()),
        "clusters_recovered": recovered,
        "cluster_recall": round(recovered / max(int(clustered.sum()), 1), 4),
    }


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_one(n_docs: int) -> dict:
    """All four stages on ``n_docs`` synthetic documents, in this process."""
    shutil.rmtree(WORK, ignore_errors=True)
    layout = LshLayout.sized(WORK, n_docs, n_docs, keeps_signatures=True)
    planted = np.full(n_docs, -1, dtype=np.int64)
    seconds, rss = {}, {"start": peak_rss_mb()}

    def timed(name, stage, *args):
        started = time.perf_counter()
        found = stage(*args)
        seconds[name] = round(time.perf_counter() - started, 2)
        rss[name] = peak_rss_mb()
        return found

    timed("signatures", write_signatures, layout, synthetic_signatures(n_docs, planted))
    pair_files = timed("candidate_pairs", candidate_pair_files, layout)
    edge_files = timed("scored_edges", scored_edges, layout, pair_files, signature_agreement(layout), EDGE_THRESHOLD)
    found = timed("components", components, n_docs, edge_files)
    stages_peak = peak_rss_mb()
    disk = sum(p.stat().st_size for p in WORK.rglob("*") if p.is_file())
    result = {
        "docs": n_docs,
        "candidate_pairs": sum(p.stat().st_size for p in pair_files) // 16,
        "edges": sum(p.stat().st_size for p in edge_files) // 16,
        "bucket_files": layout.bucket_files * layout.bands,
        "pair_files": layout.pair_files,
        "disk_mb": round(disk / 2**20, 1),
        "seconds": seconds,
        "total_seconds": round(sum(seconds.values()), 2),
        "peak_rss_mb_after": rss,
        "peak_rss_mb": stages_peak,
        **recovery(planted, found),
        "peak_rss_mb_with_evaluation": peak_rss_mb(),
    }
    shutil.rmtree(WORK, ignore_errors=True)
    return result


def code_commit() -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    return found.stdout.strip() or "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a size, run in this process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    runs = []
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True, text=True)
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        runs.append(json.loads(done.stdout))
        print(json.dumps(runs[-1]), flush=True)
    settings = {"bands": BANDS, "rows": ROWS, "num_perm": NUM_PERM, "edge_threshold": EDGE_THRESHOLD,
                "vocabulary": VOCABULARY, "words_per_doc": [MIN_WORDS, MAX_WORDS], "cluster_share": CLUSTER_SHARE,
                "max_cluster": MAX_CLUSTER, "keep": list(KEEP), "added": list(ADDED), "seed": SEED}
    RESULTS.write_text(json.dumps({"commit": code_commit(), "settings": settings, "runs": runs}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
