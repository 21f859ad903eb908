"""Agreement of two labellings of the same articles: micro-F1 of one against the other (symmetric), articles labelled
identically, and the topics they differ on.

Usage: python benchmarks/topics_real/agreement.py [--first labels.jsonl] [--second labels_second_draw6.jsonl]
(the first file's lines for the articles of the second are compared)
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read(path: Path) -> dict[tuple[str, str], set[str]]:
    lines = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {(x["corpus"], x["id"]): set(x["topics"]) for x in lines}


def agreement(first: dict, second: dict) -> dict:
    both = sum(len(first[k] & second[k]) for k in second)
    only = Counter()
    for k in second:
        only.update(f"first only: {t}" for t in first[k] - second[k])
        only.update(f"second only: {t}" for t in second[k] - first[k])
    return {
        "articles": len(second),
        "identical_articles": sum(first[k] == second[k] for k in second),
        "micro_f1": round(2 * both / (2 * both + sum(only.values())), 3) if both or only else 1.0,
        "differences": dict(sorted(only.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=Path, default=HERE / "labels.jsonl")
    parser.add_argument("--second", type=Path, default=HERE / "labels_second_draw6.jsonl")
    args = parser.parse_args()
    first, second = read(args.first), read(args.second)
    missing = second.keys() - first.keys()
    if missing:
        raise SystemExit(f"{len(missing)} articles of {args.second} are not in {args.first}")
    print(json.dumps(agreement(first, second), indent=2))


if __name__ == "__main__":
    main()
