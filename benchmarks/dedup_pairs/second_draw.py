"""Second draw of candidate pairs for the Naver duplicate pair set: more tune-half evidence, enriched toward
likely positives and hard negatives (``naver_pairs.jsonl`` holds them with the labels, all with split ``tune``).

Usage::

    python benchmarks/dedup_pairs/second_draw.py [--out FILE] [--build-output DIR]

Reads ``../shared/corpora/korea_en_naver_2025/articles.jsonl.gz`` (only record ids are written) and prints one
JSON line per candidate pair not in the first draw (the pairs of ``naver_pairs.jsonl`` whose origin is not
``second_draw_*``): ``a`` < ``b``, ``origin`` (the first of
``second_draw_flash``, ``second_draw_same_slug``, ``second_draw_lsh``, ``second_draw_same_title`` that proposed
it), ``origins`` and the numbers explaining why it was drawn. Four origins, over the 498 article records:

- ``second_draw_lsh``: the grouper's LSH candidate pairs (``dedup.candidates.candidate_pairs`` on the kept
  texts' sentence units without the corpus furniture, as the grouper builds them) whose alignment score
  (``dedup.score.pair_scores``) is at least ``LSH_MIN_SCORE``, on the build at commit 69c6bce.
- ``second_draw_same_title``: two records of one outlet published the same day whose titles share at least
  ``TITLE_MIN_SHARE`` of the content words of the shorter title (version tags removed).
- ``second_draw_same_slug``: two Yonhap records with the same slug (the wire keyword line in front of the
  headline, such as "Coupang-compensation", version tags removed) published the same day or the next.
- ``second_draw_flash``: the (URGENT) flash / story pairs the README lists as versions missing from the set.

The split of every pair is ``tune``: the report half stays as drawn the first time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tempfile
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from candidates import ROOT, bare_title, body, load_articles, write_rows  # noqa: E402  (benchmarks/dedup_pairs is no package)

PAIRS = ROOT / "benchmarks" / "dedup_pairs" / "naver_pairs.jsonl"
AS_OF = dt.date(2026, 1, 13)  # as benchmarks/dedup_real.py: a fixed day after the crawl keeps the build stable
LSH_MIN_SCORE = 0.2
TITLE_MIN_SHARE = 0.5
SLUG_MAX_DAYS = 1
YONHAP = "Yonhap News Agency"
TAG = re.compile(r"\((?:LEAD|URGENT|\d+(?:st|nd|rd|th) LD)\)\s*", re.IGNORECASE)
# The flash / story pairs of the README section "Version pairs in the corpus that are not in the set".
FLASH_PAIRS = {
    "0015816881": ["0015816895", "0015816999", "0015817060"],
    "0015816995": ["0015817019", "0015817186"],
    "0015821125": ["0015821183", "0015821381"],
    "0015825570": ["0015826107"],
    "0015819563": ["0015819634"],
    "0015826194": ["0015826202", "0015826298"],
}
ORIGINS = ("second_draw_flash", "second_draw_same_slug", "second_draw_lsh", "second_draw_same_title")


def build_rows(articles: list[dict], output: Path) -> list[dict]:
    """The kept rows of the project's build over the 498 records (built into ``output`` unless it is there)."""
    import pyarrow.parquet as pq

    from build_dataset.core.settings import CorpusFields, Settings
    from build_dataset.run.build import build

    if not (output / "articles").is_dir():
        corpus = output.parent / "naver_articles.jsonl"
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in articles), encoding="utf-8")
        fields = CorpusFields(text="text", title="title", date="date", id="id", url="url")
        build(Settings(input_dir=corpus, output_dir=output, show_progress=False, on_bad_input="skip",
                       corpus_fields=fields, as_of=AS_OF))  # fmt: skip
    rows = pq.read_table(sorted((output / "articles").glob("*.parquet"))).to_pylist()
    return sorted(rows, key=lambda row: row["id"])  # the grouper's order


def lsh_pairs(rows: list[dict]) -> dict[tuple[str, str], dict]:
    return scored_lsh_pairs(rows, lambda cos, score: score >= LSH_MIN_SCORE)


