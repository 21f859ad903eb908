#!/usr/bin/env python3
"""Topics on real news: micro P/R/F1 and per-topic precision on the labelled set ``benchmarks/topics_real``.

The labelled ids (Naver and BBC articles, split into a tune and a report half) are looked up in
``../shared/corpora`` at run time (their text may not be stored here), written as one JSON Lines corpus of
``{"id", "text"}`` records (the page as crawled, no metadata fields) and built with the real pipeline. A record
the build rejects predicts no topic. ``benchmarks/quality.py`` stores the scores of both halves in
``benchmarks/results/quality.json`` (``topics_real``); run alone, this prints them (``--output`` also writes them).
Decision constants may be fitted on the tune half only (``benchmarks/topics_tune.py``).

Precision of a topic with no predictions is null ("no predictions"), not 0, so a topic with neither gold nor
predictions in a half does not count against it.

Usage: ``python benchmarks/topics_real_eval.py [--corpora ../shared/corpora] [--output ...]``
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from build_dataset.annotate.topics.annotator import TopicAnnotator, load_taxonomy  # noqa: E402
from build_dataset.core.article import Article  # noqa: E402
from build_dataset.core.settings import Settings  # noqa: E402
from build_dataset.io.files import article_from_bytes  # noqa: E402
from build_dataset.pipeline import PER_ARTICLE, make_steps  # noqa: E402
from build_dataset.run.build import build  # noqa: E402

SET_DIR = REPO / "benchmarks" / "topics_real"
LABELS = SET_DIR / "labels.jsonl"
CORPORA = REPO.parent / "shared" / "corpora"
CORPUS_FILE = "records.jsonl"
SPLITS = ("tune", "report")
CORPORA_NEEDED = ("korea_en_naver_2025", "bbc2005")
DIGITS = 3


def load_labels(path: Path = LABELS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_texts(corpora: Path, labels: list[dict]) -> dict[str, str]:
    """id -> text of every labelled record, read from the corpora with ``topics_real/sample.py``."""
    spec = importlib.util.spec_from_file_location("topics_real_sample", SET_DIR / "sample.py")
    sample = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sample)
    records = sample.load_texts(corpora, {(x["corpus"], x["id"]) for x in labels})
    return {record_id: record["text"] for (_, record_id), record in records.items()}


def build_predictions(texts: dict[str, str], work: Path) -> dict[str, set[str]]:
    """Build the records with the real pipeline; id -> predicted topics (rejected records predict none)."""
    import polars as pl

    corpus = work / "input" / CORPUS_FILE
    corpus.parent.mkdir(parents=True)
    with open(corpus, "w", encoding="utf-8") as handle:
        for record_id in sorted(texts):
            handle.write(json.dumps({"id": record_id, "text": texts[record_id]}, ensure_ascii=False) + "\n")
    build(Settings(input_dir=corpus.parent, output_dir=work / "built", show_progress=False, on_bad_input="skip"))
    frame = pl.concat([pl.read_parquet(p) for p in sorted((work / "built" / "articles").glob("*.parquet"))])
    predicted = {record_id: set() for record_id in texts}
    for row in frame.select("source_file", "topics").iter_rows(named=True):
        predicted[row["source_file"].split("#", 1)[1]] = set(row["topics"])
    return predicted


def cleaned_articles(pages: dict[str, str], taxonomy: dict | None = None) -> dict[str, Article]:
    """id -> article after every per-article step before the topic annotator (cleaning, language, the spaCy
    parse), run in this process; rejected pages are left out."""
    settings = Settings(input_dir=REPO, output_dir=REPO / ".unused", show_progress=False)
    steps = make_steps(PER_ARTICLE, settings, taxonomy or load_taxonomy())
    before_topics = steps[: next(i for i, s in enumerate(steps) if isinstance(s, TopicAnnotator))]
    batch = [article_from_bytes(page.encode("utf-8"), name) for name, page in sorted(pages.items())]
    for step in before_topics:
        batch = list(step.run(batch))
    return {a.source_file: a for a in batch if a.reject_reason is None}


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, DIGITS) if den else None


def score(gold: dict[str, set[str]], predicted: dict[str, set[str]], topics: list[str]) -> dict:
    """Micro P/R/F1 over (article, topic) pairs, and per topic tp/fp/fn with precision and recall."""
    counts = {t: Counter() for t in topics}
    for record_id, expected in gold.items():
        got = predicted.get(record_id, set())
        for topic in topics:
            key = ("tp" if topic in got else "fn") if topic in expected else ("fp" if topic in got else None)
            if key:
                counts[topic][key] += 1
    tp, fp, fn = (sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn"))
    per_topic = {
        t: {
            "tp": c["tp"],
            "fp": c["fp"],
            "fn": c["fn"],
            "precision": _ratio(c["tp"], c["tp"] + c["fp"]),
            "recall": _ratio(c["tp"], c["tp"] + c["fn"]),
        }
        for t, c in counts.items()
    }
    measured = [p["precision"] for p in per_topic.values() if p["precision"] is not None]
    return {
        "articles": len(gold),
        "labels": tp + fn,
        "micro_precision": _ratio(tp, tp + fp),
        "micro_recall": _ratio(tp, tp + fn),
        "micro_f1": _ratio(2 * tp, 2 * tp + fp + fn),
        "min_topic_precision": min(measured) if measured else None,
        "per_topic": per_topic,
    }


def score_halves(labels: list[dict], predicted: dict[str, set[str]], topics: list[str]) -> dict[str, dict]:
    """Each half that has labelled articles, scored; a half with none (a report draw not labelled yet) is left out."""
    return {
        split: score({x["id"]: set(x["topics"]) for x in labels if x["split"] == split}, predicted, topics)
        for split in SPLITS
        if any(x["split"] == split for x in labels)
    }


def score_draws(labels: list[dict], predicted: dict[str, set[str]], topics: list[str]) -> dict[str, dict]:
    """The tune half scored per draw ("tune, draw 1"): random draws (1, 4) apart from enriched ones (2, 3)."""
    tune = [x for x in labels if x["split"] == "tune"]
    return {
        f"tune, draw {draw}": score({x["id"]: set(x["topics"]) for x in tune if x["draw"] == draw}, predicted, topics)
        for draw in sorted({x["draw"] for x in tune})
    }


def report(labels: list[dict], predicted: dict[str, set[str]], taxonomy: dict | None = None) -> dict:
    """The stored result: which set and taxonomy, and both halves scored."""
    taxonomy = taxonomy or load_taxonomy()
    return {
        "set": "benchmarks/topics_real (report half: never used for tuning)",
        "taxonomy": {"name": taxonomy.get("name"), "version": str(taxonomy["version"])},
        "halves": score_halves(labels, predicted, [t["id"] for t in taxonomy["topics"]]),
    }


def report_lines(halves: dict[str, dict]) -> list[str]:
    lines = []
    for split, result in halves.items():
        if not result.get("articles"):
            lines.append(f"{split}: no labelled articles")
            continue
        lines.append(
            f"{split}: {result['articles']} articles, {result['labels']} labels; micro P {result['micro_precision']}"
            f" R {result['micro_recall']} F1 {result['micro_f1']}; lowest topic precision"
            f" {result['min_topic_precision']}"
        )
        for topic, c in result["per_topic"].items():
            if c["tp"] + c["fp"] + c["fn"]:
                lines.append(f"  {topic:<24} tp {c['tp']:>2} fp {c['fp']:>2} fn {c['fn']:>2}  P {c['precision']}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--output", type=Path, help="also write the result here as JSON")
    args = parser.parse_args(argv)
    if not all((args.corpora / name).is_dir() for name in CORPORA_NEEDED):
        print(f"no corpora at {args.corpora}; nothing measured", file=sys.stderr)
        return 1
    labels = load_labels()
    with tempfile.TemporaryDirectory() as work:
        predicted = build_predictions(load_texts(args.corpora, labels), Path(work))
    result = report(labels, predicted)
    missing = {split: {"articles": 0} for split in SPLITS if split not in result["halves"]}
    print("\n".join(report_lines({**result["halves"], **missing})))
    topics = [t["id"] for t in load_taxonomy()["topics"]]
    print("\n".join(line for line in report_lines(score_draws(labels, predicted, topics)) if not line[0].isspace()))
    if args.output:
        args.output.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
