#!/usr/bin/env python3
"""Score a taxonomy on the tune half of ``benchmarks/topics_real`` draw by draw (issue 16, seventh round).

A change is kept only if it carries over: chosen on some draws, it must not hurt the others and should help there
too. This prints, per draw, micro P/R/F1 and trade-economy's counts, and with ``--against`` a second taxonomy's
figures next to them, with the articles whose topics changed (ids and topics only, never text), so each change can
be read as a leave-one-draw-out check: which draws it moved, and whether the draws that did not suggest it agree.

The articles are cleaned and parsed once (the pipeline's steps before the topic annotator, as
``topics_tune.py``), and the parses are cached outside the repository (``--cache``, default under /tmp: they hold
the corpora's text, which must never be stored here). Only decisions are re-computed per taxonomy.

``--pool 10,11,12`` adds a row for those draws scored together (micro P/R/F1 over their articles, with the total
right, false and missed topics), e.g. a taxonomy on the fresh draws it was measured on; repeat it for several pools.
A pool may hold the report draw: it is then scored as a whole only (aggregate counts, as ``topics_real_eval.py``
prints them), and ``--against`` is refused, so no candidate is compared, or article listed, on the report half.

Usage: ``python benchmarks/topics_real/per_draw.py [--taxonomy schema/topics.yaml] [--against OTHER.yaml]
[--pool 10,11 --pool 10,11,12] [--cache /tmp/topics_real_parses.pickle] [--corpora ../shared/corpora]``
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from topics_real_eval import CORPORA, cleaned_articles, load_labels, load_texts, score  # noqa: E402

from build_dataset.annotate.spacy_parse import load_nlp  # noqa: E402
from build_dataset.annotate.topics.annotator import TopicScorer, load_taxonomy  # noqa: E402
from build_dataset.core.settings import DEFAULT_MODEL  # noqa: E402
from build_dataset.schema import DEFAULT_TAXONOMY  # noqa: E402

CACHE = Path("/tmp/topics_real_parses.pickle")
FOCUS = "trade-economy"


def articles(corpora: Path, cache: Path, labels: list[dict]) -> dict:
    """id -> cleaned, parsed article (cached in ``cache``, outside the repository). Articles a cache made for fewer
    labels lacks are parsed and added to it (a page the pipeline rejects is never cached, so it is parsed again)."""
    found = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    missing = [x for x in labels if x["id"] not in found]
    added = cleaned_articles(load_texts(corpora, missing)) if missing else {}
    if added or not cache.exists():
        found |= added
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(found))
        partial.replace(cache)
    return found


def predict(taxonomy: dict, found: dict, labels: list[dict]) -> dict[str, set[str]]:
    scorer = TopicScorer(taxonomy, load_nlp(DEFAULT_MODEL))
    predicted = {}
    for x in labels:
        reading = scorer.read_article(found[x["id"]]) if x["id"] in found else None
        predicted[x["id"]] = set() if reading is None else {d.topic for d in scorer.score(*reading) if d.applies}
    return predicted


def pool_name(pool: tuple[int, ...]) -> str:
    return "d" + "+".join(str(d) for d in pool)


def parse_pool(text: str) -> tuple[int, ...]:
    """``--pool``: draw numbers, comma-separated ("10,11,12")."""
    try:
        pool = tuple(sorted({int(d) for d in text.split(",") if d.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"draw numbers, comma-separated, not {text!r}") from None
    if not pool:
        raise argparse.ArgumentTypeError("no draw given")
    return pool


def per_draw(labels: list[dict], predicted: dict[str, set[str]], topics: list[str],
             pools: list[tuple[int, ...]] = (), pooled: list[dict] = ()) -> dict[str, dict]:
    """Each draw of ``labels`` (the tune half), "all" of them, then each pool: the articles of ``labels`` and
    ``pooled`` (the report draws a pool holds) in those draws."""
    groups = {f"d{d}": [x for x in labels if x["draw"] == d] for d in sorted({x["draw"] for x in labels})}
    groups["all"] = labels
    for pool in pools:
        groups[pool_name(pool)] = [x for x in [*labels, *pooled] if x["draw"] in pool]
    return {
        name: score({x["id"]: set(x["topics"]) for x in group}, predicted, topics) for name, group in groups.items()
    }


def totals(result: dict) -> str:
    """A pool's size and its topics right, false and missed (all topics)."""
    tp, fp, fn = (sum(c[k] for c in result["per_topic"].values()) for k in ("tp", "fp", "fn"))
    return f"     {result['articles']} articles, {result['labels']} labels: {tp} right, {fp} false, {fn} missed"


def line(name: str, result: dict) -> str:
    c = result["per_topic"][FOCUS]
    return (
        f"{name:<4} F1 {result['micro_f1']:.3f} P {result['micro_precision']:.3f} R {result['micro_recall']:.3f}"
        f"  {FOCUS} tp {c['tp']:>3} fp {c['fp']:>2} fn {c['fn']:>2}  other fp/fn"
        f" {sum(v['fp'] for k, v in result['per_topic'].items() if k != FOCUS)}"
        f"/{sum(v['fn'] for k, v in result['per_topic'].items() if k != FOCUS)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taxonomy", type=Path, default=DEFAULT_TAXONOMY)
    parser.add_argument("--against", type=Path, help="a second taxonomy (the baseline) to compare with")
    parser.add_argument("--pool", type=parse_pool, action="append", default=[],
                        help="draws scored together, comma-separated (10,11,12); may be repeated")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    args = parser.parse_args()
    every = load_labels()
    labels = [x for x in every if x["split"] == "tune"]
    pooled_draws = {d for pool in args.pool for d in pool}
    unknown = pooled_draws - {x["draw"] for x in every}
    if unknown:
        parser.error(f"--pool: no labelled draw {', '.join(map(str, sorted(unknown)))}")
    pooled = [x for x in every if x["split"] != "tune" and x["draw"] in pooled_draws]
    if pooled and args.against:
        parser.error("--pool holds a report draw: it is scored with one taxonomy only, never against another")
    found = articles(args.corpora, args.cache, labels + pooled)
    gold = {x["id"]: set(x["topics"]) for x in labels}
    draw = {x["id"]: x["draw"] for x in labels}
    runs = [(args.against, load_taxonomy(args.against))] if args.against else []
    runs.append((args.taxonomy, load_taxonomy(args.taxonomy)))
    results = []
    for path, taxonomy in runs:
        topics = [t["id"] for t in taxonomy["topics"]]
        predicted = predict(taxonomy, found, labels + pooled)
        results.append((path, taxonomy, predicted, per_draw(labels, predicted, topics, args.pool, pooled)))
    pool_names = {pool_name(pool) for pool in args.pool}
    for path, taxonomy, _, table in results:
        print(f"{path} (version {taxonomy['version']})")
        for name, result in table.items():
            print(line(name, result))
            if name in pool_names:
                print(totals(result))
    if len(results) == 2:
        before, after = results[0][2], results[1][2]
        for record_id in sorted(gold, key=lambda i: (draw[i], i)):
            if before[record_id] != after[record_id]:
                was_right, is_right = before[record_id] == gold[record_id], after[record_id] == gold[record_id]
                verdict = "better" if is_right and not was_right else "worse" if was_right else "changed"
                print(f"d{draw[record_id]} {record_id}: {sorted(before[record_id])} -> {sorted(after[record_id])}"
                      f" gold {sorted(gold[record_id])} ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