def scored_lsh_pairs(rows: list[dict], keep) -> dict[tuple[str, str], dict]:
    """The grouper's LSH candidate pairs (by record id) for which ``keep(cosine, alignment score)`` holds."""
    from collections import Counter

    from build_dataset.dedup.candidates import candidate_pairs
    from build_dataset.dedup.furniture import drop_furniture
    from build_dataset.dedup.index import build_index_from_words
    from build_dataset.dedup.score import pair_scores
    from build_dataset.dedup.units import sentence_words

    index = drop_furniture(build_index_from_words([sentence_words(row["text"]) for row in rows]), Counter())
    pairs = candidate_pairs(index)
    cosines, scores = pair_scores(index, pairs)
    record = [row["source_file"].split("#", 1)[1] for row in rows]
    found = {}
    for (i, j), cos, score in zip(pairs.tolist(), cosines.tolist(), scores.tolist()):
        if keep(cos, score):
            found[tuple(sorted((record[i], record[j])))] = {"cos": round(cos, 4), "score": round(score, 4)}
    return found


def title_words(title: str) -> set[str]:
    from build_dataset.dedup.units import content_words

    return set(content_words(bare_title(title)))


def same_title_pairs(articles: list[dict]) -> dict[tuple[str, str], dict]:
    found = {}
    for first, second in combinations(articles, 2):
        if first["publisher"] != second["publisher"] or first["date"][:10] != second["date"][:10]:
            continue
        a, b = title_words(first["title"]), title_words(second["title"])
        share = len(a & b) / min(len(a), len(b)) if a and b else 0.0
        if share >= TITLE_MIN_SHARE:
            found[(first["id"], second["id"])] = {"title_share": round(share, 3)}
    return found


def slug_of(record: dict) -> str | None:
    """The Yonhap keyword line in front of the headline ("S Korea-UN command-military"), tags removed."""
    text, title = body(record), bare_title(record["title"])
    at = text.find(title) if title else -1
    slug = TAG.sub("", text[:at]).strip() if at > 0 else ""
    return slug.casefold() or None


def same_slug_pairs(articles: list[dict]) -> dict[tuple[str, str], dict]:
    yonhap = [(r, slug_of(r), dt.date.fromisoformat(r["date"][:10])) for r in articles if r["publisher"] == YONHAP]
    found = {}
    for (first, slug_a, day_a), (second, slug_b, day_b) in combinations(yonhap, 2):
        if slug_a and slug_a == slug_b and abs((day_a - day_b).days) <= SLUG_MAX_DAYS:
            found[(first["id"], second["id"])] = {"slug": slug_a, "days_apart": abs((day_a - day_b).days)}
    return found


def flash_pairs() -> dict[tuple[str, str], dict]:
    return {tuple(sorted((f"naver-001_{f}", f"naver-001_{s}"))): {} for f, stories in FLASH_PAIRS.items()
            for s in stories}  # fmt: skip


def candidates(build_output: Path | None) -> list[dict]:
    articles = load_articles()
    pairs = map(json.loads, PAIRS.read_text(encoding="utf-8").splitlines())
    first_draw = {(p["a"], p["b"]) for p in pairs if not p["origin"].startswith("second_draw")}
    if build_output is None:
        with tempfile.TemporaryDirectory(prefix="naver_second_draw_") as tmp:
            lsh = lsh_pairs(build_rows(articles, Path(tmp) / "out"))
    else:
        lsh = lsh_pairs(build_rows(articles, build_output))
    found = dict(zip(ORIGINS, (flash_pairs(), same_slug_pairs(articles), lsh, same_title_pairs(articles))))
    return tune_rows(found, set().union(*found.values()) - first_draw)


def tune_rows(found: dict[str, dict], keys: set) -> list[dict]:
    """One tune-split row per pair of ``keys``, sorted: its first origin (in ``found``'s order), every origin
    that proposed it and their numbers."""
    rows = []
    for key in sorted(keys):
        origins = [name for name in found if key in found[name]]
        details = {k: v for name in origins for k, v in found[name][key].items()}
        rows.append({"a": key[0], "b": key[1], "origin": origins[0], "origins": origins, "split": "tune", **details})
    return rows


def run_draw(draw_candidates, description: str) -> None:
    """The command line of a draw script: ``draw_candidates(build_output)`` written as JSON lines."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the candidates here (default: standard output)")
    parser.add_argument("--build-output", type=Path, help="build here, or reuse the build already here")
    args = parser.parse_args()
    write_rows(draw_candidates(args.build_output), args.out)


def main() -> None:
    run_draw(candidates, __doc__)


if __name__ == "__main__":
    main()
