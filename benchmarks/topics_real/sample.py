"""Reproduce the draws of the real-world topic set (ids only; texts stay in ../shared/corpora).

The corpora's terms forbid copying their text into this repository, so labels.jsonl holds ids, labels and
short notes, and texts are read at run time from the corpora folder.

Draw (one generator, ``random.Random(2026)``, used in this order):
1. korea_en_naver_2025: records with ``item_type == "article"`` (498), ids sorted; ``rng.sample(ids, 110)``.
2. bbc2005: for each category in sorted order (business, entertainment, politics, sport, tech), that
   category's ids sorted; ``rng.sample(ids, 14)`` -> 70.
Split: it was ``"tune"`` if the first byte of sha256(id as UTF-8) is even, else ``"report"``; that report half (88
articles) was used to choose between two classifiers in issue 16's third round, so it is now tune as well.

Second draw (tune only, ``random.Random(2027)``, in this order), from the records not in the first draw and whose
title occurs once in its corpus and not among the first draw's titles (so no exact-duplicate pair is drawn):
3. Naver articles: ``rng.sample(ids, 40)`` at random, then ``rng.sample(ids, 30)`` among the rest that are
   ``enriched`` (``ENRICH`` in the title, or at least 3 times in the text: military, summit, North Korea, China,
   Japan, alliance words, where precision errors of those topics show up).
4. BBC: per category in sorted order ``rng.sample(ids, 4)`` at random (20), then ``rng.sample(ids, 20)`` among the
   rest that are enriched.
Third draw (tune only, ``random.Random(2028)``), from the records in neither draw before, by the same title rule:
5. Naver articles, then BBC: ``rng.sample(ids, 30)`` each among the records with at least 2 ``ENRICH_3`` words
   (military, war, summit, talks): where security-defense and summit-diplomacy make their false topics.
Fourth draw (tune only, ``random.Random(2029)``), from the records in no draw before, by the same title rule, at
random (no enrichment: the report half is a random draw, and its weaker side is recall):
6. Naver articles: ``rng.sample(ids, 30)``; then BBC, per category in sorted order ``rng.sample(ids, 4)`` (20).
Every record of the second, third and fourth draws is in the tune split.
Fifth draw (``random.Random(2030)``), from the records in no draw before, by the same title rule, at random (no
enrichment), labelled blind before any classifier output on it was seen:
7. Naver articles: ``rng.sample(ids, 70)``; then BBC, per category in sorted order ``rng.sample(ids, 10)`` (50).
It was the report half once: measured once (taxonomy 2.4.0), its errors never read, and it then joined the tune
half.
Sixth draw (``random.Random(2031)``), from the records in no draw before, by the same title rule, at random (no
enrichment), labelled blind before any classifier output on it was seen:
8. Naver articles: ``rng.sample(ids, 90)``; then BBC, per category in sorted order ``rng.sample(ids, 12)`` (60).
It was the report half once: measured once (taxonomy 2.5.0, micro-F1 0.857), its errors not read then, and it then
joined the tune half.
Seventh draw (``random.Random(2032)``), from the records in no draw before (draws 1 to 6), by the same title rule,
at random (no enrichment), labelled blind before any classifier output on it was seen:
9. Naver articles: ``rng.sample(ids, 80)``; then BBC, per category in sorted order ``rng.sample(ids, 10)`` (50).
It was the report half once: measured once (taxonomy 2.6.0, micro-F1 0.740), its errors not read then, and it then
joined the tune half (issue 16's seventh round).
Eighth draw (``random.Random(2033)``), from the records in no draw before (draws 1 to 7), by the same title rule,
at random (no enrichment), labelled blind before any classifier output on it was seen:
10. Naver articles: all that were still eligible (8; the Naver corpus is used up for random draws); then BBC, per
    category in sorted order ``rng.sample(ids, 20)`` (100).
It was the report half once: measured once (taxonomy 2.7.0, micro-F1 0.898), and it then joined the tune half
(issue 16's eighth round).
Ninth draw (``random.Random(2034)``), from the records in no draw before (draws 1 to 8), by the same title rule, at
random (no enrichment), labelled blind before any classifier output on it was seen:
11. Naver articles: none (no Naver record was left); then BBC, per category in sorted order ``rng.sample(ids, 30)``
    (150).
It was the report half once: measured once (taxonomy 2.8.0, micro-F1 0.767), and it then joined the tune half
(issue 16's ninth round). Draws 1 to 9 are all tune.

Tenth draw (``random.Random(2035)``), from the records in no draw before (draws 1 to 9), by the same title rule, at
random (no enrichment), in the same order, labelled blind (twice, independently: ``labels_second_draw10.jsonl``)
before any classifier output on it was seen: no Naver records; BBC, per category in sorted order
``rng.sample(ids, 30)`` (150). It was the report half once: measured once (taxonomy 2.9.0, micro-F1 0.800), and it
then joined the tune half (issue 16's tenth round). Draws 1 to 10 are all tune.

Eleventh draw (``random.Random(2036)``), from the records in no draw before (draws 1 to 10), made and labelled the
same way (twice, independently: ``labels_second_draw11.jsonl``): BBC, per category in sorted order
``rng.sample(ids, 30)`` (150). It was the report half once: measured once (taxonomy 2.9.0, micro-F1 0.800), and
it then joined the tune half (issue 16's eleventh round). Draws 1 to 11 are all tune.

Twelfth draw (``random.Random(2037)``), from the records in no draw before (draws 1 to 11), made and labelled the
same way (twice, independently: ``labels_second_draw12.jsonl``): BBC, per category in sorted order
``rng.sample(ids, 30)`` (150). It is the report half (``REPORT_DRAW``).

Usage:
    python benchmarks/topics_real/sample.py [--corpora ../shared/corpora]        # print corpus, id, split
    python benchmarks/topics_real/sample.py --check                               # compare with labels.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SEED = 2026
N_NAVER = 110
N_BBC_PER_CATEGORY = 14
SEED_2 = 2027
N_NAVER_2, N_NAVER_2_ENRICHED = 40, 30
N_BBC_2_PER_CATEGORY, N_BBC_2_ENRICHED = 4, 20
# the enrichment of the second draw: words of the topics whose precision the first draw could not test well
ENRICH = re.compile(
    r"\b(military|defen[cs]e|missiles?|troops|army|navy|naval|weapons?|summits?|North Koreans?|Pyongyang|China|"
    r"Chinese|Beijing|Xi|alliance|allies|USFK|Japan|Japanese|Tokyo|Trump)\b"
)
ENRICH_MIN_IN_TEXT = 3
SEED_3 = 2028
N_3_PER_CORPUS = 30
ENRICH_3 = re.compile(
    r"\b(military|defen[cs]e|army|navy|naval|troops|soldiers?|missiles?|weapons?|drills?|war|summits?|state visit|"
    r"talks)\b"
)
ENRICH_3_MIN = 2


class RandomDraw(NamedTuple):
    """One draw at random (no enrichment) from the records in no earlier draw, by the title rule (``_random_draw``)."""

    draw: int  # its number (1 is the first draw)
    seed: int  # of its own ``random.Random``
    n_naver: int | None  # Naver records, drawn first (None: every one still eligible)
    n_bbc_per_category: int  # then BBC records per category, categories in sorted order
    note: str = ""


# Draws 4 on, in order: the one place their seeds and sizes are written.
RANDOM_DRAWS = (
    RandomDraw(4, 2029, 30, 4),
    RandomDraw(5, 2030, 70, 10),
    RandomDraw(6, 2031, 90, 12),
    RandomDraw(7, 2032, 80, 10),
    RandomDraw(8, 2033, None, 20, "and every Naver record still eligible (8)"),
    RandomDraw(9, 2034, 0, 30, "no Naver record was left"),
    RandomDraw(10, 2035, 0, 30),
    RandomDraw(11, 2036, 0, 30),
    RandomDraw(12, 2037, 0, 30, "the report half"),
)
# The draws before it are the tune half (draw 11 joined it in issue 16's eleventh round); this draw is the report
# half, empty while it is not in RANDOM_DRAWS.
REPORT_DRAW = 12


def read_jsonl_gz(path: Path):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


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


def enriched(record: dict) -> bool:
    """The second draw's enrichment rule: an ``ENRICH`` word in the title, or at least 3 in the text."""
    return bool(ENRICH.search(record.get("title") or "")) or len(ENRICH.findall(record["text"])) >= ENRICH_MIN_IN_TEXT


