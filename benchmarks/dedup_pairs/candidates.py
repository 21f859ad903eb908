"""Candidate pairs of the Naver duplicate pair set (``naver_pairs.jsonl`` holds them with the labels).

Usage::

    python benchmarks/dedup_pairs/candidates.py [--out FILE] [--pipeline-src DIR] [--build-output DIR]

Reads ``../shared/corpora/korea_en_naver_2025/articles.jsonl.gz`` relative to the repository root (the texts
may not be copied into the repository; only record ids are written) and prints one JSON line per candidate
pair: ``a`` < ``b`` (record ids), ``origin`` (one of ``yonhap_version``, ``lsh``, ``random_same_day``, in that
order of precedence), ``origins`` (every origin that proposed it), ``split`` and a few numbers explaining why
it was drawn. Three origins, over the 498 records with ``item_type == "article"``:

- ``lsh``: the duplicate grouper's candidate pairs (``dedup_candidates.candidate_pairs``, MinHash LSH over
  sentences) on the texts the pipeline keeps. Taken: every pair the build puts in one ``duplicate_group``;
  every other candidate pair whose alignment score (``dedup_score.pair_scores``) is at least
  ``LSH_MIN_SCORE``; and ``LSH_LOW_SAMPLE`` pairs drawn from the remaining candidates above the cosine floor.
  The set was drawn with the pipeline at commit ccae156; a later pipeline proposes other pairs, so to
  reproduce the list pass ``--pipeline-src`` a checkout of that commit
  (``git archive ccae156 | tar -x -C /tmp/ccae156``).
- ``yonhap_version``: every pair of records whose titles are equal once leading "(LEAD)", "(2nd LD)",
  "(URGENT)"-style tags are removed (this also catches recurring titles such as "Today in Korean history").
- ``random_same_day``: ``RANDOM_PAIRS`` pairs published the same day that share a topic (a topic pattern
  found in the title or at least twice in the body of both), not proposed by the other origins; drawn with
  ``random.Random(2026)``, ``RANDOM_HARD`` of them from the quarter of eligible pairs with the highest TF-IDF
  cosine (hard pairs) and the rest from the other three quarters, at most ``MAX_RANDOM_PER_ARTICLE`` per record.

Split: ``tune`` when the first byte of sha256("a|b") is even, else ``report``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpora" / "korea_en_naver_2025" / "articles.jsonl.gz"
SEED = 2026
LSH_MIN_SCORE = 0.3
LSH_LOW_SAMPLE = 25
RANDOM_PAIRS = 80
RANDOM_HARD = 60
MAX_RANDOM_PER_ARTICLE = 2
# The tags the draw removed, frozen so that the draw reproduces (the pipeline reads tags with clean.wire.VERSION_TAG).
VERSION_TAG = re.compile(r"^\s*(?:\((?:LEAD|URGENT|\d+(?:st|nd|rd|th) LD)\)\s*)+", re.IGNORECASE)
TOPICS = {
    "north_korea": r"\bNorth Korea|\bN\. Korea|Pyongyang|Kim Jong[- ]un",
    "tariffs_trade": r"\btariff|\bexports?\b|\btrade deal",
    "coupang": r"\bCoupang",
    "kim_keon_hee_probe": r"Kim Keon[- ]Hee|special counsel|ex-first lady|former first lady",
    "yoon_martial_law": r"Yoon Suk Yeol|\bYoon\b|martial law|insurrection",
    "china_xi_summit": r"\bXi Jinping|\bXi\b|\bBeijing|state visit to China",
    "japan": r"\bJapan|\bTakaichi|\bTokyo",
    "stocks": r"\bKOSPI|\bKOSDAQ|\bstocks?\b|\bshares\b",
    "won_currency": r"exchange rate|\bthe won\b|\bcurrency|foreign exchange",
    "data_breach": r"data breach|data leak|\bhack",
    "united_states": r"\bTrump|\bWashington|United States|\bU\.S\.",
    "chips": r"semiconductor|\bchips?\b|Samsung Electronics|SK hynix",
    "president_lee": r"Lee Jae[- ]Myung|President Lee",
    "macro_economy": r"inflation|consumer prices|Bank of Korea|\bBOK\b|interest rate|\bGDP\b|industrial output",
    "defense": r"\bmilitary|\bdefense|\bmissile|\bweapons?\b|\barms\b",
    "culture_entertainment": r"K-pop|\bBTS\b|NewJeans|\bdrama\b|\bfilm\b|\bactor|\balbum|\bconcert",
    "sports": r"\bfootball|\bsoccer|\bbaseball|\bOlympic|\bleague\b|\bcoach\b",
    "weather": r"\bweather|\bcold wave|\bsnow|temperature",
    "real_estate": r"\bhousing|\bapartment|real estate|\bhome prices",
    "politics_parties": r"Democratic Party|People Power Party|National Assembly|\blawmakers?\b",
    "religion_unification_church": r"Unification Church|Shincheonji",
    "telecom_kt": r"\bKT\b|SK Telecom|\bLG Uplus",
    "new_year": r"New Year",
}


def split_of(a: str, b: str) -> str:
    return "tune" if hashlib.sha256(f"{a}|{b}".encode()).digest()[0] % 2 == 0 else "report"


def load_articles(path: Path = CORPUS) -> list[dict]:
    if not path.exists():
        sys.exit(f"candidates: {path} is missing; the corpus lives in ../shared/corpora next to the repository")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return sorted((r for r in records if r.get("item_type") == "article"), key=lambda r: r["id"])


def body(record: dict) -> str:
    """The article text without the markdown header ("# title", publisher/date line) and the crawl footer."""
    text = record["text"]
    start = text.find("\n---\n")
    end = text.rfind("\n---\n")
    if start != -1 and end > start:
        text = text[start + 5 : end]
    return html.unescape(text).strip()


def bare_title(title: str) -> str:
    return VERSION_TAG.sub("", html.unescape(title)).strip()


# --- origin c: Yonhap story versions -------------------------------------------------------------------------


def yonhap_version_pairs(articles: list[dict]) -> dict[tuple[str, str], dict]:
    by_title: dict[str, list[str]] = {}
    for record in articles:
        by_title.setdefault(bare_title(record["title"]), []).append(record["id"])
    found = {}
    for title, ids in by_title.items():
        for a, b in combinations(sorted(ids), 2):
            found[(a, b)] = {"title_group_size": len(ids)}
    return found


# --- origin a: the pipeline's LSH candidates ------------------------------------------------------------------


def run_build(articles: list[dict], output: Path, pipeline_src: Path) -> None:
    """The pipeline's own build over the 498 article records (to get its cleaned texts and groups)."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for record in articles:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        command = [sys.executable, "-m", "build_dataset", "build", "--input", str(corpus), "--output", str(output),
                   "--text-field", "text", "--title-field", "title", "--date-field", "date", "--id-field", "id",
                   "--url-field", "url", "--no-progress", "--no-cache"]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(pipeline_src)}
        subprocess.run(command, check=True, cwd=tmp, env=env, stdout=subprocess.DEVNULL)


