"""The Hugging Face dataset card (``OUTPUT/README.md``), generated from the written Parquet and stats.json.

The YAML header is derived from the Parquet schema actually written (``Features.from_arrow_schema``), never
typed by hand, so the card cannot disagree with the data. What the card says about the dataset (name,
license, source, citation) comes from its ``dataset.yaml`` (``publish.dataset_config``, copied into
stats.json); every number comes from stats.json, and accuracy only from ``build-dataset evaluate`` of this
very build (``evaluation.json``; without it the card says nothing was measured). How each field is produced
is the docstring of the module that produces it. User text from the articles never enters the YAML; in the
body it is escaped (see ``md_escape``).
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

from build_dataset.publish.charts import ranked
from build_dataset.publish.dataset_config import DatasetConfig, from_dict
from build_dataset.publish.parquet import OFFICIALS_SCHEMA
from build_dataset.schema.arrow import column_docs

LICENSE_FILE = "LICENSE"
GENERIC_DESCRIPTION = (
    "News articles cleaned of page boilerplate and annotated with publication date, publisher, wire agency, "
    "author, the officials they name, topics from a versioned taxonomy, and duplicate groups."
)
# Tags every build earns from its columns; dataset.yaml's tags are added to these.
KEYWORDS = ["news", "parquet"]
# The columns are labels of whole articles (topics, language) and extracted values (dates, outlets, officials
# as strings), not token spans: text-classification and feature-extraction, from the Hub's task list.
TASK_CATEGORIES = ["text-classification", "feature-extraction"]
# A language is declared in the card's metadata when at least this share of rows is in it: 2% = one row in
# fifty, above the rate at which language identification mislabels short tables and lists (seen: `vo`).
MIN_LANGUAGE_SHARE = 0.02
# A field whose evaluated accuracy/F1 is below this is listed among the known failure modes. 0.9 = the point
# below which one in ten rows is wrong, the rate at which a user filtering on the field notices errors.
FAILURE_MODE_BAR = 0.9
# Bucket edges from datasets/utils/resources/size_categories.json (its every value up to n>1T).
SIZE_BUCKETS = [
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
    (100_000_000, "10M<n<100M"),
    (1_000_000_000, "100M<n<1B"),
    (1_000_000_000_000, "1B<n<1T"),
]
CONFIG_FOLDERS = {"articles": "articles", "officials": "officials"}
DEFAULT_CONFIG = "articles"

# How each field family is produced: (columns, module whose docstring explains it, step-name prefixes,
# dev-set metrics from score.py). The text itself is read from the module, so it follows the code.
FIELD_PRODUCERS = [
    (("title", "text"), "build_dataset.clean.page", ("clean_", "not_article_"), ("title_accuracy",)),
    (("version",), "build_dataset.clean.wire", ("clean_",), ()),
    (("kind",), "build_dataset.annotate.kind", ("kind_",), ()),
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
        "build_dataset.annotate.officials.annotator",
        ("officials_",),
        ("officials_p", "officials_r", "officials_f1", "officials_country_accuracy"),
    ),
    (
        ("topics", "topic_scores"),
        "build_dataset.annotate.topics.annotator",
        ("topics_",),
        ("topics_p", "topics_r", "topics_f1"),
    ),
    (
        ("duplicate_group", "is_canonical", "duplicate_of", "duplicate_score", "group_size", "duplicate_relation"),
        "build_dataset.dedup.grouper",
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
    return next((label for edge, label in SIZE_BUCKETS if rows < edge), "n>1T")


def code(value: object) -> str:
    """A Markdown code span: nothing inside it is interpreted, so it needs no escaping (only no backtick)."""
    return "`" + str(value).replace("`", "'").replace("\n", " ") + "`"


def dataset_config(stats: dict) -> DatasetConfig:
    """The dataset.yaml the build read (copied into stats.json), or the defaults."""
    return from_dict(stats.get("dataset") or {})


# ---------------------------------------------------------------- numbers the card adds to stats.json


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
    }


# ---------------------------------------------------------------- YAML header


def features_yaml(out: Path, files: list[str]) -> list[dict]:
    return Features.from_arrow_schema(pq.read_schema(out / files[0]))._to_yaml_list()


def _languages(stats: dict) -> list[str]:
    """Languages of at least MIN_LANGUAGE_SHARE of the rows (a few mislabelled tables or lists must not add a
    language to the card); ``und`` is left out; with no rows, the languages dataset.yaml expects."""
    rows = sum(stats["languages"].values())
    found = [c for c, n in stats["languages"].items() if c != "und" and n >= MIN_LANGUAGE_SHARE * rows]
    return sorted(found) or sorted(dataset_config(stats).languages)


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
    """A split's ``num_bytes`` as ``datasets`` computes it: the Arrow size (``Table.nbytes``) of what it reads,
    one row group at a time (the Parquet footer's uncompressed size is a different number)."""
    parquet = pq.ParquetFile(path)
    return sum(parquet.read_row_group(i).nbytes for i in range(parquet.metadata.num_row_groups))


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
    config = dataset_config(stats)
    return DatasetCardData(
        license=config.license,
        license_name=config.license_name,
        license_link=config.license_link,
        language=languages,
        pretty_name=config.pretty_name,
        size_categories=[size_category(stats["rows"])],
        task_categories=TASK_CATEGORIES,
        tags=sorted(set(KEYWORDS + config.tags)),
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
    """The result of ``build-dataset evaluate`` on this build (evaluation.json), or None."""
    return stats.get("evaluation")


def stale_steps(stats: dict) -> list[str]:
    """Steps of this build that the stored measurement did not use (its figures may be out of date)."""
    measured = set((quality_set(stats) or {}).get("steps", []))
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
    lines = ["| columns | step | how it is produced | measured (`build-dataset evaluate`) |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def quality_note(stats: dict) -> str:
    measured = quality_set(stats)
    if not measured:
        return (
            "**Not measured:** no gold annotations were scored against this build (`build-dataset evaluate DIR "
            "--gold FILE` was not run), so the accuracy of titles, dates, sources, officials, topics and "
            "duplicate groups is unknown for these rows."
        )
    note = (
        f"Accuracy was measured by `build-dataset evaluate` on this build: {measured['scored']} of its rows "
        f"were scored against {measured['gold_lines']} gold-annotated lines (`{measured['gold']}`, "
        f"sha256 `{measured['gold_sha256'][:12]}`). Figures hold for pages like the annotated ones."
    )
    stale = stale_steps(stats)
    if stale:
        note += f" **These figures predate {', '.join(f'`{s}`' for s in stale)}**; re-run `build-dataset evaluate`."
    return note


def taxonomy_benchmark(taxonomy: dict, stats: dict) -> str:
    """The taxonomy's own held-out figure (its ``benchmark:`` block), labelled as a benchmark and not a
    measurement of this build; "" for a taxonomy without one."""
    bench = taxonomy.get("benchmark")
    if not bench:
        return ""
    text = (
        f"**Benchmark, not measured on this build:** on held-out real news ({md_escape(bench['set'])}: "
        f"{bench['articles']} articles, {bench['labels']} topic labels, never used for tuning) this taxonomy with "
        f"{code(bench['step'])} reached micro-F1 {bench['micro_f1']:.3f} (precision {bench['micro_precision']:.3f}, "
        f"recall {bench['micro_recall']:.3f}). The accuracy on this build's own rows is in the table of fields above."
    )
    if bench["step"] not in stats["versions"]["steps"]:
        text += " This build ran another version of the topics step, so the figure may not hold for it."
    return text


def officials_method() -> str:
    """How officials are extracted and where it fails (resources/card_officials.md), with the registry size."""
    from build_dataset.annotate.officials.registry import default_registry

    text = (Path(__file__).parents[1] / "resources" / "card_officials.md").read_text(encoding="utf-8")
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
        f"The articles come from {len(stats['publishers'])} identified outlets{share} and carry their "
        "viewpoints; topics are limited to the taxonomy."
    )


def input_description(stats: dict) -> str:
    """What was read: records (pages or corpus records) and the files they came from, by format."""
    files = stats.get("input_files") or {}
    listed = ", ".join(f"{n} {suffix}" for suffix, n in files.items())
    count = sum(files.values())
    if files and set(files) <= {".txt", ".html", ".htm"}:
        return f"{stats['inputs']} raw pages, one file each ({listed})"
    if files:
        return f"{stats['inputs']} records from {count} corpus file{'s' * (count != 1)} ({listed})"
    return f"{stats['inputs']} input records"


def _charts(charts: dict[str, str], name: str, alt: str) -> str:
    return f"![{alt}]({charts[name]})" if name in charts else ""


def _split_rule(stats: dict) -> str:
    shares = stats["split_shares"]
    if len(shares) == 1:
        return f"All rows are in one split, `{next(iter(shares))}`."
    listed = ", ".join(f"`{name}` {share:g}" for name, share in shares.items())
    return (
        f"Splits ({listed}) are assigned by duplicate group, so every copy of a story lands in the same split "
        "and no story leaks from train into evaluation. They are stable across releases: a rebuild keeps every "
        "published article in its split (a story that grows, or whose canonical copy changes, stays where it "
        "was), and a new story goes by a sha256 hash of its smallest member id (an article id is a hash of its "
        "bytes). Only copies that join two published stories of different splits move."
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
        f"pipeline {versions['pipeline']}, schema {code(versions['schema'])}, taxonomy {code(taxonomy['name'])} "
        f"version {code(taxonomy['version'])}, NER model {code(model['name'])} {model['version']}"
    )


def citation(stats: dict) -> str:
    """dataset.yaml's BibTeX entry, else one made of its name, curators and home (and the pipeline version)."""
    config = dataset_config(stats)
    if config.citation:
        return config.citation.strip()
    where = f"  howpublished = {{\\url{{{config.url}}}}},\n" if config.url else ""
    return (
        f"@misc{{{config.name.replace('-', '_')},\n"
        f"  title = {{{config.pretty_name}}},\n"
        f"  author = {{{config.curators}}},\n{where}"
        f"  note = {{Version {stats['versions']['pipeline']}, built with news-dataset-publisher}}\n"
        "}"
    )


def render_body(stats: dict, taxonomy: dict, charts: dict[str, str]) -> str:
    rows, dated = stats["rows"], stats["rows"] - stats["undated"]
    date_range = stats["date_range"]
    span = f"{date_range['oldest']} to {date_range['newest']}" if date_range else "no dated articles"
    topics = _table(("topic id", "definition"), [(t["id"], t["definition"]) for t in taxonomy["topics"]])
    config = dataset_config(stats)
    home = config.url or "not published: dataset.yaml names no repo_id or homepage"
    loader = config.repo_id or "path/to/this/folder"
    return f"""
# {config.pretty_name}

{config.description or GENERIC_DESCRIPTION}
This build holds **{rows} articles** ({stats["words"]} words, {span}) from {input_description(stats)};
{stats["rejected"]} inputs were rejected, {stats["duplicate_groups"]} distinct stories remain after grouping copies.

{_charts(charts, "articles_per_year", "Articles per year")}

## Dataset Details

### Dataset Description

Every row is one article page that survived reading and cleaning. The text is the article body with the
page's navigation, share widgets, captions and "related stories" blocks removed; the annotations are
machine-generated by versioned steps whose accuracy is measured and reported below.

- **Curated by:** {config.curators}, with the `build-dataset` pipeline ({_versions_line(stats)})
- **Language(s) (NLP):** {", ".join(f"{md_escape(k)} ({v})" for k, v in ranked(stats["languages"]).items()) or "none"}
- **License:** {license_line(config)} (see *License* below)

### Dataset Sources

- **Repository:** {home}
- **Source of the pages:** {config.source}
- **Build tool:** `news-dataset-publisher` (`build-dataset build`, then `build-dataset validate`)

## Uses

### Direct Use

Filtering and counting news by date, outlet, official and topic; studying how a story is syndicated and
machine-translated across outlets; training and evaluating extractors of dates, sources and named
officials, with splits that keep every copy of a story together.

### Out-of-Scope Use

Redistributing the article texts beyond what their publishers' copyright allows; treating the machine
annotations as verified facts about people; profiling private persons; measuring media coverage in
general (the pages are a sample of a few outlets, not all news).

## Dataset Structure

{_structure_intro(stats)}

```python
from datasets import load_dataset
articles = load_dataset("{loader}")              # config "articles"
officials = load_dataset("{loader}", "officials")
```

{_configs_table(stats)}

{_split_rule(stats)}

### Columns of `articles`

{_table(("column", "Arrow type", "meaning"), column_docs())}

### Columns of `officials`

{_officials_columns()}

### Topic taxonomy {code(taxonomy.get("name", ""))} version {code(taxonomy.get("version", ""))}

{topics}

{taxonomy_benchmark(taxonomy, stats)}

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

{config.source}

The inputs ({input_description(stats)}) were read, decoded and passed through the versioned steps
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

Known failure modes, from `build-dataset evaluate` (fields below {FAILURE_MODE_BAR}):

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

{license_section(config)}

## Citation

{citation_section(config, citation(stats))}

## Glossary

- **duplicate group:** all copies of one story (syndicated, updated or machine-translated); its
  **canonical** row is the representative.
- **official:** a person holding or having held public office, named in the article body.

## More Information

Also in this folder: `DATASHEET.md` (Datasheets for Datasets), `croissant.json` (Croissant 1.0),
`manifest.json` (sha256 of inputs and outputs, versions), `stats.json` (every number above),
`reports/expectations.json` (the validation result). `build-dataset validate DIR` re-checks a download.

## Dataset Card Authors

Generated by `build-dataset` from the data and `dataset.yaml`; maintained by {config.curators}.

## Dataset Card Contact

{f"Open a discussion on the dataset's Hub page ({config.url}/discussions)." if config.repo_id else
 "Ask the curators named above (dataset.yaml names no Hub repository)."}
"""


def license_line(config: DatasetConfig) -> str:
    if config.license == "unknown":
        return "unknown (dataset.yaml states none; check each source's terms before any use)"
    if config.license == "other":
        return f"{config.license_name} ({config.license_link})"
    return code(config.license)


def license_section(config: DatasetConfig) -> str:
    if config.license_text:
        return f"{config.license_text}\n\nThe full text is in {code(LICENSE_FILE)}."
    return f"License: {license_line(config)}."


def citation_section(config: DatasetConfig, bibtex: str) -> str:
    made = "" if config.citation else "\n\n(`dataset.yaml` gives no citation; this entry is made from its fields.)"
    return f"**BibTeX:**\n\n```bibtex\n{bibtex}\n```{made}"


def license_urls(config: DatasetConfig) -> list[str]:
    """The license as Croissant states it: the card's license id, or the `other` license's link."""
    if config.license == "other":
        link = config.license_link or ""
        if link.startswith(("http://", "https://")) or not config.url:
            return [link or config.license_name]
        return [f"{config.url}/blob/main/{link}"]
    return [config.license]  # the Hub license id, exactly as in the card's YAML


def write_card(out: Path, configs: dict[str, dict[str, list[str]]], stats: dict, taxonomy: dict, charts: dict) -> None:
    data = card_data(out, configs, stats)
    card = DatasetCard(f"---\n{data.to_yaml()}\n---\n" + render_body(stats, taxonomy, charts))
    (out / "README.md").write_text(str(card), encoding="utf-8")
    config = dataset_config(stats)
    if config.license_text:
        (out / LICENSE_FILE).write_text(f"{config.pretty_name}: license\n\n{config.license_text}", encoding="utf-8")


def about(stats: dict) -> dict:
    """What croissant.json says about the dataset: the same dataset.yaml as the card (same license)."""
    config = dataset_config(stats)
    return {
        "name": config.name,
        "description": (config.description or GENERIC_DESCRIPTION) + f" {stats['rows']} articles.",
        "license": license_urls(config),
        "url": config.url or "https://huggingface.co/datasets",
        "citation": citation(stats),
        "creator": config.curators,
        "keywords": sorted(set(KEYWORDS + config.tags)),
    }
