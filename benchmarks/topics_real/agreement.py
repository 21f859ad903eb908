"""Agreement of two labellings of the same articles: micro-F1 of one against the other (symmetric), articles labelled
identically, and the topics they differ on.

With ``--classifier``, the current classifier (the shipped taxonomy, ``schema/topics.yaml``) is scored instead, as a
third labeller: the second file's articles are built with the real pipeline (``topics_real_eval.build_predictions``,
texts read from ``--corpora`` at run time) and its topics scored (``topics_real_eval.score``: micro P/R/F1 and
per-topic counts) against the second labelling, and against the first on the same articles. Only aggregate and
per-topic counts are printed, never an article's id or text.

Usage: python benchmarks/topics_real/agreement.py [--first labels.jsonl] [--second labels_second_draw6.jsonl]
[--classifier [--corpora ../shared/corpora]]
(the first file's lines for the articles of the second are compared)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


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


def counts_only(result: dict) -> dict:
    """A ``topics_real_eval.score`` result with the topics that have neither gold nor predictions left out."""
    per_topic = {t: c for t, c in result["per_topic"].items() if c["tp"] + c["fp"] + c["fn"]}
    return {**result, "per_topic": per_topic}


def _topics_real_eval():
    """``benchmarks/topics_real_eval.py`` (the pipeline's imports are paid only by ``--classifier``)."""
    for path in (REPO, REPO / "benchmarks"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    import topics_real_eval

    return topics_real_eval


def classifier_scores(labellings: dict[str, dict], predicted: dict, topics: list[str]) -> dict[str, dict]:
    """name -> the classifier's ``predicted`` topics ((corpus, id) -> set, as the labellings) scored against that
    labelling (``topics_real_eval.score``), on the articles of the last labelling given (the second)."""
    score = _topics_real_eval().score
    articles = sorted(list(labellings.values())[-1])
    return {
        f"classifier against {name}": counts_only(
            score({k[1]: labelling[k] for k in articles}, {k[1]: predicted.get(k, set()) for k in articles}, topics)
        )
        for name, labelling in labellings.items()
    }


def predict(corpora: Path, articles: list[tuple[str, str]]) -> tuple[dict, dict]:
    """(corpus, id) -> topics the current classifier gives, built with the real pipeline; and the taxonomy."""
    topics_real_eval = _topics_real_eval()
    from build_dataset.annotate.topics.annotator import load_taxonomy

    if not all((corpora / name).is_dir() for name in topics_real_eval.CORPORA_NEEDED):
        raise SystemExit(f"no corpora at {corpora}; nothing measured")
    texts = topics_real_eval.load_texts(corpora, [{"corpus": c, "id": i} for c, i in articles])
    with tempfile.TemporaryDirectory() as work:
        by_id = topics_real_eval.build_predictions(texts, Path(work))
    return {(c, i): by_id.get(i, set()) for c, i in articles}, load_taxonomy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=Path, default=HERE / "labels.jsonl")
    parser.add_argument("--second", type=Path, default=HERE / "labels_second_draw6.jsonl")
    parser.add_argument("--classifier", action="store_true",
                        help="score the current classifier against the second labelling (and the first)")
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    args = parser.parse_args()
    first, second = read(args.first), read(args.second)
    missing = second.keys() - first.keys()
    if missing:
        raise SystemExit(f"{len(missing)} articles of {args.second} are not in {args.first}")
    if not args.classifier:
        print(json.dumps(agreement(first, second), indent=2))
        return
    predicted, taxonomy = predict(args.corpora, sorted(second))
    topics = [t["id"] for t in taxonomy["topics"]]
    scores = classifier_scores({"first": first, "second": second}, predicted, topics)
    result = {"taxonomy": str(taxonomy["version"]), **scores}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
