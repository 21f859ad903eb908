"""The Hugging Face dataset card (``OUTPUT/README.md``), generated from the written Parquet and stats.json.

The YAML header is derived from the Parquet schema actually written (``Features.from_arrow_schema``), never
typed by hand, so the card cannot disagree with the data. Every number in the body comes from stats.json
(which carries the accuracy measured by ``benchmarks/quality.py``); how each field is produced is the
docstring of the module that produces it. User text from the articles never enters the YAML; in the body
it is escaped (see ``md_escape``).
"""

from __future__ import annotations

import html
import importlib
import json
import re
from collections import Counter
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
from datasets import Features
from huggingface_hub import DatasetCard, DatasetCardData

from build_dataset.charts import ranked
from build_dataset.settings import REPO_ROOT
from build_dataset.write import OFFICIALS_SCHEMA
from schema.arrow import column_docs

LICENSE = "other"
LICENSE_NAME = "source-copyright"
LICENSE_FILE = "LICENSE"
PRETTY_NAME = "Annotated East Asian foreign-affairs news"
DATASET_NAME = "east-asia-foreign-affairs-news"
DEFAULT_REPO_ID = f"news-dataset-publisher/{DATASET_NAME}"
HUB_URL = f"https://huggingface.co/datasets/{DEFAULT_REPO_ID}"
CREATOR = "news-dataset-publisher contributors"
ANNOTATIONS_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
KEYWORDS = ["news", "metadata-extraction", "deduplication", "named-entities", "parquet"]
QUALITY_FILE = REPO_ROOT / "benchmarks" / "results" / "quality.json"
QUALITY_SET = "dev"  # the 30-page dev set: the larger of the two gold sets; the seeds are also the sample data
# A field whose dev-set accuracy/F1 is below this is listed among the known failure modes. 0.9 = the point
# below which one in ten rows is wrong, the rate at which a user filtering on the field notices errors.
FAILURE_MODE_BAR = 0.9
# Bucket edges from datasets/utils/resources/size_categories.json.
SIZE_BUCKETS = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")]
CONFIG_FOLDERS = {"articles": "articles", "officials": "officials"}
DEFAULT_CONFIG = "articles"

# How each field family is produced: (columns, module whose docstring explains it, step-name prefixes,
# dev-set metrics from score.py). The text itself is read from the module, so it follows the code.
FIELD_PRODUCERS = [
    (("title", "text"), "build_dataset.clean", ("clean_", "not_article_"), ("title_accuracy",)),
    (("language", "word_count"), "build_dataset.annotate.language", ("language_",), ()),
    (
        ("date", "date_source", "date_text", "story_date", "story_date_from"),
        "build_dataset.annotate.dates",
        ("dates_", "group_dates_"),
        ("date_accuracy", "date_false_rate"),
    ),
    (
        ("publisher", "agency", "author"),
        "build_dataset.annotate.sources",
        ("sources_",),
        ("publisher_accuracy", "agency_accuracy", "author_accuracy"),
    ),
    (
        ("officials",),
        "build_dataset.annotate.officials",
        ("officials_",),
        ("officials_p", "officials_r", "officials_f1", "officials_country_accuracy"),
    ),
    (("topics", "topic_scores"), "build_dataset.annotate.topics", ("topics_",), ("topics_p", "topics_r", "topics_f1")),
    (
        ("duplicate_group", "is_canonical", "duplicate_of", "duplicate_score", "group_size", "duplicate_relation"),
        "build_dataset.dedup",
        ("dedup_",),
        ("dup_pair_p", "dup_pair_r", "dup_pair_f1", "dup_ari"),
    ),
]
METRIC_MEANINGS = {
    "title_accuracy": "titles equal to the gold title",
    "date_accuracy": "dates equal to the gold date, among pages that state one",
    "date_false_rate": "pages without a date that got one anyway (lower is better)",
    "publisher_accuracy": "publishers equal to the gold outlet",
    "agency_accuracy": "wire agencies equal to the gold agency (null = null counts)",
    "author_accuracy": "authors equal to the gold byline (null = null counts)",
    "officials_p": "precision of named officials",
    "officials_r": "recall of named officials",
    "officials_f1": "F1 of named officials",
    "officials_country_accuracy": "country right, among matched officials",
    "topics_p": "precision of topic labels",
    "topics_r": "recall of topic labels",
    "topics_f1": "F1 of topic labels",
    "dup_pair_p": "precision of same-story pairs",
    "dup_pair_r": "recall of same-story pairs",
    "dup_pair_f1": "F1 of same-story pairs",
    "dup_ari": "adjusted Rand index of the duplicate groups",
}
LOWER_IS_BETTER = ("date_false_rate",)

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def md_escape(value: object) -> str:
    """Make a value from the data inert in Markdown and HTML (no links, no tags, no front matter)."""
    return MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False)).replace("\n", " ")


