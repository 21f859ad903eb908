#!/usr/bin/env python3
"""Grid search of the topic decision constants on the TUNE half of ``benchmarks/topics_real`` only.

The evidence of every tune-half article (which sentences count towards which topic, with what weight) does not
depend on the decision constants, so it is computed once; then every point of the grid re-decides and is scored
by micro-F1 against the labels. Ties go to the higher lowest-topic-precision, then to the point nearest the
previous constants. The report half is never read. The best point is printed; copy it into the ``decision:``
block of ``schema/topics.yaml`` and run ``benchmarks/topics_real_eval.py`` for both halves.

``saturation`` is not searched: the decision ``score >= threshold`` is ``mass >= -saturation * ln(1 -
threshold)``, so it only rescales the threshold.

``--errors`` lists instead, per tune-half article the classifier gets wrong, its false and missed topics with the
sentences that counted (the error analysis of issue 16). There is no such listing for the report half.

Usage: ``python benchmarks/topics_tune.py [--corpora ../shared/corpora] [--top 10] [--errors]``
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.topics_real_eval import (  # noqa: E402
    CORPORA,
    cleaned_articles,
    load_labels,
    load_texts,
    report_lines,
    score,
    score_draws,
)
from build_dataset.annotate.spacy_parse import load_nlp  # noqa: E402
from build_dataset.annotate.topics.annotator import TopicScorer, decide, load_taxonomy  # noqa: E402
from build_dataset.core.settings import DEFAULT_MODEL  # noqa: E402

GRID = {
    "threshold": [0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7],
    "title_weight": [1.0, 1.5, 2.0, 2.5, 3.0],
    "lead_weight": [1.0, 1.5, 2.0, 2.5],
    "lead_sentences": [1, 2],
    "reference_sentences": [20, 30, 40, 60],
}
# the constants before this search (taxonomy 1.x, chosen on the seeds and dev): ties go to the nearest point
PREVIOUS = {"threshold": 0.5, "title_weight": 2.0, "lead_weight": 1.0, "lead_sentences": 1, "reference_sentences": 30}


def tune_evidence(corpora: Path, taxonomy: dict) -> tuple[TopicScorer, dict[str, set[str]], dict[str, tuple]]:
    """The scorer, the tune-half gold, and per article (evidence per topic, sentence count) or None."""
    labels = [x for x in load_labels() if x["split"] == "tune"]
    articles = cleaned_articles(load_texts(corpora, labels), taxonomy)
    scorer = TopicScorer(taxonomy, load_nlp(DEFAULT_MODEL))
    found = {}
    for x in labels:
        reading = scorer.read_article(articles[x["id"]]) if x["id"] in articles else None
        found[x["id"]] = None if reading is None else (scorer.evidence(*reading), len(reading[1]))
    return scorer, {x["id"]: set(x["topics"]) for x in labels}, found


def predict(scorer: TopicScorer, found: dict[str, tuple], decision: dict) -> dict[str, set[str]]:
    predicted = {}
    for record_id, item in found.items():
        if item is None:
            predicted[record_id] = set()
            continue
        evidence, count = item
        decisions = (decide(rule, e, count, decision) for rule, e in zip(scorer.rules, evidence) if e.sentences)
        predicted[record_id] = {d.topic for d in decisions if d.applies}
    return predicted


def distance(point: dict) -> float:
    return sum(abs(point[k] - PREVIOUS[k]) / (max(GRID[k]) - min(GRID[k])) for k in GRID)


def search(scorer: TopicScorer, gold: dict, found: dict) -> list[tuple[float, float, float, dict]]:
    results = []
    for values in itertools.product(*GRID.values()):
        point = dict(zip(GRID, values))
        result = score(gold, predict(scorer, found, {**scorer.decision, **point}), scorer.topic_ids)
        results.append((result["micro_f1"] or 0.0, result["min_topic_precision"] or 0.0, -distance(point), point))
    return sorted(results, key=lambda r: r[:3], reverse=True)


def error_lines(scorer: TopicScorer, gold: dict, found: dict, draws: dict[str, int] | None = None) -> list[str]:
    """The tune half's false (FP) and missed (FN) topics per article (and its draw), with each topic's score and
    evidence."""
    predicted = predict(scorer, found, scorer.decision)
    lines = []
    for record_id in sorted(gold):
        wrong = (predicted[record_id] - gold[record_id]) | (gold[record_id] - predicted[record_id])
        if not wrong:
            continue
        fp, fn = sorted(predicted[record_id] - gold[record_id]), sorted(gold[record_id] - predicted[record_id])
        draw = f" (draw {draws[record_id]})" if draws and record_id in draws else ""
        lines.append(f"{record_id}{draw}: FP {fp} FN {fn}")
        evidence, count = found[record_id] or ([], 0)
        for rule, topic_evidence in zip(scorer.rules, evidence):
            if rule.id in wrong and topic_evidence.sentences:
                d = decide(rule, topic_evidence, count, scorer.decision)
                lines.append(f"  {rule.id}: score {d.score} in context {d.in_context} excluded by {d.excluded_by}")
                lines += [f"    {e.where} {e.weight}: {', '.join(e.terms or e.cues)}" for e in d.evidence]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--errors", action="store_true", help="list the tune half's errors instead of searching")
    args = parser.parse_args()
    if not (args.corpora / "korea_en_naver_2025").is_dir():
        print(f"no corpora at {args.corpora}; nothing tuned", file=sys.stderr)
        return 1
    scorer, gold, found = tune_evidence(args.corpora, load_taxonomy())
    if args.errors:
        draws = {x["id"]: x["draw"] for x in load_labels()}
        print("\n".join(error_lines(scorer, gold, found, draws)))
        return 0
    results = search(scorer, gold, found)
    predicted = predict(scorer, found, scorer.decision)
    current = score(gold, predicted, scorer.topic_ids)
    print(f"taxonomy's constants now: tune micro-F1 {current['micro_f1']}")
    print("\n".join(line for line in report_lines(score_draws(load_labels(), predicted, scorer.topic_ids))))
    for f1, lowest, _, point in results[: args.top]:
        print(f"micro-F1 {f1:.3f}  lowest topic precision {lowest:.3f}  {point}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
