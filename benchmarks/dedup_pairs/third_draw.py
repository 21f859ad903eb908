"""Third draw of candidate pairs for the Naver duplicate pair set: kinds of pairs the first two draws lack
(``naver_pairs.jsonl`` holds them with the labels, all with split ``tune``).

Usage::

    python benchmarks/dedup_pairs/third_draw.py [--out FILE] [--build-output DIR]

Reads ``../shared/corpora/korea_en_naver_2025/articles.jsonl.gz`` (only record ids are written) and prints one
JSON line per candidate pair not in the first two draws: ``a`` < ``b``, ``origin`` (the first of ``ORIGINS``
that proposed it), ``origins`` and the numbers explaining why it was drawn. Three origins, over the 498 article
records:

- ``third_draw_other_outlet``: two records of one outlet other than Yonhap (Korea Herald, JoongAng, Maeil, KBS
  ...) published at most a day apart whose titles share at least ``OTHER_OUTLET_MIN_SHARE`` of the shorter
  title's content words: the first draws hold few same-outlet pairs outside the wire.
- ``third_draw_adjacent_title``: two records of one outlet published exactly one day apart whose titles (version
  tags removed) share at least ``ADJACENT_MIN_SHARE`` of the shorter title's content words: follow-ups and
  updates across midnight.
- ``third_draw_lsh_low``: ``LSH_LOW_SAMPLE`` pairs drawn with ``random.Random(SEED)`` from the grouper's LSH
  candidate pairs whose alignment score is under the second draw's floor (0.2) and whose TF-IDF cosine reaches
  the grouper's cosine floor (0.1), on the build at commit 9bddaa7.

At most ``MAX_PER_ORIGIN`` pairs per origin are kept, drawn with ``random.Random(SEED)`` when more qualify.
The split of every pair is ``tune``: the report half stays as drawn the first time.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import tempfile
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from candidates import load_articles  # noqa: E402  (benchmarks/dedup_pairs is no package)
from second_draw import PAIRS, YONHAP, build_rows, run_draw, scored_lsh_pairs, title_words, tune_rows  # noqa: E402

SEED = 2026
OTHER_OUTLET_MIN_SHARE = 0.3
ADJACENT_MIN_SHARE = 0.5
LSH_MAX_SCORE = 0.2
LSH_MIN_COSINE = 0.1
LSH_LOW_SAMPLE = 20
MAX_PER_ORIGIN = 20
ORIGINS = ("third_draw_other_outlet", "third_draw_adjacent_title", "third_draw_lsh_low")


def day(record: dict) -> dt.date:
    return dt.date.fromisoformat(record["date"][:10])


def title_share(first: dict, second: dict) -> float:
    a, b = title_words(first["title"]), title_words(second["title"])
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def same_outlet_pairs(articles: list[dict], keep) -> dict[tuple[str, str], dict]:
    """Pairs of one outlet's records for which ``keep(first, second, days_apart, share)`` holds."""
    found = {}
    for first, second in combinations(articles, 2):
        if first["publisher"] != second["publisher"]:
            continue
        days, share = abs((day(first) - day(second)).days), title_share(first, second)
        if keep(first, days, share):
            found[(first["id"], second["id"])] = {"days_apart": days, "title_share": round(share, 3)}
    return found


def lsh_low_pairs(rows: list[dict]) -> dict[tuple[str, str], dict]:
    return scored_lsh_pairs(rows, lambda cos, score: score < LSH_MAX_SCORE and cos >= LSH_MIN_COSINE)


def sample(found: dict, taken: set, size: int) -> dict:
    """At most ``size`` of the pairs not yet taken, drawn with ``random.Random(SEED)``."""
    keys = sorted(set(found) - taken)
    if len(keys) > size:
        keys = sorted(random.Random(SEED).sample(keys, size))
    return {key: found[key] for key in keys}


def candidates(build_output: Path | None) -> list[dict]:
    articles = load_articles()
    taken = {(p["a"], p["b"]) for p in map(json.loads, PAIRS.read_text(encoding="utf-8").splitlines())
             if not p["origin"].startswith("third_draw")}  # fmt: skip
    other = same_outlet_pairs(articles, lambda r, days, share: r["publisher"] != YONHAP and days <= 1
                              and share >= OTHER_OUTLET_MIN_SHARE)  # fmt: skip
    adjacent = same_outlet_pairs(articles, lambda r, days, share: days == 1 and share >= ADJACENT_MIN_SHARE)
    if build_output is None:
        with tempfile.TemporaryDirectory(prefix="naver_third_draw_") as tmp:
            low = lsh_low_pairs(build_rows(articles, Path(tmp) / "out"))
    else:
        low = lsh_low_pairs(build_rows(articles, build_output))
    found: dict[str, dict] = {}
    for name, pairs, size in zip(ORIGINS, (other, adjacent, low), (MAX_PER_ORIGIN, MAX_PER_ORIGIN, LSH_LOW_SAMPLE)):
        found[name] = sample(pairs, taken.union(*found.values()), size)
    return tune_rows(found, set().union(*found.values()))


def main() -> None:
    run_draw(candidates, __doc__)

if __name__ == "__main__":
    main()