def size_category(rows: int) -> str:
    return next((label for edge, label in SIZE_BUCKETS if rows < edge), "n>1M")


# ---------------------------------------------------------------- numbers the card adds to stats.json


def load_quality(path: Path = QUALITY_FILE) -> dict | None:
    """The stored measurement of ``benchmarks/quality.py``, or None when it was never run."""
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def read_stats(path: Path) -> dict:
    """stats.json as written: what the card, charts and datasheet read (keys are strings, sorted)."""
    return json.loads(path.read_text(encoding="utf-8"))


def card_stats(frame: pl.DataFrame, configs: dict[str, dict[str, int]], versions: dict, shares: dict) -> dict:
    """Stats the card and datasheet need beyond ``stats.dataset_stats``."""
    dates = [d for d in frame["date"].to_list() if d] if frame.height else []
    sizes = Counter(Counter(frame["duplicate_group"].to_list()).values()) if frame.height else Counter()
    return {
        "date_range": {"oldest": str(min(dates)), "newest": str(max(dates))} if dates else {},
        "group_sizes": {str(size): n for size, n in sorted(sizes.items())},
        "configs": configs,
        "split_shares": shares,
        "versions": versions,
        "quality": load_quality(),
    }


# ---------------------------------------------------------------- YAML header


def features_yaml(out: Path, files: list[str]) -> list[dict]:
    return Features.from_arrow_schema(pq.read_schema(out / files[0]))._to_yaml_list()


def _languages(stats: dict) -> list[str]:
    """Language codes the Hub knows (``datasets/utils/resources/languages.json``); ``und`` is left out."""
    return sorted(code for code in stats["languages"] if code != "und") or ["en"]


def loadable_configs(configs: dict[str, dict[str, list[str]]], stats: dict) -> dict[str, dict[str, list[str]]]:
    """The configs and splits the card declares: ``datasets`` cannot load a split of zero rows, so empty
    splits (and configs with no rows at all) are left out; an all-empty ``articles`` config stays as it is."""
    declared = {}
    for config, splits in configs.items():
        kept = {split: paths for split, paths in splits.items() if stats["configs"][config].get(split)}
        if kept or (config == DEFAULT_CONFIG and splits):
            declared[config] = kept or splits
    return declared


def uncompressed_bytes(path: Path) -> int:
    """What ``datasets`` calls a split's ``num_bytes``, from the Parquet footer (no data is read)."""
    metadata = pq.ParquetFile(path).metadata
    return sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))


def dataset_info(out: Path, config: str, splits: dict[str, list[str]], stats: dict) -> dict:
    """One config's ``dataset_info``; ``datasets`` ignores a split entry without ``num_bytes``."""
    split_bytes = {split: sum(uncompressed_bytes(out / p) for p in paths) for split, paths in splits.items()}
    return {
        "config_name": config,
        "features": features_yaml(out, [p for paths in splits.values() for p in paths]),
        "splits": [
            {"name": split, "num_bytes": split_bytes[split], "num_examples": stats["configs"][config][split]}
            for split in splits
        ],
        "download_size": sum((out / p).stat().st_size for paths in splits.values() for p in paths),
        "dataset_size": sum(split_bytes.values()),
    }


