"""DATASHEET.md: the seven sections of *Datasheets for Datasets* (Gebru et al., arXiv:1803.09010), answered
for this dataset, with every number read from the build's stats.json (the same file the card reads).

The build writes ``OUTPUT/DATASHEET.md``; the repository's top-level copy is regenerated from the committed
``data/stats.json`` with ``python -m build_dataset.publish.datasheet`` and a test fails when it is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_dataset.core.settings import REPO_ROOT
from build_dataset.publish.card import (
    FAILURE_MODE_BAR,
    code,
    dataset_config,
    failure_modes,
    input_description,
    license_line,
    md_escape,
    quality_set,
    read_stats,
    stale_steps,
)
from build_dataset.publish.charts import ranked

DATASHEET = "DATASHEET.md"


def _counts(counts: dict, empty: str, limit: int | None = None) -> str:
    items = list(ranked(counts).items())[:limit]
    return ", ".join(f"{md_escape(k)} ({v})" for k, v in items) if items else empty


def _quality_answer(stats: dict) -> str:
    measured = quality_set(stats)
    if not measured:
        return "Not measured: no gold annotations were scored against this build (`build-dataset evaluate`)."
    metrics = measured["metrics"]
    listed = ", ".join(f"{k} {v:.3f}" for k, v in sorted(metrics.items()) if k != "coverage")
    weak = failure_modes(stats)
    answer = f"On {measured['scored']} rows scored against gold annotations (`build-dataset evaluate`): {listed}."
    bar = FAILURE_MODE_BAR
    answer += f" Below {bar}: {'; '.join(weak)}." if weak else f" No measured field is below {bar}."
    stale = stale_steps(stats)
    if stale:
        answer += f" The measurement predates {', '.join(f'`{s}`' for s in stale)}."
    return answer


def _model(versions: dict) -> str:
    return f"`{versions['ner_model']['name']}` {versions['ner_model']['version']}"


def _taxonomy(versions: dict) -> str:
    return f"{code(versions['taxonomy']['name'])} version {code(versions['taxonomy']['version'])}"


def _splits(stats: dict) -> str:
    shares = stats["split_shares"]
    counts = ", ".join(f"{name} {n}" for name, n in stats["configs"]["articles"].items())
    if len(shares) == 1:
        return f"One split ({counts}). Build with `--splits train=0.8,validation=0.1,test=0.1` for more."
    assigned = stats.get("split_assignment") or {}
    kept = f" This build kept {assigned['kept']} articles in their published split, moved {assigned['moved']}" \
        f" and placed {assigned['new']} new ones." if assigned else ""
    return (
        f"By duplicate group, so copies of one story never straddle splits: {counts} articles. A rebuild keeps "
        "the split every published article had (a story that grows, or whose canonical copy changes, stays); a "
        f"new story goes by a sha256 hash of its smallest member id.{kept}"
    )


def _inferred_dates(stats: dict) -> str:
    """The dates the pipeline inferred rather than read, from the date steps' counters."""
    counts = stats.get("steps", {}).get("group_dates_v1", {})
    as_of = stats.get("versions", {}).get("config", {}).get("article", {}).get("as_of")
    bound = f" Dates later than the day after the build's as-of day ({as_of}) are discarded as implausible." \
        if as_of else ""
    return (
        f"Inferred, not stated: {counts.get('dateline_year_from_group', 0)} yearless datelines took their year "
        f"from a duplicate copy (`date_source` `dateline+group_year`) and "
        f"{counts.get('dateline_year_from_weekday', 0)} from the weekday the page names (`dateline+weekday`).{bound}"
    )


def _note(config, section: str) -> str:
    """The curators' own answer for a section (dataset.yaml ``notes``), as a closing paragraph."""
    text = config.notes.get(section)
    return f"\n\n*Curators' note:* {text}" if text else ""