def lsh_pairs(build_output: Path, rng: random.Random) -> dict[tuple[str, str], dict]:
    import pandas as pd

    from build_dataset.dedup_candidates import candidate_pairs
    from build_dataset.dedup_index import build_index_from_words
    from build_dataset.dedup_score import COS_FLOOR, pair_scores
    from build_dataset.dedup_text import sentence_words

    frame = pd.concat(pd.read_parquet(p) for p in sorted((build_output / "articles").glob("*.parquet")))
    frame["record_id"] = frame["source_file"].str.split("#").str[-1]
    frame = frame.sort_values("id").reset_index(drop=True)  # the grouper's order (by the pipeline's ids)
    index = build_index_from_words([sentence_words(text) for text in frame["text"]])
    pairs = candidate_pairs(index)
    cosines, scores = pair_scores(index, pairs)
    record_ids = frame["record_id"].tolist()
    group_of = dict(zip(record_ids, frame["duplicate_group"]))
    scored = {}
    for (i, j), cos, score in zip(pairs.tolist(), cosines.tolist(), scores.tolist()):
        a, b = sorted((record_ids[i], record_ids[j]))
        scored[(a, b)] = (round(cos, 4), round(score, 4))
    found = {}
    for members in frame.groupby("duplicate_group")["record_id"]:
        for a, b in combinations(sorted(members[1]), 2):
            cos, score = scored.get((a, b), (None, None))
            found[(a, b)] = {"lsh_grouped": True, "lsh_candidate": (a, b) in scored, "cos": cos, "score": score}
    rest = []
    for (a, b), (cos, score) in sorted(scored.items()):
        if (a, b) in found:
            continue
        if score >= LSH_MIN_SCORE:
            found[(a, b)] = {"lsh_grouped": False, "lsh_candidate": True, "cos": cos, "score": score}
        elif cos >= COS_FLOOR:
            rest.append((a, b))
    for a, b in rng.sample(rest, min(LSH_LOW_SAMPLE, len(rest))):
        cos, score = scored[(a, b)]
        found[(a, b)] = {"lsh_grouped": False, "lsh_candidate": True, "cos": cos, "score": score, "low_sample": True}
    assert all(group_of[a] == group_of[b] for (a, b), why in found.items() if why["lsh_grouped"])
    return found