def card_data(out: Path, configs: dict[str, dict[str, list[str]]], stats: dict) -> DatasetCardData:
    """``configs``: {config: {split: [relative parquet paths]}} as written."""
    configs = loadable_configs(configs, stats)
    languages = _languages(stats)
    return DatasetCardData(
        license=LICENSE,
        license_name=LICENSE_NAME,
        license_link=LICENSE_FILE,
        language=languages,
        pretty_name=PRETTY_NAME,
        size_categories=[size_category(stats["rows"])],
        task_categories=["text-classification", "token-classification"],
        tags=KEYWORDS,
        annotations_creators=["machine-generated"],
        language_creators=["found"],
        multilinguality="monolingual" if len(languages) <= 1 else "multilingual",
        source_datasets=["original"],
        configs=[
            {
                "config_name": config,
                **({"default": True} if config == DEFAULT_CONFIG else {}),
                "data_files": [
                    {"split": split, "path": f"{CONFIG_FOLDERS[config]}/{split}-*.parquet"} for split in splits
                ],
            }
            for config, splits in configs.items()
        ],
        dataset_info=[dataset_info(out, config, splits, stats) for config, splits in configs.items()],
    )


# ---------------------------------------------------------------- body


def _cell(value: object) -> str:
    return str(value) if isinstance(value, (int, float)) else md_escape(value)


def _table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _counts_table(title: str, counts: dict, empty: str) -> str:
    return _table((title, "articles"), list(counts.items())) if counts else empty


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def module_summary(module: str) -> str:
    """First paragraph of a module's docstring, in one line, rst literals as Markdown code."""
    doc = (importlib.import_module(module).__doc__ or "").strip().split("\n\n")[0]
    return " ".join(doc.split()).replace("``", "`")


def steps_for(prefixes: tuple[str, ...], steps: list[str]) -> list[str]:
    return [name for name in steps if name.startswith(prefixes)]


def quality_set(stats: dict) -> dict | None:
    quality = stats.get("quality") or {}
    return quality.get("sets", {}).get(QUALITY_SET)


def stale_steps(stats: dict) -> list[str]:
    """Steps of this build that the stored measurement did not use (its figures may be out of date)."""
    measured = set((stats.get("quality") or {}).get("steps", []))
    return [name for name in stats["versions"]["steps"] if name not in measured]


def _metric_text(metrics: dict, keys: tuple[str, ...]) -> str:
    shown = [f"{key} {metrics[key]:.3f}" for key in keys if key in metrics]
    return "; ".join(shown) if shown else "not scored"