def render_datasheet(stats: dict) -> str:
    rows, versions = stats["rows"], stats["versions"]
    config = dataset_config(stats)
    home = config.url or "no public page yet (dataset.yaml names no repo_id or homepage)"
    date_range = stats["date_range"]
    span = f"from {date_range['oldest']} to {date_range['newest']}" if date_range else "with no stated dates"
    officials_rows = sum(stats["configs"].get("officials", {}).values())
    steps = ", ".join(f"`{s}`" for s in versions["steps"])
    return f"""# Datasheet: {config.pretty_name}

Answers to the questions of *Datasheets for Datasets* (Gebru et al., 2021). Generated from `stats.json`
of the build (pipeline {versions["pipeline"]}); do not edit by hand.

## 1. Motivation

- **For what purpose was the dataset created?** To make scraped news usable for counting and research:
  clean article text with dates, outlets, named officials, topics and duplicate groups, each annotation
  traceable to its evidence. {config.description}
- **Who created it and on behalf of which entity?** {config.curators}, with the open-source
  `news-dataset-publisher` pipeline.
- **Who funded the creation?** Not stated.{_note(config, "motivation")}

## 2. Composition

- **What do the instances represent?** News article pages (one row each in the `articles` config) and
  mentions of officials (one row per official per article in the `officials` config).
- **How many instances are there?** {rows} articles ({stats["words"]} words, {span}) and {officials_rows}
  official rows, from {input_description(stats)}; {stats["rejected"]} inputs were rejected.
- **Is it a sample?** Publishers: {_counts(stats["publishers"], "none identified")}. Years: {
        _counts(stats["articles_per_year"], "none dated")
    }.{_note(config, "composition")}
- **What data does each instance consist of?** Cleaned text and title, and machine annotations: date with
  its source and evidence, publisher, wire agency, author, officials (name, country, role, surface forms,
  Wikidata id), topics with per-topic scores, duplicate-group fields, language, word count.
- **Is there a label or target?** No single target; the annotations can serve as (noisy) labels for topic
  classification, entity extraction and near-duplicate detection.
- **Is any information missing?** Dates are null when the page does not state them ({stats["undated"]} of
  {rows}); publisher, agency and author are null when the page does not name them. {_inferred_dates(stats)}
- **Are relationships between instances explicit?** Yes: `duplicate_group`, `is_canonical` and
  `duplicate_of` tie copies of one story; {stats["duplicate_groups"]} groups, {stats["groups_with_copies"]}
  with copies, the largest of {stats["largest_group"]} articles.
- **Are there recommended splits?** {_splits(stats)}
- **Are there errors, sources of noise or redundancies?** Redundancy is intended and marked (duplicate
  groups; {stats["rows_in_copy_groups"]} rows are in groups with copies). Annotation errors: {_quality_answer(stats)}
- **Is it self-contained?** Yes; Wikidata ids point to an external knowledge base but are not needed to use it.
- **Does it contain confidential data?** No: only published news pages.
- **Does it contain offensive data?** News about conflicts may quote offensive statements; no filtering for
  such language was applied.
- **Does it identify people?** It names public officials (top: {_counts(stats["top_officials"], "none", 5)}),
  journalists and people quoted in the news, as published. No sensitive attributes are inferred.

## 3. Collection process

- **How was the data acquired?** {config.source} The annotations are inferred from the text by
  the pipeline and checked by a schema and expectations on every build.
- **What mechanisms were used?** The `build-dataset` pipeline with the steps {steps}.
- **Sampling strategy?** As collected by the source above; non-article and broken inputs are rejected by
  named rules ({_counts(stats["rejects_by_reason"], "none rejected")}).{_note(config, "collection")}
- **Who was involved and how were they compensated?** No crowdworkers; the maintainers wrote the pipeline.
- **Over what timeframe?** The articles are dated {span}.
- **Ethical review?** None was conducted; the data is published news.
- **Were the people named notified or asked for consent?** No; they are named in published news, mostly in
  their public roles. Requests for removal are handled as described under Maintenance.

## 4. Preprocessing, cleaning, labeling

- **What was done?** Decoding, boilerplate removal, rejection of non-article and broken inputs, language
  identification, spaCy NER ({_model(versions)}), rule-based date and source extraction, an officials
  registry, a taxonomy classifier ({_taxonomy(versions)}) and near-duplicate grouping; every row is
  validated by a pandera schema and a great-expectations suite.
- **Was the raw data saved?** The raw pages are not redistributed; each row keeps `source_file` and the
  sha256 of every input is in `manifest.json`, so a holder of the raw files can rebuild the dataset.
- **Is the software available?** Yes: `news-dataset-publisher` (`build-dataset build`), whose versions are
  recorded in `manifest.json`.

## 5. Uses

- **Has it been used already?** For developing and evaluating the pipeline itself.
- **Is there a repository of uses?** The dataset's page: {home}.
- **What else could it be used for?** Counting coverage of officials and topics over time and outlets;
  studying syndication and machine translation of news; training extractors with leakage-free splits.
- **Could its composition affect future uses?** It over-represents a few outlets and their countries'
  viewpoints, and machine annotations err (see Composition); results should be checked against the text.
- **What should it not be used for?** Judging people from machine annotations, profiling private persons,
  or redistributing the texts beyond what their copyright allows.{_note(config, "uses")}

## 6. Distribution

- **Will it be distributed to third parties?** {home}.
- **How?** Parquet files with a dataset card, this datasheet, `croissant.json` (Croissant 1.0) and
  `manifest.json` (sha256 checksums); no DOI yet.
- **When?** With each release of the build; this one is version {versions["pipeline"]}.
- **License?** {license_line(config)}.
- **Third-party IP restrictions?** The publishers' copyright in the texts.
- **Export controls?** None known.{_note(config, "distribution")}

## 7. Maintenance

- **Who maintains it?** {config.curators}.
- **How can they be contacted?** Through the dataset's page: {home}.
- **Is there an erratum?** Fixes are announced in the Hub page's commit history and discussions.
- **Will it be updated?** When the pipeline or the sources change; each build is reproducible and its
  versions (pipeline, steps, schema `{versions["schema"]}`, taxonomy, registries, NER model) are in
  `manifest.json`.
- **Retention limits for data about people?** None stated beyond the curators' note below, if any.
- **Are older versions kept?** Yes, as earlier revisions of the Hub repository.
- **How can others contribute?** Through pull requests to the pipeline or the Hub repository; every
  contribution passes the same validation.{_note(config, "maintenance")}
"""


def write_datasheet(stats: dict, path: Path) -> None:
    path.write_text(render_datasheet(stats), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate DATASHEET.md from a build's stats.json.")
    parser.add_argument("--stats", type=Path, default=REPO_ROOT / "data" / "stats.json")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / DATASHEET)
    args = parser.parse_args(argv)
    write_datasheet(read_stats(args.stats), args.output)
    print(f"wrote {args.output} from {args.stats}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
