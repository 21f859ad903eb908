"""Duplicate groups on real news: the Naver pair set, Yonhap story versions and false merges.

Usage: python benchmarks/dedup_real.py [--errors tune] [--cache-dir DIR]   (``dedup_benchmark.py`` calls ``run``)

The 498 articles of ``../shared/corpora/korea_en_naver_2025`` (read at run time, never copied; see
``benchmarks/dedup_pairs/README.md``) go through the project's whole build, with the record's title, date, id and
url fields, as the pair set was drawn. Two articles are *grouped* when they share a ``duplicate_group``.

- **Pair set** (``dedup_pairs/naver_pairs.jsonl``): ``copy`` and ``version`` pairs should be grouped,
  ``different`` pairs not; precision and recall per half (thresholds are set on ``tune``; ``report`` is reported).
- **Yonhap story versions** over the whole corpus. A pair of records is a *true version* when (1) one outlet
  published both, (2) their titles are equal once leading version tags are removed (the cleaner's
  ``clean.wire.VERSION_TAG``: "(LEAD)", "(2nd LD)", "(URGENT)" ...), (3) on the same day, and (4) their texts
  overlap: at least ``VERSION_MIN_CONTAINMENT`` of the shorter body's word 5-grams are in the other body. Title
  alone also pairs recurring columns with a fixed headline ("Yonhap News Summary", "Today in Korean history",
  the daily KORIBOR table), which are different stories; (3) and (4) leave them out. Recall: the share of true
  version pairs grouped. The definition is checked against the pair set's labels (every same-title pair is in it).
- **False merges**: groups of two or more that hold a pair labelled ``different``; grouped pairs the set does
  not label are listed (``unlabelled_grouped_pairs``) for reading.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
import tempfile
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

from build_dataset.clean.wire import VERSION_TAG
from build_dataset.core.settings import CorpusFields, Settings
from build_dataset.run.build import build

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "benchmarks" / "dedup_pairs" / "naver_pairs.jsonl"
sys.path.insert(0, str(PAIRS.parent))
from candidates import CORPUS, body, load_articles  # noqa: E402  (benchmarks/dedup_pairs is no package)

SAME = ("copy", "version")
# The crawl's last day is 2026-01-06 (SOURCE.md); any later day works, a fixed one keeps the build reproducible.
AS_OF = dt.date(2026, 1, 13)
# (4) of a true version: the share of the shorter body's word 5-grams found in the other. On the 43 same-title
# pairs the 27 labelled versions overlap 0.56-0.98 (an "(URGENT)" flash and its story lowest); same-day
# "Yonhap News Summary" digests 0.03 and 0.37. "Most of the shorter text" is the natural line between.
VERSION_MIN_CONTAINMENT = 0.5
SHINGLE_WORDS = 5


def bare_title(title: str) -> str:
    """The title without leading version tags ("(LEAD) (2nd LD) X" -> "X")."""
    title = html.unescape(title).strip()
    while (tag := VERSION_TAG.match(title)) is not None:
        title = title[tag.end() :].lstrip(" -")
    return title


def built_groups(articles: list[dict], work: Path, cache_dir: Path | None = None) -> tuple[dict[str, dict], float]:
    """The build's rows by record id, and the build's seconds."""
    import pyarrow.parquet as pq

    corpus = work / "naver_articles.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for record in articles:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    out = work / "built"
    fields = CorpusFields(text="text", title="title", date="date", id="id", url="url")
    settings = Settings(input_dir=corpus, output_dir=out, show_progress=False, on_bad_input="skip",
                        corpus_fields=fields, as_of=AS_OF, cache_dir=cache_dir)  # fmt: skip
    started = time.perf_counter()
    build(settings)
    seconds = time.perf_counter() - started
    table = pq.read_table(sorted((out / "articles").glob("*.parquet")))
    return {row["source_file"].split("#", 1)[1]: row for row in table.to_pylist()}, seconds


def grouped(rows: dict[str, dict], a: str, b: str) -> bool:
    return a in rows and b in rows and rows[a]["duplicate_group"] == rows[b]["duplicate_group"]


def pair_set_scores(labels: list[dict], rows: dict[str, dict], kept_only: bool = False) -> dict:
    """Precision and recall of "grouped" against copy/version labels, per half and over the whole set
    (``kept_only``: over the pairs whose two records are rows of the dataset)."""
    result = {}
    for split in ("tune", "report", "all"):
        counts: Counter = Counter()
        for pair in labels:
            if kept_only and not (pair["a"] in rows and pair["b"] in rows):
                continue
            if split in ("all", pair["split"]):
                same, found = pair["label"] in SAME, grouped(rows, pair["a"], pair["b"])
                counts["tp" if same and found else "fp" if found else "fn" if same else "tn"] += 1
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        result[split] = {
            **{k: counts[k] for k in ("tp", "fp", "fn", "tn")},
            "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
        }
    return result


def pair_errors(labels: list[dict], rows: dict[str, dict], split: str) -> list[dict]:
    """The pairs of one half the build gets wrong, with what the build says of each side (for error analysis:
    call it on ``tune`` only)."""
    errors = []
    for pair in labels:
        found = grouped(rows, pair["a"], pair["b"])
        if pair["split"] == split and found != (pair["label"] in SAME):
            sides = [{k: rows.get(i, {}).get(k) for k in ("title", "date", "publisher", "version", "kind",
                      "duplicate_relation", "duplicate_score")} for i in (pair["a"], pair["b"])]  # fmt: skip
            errors.append({**pair, "grouped": found, "sides": sides})
    return errors


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[k : k + SHINGLE_WORDS]) for k in range(len(words) - SHINGLE_WORDS + 1)}


def same_title_pairs(articles: list[dict]) -> dict[tuple[str, str], bool]:
    """Every pair of one outlet's records with the same title once version tags are removed, and whether it is
    a true version (same day, overlapping texts; see the module docstring)."""
    by_title: dict[tuple, list[dict]] = {}
    for record in articles:
        by_title.setdefault((record["publisher"], bare_title(record["title"])), []).append(record)
    found = {}
    for records in by_title.values():
        for first, second in combinations(sorted(records, key=lambda r: r["id"]), 2):
            a, b = shingles(body(first)), shingles(body(second))
            overlap = len(a & b) / min(len(a), len(b)) if a and b else 0.0
            same_day = first["date"][:10] == second["date"][:10]
            found[(first["id"], second["id"])] = same_day and overlap >= VERSION_MIN_CONTAINMENT
    return found


def version_recall(articles: list[dict], rows: dict[str, dict], labels: list[dict]) -> dict:
    """Recall of the true version pairs, and how the definition sorts the same-title pairs the set labels."""
    candidates = same_title_pairs(articles)
    pairs = [pair for pair, is_version in candidates.items() if is_version]
    missed = [pair for pair in pairs if not grouped(rows, *pair)]
    kept = [pair for pair in pairs if pair[0] in rows and pair[1] in rows]
    check: Counter = Counter()
    for p in labels:
        if (p["a"], p["b"]) in candidates:
            check[f"{'version' if candidates[(p['a'], p['b'])] else 'not version'} / labelled {p['label']}"] += 1
    return {
        "definition": "same outlet, same title without leading version tags, same day, and at least "
        f"{VERSION_MIN_CONTAINMENT} of the shorter body's word {SHINGLE_WORDS}-grams in the other",
        "same_title_pairs": len(candidates),
        "pairs": len(pairs),
        "grouped": len(pairs) - len(missed),
        "recall": round((len(pairs) - len(missed)) / len(pairs), 4) if pairs else 1.0,
        "missed": [list(pair) for pair in missed],
        "missed_with_a_rejected_record": sum(1 for a, b in missed if a not in rows or b not in rows),
        "pairs_both_kept": len(kept),
        "recall_both_kept": round(sum(grouped(rows, *p) for p in kept) / len(kept), 4) if kept else 1.0,
        "definition_against_labels": dict(sorted(check.items())),
        "same_title_pairs_grouped": sum(grouped(rows, *pair) for pair in candidates),
    }


def false_merges(labels: list[dict], rows: dict[str, dict]) -> dict:
    """Groups of two or more holding a pair labelled different; grouped pairs without a label."""
    label_of = {(p["a"], p["b"]): p for p in labels}
    members: dict[str, list[str]] = {}
    for record_id, row in sorted(rows.items()):
        members.setdefault(row["duplicate_group"], []).append(record_id)
    multi = {group: ids for group, ids in members.items() if len(ids) > 1}
    wrong, unlabelled = {}, []
    for group, ids in sorted(multi.items()):
        for a, b in combinations(ids, 2):
            pair = label_of.get((a, b))
            if pair is None:
                unlabelled.append([a, b])
            elif pair["label"] not in SAME:
                wrong.setdefault(group, []).append([a, b, pair["split"]])
    return {
        "groups_with_copies": len(multi),
        "false_merge_groups": len(wrong),
        "false_merge_groups_by_split": dict(Counter(s for pairs in wrong.values() for *_, s in pairs[:1])),
        "false_merge_pairs": [pair for pairs in wrong.values() for pair in pairs],
        "unlabelled_grouped_pairs": unlabelled,
    }


def run(cache_dir: Path | None = None, error_split: str | None = None) -> dict:
    """Everything above in one build (``error_split``: also list that half's errors; use ``tune`` only)."""
    if not CORPUS.exists():
        sys.exit(f"dedup_real: {CORPUS} is missing; the corpus lives in ../shared/corpora next to the repository")
    articles = load_articles()
    labels = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory(prefix="dedup_real_") as tmp:
        rows, seconds = built_groups(articles, Path(tmp), cache_dir)
    relations = Counter(row["duplicate_relation"] for row in rows.values() if row["duplicate_relation"])
    result = {
        "records": len(articles),
        "rows": len(rows),
        "build_seconds": round(seconds, 1),
        "relations": dict(sorted(relations.items())),
        "pair_set": pair_set_scores(labels, rows),
        "pair_set_kept": pair_set_scores(labels, rows, kept_only=True),
        "yonhap_versions": version_recall(articles, rows, labels),
        "false_merges": false_merges(labels, rows),
    }
    if error_split:
        result[f"errors_{error_split}"] = pair_errors(labels, rows, error_split)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["tune"], help="list the errors of this half (never of report)")
    parser.add_argument("--cache-dir", type=Path, help="the build's cache (reruns only the corpus stages)")
    args = parser.parse_args()
    print(json.dumps(run(args.cache_dir, args.errors), indent=1, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
