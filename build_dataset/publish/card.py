"""The Hugging Face dataset card (``OUTPUT/README.md``), generated from the written Parquet and stats.json.

The YAML header is derived from the Parquet schema actually written (``Features.from_arrow_schema``), never
typed by hand, so the card cannot disagree with the data. What the card says about the dataset (name,
license, source, citation) comes from its ``dataset.yaml`` (``publish.dataset_config``, copied into
stats.json); every number comes from stats.json, and accuracy only from ``build-dataset evaluate`` of this
very build (``evaluation.json``; without it the card says nothing was measured). How each field is produced
is the docstring of the module that produces it.

The card is rendered by ``huggingface_hub``'s ``DatasetCard.from_template`` from ``templates/card.md.j2``; the
functions here only build its context. Text from the articles never enters the YAML, and the template shows
it as code spans, in which Markdown and HTML are not interpreted.
"""

from __future__ import annotations

import importlib
import json
from collections import Counter
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
from huggingface_hub import DatasetCard, DatasetCardData

from build_dataset.publish import hf_features
from build_dataset.publish.charts import ranked
from build_dataset.publish.dataset_config import DatasetConfig, from_dict
from build_dataset.publish.expectations import DATA_DOCS_PAGE, REPORT
from build_dataset.publish.parquet import OFFICIALS_SCHEMA
from build_dataset.schema.arrow import arrow_column_docs, column_docs, enumerations
from build_dataset.schema.rejects import RejectSchema

LICENSE_FILE = "LICENSE"
CARD_TEMPLATE = Path(__file__).parent / "templates" / "card.md.j2"
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
# An enumeration longer than this (languages: 185 codes) is described in the card, with the values found
# listed; shorter ones (date_source, kind, duplicate_relation, a taxonomy's topics) are listed in full.
MAX_LISTED_VALUES = 30
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
        "value_counts": value_counts(frame),
        "date_range": {"oldest": str(min(dates)), "newest": str(max(dates))} if dates else {},
        "group_sizes": {str(size): n for size, n in sorted(sizes.items())},
        "configs": configs,
        "split_shares": shares,
        "versions": versions,
    }


def value_counts(frame: pl.DataFrame) -> dict[str, dict[str, int]]:
    """{column: {value: rows}} of the enumerated columns and topics (a topic counts the articles it labels)."""
    counts = {}
    for name in [*enumerations(), "topics"]:
        column = frame[name].explode() if isinstance(frame.schema[name], pl.List) else frame[name]
        counts[name] = dict(sorted(Counter(v for v in column.to_list() if v is not None).items()))
    return counts


# ---------------------------------------------------------------- YAML header


