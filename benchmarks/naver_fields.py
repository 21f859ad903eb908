#!/usr/bin/env python3
"""Page-structure fields on real crawled pages, measured against the outlets' own metadata:
``benchmarks/results/naver_fields.json``.

The corpus ``../shared/corpora/korea_en_naver_2025`` (read at run time, never copied) holds 498 articles
(``item_type == "article"``) crawled from Naver News, each with the record's title, date and publisher. Only the
crawled ``text`` goes into the build (no corpus field), in two forms:

- ``as_is``: the text as crawled (``# title``, the ``**publisher** | date |`` line, body, crawl footer);
- ``body_only``: the same without the crawler's header line and footer, so that only the article (its title
  and body) can be evidence.

Measured: date coverage and precision (the metadata date, day precision), publisher coverage and precision
(the metadata publisher put in the registry's canonical form), title equal to the unescaped metadata title,
author coverage, and Yonhap agency on the Yonhap pages.

Usage: ``python benchmarks/naver_fields.py [--corpus DIR] [--details FILE]``. Skips (exit 0) without the corpus.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
import tempfile
from pathlib import Path

from build_dataset.annotate.sources import outlet_key, registry
from build_dataset.core.settings import Settings
from build_dataset.run.build import build

REPO = Path(__file__).resolve().parents[1]

CORPUS = REPO.parent / "shared" / "corpora" / "korea_en_naver_2025"
RESULTS = REPO / "benchmarks" / "results" / "naver_fields.json"
DIGITS = 3
YONHAP = "Yonhap News Agency"
# The crawler's markdown around every body: the "**publisher** | date | category" line, "---" rules, and the
# "*Crawled at: ...*" / "*Source: [...](url)*" footer.
CRAWL_HEADER_LINE = re.compile(r"^\*\*[^*\n]*\*\*\s*\|.*$", re.MULTILINE)
CRAWL_RULE = re.compile(r"^-{3,}\s*$", re.MULTILINE)
CRAWL_FOOTER_LINE = re.compile(r"^\*(?:Crawled at|Source):.*\*\s*$", re.MULTILINE)


def load_articles(corpus: Path) -> list[dict]:
    with gzip.open(corpus / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [r for r in records if r.get("item_type") == "article"]


def body_only(text: str) -> str:
    """The crawled text without the crawler's header line, rules and footer."""
    for pattern in (CRAWL_HEADER_LINE, CRAWL_RULE, CRAWL_FOOTER_LINE):
        text = pattern.sub("", text)
    return text


def canonical_outlet(name: str | None) -> str | None:
    if not name:
        return None
    outlet = registry().lookup(name)
    return outlet_key(outlet.name if outlet else name)


def built_rows(records: list[dict], form, work: Path) -> dict[str, dict]:
    """Build the records' text (as ``form`` shapes it) as a JSON Lines corpus; rows by record id."""
    import pyarrow.parquet as pq

    corpus = work / "naver.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps({"id": record["id"], "text": form(record["text"])}, ensure_ascii=False) + "\n")
    out = work / "built"
    build(Settings(input_dir=corpus, output_dir=out, show_progress=False, on_bad_input="skip", workers=2))
    table = pq.read_table(sorted((out / "articles").glob("*.parquet")))
    return {row["source_file"].split("#", 1)[1]: row for row in table.to_pylist()}


def share(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, DIGITS) if denominator else 1.0


def compare(record: dict, row: dict | None) -> dict:
    """One record's fields: what the build found beside what the metadata says."""
    found = row is not None
    row = row or {}
    date = row.get("date")
    return {
        "id": record["id"],
        "row": found,
        "publisher_meta": record["publisher"],
        "title_meta": " ".join(html.unescape(record["title"]).split()),
        "title": " ".join((row.get("title") or "").split()) or None,
        "date_meta": record["date"][:10],
        "date": date.isoformat() if date else None,
        "date_source": row.get("date_source"),
        "publisher": row.get("publisher"),
        "publisher_ok": canonical_outlet(row.get("publisher")) == canonical_outlet(record["publisher"]),
        "agency": row.get("agency"),
        "author": row.get("author"),
        "author_meta": record.get("author_raw"),
        "kind": row.get("kind"),
        "version": row.get("version"),
    }


def metrics(records: list[dict]) -> dict:
    """Shares over the records that became rows (the others are named rejects: headline-only flashes)."""
    compared = [c for c in records if c["row"]]
    dated = [c for c in compared if c["date"]]
    published = [c for c in compared if c["publisher"]]
    yonhap = [c for c in compared if c["publisher_meta"] == YONHAP]
    return {
        "articles": len(records),
        "rows": len(compared),
        "date_coverage": share(len(dated), len(compared)),
        "date_precision": share(sum(c["date"] == c["date_meta"] for c in dated), len(dated)),
        "publisher_coverage": share(len(published), len(compared)),
        "publisher_precision": share(sum(c["publisher_ok"] for c in published), len(published)),
        "title_equal": share(sum(c["title"] == c["title_meta"] for c in compared), len(compared)),
        "author_coverage": share(sum(bool(c["author"]) for c in compared), len(compared)),
        "yonhap_pages": len(yonhap),
        "yonhap_agency": share(sum(c["agency"] == "Yonhap" for c in yonhap), len(yonhap)),
    }


def measure(records: list[dict]) -> tuple[dict, dict]:
    forms = {"as_is": lambda text: text, "body_only": body_only}
    results, details = {}, {}
    for name, form in forms.items():
        with tempfile.TemporaryDirectory() as work:
            rows = built_rows(records, form, Path(work))
        details[name] = [compare(record, rows.get(record["id"])) for record in records]
        results[name] = metrics(details[name])
    return results, details


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder holding articles.jsonl.gz")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--details", type=Path, default=None, help="also write every record's fields (JSON)")
    args = parser.parse_args(argv)
    if not (args.corpus / "articles.jsonl.gz").is_file():
        print(f"no corpus at {args.corpus}; nothing measured", file=sys.stderr)
        return 0
    results, details = measure(load_articles(args.corpus))
    report = {"corpus": "shared/corpora/korea_en_naver_2025 (item_type == article)", "forms": results}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if args.details:
        args.details.write_text(json.dumps(details, indent=1, ensure_ascii=False, default=str) + "\n", "utf-8")
    print(json.dumps(results, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
