"""``build-dataset evaluate DIR --gold FILE``: score a build against gold annotations; record it beside it.

The gold file is JSON Lines, one object per annotated input file: ``file`` (joined to the basename of
``source_file``), and any of ``title``, ``date``, ``publisher``, ``wire_agency``, ``author``, ``officials``
(``[{name, country}]``), ``topics`` (ids), ``story`` (same story = same value). A missing key or ``"?"``
means "not annotated". The metrics follow the project's evaluation definitions:

- ``date_accuracy``: among files with a gold date, the share whose ``date`` equals it; ``date_false_rate``:
  among files whose gold date is null, the share that got a date anyway;
- ``title/publisher/agency/author_accuracy``: normalized exact match (outlets without "the" and generic words
  such as "news"), null = null counts as a match;
- ``officials_p/_r/_f1``: micro over (file, name), names compared as lowercased ASCII letters;
  ``officials_country_accuracy`` among matched officials; ``topics_p/_r/_f1`` micro over (file, topic);
- ``dup_pair_p/_r/_f1`` over unordered pairs of files in the same group, ``dup_ari`` the adjusted Rand index;
- ``coverage``: the share of gold files that have a row.

The result goes to ``DIR/evaluation.json`` and into ``stats.json``; the card and DATASHEET.md are rendered
again with it and the manifest rewritten, so the folder stays valid for ``build-dataset validate``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from itertools import combinations
from pathlib import Path, PurePosixPath

import pyarrow.parquet as pq

from build_dataset.core.errors import ConfigError
from build_dataset.core.versions import sha256_file

EVALUATION = "evaluation.json"
UNSCORED = "?"
# Words that do not tell two outlet names apart ("Yonhap News Agency" = "Yonhap").
GENERIC_OUTLET_WORDS = {"news", "agency", "newspaper", "online", "com", "co", "kr", "jp", "daily", "inc"}
# Letters NFKD does not decompose into an ASCII base letter.
FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def _words(value: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", value).lower())


def name_key(value: str | None) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", (value or "").lower().translate(FOLD)))


def outlet_key(value: str | None) -> str | None:
    if value is None:
        return None
    words = _words(value)
    words = words[1:] if words[:1] == ["the"] else words
    return " ".join(w for w in words if w not in GENERIC_OUTLET_WORDS) or None


def text_key(value: str | None) -> str | None:
    return " ".join(_words(value)) or None if value is not None else None


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def read_gold(path: Path) -> dict[str, dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        gold = [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read the gold file {path}: {error}") from None
    if not gold or not all(isinstance(g, dict) and "file" in g for g in gold):
        raise ConfigError(f"{path}: expected JSON Lines objects with a `file` key")
    return {g["file"]: g for g in gold}


def read_rows(folder: Path) -> dict[str, dict]:
    files = sorted((folder / "articles").glob("*.parquet"))
    if not files:
        raise ConfigError(f"{folder} has no articles/*.parquet; build it first")
    return {PurePosixPath(r["source_file"]).name: r for f in files for r in pq.read_table(f).to_pylist()}


def _scored(gold: dict, have: list[str], key: str) -> list[str]:
    return [f for f in have if gold[f].get(key, UNSCORED) != UNSCORED]


def field_metrics(gold: dict, pred: dict, have: list[str]) -> dict[str, float]:
    m = {}
    dated = [f for f in _scored(gold, have, "date") if gold[f]["date"] is not None]
    undated = [f for f in _scored(gold, have, "date") if gold[f]["date"] is None]
    right = sum(1 for f in dated if pred[f]["date"] is not None and str(pred[f]["date"])[:10] == gold[f]["date"])
    m["date_accuracy"] = right / len(dated) if dated else 1.0
    m["date_false_rate"] = sum(pred[f]["date"] is not None for f in undated) / len(undated) if undated else 0.0
    fields = (("publisher", "publisher", outlet_key), ("agency", "wire_agency", outlet_key))
    fields += (("author", "author", text_key), ("title", "title", text_key))
    for column, key, norm in fields:
        scored = _scored(gold, have, key)
        right = sum(1 for f in scored if norm(pred[f].get(column)) == norm(gold[f][key]))
        m[f"{column}_accuracy"] = right / len(scored) if scored else 1.0
    return m


def set_metrics(gold: dict, pred: dict, have: list[str]) -> dict[str, float]:
    m, counts, country = {}, Counter(), Counter()
    for f in _scored(gold, have, "officials"):
        expected = {name_key(o["name"]): o for o in gold[f]["officials"]}
        found = {name_key(o.get("name")): o for o in pred[f].get("officials") or []}
        counts.update(tp=len(expected.keys() & found.keys()), fp=len(found.keys() - expected.keys()))
        counts.update(fn=len(expected.keys() - found.keys()))
        for key in expected.keys() & found.keys():
            same = (found[key].get("country") or "").upper() == (expected[key].get("country") or "").upper()
            country.update(n=1, right=int(same))
    m["officials_p"], m["officials_r"], m["officials_f1"] = prf(counts["tp"], counts["fp"], counts["fn"])
    m["officials_country_accuracy"] = country["right"] / country["n"] if country["n"] else 1.0
    counts = Counter()
    for f in _scored(gold, have, "topics"):
        expected, found = set(gold[f]["topics"]), set(pred[f].get("topics") or [])
        counts.update(tp=len(expected & found), fp=len(found - expected), fn=len(expected - found))
    m["topics_p"], m["topics_r"], m["topics_f1"] = prf(counts["tp"], counts["fp"], counts["fn"])
    return m


def group_metrics(gold: dict, pred: dict, have: list[str]) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score

    grouped = _scored(gold, have, "story")
    expected = [gold[f]["story"] for f in grouped]
    found = [str(pred[f].get("duplicate_group")) for f in grouped]
    pairs = list(combinations(range(len(grouped)), 2))
    same_gold = {(a, b) for a, b in pairs if expected[a] == expected[b]}
    same_pred = {(a, b) for a, b in pairs if found[a] == found[b]}
    p, r, f1 = prf(len(same_gold & same_pred), len(same_pred - same_gold), len(same_gold - same_pred))
    ari = float(adjusted_rand_score(expected, found)) if len(grouped) > 1 else 1.0
    return {"dup_pair_p": p, "dup_pair_r": r, "dup_pair_f1": f1, "dup_ari": ari}


def score(folder: Path, gold_path: Path) -> dict:
    """The metrics of ``folder`` against ``gold_path``, with what was scored (no file is written)."""
    gold, pred = read_gold(gold_path), read_rows(folder)
    have = sorted(f for f in gold if f in pred)
    metrics = {"coverage": len(have) / len(gold)}
    for part in (field_metrics, set_metrics, group_metrics):
        metrics.update(part(gold, pred, have))
    stats = json.loads((folder / "stats.json").read_text(encoding="utf-8"))
    return {
        "gold": gold_path.name,
        "gold_sha256": sha256_file(gold_path),
        "gold_lines": len(gold),
        "scored": len(have),
        "metrics": {k: round(v, 6) for k, v in metrics.items()},
        "steps": stats["versions"]["steps"],
    }


def built_configs(folder: Path) -> dict[str, dict[str, list[str]]]:
    """{config: {split: [relative parquet paths]}} of a built folder, as the build returned them."""
    configs: dict[str, dict[str, list[str]]] = {}
    for config in ("articles", "officials"):
        for path in sorted((folder / config).glob("*-of-*.parquet")):
            split = path.name.rsplit("-", 3)[0]
            configs.setdefault(config, {}).setdefault(split, []).append(f"{config}/{path.name}")
    return configs


def record(folder: Path, evaluation: dict, taxonomy: dict) -> None:
    """Write evaluation.json, put it in stats.json, re-render the card and datasheet, rewrite the manifest."""
    from build_dataset.publish import card, datasheet, manifest
    from build_dataset.publish.parquet import write_json

    write_json(evaluation, folder / EVALUATION)
    stats = card.read_stats(folder / "stats.json")
    stats["evaluation"] = evaluation
    write_json(stats, folder / "stats.json")
    stats = card.read_stats(folder / "stats.json")
    charts = {p.stem: p.relative_to(folder).as_posix() for p in sorted((folder / "charts").glob("*.png"))}
    card.write_card(folder, built_configs(folder), stats, taxonomy, charts)
    datasheet.write_datasheet(stats, folder / datasheet.DATASHEET)
    old = json.loads((folder / manifest.MANIFEST).read_text(encoding="utf-8"))
    old["outputs"] = manifest.checksums(folder, manifest.NOT_IN_MANIFEST)
    write_json(old, folder / manifest.MANIFEST)


def evaluate(folder: Path, gold_path: Path, taxonomy_path: Path) -> dict:
    from build_dataset.annotate.topics.annotator import load_taxonomy

    evaluation = score(folder, gold_path)
    record(folder, evaluation, load_taxonomy(taxonomy_path))
    return evaluation