def features_yaml(out: Path, files: list[str]) -> list[dict]:
    return hf_features.yaml_list(pq.read_schema(out / files[0]))


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
    one row group at a time (the Parquet footer's uncompressed size is a different number). Summed one column of
    a row group at a time (the same sum), so no more than the largest column is held, not a row group of ~100 MB."""
    parquet = pq.ParquetFile(path)
    return sum(
        parquet.read_row_group(i, columns=[name]).nbytes
        for i in range(parquet.metadata.num_row_groups)
        for name in parquet.schema_arrow.names
    )


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


def field_rows(stats: dict) -> list[dict]:
    """One row per field family: its columns, the steps of this build that produce it, how (the producing
    module's docstring) and what ``build-dataset evaluate`` measured of it."""
    measured = quality_set(stats)
    return [
        {
            "columns": columns,
            "steps": steps_for(prefixes, stats["versions"]["steps"]),
            "summary": module_summary(module),
            "measured": _metric_text(measured["metrics"], metrics) if measured else "not measured",
        }
        for columns, module, prefixes, metrics in FIELD_PRODUCERS
    ]


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


def value_lists(stats: dict, taxonomy: dict) -> dict[str, dict]:
    """The enumerated columns (``schema.arrow.enumerations``, and topics from the taxonomy in use): each value
    with its count in this build; a list longer than MAX_LISTED_VALUES is described, with the values found."""
    found = stats.get("value_counts", {})
    allowed = {**enumerations(), "topics": [t["id"] for t in taxonomy.get("topics", [])]}
    lists = {}
    for name, values in allowed.items():
        counts = found.get(name, {})
        listed = len(values) <= MAX_LISTED_VALUES
        lists[name] = {
            "listed": listed,
            "counts": {value: counts.get(value, 0) for value in values} if listed else ranked(counts),
            "described": f"one of {len(values)} values (see the column's meaning)",
        }
    return lists


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


def _date_span(stats: dict) -> str:
    date_range = stats["date_range"]
    return f"{date_range['oldest']} to {date_range['newest']}" if date_range else "no dated articles"


def taxonomy_benchmark(taxonomy: dict, stats: dict) -> str:
    """The taxonomy's own held-out figure (its ``benchmark:`` block), labelled as a benchmark and not a
    measurement of this build; "" for a taxonomy without one."""
    bench = taxonomy.get("benchmark")
    if not bench:
        return ""
    text = (
        f"**Benchmark, not measured on this build:** on held-out real news ({code(bench['set'])}: "
        f"{bench['articles']} articles, {bench['labels']} topic labels, never used for tuning) this taxonomy with "
        f"{code(bench['step'])} reached micro-F1 {bench['micro_f1']:.3f} (precision {bench['micro_precision']:.3f}, "
        f"recall {bench['micro_recall']:.3f}). The accuracy on this build's own rows is in the table of fields above."
    )
    if bench["step"] not in stats["versions"]["steps"]:
        text += " This build ran another version of the topics step, so the figure may not hold for it."
    return text


def card_context(stats: dict, taxonomy: dict, charts: dict[str, str]) -> dict:
    """What ``templates/card.md.j2`` shows: stats.json as written, dataset.yaml, and what is derived from them."""
    config = dataset_config(stats)
    top = next(iter(ranked(stats["publishers"]).items()), None)
    return {
        "config": config,
        "stats": stats,
        "versions": stats["versions"],
        "taxonomy": {"name": "", "version": "", **taxonomy},
        "charts": charts,
        "ranked": ranked,
        "description": config.description or GENERIC_DESCRIPTION,
        "span": _date_span(stats),
        "inputs": input_description(stats),
        "languages": ranked(stats["languages"]),
        "license": license_line(config),
        "official_rows": sum(stats["configs"].get("officials", {}).values()),
        "columns": column_docs(),
        "officials_columns": arrow_column_docs(OFFICIALS_SCHEMA),
        "rejects_columns": column_docs(RejectSchema),
        "value_lists": value_lists(stats, taxonomy),
        "topics_benchmark": taxonomy_benchmark(taxonomy, stats),
        "fields": field_rows(stats),
        "measured": quality_set(stats),
        "stale": stale_steps(stats),
        "failure_modes": failure_modes(stats),
        "failure_bar": FAILURE_MODE_BAR,
        "officials_method": officials_method(),
        "top_publisher": (top[0], _percent(top[1], stats["rows"])) if top else None,
        "citation": citation(stats),
        "expectations_report": REPORT,
        "data_docs": DATA_DOCS_PAGE,
    }


def render_card(data: DatasetCardData, stats: dict, taxonomy: dict, charts: dict[str, str]) -> DatasetCard:
    return DatasetCard.from_template(data, template_path=str(CARD_TEMPLATE), **card_context(stats, taxonomy, charts))


def render_body(stats: dict, taxonomy: dict, charts: dict[str, str]) -> str:
    """The card's Markdown below its YAML header."""
    return render_card(DatasetCardData(), stats, taxonomy, charts).text


def license_line(config: DatasetConfig) -> str:
    if config.license == "unknown":
        return "unknown (dataset.yaml states none; check each source's terms before any use)"
    if config.license == "other":
        return f"{config.license_name} ({config.license_link})"
    return code(config.license)


def license_urls(config: DatasetConfig) -> list[str]:
    """The license as Croissant states it: the card's license id, or the `other` license's link."""
    if config.license == "other":
        link = config.license_link or ""
        if link.startswith(("http://", "https://")) or not config.url:
            return [link or config.license_name]
        return [f"{config.url}/blob/main/{link}"]
    return [config.license]  # the Hub license id, exactly as in the card's YAML


def write_card(out: Path, configs: dict[str, dict[str, list[str]]], stats: dict, taxonomy: dict, charts: dict) -> None:
    card = render_card(card_data(out, configs, stats), stats, taxonomy, charts)
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
