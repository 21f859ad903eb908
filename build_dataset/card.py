"""The Hugging Face dataset card (``OUTPUT/README.md``), generated from the written Parquet and stats.json.

The YAML header is derived from the Parquet schema actually written (``Features.from_arrow_schema``), never
typed by hand, so the card cannot disagree with the data. Every number in the body comes from the stats.
User text from the articles never enters the YAML; in the body it is escaped (see ``md_escape``).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pyarrow.parquet as pq
from datasets import Features
from huggingface_hub import DatasetCard, DatasetCardData

from build_dataset.settings import Settings
from schema.arrow import column_docs

LICENSE = "other"
LICENSE_NAME = "source-copyright"
PRETTY_NAME = "Annotated East Asian foreign-affairs news"
# Bucket edges from datasets/utils/resources/size_categories.json.
SIZE_BUCKETS = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")]

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def md_escape(value: object) -> str:
    """Make a value from the data inert in Markdown and HTML (no links, no tags, no front matter)."""
    return MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False)).replace("\n", " ")


def size_category(rows: int) -> str:
    return next((label for edge, label in SIZE_BUCKETS if rows < edge), "n>1M")


def features_yaml(out: Path, shards: dict[str, list[str]]) -> list[dict]:
    first = next(path for paths in shards.values() for path in paths)
    return Features.from_arrow_schema(pq.read_schema(out / first))._to_yaml_list()


def card_data(out: Path, shards: dict[str, list[str]], stats: dict, split_counts: dict[str, int]) -> DatasetCardData:
    return DatasetCardData(
        license=LICENSE,
        license_name=LICENSE_NAME,
        license_link="LICENSE",
        language=sorted(stats["languages"]) or ["en"],
        pretty_name=PRETTY_NAME,
        size_categories=[size_category(stats["rows"])],
        task_categories=["text-classification", "token-classification"],
        tags=["news", "metadata-extraction", "deduplication", "named-entities", "parquet"],
        annotations_creators=["machine-generated"],
        language_creators=["found"],
        multilinguality="monolingual" if len(stats["languages"]) <= 1 else "multilingual",
        source_datasets=["original"],
        configs=[
            {
                "config_name": "default",
                "default": True,
                "data_files": [{"split": split, "path": f"articles/{split}-*.parquet"} for split in shards],
            }
        ],
        dataset_info={
            "features": features_yaml(out, shards),
            "splits": [{"name": split, "num_examples": n} for split, n in split_counts.items()],
        },
    )


def _table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _counts_table(title: str, counts: dict) -> str:
    if not counts:
        return f"No {title.lower()} in this build."
    return _table((title, "articles"), list(counts.items()))


def render_body(stats: dict, split_counts: dict[str, int], taxonomy: dict) -> str:
    columns = _table(("column", "Arrow type", "meaning"), column_docs())
    topics = _table(("topic id", "definition"), [(t["id"], t["definition"]) for t in taxonomy["topics"]])
    splits = _table(("split", "rows"), list(split_counts.items()))
    rejects = _counts_table("Reason", stats["rejects_by_reason"])
    return f"""
# {PRETTY_NAME}

## Dataset Details

### Dataset Description

Scraped news pages about East Asian foreign affairs, cleaned of page boilerplate and annotated with
publication date, publisher, wire agency, author, the government officials they name, topics from a
versioned taxonomy, and duplicate groups that tie syndicated and machine-translated copies of one story
together. This build holds **{stats["rows"]} articles** ({stats["words"]} words) from {stats["inputs"]}
input files; {stats["rejected"]} inputs were rejected (see below).

- **Curated by:** the news-dataset-publisher pipeline (`build-dataset build`)
- **Language(s):** {", ".join(sorted(stats["languages"])) or "none"}
- **License:** the texts remain under their publishers' copyright (see *License* below); annotations CC-BY-4.0

## Uses

### Direct Use

Filtering and counting news by date, outlet, official and topic; training and evaluating extractors of
dates, sources and named officials; leakage-free splits by duplicate group.

### Out-of-Scope Use

Redistributing the article texts beyond what their copyright allows; treating machine annotations as
ground truth about people; inferring anything about private persons.

## Dataset Structure

{splits}

Columns (derived from the schema in `schema/articles.py`):

{columns}

### Topic taxonomy `{md_escape(taxonomy.get("name", ""))}` v{md_escape(taxonomy.get("version", ""))}

{topics}

## Dataset Creation

### Source Data

Raw article pages as scraped from news sites (text files). Rejected inputs, by reason:

{rejects}

### Annotations

All annotations are machine-generated by versioned annotators; counts per step are in `stats.json`.

- Articles per year: {md_escape(stats["articles_per_year"] or "none dated")}; undated: {stats["undated"]}
- Publishers: {md_escape(stats["publishers"] or "none identified")}
- Topics: {md_escape(stats["topics"] or "none assigned")}
- Most named officials: {md_escape(stats["top_officials"] or "none")}
- Duplicate groups: {stats["duplicate_groups"]} ({stats["groups_with_copies"]} with copies,
  largest {stats["largest_group"]})

### Personal and Sensitive Information

Articles name public officials, journalists and other people as published by the outlets. No private
data was added; the officials column only lists people holding public office.

## Bias, Risks, and Limitations

The pages come from English-language outlets of a few countries and over-represent their viewpoints.
Machine annotations err: garbled names in machine-translated copies may be missed or mis-resolved, and
dates are left empty rather than guessed when the page does not state them.

## License

The article texts are the copyright of their publishers and are included for research under the terms
of the source sites; the annotations are released under CC-BY-4.0.

## Citation

```bibtex
@misc{{news_dataset_publisher,
  title = {{{PRETTY_NAME}}},
  note = {{Built with news-dataset-publisher}}
}}
```
"""


def write_card(
    out: Path, shards: dict[str, list[str]], stats: dict, split_counts: dict, taxonomy: dict, settings: Settings
) -> None:
    data = card_data(out, shards, stats, split_counts)
    card = DatasetCard(f"---\n{data.to_yaml()}\n---\n" + render_body(stats, split_counts, taxonomy))
    (out / "README.md").write_text(str(card), encoding="utf-8")