# --- origin b: random same-day same-topic pairs ---------------------------------------------------------------


def topics_of(record: dict) -> set[str]:
    title, text = html.unescape(record["title"]), body(record)
    found = set()
    for name, pattern in TOPICS.items():
        regex = re.compile(pattern)
        if regex.search(title) or len(regex.findall(text)) >= 2:
            found.add(name)
    return found


def random_same_day_pairs(
    articles: list[dict], taken: set[tuple[str, str]], rng: random.Random
) -> dict[tuple[str, str], dict]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = [r["id"] for r in articles]
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2).fit_transform(
        [body(r) for r in articles]
    )
    position = {record_id: k for k, record_id in enumerate(ids)}
    topics = {r["id"]: topics_of(r) for r in articles}
    by_day: dict[str, list[str]] = {}
    for record in articles:
        by_day.setdefault(record["date"][:10], []).append(record["id"])
    eligible = []
    for day, day_ids in sorted(by_day.items()):
        for a, b in combinations(sorted(day_ids), 2):
            shared = topics[a] & topics[b]
            if shared and (a, b) not in taken:
                cos = float(vectors[position[a]].multiply(vectors[position[b]]).sum())
                eligible.append((round(cos, 4), a, b, sorted(shared)))
    eligible.sort(key=lambda e: (-e[0], e[1], e[2]))
    cut = len(eligible) // 4
    hard, easy = eligible[:cut], eligible[cut:]
    used: dict[str, int] = {}
    found = {}
    for pool, wanted in ((hard, RANDOM_HARD), (easy, RANDOM_PAIRS - RANDOM_HARD)):
        order = list(range(len(pool)))
        rng.shuffle(order)
        drawn = 0
        for k in order:
            if drawn == wanted:
                break
            cos, a, b, shared = pool[k]
            if used.get(a, 0) >= MAX_RANDOM_PER_ARTICLE or used.get(b, 0) >= MAX_RANDOM_PER_ARTICLE:
                continue
            used[a] = used.get(a, 0) + 1
            used[b] = used.get(b, 0) + 1
            found[(a, b)] = {"tfidf_cos": cos, "shared_topics": shared, "hard": pool is hard}
            drawn += 1
    return found


def candidates(build_output: Path | None, pipeline_src: Path) -> list[dict]:
    articles = load_articles()
    rng = random.Random(SEED)
    versions = yonhap_version_pairs(articles)
    if build_output is None:
        with tempfile.TemporaryDirectory(prefix="naver_pairs_build_") as tmp:
            run_build(articles, Path(tmp) / "out", pipeline_src)
            lsh = lsh_pairs(Path(tmp) / "out", rng)
    else:
        lsh = lsh_pairs(build_output, rng)
    rand = random_same_day_pairs(articles, set(versions) | set(lsh), rng)
    rows = []
    for key in sorted(set(versions) | set(lsh) | set(rand)):
        origins = [name for name, found in (("yonhap_version", versions), ("lsh", lsh), ("random_same_day", rand))
                   if key in found]  # fmt: skip
        details = {}
        for found in (versions, lsh, rand):
            details.update(found.get(key, {}))
        a, b = key
        rows.append({"a": a, "b": b, "origin": origins[0], "origins": origins, "split": split_of(a, b), **details})
    return rows


def write_rows(rows: list[dict], out: Path | None) -> None:
    """One JSON line per candidate pair, to ``out`` or to standard output."""
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if out:
        out.write_text(lines, encoding="utf-8")
    else:
        sys.stdout.write(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the candidates here (default: standard output)")
    parser.add_argument("--pipeline-src", type=Path, default=ROOT, help="checkout whose build_dataset to use")
    parser.add_argument("--build-output", type=Path, help="an existing build of the 498 articles to reuse")
    args = parser.parse_args()
    sys.path.insert(0, str(args.pipeline_src.resolve()))
    write_rows(candidates(args.build_output, args.pipeline_src.resolve()), args.out)


if __name__ == "__main__":
    main()
