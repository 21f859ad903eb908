#!/usr/bin/env python3
"""Time the topic annotator alone on Reuters-21578 stories (issue 16: matcher speed before/after).

The first N stories with a body go through the per-article steps up to and including the spaCy parse (in this
process); then only ``TopicAnnotator.annotate`` is timed (CPU seconds of this process, so other load on the
machine counts little) over all of them, ``--repeat`` times, and the median is printed. Reuters titles are in
capitals, which the title extractor may leave out; the corpus's own title is then given to the article, so
titles are matched as they are for other corpora. The corpus is read from ``../shared/corpora`` at run time (it
cannot be redistributed).

Usage: ``python benchmarks/topics_speed.py [--n 1000] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.topics_real_eval import cleaned_articles  # noqa: E402
from build_dataset.annotate.topics.annotator import TopicAnnotator, load_taxonomy  # noqa: E402
from build_dataset.io.formats import CorpusFields, page_from_record  # noqa: E402

REUTERS = REPO.parent / "shared" / "corpora" / "reuters21578" / "articles.jsonl.gz"


def reuters_records(n: int) -> list[dict]:
    """The first ``n`` stories with a body."""
    records = []
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("has_body") and isinstance(record.get("text"), str):
                records.append(record)
            if len(records) == n:
                break
    return records


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not REUTERS.is_file():
        print(f"no corpus at {REUTERS}; nothing measured", file=sys.stderr)
        return 1
    records = {r["id"]: r for r in reuters_records(args.n)}
    articles = list(cleaned_articles({i: page_from_record(r, CorpusFields()) for i, r in records.items()}).values())
    for article in articles:
        article.title = article.title or records[article.source_file].get("title")
    annotator = TopicAnnotator(load_taxonomy())
    runs = []
    for _ in range(args.repeat):
        started = time.process_time()
        for article in articles:
            annotator.annotate(article)
        runs.append(time.process_time() - started)
    print(
        f"topics on {len(articles)} Reuters articles: median {statistics.median(runs):.2f} CPU s over"
        f" {args.repeat} runs ({', '.join(f'{r:.2f}' for r in runs)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