def _second_pool(records: list[dict], first: set[str]) -> list[dict]:
    """Records not drawn before whose title is unique in the corpus and not a drawn title; id order."""
    titles = Counter(r.get("title") for r in records)
    first_titles = {r.get("title") for r in records if r["id"] in first}
    fresh = [r for r in records if r["id"] not in first and r.get("title") not in first_titles]
    return sorted((r for r in fresh if titles[r.get("title")] == 1), key=lambda r: r["id"])


def _random_then_enriched(rng: random.Random, pool: list[dict], n_random: int, n_enriched: int) -> list[str]:
    picked = rng.sample([r["id"] for r in pool], n_random)
    rest = [r["id"] for r in pool if r["id"] not in set(picked) and enriched(r)]
    return picked + rng.sample(rest, n_enriched)


def draw_second(corpora: Path, first: set[str]) -> list[tuple[str, str]]:
    """The (corpus, id) pairs of the second draw (all tune), in draw order; ``first``: the first draw's ids."""
    rng = random.Random(SEED_2)
    naver = [r for r in read_jsonl_gz(corpora / "korea_en_naver_2025" / "articles.jsonl.gz")
             if r.get("item_type") == "article"]
    picked = [("korea_en_naver_2025", i)
              for i in _random_then_enriched(rng, _second_pool(naver, first), N_NAVER_2, N_NAVER_2_ENRICHED)]
    bbc = _second_pool(list(read_jsonl_gz(corpora / "bbc2005" / "articles.jsonl.gz")), first)
    for category in sorted({r["category"] for r in bbc}):
        ids = [r["id"] for r in bbc if r["category"] == category]
        picked += [("bbc2005", i) for i in rng.sample(ids, N_BBC_2_PER_CATEGORY)]
    chosen = {i for _, i in picked}
    rest = [r["id"] for r in bbc if r["id"] not in chosen and enriched(r)]
    picked += [("bbc2005", i) for i in rng.sample(rest, N_BBC_2_ENRICHED)]
    return picked