def fields_table(stats: dict) -> str:
    measured = quality_set(stats)
    rows = []
    for columns, module, prefixes, metrics in FIELD_PRODUCERS:
        steps = ", ".join(steps_for(prefixes, stats["versions"]["steps"])) or "none"
        accuracy = _metric_text(measured["metrics"], metrics) if measured else "not measured"
        rows.append((", ".join(columns), steps, module_summary(module), accuracy))
    lines = ["| columns | step | how it is produced | measured on the dev set |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def quality_note(stats: dict) -> str:
    measured = quality_set(stats)
    if not measured:
        return (
            "No accuracy measurement is stored with this build (`benchmarks/quality.py` was not run), so no "
            "figures are given."
        )
    note = (
        f"Accuracy was measured by `benchmarks/quality.py`: it builds the {measured['files']}-page gold-annotated "
        f"development set and scores it with the evaluation's `score.py`. The rules were developed while "
        "looking at that set, so these figures are optimistic: expect lower accuracy on pages unlike it."
    )
    stale = stale_steps(stats)
    if stale:
        note += (
            f" **These figures predate the current version of {', '.join(f'`{s}`' for s in stale)}**; "
            "re-run `python benchmarks/quality.py` to refresh them."
        )
    return note


def officials_method() -> str:
    """How officials are extracted and where it fails (resources/card_officials.md), with the registry size."""
    from build_dataset.annotate.officials_registry import default_registry

    text = (Path(__file__).parent / "resources" / "card_officials.md").read_text(encoding="utf-8")
    return text.strip().replace("{registry_size}", str(len(default_registry().entries)))


def failure_modes(stats: dict) -> list[str]:
    """Fields measured below FAILURE_MODE_BAR on the dev set, worst first, in plain words."""
    measured = quality_set(stats)
    if not measured:
        return []
    weak = []
    for key, value in measured["metrics"].items():
        score = 1 - value if key in LOWER_IS_BETTER else value
        if key in METRIC_MEANINGS and score < FAILURE_MODE_BAR:
            weak.append((score, key, value))
    return [f"`{key}` = {value:.3f} ({METRIC_MEANINGS[key]})" for _, key, value in sorted(weak)]


def _failure_modes_block(stats: dict) -> str:
    if not quality_set(stats):
        return "Not measured for this build."
    modes = failure_modes(stats)
    return "\n".join(f"- {mode}" for mode in modes) if modes else "None of the measured fields is below that bar."


def _coverage_bias(stats: dict) -> str:
    top = next(iter(ranked(stats["publishers"]).items()), None)
    share = ""
    if top:
        share = f" (the largest, {md_escape(top[0])}, has {_percent(top[1], stats['rows'])} of the articles)"
    return (
        f"The pages come from a few English-language outlets{share} and over-represent their countries' "
        "viewpoints; topics are limited to the taxonomy."
    )


def _charts(charts: dict[str, str], name: str, alt: str) -> str:
    return f"![{alt}]({charts[name]})" if name in charts else ""


def _split_rule(stats: dict) -> str:
    shares = stats["split_shares"]
    if len(shares) == 1:
        return f"All rows are in one split, `{next(iter(shares))}`."
    listed = ", ".join(f"`{name}` {share:g}" for name, share in shares.items())
    return (
        f"Splits ({listed}) are assigned by a stable hash (sha256) of `duplicate_group`, so every copy of a "
        "story lands in the same split and no story leaks from train into evaluation."
    )


def _structure_intro(stats: dict) -> str:
    intro = (
        "Two configs: `articles` (default; one row per article, officials and topic scores nested) and "
        "`officials` (one row per official named in an article, with the article's date, publisher and "
        "duplicate group, so officials can be counted without unnesting; join to `articles` on "
        "`article_id` = `id`)."
    )
    if not sum(stats["configs"].get("officials", {}).values()):
        intro += " This build names no official, so it has no `officials` files."
    return intro


def _configs_table(stats: dict) -> str:
    rows = [(config, split, n) for config, splits in stats["configs"].items() for split, n in splits.items()]
    return _table(("config", "split", "rows"), rows)


def _officials_columns() -> str:
    rows = [
        (f.name, str(f.type) + ("" if f.nullable else ", not null"), f.metadata[b"description"].decode())
        for f in OFFICIALS_SCHEMA
    ]
    return _table(("column", "Arrow type", "meaning"), rows)


def _groups_table(stats: dict) -> str:
    rows = [(size, n) for size, n in stats["group_sizes"].items()]
    return _table(("articles in the group", "groups"), rows) if rows else "No articles, so no groups."


def _versions_line(stats: dict) -> str:
    versions = stats["versions"]
    taxonomy = versions["taxonomy"]
    model = versions["ner_model"]
    return (
        f"pipeline {versions['pipeline']}, schema `{versions['schema']}`, taxonomy `{md_escape(taxonomy['name'])}` "
        f"v{md_escape(taxonomy['version'])}, NER model `{model['name']}` {model['version']}"
    )


def citation(stats: dict) -> str:
    return (
        f"@misc{{{DATASET_NAME.replace('-', '_')},\n"
        f"  title = {{{PRETTY_NAME}}},\n"
        f"  author = {{{CREATOR}}},\n"
        f"  howpublished = {{\\url{{{HUB_URL}}}}},\n"
        f"  note = {{Version {stats['versions']['pipeline']}, built with news-dataset-publisher}}\n"
        "}"
    )


def render_body(stats: dict, taxonomy: dict, charts: dict[str, str]) -> str:
    rows, dated = stats["rows"], stats["rows"] - stats["undated"]
    date_range = stats["date_range"]
    span = f"{date_range['oldest']} to {date_range['newest']}" if date_range else "no dated articles"
    topics = _table(("topic id", "definition"), [(t["id"], t["definition"]) for t in taxonomy["topics"]])
    return f"""
# {PRETTY_NAME}

News pages about East Asian foreign affairs, cleaned of page boilerplate and annotated with publication
date, publisher, wire agency, author, the government officials they name, topics from a versioned
taxonomy, and duplicate groups that tie syndicated and machine-translated copies of one story together.
This build holds **{rows} articles** ({stats["words"]} words, {span}) from {stats["inputs"]} input files;
{stats["rejected"]} inputs were rejected, {stats["duplicate_groups"]} distinct stories remain after grouping copies.

{_charts(charts, "articles_per_year", "Articles per year")}

## Dataset Details

### Dataset Description

Every row is one article page that survived reading and cleaning. The text is the article body with the
page's navigation, share widgets, captions and "related stories" blocks removed; the annotations are
machine-generated by versioned steps whose accuracy is measured and reported below.

- **Curated by:** {CREATOR}, with the `build-dataset` pipeline ({_versions_line(stats)})
- **Language(s) (NLP):** {", ".join(f"{md_escape(k)} ({v})" for k, v in ranked(stats["languages"]).items()) or "none"}
- **License:** the article texts remain under their publishers' copyright; the annotations are CC-BY-4.0
  (see *License* below and `{LICENSE_FILE}`)

### Dataset Sources

- **Repository:** {HUB_URL}
- **Build tool:** `news-dataset-publisher` (`build-dataset build`, then `build-dataset validate`)

## Uses

### Direct Use

Filtering and counting news by date, outlet, official and topic; studying how a story is syndicated and
machine-translated across outlets; training and evaluating extractors of dates, sources and named
officials, with splits that keep every copy of a story together.

### Out-of-Scope Use

Redistributing the article texts beyond what their publishers' copyright allows; treating the machine
annotations as verified facts about people; profiling private persons; measuring media coverage in
general (the pages are a small, topic-selected sample of a few outlets).

## Dataset Structure

{_structure_intro(stats)}

```python
from datasets import load_dataset
articles = load_dataset("{DEFAULT_REPO_ID}")              # config "articles"
officials = load_dataset("{DEFAULT_REPO_ID}", "officials")
```

{_configs_table(stats)}

{_split_rule(stats)}

### Columns of `articles`

{_table(("column", "Arrow type", "meaning"), column_docs())}

### Columns of `officials`

{_officials_columns()}

### Topic taxonomy `{md_escape(taxonomy.get("name", ""))}` v{md_escape(taxonomy.get("version", ""))}

{topics}

### Statistics

{_charts(charts, "topics", "Articles per topic")}

{_charts(charts, "top_officials", "Most named officials")}

Dated articles: {dated} of {rows}; undated: {stats["undated"]}.

{_counts_table("Year", stats["articles_per_year"], "No dated articles in this build.")}

{_counts_table("Publisher", ranked(stats["publishers"]), "No publisher was identified in this build.")}

{_counts_table("Wire agency", ranked(stats["agencies"]), "No wire agency was credited in this build.")}

{_counts_table("Topic", ranked(stats["topics"]), "No topic was assigned in this build.")}

{_counts_table("Official", ranked(stats["top_officials"]), "No official was named in this build.")}

Duplicate groups: {stats["duplicate_groups"]}, of which {stats["groups_with_copies"]} have copies
({stats["rows_in_copy_groups"]} rows); the largest has {stats["largest_group"]} articles.

{_groups_table(stats)}

## Dataset Creation

### Curation Rationale

Scraped news is full of boilerplate, syndicated and machine-translated copies, and names garbled in
translation. This dataset keeps every copy but ties copies into groups, records where each annotation came
from (`date_source`, `date_text`, officials' surface forms, topic scores), and rejects inputs with a named
reason instead of dropping them silently.

### Source Data

#### Data Collection and Processing

Raw pages (one text file each) were read, decoded and passed through the versioned steps
{", ".join(f"`{s}`" for s in stats["versions"]["steps"])}; every row then passed a pandera schema and a
great-expectations suite (`reports/expectations.json`) before anything was written. Rejected inputs, by
reason (listed in `rejects.parquet`):

{_counts_table("Reason", ranked(stats["rejects_by_reason"]), "No input was rejected.")}

#### Who are the source data producers?

The news outlets and wire agencies named in the `publisher` and `agency` columns, and the journalists in
`author`; the pipeline adds no text of its own.

### Annotations

#### Annotation process

{fields_table(stats)}

{quality_note(stats)}

{officials_method()}

#### Who are the annotators?

No person annotated rows: all annotations are machine-generated by the steps above, with the spaCy NER
model `{stats["versions"]["ner_model"]["name"]}` {stats["versions"]["ner_model"]["version"]} and the
reference registries and taxonomy recorded in `manifest.json`.

### Personal and Sensitive Information

Articles name public officials, journalists and other people as published by the outlets. Nothing was
added: the `officials` column only lists people holding or having held public office, with Wikidata ids
when the registry knows them. No private data was collected.

## Bias, Risks, and Limitations

Known failure modes, from the dev-set measurement (fields below {FAILURE_MODE_BAR}):

{_failure_modes_block(stats)}

- Names garbled by machine translation may be missed or resolved to the wrong official.
- Dates are left empty rather than guessed when the page does not state them ({stats["undated"]} of {rows}
  articles here). A copy never takes another page's date: `story_date` holds the earliest date stated in its
  duplicate group and `story_date_from` the article that states it. A `date_source` with a `+` marks a
  dateline whose year was inferred.
- {_coverage_bias(stats)}

### Recommendations

Count stories with `is_canonical` (or distinct `duplicate_group`) rather than rows; check `date_source`
before relying on a date; treat `officials` and `topics` as machine suggestions with the accuracy above.

## License

The article texts (`title`, `text`) remain the copyright of their publishers; this dataset grants no rights
to them. They are distributed for research on news processing; check each source's terms before any use.
The annotations (every other column) are released under CC-BY-4.0. See `{LICENSE_FILE}`.

## Citation

**BibTeX:**

```bibtex
{citation(stats)}
```

**APA:** {CREATOR}. *{PRETTY_NAME}* (Version {stats["versions"]["pipeline"]}). Hugging Face. {HUB_URL}

## Glossary

- **duplicate group:** all copies of one story (syndicated, updated or machine-translated); its
  **canonical** row is the representative.
- **official:** a person holding or having held public office, named in the article body.

## More Information

Also in this folder: `DATASHEET.md` (Datasheets for Datasets), `croissant.json` (Croissant 1.0),
`manifest.json` (sha256 of inputs and outputs, versions), `stats.json` (every number above),
`reports/expectations.json` (the validation result). `build-dataset validate DIR` re-checks a download.

## Dataset Card Authors

Generated by `build-dataset` from the data; maintained by {CREATOR}.

## Dataset Card Contact

Open a discussion on the dataset's Hub page ({HUB_URL}/discussions).
"""


LICENSE_TEXT = f"""{PRETTY_NAME}: license

Article texts (the `title` and `text` columns): copyright of their publishers. This dataset grants no
rights to them; they are distributed for research on news processing, and any use must respect the terms
of each source.

Annotations (every other column) and the accompanying metadata files: Creative Commons Attribution 4.0
International (CC-BY-4.0), {ANNOTATIONS_LICENSE_URL}
"""


def write_card(out: Path, configs: dict[str, dict[str, list[str]]], stats: dict, taxonomy: dict, charts: dict) -> None:
    data = card_data(out, configs, stats)
    card = DatasetCard(f"---\n{data.to_yaml()}\n---\n" + render_body(stats, taxonomy, charts))
    (out / "README.md").write_text(str(card), encoding="utf-8")
    (out / LICENSE_FILE).write_text(LICENSE_TEXT, encoding="utf-8")


def about(stats: dict) -> dict:
    """What croissant.json says about the dataset, from the same constants as the card."""
    return {
        "name": DATASET_NAME,
        "description": f"{PRETTY_NAME}: {stats['rows']} news articles annotated with dates, sources, officials, "
        "topics and duplicate groups.",
        "license": [ANNOTATIONS_LICENSE_URL, f"{HUB_URL}/blob/main/{LICENSE_FILE}"],
        "url": HUB_URL,
        "citation": citation(stats),
        "creator": CREATOR,
        "keywords": KEYWORDS,
    }
