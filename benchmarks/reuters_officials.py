#!/usr/bin/env python3
"""Officials recall on Reuters-21578: of the people the Reuters indexers tagged in a story, how many the
officials annotator finds. Results go to ``benchmarks/results/reuters_officials.json``.

Population: the stories of one split (``--split``: TRAIN, the default, where the officials corpus pass was
tuned, or TEST, held out) with a body and at least one ``people`` tag.
Each tag is classified by reading in ``benchmarks/reuters_people.yaml`` (government official, central banker,
IGO head, business, other); a (story, tag) pair counts only when the tag's surname appears in the story body
(the headline is not body). Business tags are the written-down exclusion list: they are never counted as
misses, and the report says how many of them were wrongly tagged as officials. A tag is found when an
official of the story has the tag's surname among its name words (and its given name, when the YAML gives
one because two tagged people share a surname).

Usage: ``python benchmarks/reuters_officials.py [--split TRAIN|TEST] [--all-train] [--workers N]``; each
split's figures are kept under its own key of the results file. Reads
../shared/corpora/reuters21578/articles.jsonl.gz at run time (research use only: never copied into the repo;
the subset is written under benchmarks/.work/, which git ignores) and skips when it is absent.
``--all-train`` builds every TRAIN story with a body (about 12,900), so the corpus-level pass sees the
untagged stories too; the default builds only the tagged ones.
"""

from __future__ import annotations

import argparse
import glob
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from build_dataset.core.settings import Settings  # noqa: E402
from build_dataset.run.build import build  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpora" / "reuters21578" / "articles.jsonl.gz"
PEOPLE = REPO / "benchmarks" / "reuters_people.yaml"
WORK = REPO / "benchmarks" / ".work" / "reuters_officials"
RESULTS = REPO / "benchmarks" / "results" / "reuters_officials.json"
SCORED_CLASSES = ("government", "central_bank", "igo")
DIGITS = 3
# Misses listed per class in the results file (the rest are counted only).
MAX_LISTED = 40


def letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", text.lower()))


def load_stories(split: str, all_stories: bool) -> list[dict]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return [r for r in records if r.get("lewissplit") == split and r.get("has_body") and
            (all_stories or r.get("people"))]


def body_of(record: dict) -> str:
    """The story text without its headline (the first non-empty line)."""
    lines = record["text"].replace("&#2;", "").strip().splitlines()
    return "\n".join(lines[1:])


def write_subset(stories: list[dict]) -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "stories.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for r in stories:
            handle.write(json.dumps({"id": r["id"], "text": r["text"], "title": r["title"], "date": r["date"]}) + "\n")
    return path


def built_officials(subset: Path, workers: int) -> dict[str, list[dict]]:
    """Record id -> the officials the build wrote for it."""
    out = WORK / "built"
    build(Settings(input_dir=subset, output_dir=out, show_progress=False, on_bad_input="skip", workers=workers))
    found = {}
    for path in sorted(glob.glob(str(out / "articles" / "**" / "*.parquet"), recursive=True)):
        for row in pq.read_table(path, columns=["source_file", "officials"]).to_pylist():
            found[row["source_file"].rsplit("#", 1)[-1]] = row["officials"] or []
    return found


def matches(person: dict, official: dict) -> bool:
    words = [letters(w) for w in re.split(r"[\s\-]+", official["name"])]
    surname = [letters(w) for w in re.split(r"[\s\-]+", person["surname"])]
    if not all(w in words for w in surname):
        return False
    given = person.get("given")
    return not given or len(words) == len(surname) or letters(given) in words


def score(stories: list[dict], people: dict, found: dict[str, list[dict]]) -> dict:
    counts: dict[str, Counter] = {c: Counter() for c in (*SCORED_CLASSES, "business")}
    misses: dict[str, list[str]] = {c: [] for c in SCORED_CLASSES}
    for record in stories:
        body = body_of(record)
        officials = found.get(record["id"])
        for tag in record.get("people") or []:
            person = people[tag]
            klass = person["class"]
            if klass not in counts or not re.search(rf"\b{re.escape(person['surname'])}\b", body, re.I):
                continue
            if officials is None:
                counts[klass]["not_built"] += 1
                continue
            hit = next((o for o in officials if matches(person, o)), None)
            counts[klass]["pairs"] += 1
            counts[klass]["found"] += hit is not None
            if hit is not None and klass != "business":
                counts[klass]["with_country"] += 1
                counts[klass]["country_ok"] += hit["country"] == person.get("country")
            elif hit is None and klass != "business":
                misses[klass].append(f"{record['id']} {tag}")
    return _report(counts, misses)


def _share(part: int, whole: int, empty: float = 1.0) -> float:
    return round(part / whole, DIGITS) if whole else empty


def _report(counts: dict[str, Counter], misses: dict[str, list[str]]) -> dict:
    report = {}
    for klass, c in counts.items():
        entry = {"pairs": c["pairs"], "found": c["found"], "not_built": c["not_built"]}
        if klass == "business":
            entry["tagged_as_official_share"] = _share(c["found"], c["pairs"], empty=0.0)
        else:
            entry["recall"] = _share(c["found"], c["pairs"])
            entry["country_accuracy"] = _share(c["country_ok"], c["with_country"])
            entry["misses"] = misses[klass][:MAX_LISTED]
        report[klass] = entry
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("TRAIN", "TEST"), default="TRAIN")
    parser.add_argument("--all-train", action="store_true", help="every story of the split, not only tagged ones")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"reuters officials: {CORPUS} not found (the corpus lives in ../shared, outside the repo); skipped")
        return 0
    people = yaml.safe_load(PEOPLE.read_text(encoding="utf-8"))["people"]
    stories = load_stories(args.split, args.all_train)
    found = built_officials(write_subset(stories), args.workers)
    tagged = [r for r in stories if r.get("people")]
    report = {
        "corpus": f"reuters21578 {args.split} split, stories with a body and people tags",
        "built": f"all {args.split} stories" if args.all_train else f"tagged {args.split} stories only",
        "stories": len(tagged),
        "excluded_business_tags": sorted(t for t, p in people.items() if p["class"] == "business"),
        "classes": score(tagged, people, found),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    kept = json.loads(args.output.read_text(encoding="utf-8")) if args.output.exists() else {}
    kept = {split: kept[split] for split in ("TRAIN", "TEST") if split in kept}  # results of older layouts dropped
    args.output.write_text(json.dumps({**kept, args.split: report}, indent=2, sort_keys=True) + "\n",
                           encoding="utf-8")
    for klass, entry in report["classes"].items():
        figure = entry.get("recall", entry.get("tagged_as_official_share"))
        print(f"{klass:14} pairs {entry['pairs']:4}  found {entry['found']:4}  {figure}")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