def draw_third(corpora: Path, before: set[str]) -> list[tuple[str, str]]:
    """The (corpus, id) pairs of the third draw (all tune), in draw order; ``before``: the earlier draws' ids."""
    rng = random.Random(SEED_3)
    naver = [r for r in read_jsonl_gz(corpora / "korea_en_naver_2025" / "articles.jsonl.gz")
             if r.get("item_type") == "article"]
    picked = []
    for corpus, records in (("korea_en_naver_2025", naver),
                            ("bbc2005", list(read_jsonl_gz(corpora / "bbc2005" / "articles.jsonl.gz")))):
        pool = [r["id"] for r in _second_pool(records, before) if len(ENRICH_3.findall(r["text"])) >= ENRICH_3_MIN]
        picked += [(corpus, i) for i in rng.sample(pool, N_3_PER_CORPUS)]
    return picked


def _random_draw(corpora: Path, before: set[str], seed: int, n_naver: int | None, n_bbc_per_category: int):
    """A draw at random (no enrichment) from the records not in ``before``, by the title rule; in draw order.
    ``n_naver`` None: every Naver record still eligible."""
    rng = random.Random(seed)
    naver = [r for r in read_jsonl_gz(corpora / "korea_en_naver_2025" / "articles.jsonl.gz")
             if r.get("item_type") == "article"]
    pool = [r["id"] for r in _second_pool(naver, before)]
    picked = [("korea_en_naver_2025", i) for i in rng.sample(pool, len(pool) if n_naver is None else n_naver)]
    bbc = _second_pool(list(read_jsonl_gz(corpora / "bbc2005" / "articles.jsonl.gz")), before)
    for category in sorted({r["category"] for r in bbc}):
        ids = [r["id"] for r in bbc if r["category"] == category]
        picked += [("bbc2005", i) for i in rng.sample(ids, n_bbc_per_category)]
    return picked


def draws(corpora: Path) -> list[list[tuple[str, str]]]:
    """Every draw's (corpus, id) pairs, draw 1 first, each in draw order: the fourth and later at random from the
    records in no earlier draw (``RANDOM_DRAWS``)."""
    found = [draw(corpora)]
    found.append(draw_second(corpora, _ids(found)))
    found.append(draw_third(corpora, _ids(found)))
    for row in RANDOM_DRAWS:
        if row.draw != len(found) + 1:
            raise ValueError(f"RANDOM_DRAWS: draw {row.draw} where draw {len(found) + 1} is due")
        found.append(_random_draw(corpora, _ids(found), row.seed, row.n_naver, row.n_bbc_per_category))
    return found


def _ids(found: list[list[tuple[str, str]]]) -> set[str]:
    return {i for pairs in found for _, i in pairs}


def all_splits(corpora: Path) -> dict[tuple[str, str], str]:
    """(corpus, id) -> split of every draw: the draws before ``REPORT_DRAW`` are tune, that draw is the report
    half (README); empty while it is not drawn yet."""
    found = draws(corpora)
    tune = [pair for pairs in found[: REPORT_DRAW - 1] for pair in pairs]
    report = found[REPORT_DRAW - 1] if len(found) >= REPORT_DRAW else []
    return dict.fromkeys(tune, "tune") | dict.fromkeys(report, "report")


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
    want = all_splits(args.corpora)
    if args.check:
        labels = [json.loads(x) for x in (HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines() if x]
        have = {(x["corpus"], x["id"]): x["split"] for x in labels}
        ok = have == want and len(labels) == len(want)
        print(f"{len(want)} drawn, {len(labels)} labelled: {'match' if ok else 'MISMATCH'}")
        return 0 if ok else 1
    for (corpus, record_id), split in sorted(want.items()):
        print(corpus, record_id, split, sep="\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
