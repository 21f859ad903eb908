"""Reproduce the draw of the real-world topic set (ids only; texts stay in ../shared/corpora).

The corpora's terms forbid copying their text into this repository, so labels.jsonl holds ids, labels and
short notes, and texts are read at run time from the corpora folder.

Draw (one generator, ``random.Random(2026)``, used in this order):
1. korea_en_naver_2025: records with ``item_type == "article"`` (498), ids sorted; ``rng.sample(ids, 110)``.
2. bbc2005: for each category in sorted order (business, entertainment, politics, sport, tech), that
   category's ids sorted; ``rng.sample(ids, 14)`` -> 70.
Split: ``"tune"`` if the first byte of sha256(id as UTF-8) is even, else ``"report"``.

Usage:
    python benchmarks/topics_real/sample.py [--corpora ../shared/corpora]        # print corpus, id, split
    python benchmarks/topics_real/sample.py --check                               # compare with labels.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SEED = 2026
N_NAVER = 110
N_BBC_PER_CATEGORY = 14


def read_jsonl_gz(path: Path):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def split_of(record_id: str) -> str:
    return "tune" if hashlib.sha256(record_id.encode("utf-8")).digest()[0] % 2 == 0 else "report"


def draw(corpora: Path) -> list[tuple[str, str]]:
    """The (corpus, id) pairs of the sample, in draw order."""
    rng = random.Random(SEED)
    naver = sorted(r["id"] for r in read_jsonl_gz(corpora / "korea_en_naver_2025" / "articles.jsonl.gz")
                   if r.get("item_type") == "article")
    picked = [("korea_en_naver_2025", i) for i in rng.sample(naver, N_NAVER)]
    by_category: dict[str, list[str]] = {}
    for r in read_jsonl_gz(corpora / "bbc2005" / "articles.jsonl.gz"):
        by_category.setdefault(r["category"], []).append(r["id"])
    for category in sorted(by_category):
        picked += [("bbc2005", i) for i in rng.sample(sorted(by_category[category]), N_BBC_PER_CATEGORY)]
    return picked


def load_texts(corpora: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """Records of the sample, read from the corpora at run time (for scorers and for labelling)."""
    out = {}
    for corpus in ("korea_en_naver_2025", "bbc2005"):
        for r in read_jsonl_gz(corpora / corpus / "articles.jsonl.gz"):
            if (corpus, r["id"]) in wanted:
                out[(corpus, r["id"])] = r
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--check", action="store_true", help="check labels.jsonl holds exactly this draw")
    args = parser.parse_args()
    picked = draw(args.corpora)
    if args.check:
        labels = [json.loads(x) for x in (HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines() if x]
        have = {(x["corpus"], x["id"]): x["split"] for x in labels}
        want = {(c, i): split_of(i) for c, i in picked}
        ok = have == want and len(labels) == len(want)
        print(f"{len(want)} drawn, {len(labels)} labelled: {'match' if ok else 'MISMATCH'}")
        return 0 if ok else 1
    for corpus, record_id in sorted(picked):
        print(corpus, record_id, split_of(record_id), sep="\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
