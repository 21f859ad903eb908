"""The dataset card: YAML from the written Parquet, checked with the Hub's parsers and a load_dataset round trip."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from huggingface_hub import DatasetCard

from build_dataset.core.errors import ValidationFailed
from build_dataset.publish.card import (
    failure_modes,
    loadable_configs,
    read_stats,
    render_body,
    size_category,
    stale_steps,
    taxonomy_benchmark,
    uncompressed_bytes,
    write_card,
)
from build_dataset.publish.validate_dataset import check_card, enum_problems

TEMPLATE_SECTIONS = (
    "## Dataset Details",
    "### Dataset Description",
    "### Dataset Sources",
    "## Uses",
    "### Direct Use",
    "### Out-of-Scope Use",
    "## Dataset Structure",
    "## Dataset Creation",
    "### Curation Rationale",
    "### Source Data",
    "### Annotations",
    "### Personal and Sensitive Information",
    "## Bias, Risks, and Limitations",
    "### Recommendations",
    "## Citation",
    "## Glossary",
    "## More Information",
    "## Dataset Card Authors",
    "## Dataset Card Contact",
)



def test_card_passes_the_offline_checks(seeds_build):
    check_card(seeds_build)


def test_card_has_every_template_section_and_no_placeholder(seeds_build):
    text = (seeds_build / "README.md").read_text(encoding="utf-8")
    assert all(section in text for section in TEMPLATE_SECTIONS)
    assert "[More Information Needed]" not in text


def test_card_yaml_declares_configs_and_required_metadata(seeds_build):
    data = DatasetCard.load(seeds_build / "README.md").data.to_dict()
    for key in (
        "license",
        "language",
        "pretty_name",
        "size_categories",
        "task_categories",
        "tags",
        "annotations_creators",
        "source_datasets",
    ):
        assert data.get(key), key
    defaults = [c["config_name"] for c in data["configs"] if c.get("default")]
    assert defaults == ["articles"]
    assert enum_problems(data) == []


def test_card_split_sizes_are_the_real_row_counts(seeds_build):
    data = DatasetCard.load(seeds_build / "README.md").data.to_dict()
    for info in data["dataset_info"]:
        for split in info["splits"]:
            files = sorted((seeds_build / info["config_name"]).glob(f"{split['name']}-*.parquet"))
            assert split["num_examples"] == sum(pq.ParquetFile(f).metadata.num_rows for f in files)


def test_load_dataset_round_trip_offline_for_every_config(seeds_build):
    from datasets import load_dataset

    data = DatasetCard.load(seeds_build / "README.md").data.to_dict()
    for config in data["configs"]:
        loaded = load_dataset(str(seeds_build), config["config_name"])
        for split, dataset in loaded.items():
            files = sorted((seeds_build / config["config_name"]).glob(f"{split}-*.parquet"))
            assert dataset.num_rows == sum(pq.ParquetFile(f).metadata.num_rows for f in files)


def test_card_check_fails_when_a_parquet_schema_changes(built_copy):
    shard = next((built_copy / "articles").glob("*.parquet"))
    table = pq.read_table(shard)
    index = table.schema.get_field_index("word_count")
    broken = table.set_column(index, "word_count", table["word_count"].cast(pa.int64()))
    pq.write_table(broken, shard)
    with pytest.raises(ValidationFailed, match="disagrees with the data"):
        check_card(built_copy)


def test_card_check_fails_when_the_split_size_is_wrong(built_copy):
    readme = built_copy / "README.md"
    rows = read_stats(built_copy / "stats.json")["rows"]
    readme.write_text(readme.read_text().replace(f"num_examples: {rows}\n", f"num_examples: {rows + 1}\n", 1))
    with pytest.raises(ValidationFailed, match="rows"):
        check_card(built_copy)


def test_card_check_fails_on_yaml_that_does_not_parse(built_copy):
    readme = built_copy / "README.md"
    readme.write_text("---\nlicense: [unclosed\n---\n# x\n")
    with pytest.raises(ValidationFailed, match="does not parse"):
        check_card(built_copy)


HOSTILE = "---\nlicense: mit\n---\n<script>alert(1)</script> [click](http://evil.example) | a | b `x`"


def _rendered_html(markdown: str) -> str:
    """The card body as a CommonMark renderer with GFM tables shows it (raw HTML passes through, as on the Hub
    before its sanitizer)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def test_text_from_the_data_cannot_change_the_yaml_or_add_html(built_copy):
    stats = read_stats(built_copy / "stats.json")
    stats["publishers"] = {HOSTILE: 3}
    stats["top_officials"] = {"<img src=x onerror=alert(1)>": 2}
    configs = {
        "articles": {
            "train": [
                p.relative_to(built_copy).as_posix() for p in sorted((built_copy / "articles").glob("*.parquet"))
            ]
        }
    }
    stats["configs"] = {"articles": {"train": stats["rows"]}}
    write_card(built_copy, configs, stats, {"name": "t", "version": "1", "topics": []}, {})
    card = DatasetCard.load(built_copy / "README.md")
    assert card.data.license == "other"
    html = _rendered_html(card.text)
    assert "<script>" not in html and "<img" not in html and 'href="http://evil' not in html
    publisher_row = next(row for row in html.split("<tr>") if "alert(1)" in row and "<td>" in row)
    assert publisher_row.count("<td>") == 2  # the pipes inside the value split no table cell


@pytest.mark.parametrize(
    ("rows", "bucket"), [(0, "n<1K"), (999, "n<1K"), (1000, "1K<n<10K"), (54_321, "10K<n<100K"), (10**7, "10M<n<100M")]
)
def test_size_category_buckets(rows, bucket):
    assert size_category(rows) == bucket


def _quality(metrics: dict, steps: list[str]) -> dict:
    return {"evaluation": {"steps": steps, "metrics": metrics}}


@pytest.mark.parametrize(
    ("metrics", "expected"),
    [
        ({"officials_f1": 0.95, "date_accuracy": 1.0}, []),
        ({"officials_f1": 0.5, "date_accuracy": 0.8}, ["officials_f1", "date_accuracy"]),
        ({"date_false_rate": 0.2}, ["date_false_rate"]),
        ({"date_false_rate": 0.05, "coverage": 0.1}, []),
    ],
)
def test_failure_modes_list_fields_below_the_bar_worst_first(metrics, expected):
    modes = failure_modes(_quality(metrics, []))
    assert [m.split("`")[1] for m in modes] == expected


@pytest.mark.parametrize(
    ("measured", "current", "stale"),
    [
        (["dates_v1", "topics_v1"], ["dates_v1", "topics_v1"], []),
        (["dates_v1", "topics_v1"], ["dates_v2", "topics_v1"], ["dates_v2"]),
        ([], ["dates_v1"], ["dates_v1"]),
    ],
)
def test_stale_steps_names_steps_the_measurement_did_not_use(measured, current, stale):
    stats = {**_quality({}, measured), "versions": {"steps": current}}
    assert stale_steps(stats) == stale


@pytest.mark.parametrize(
    ("counts", "declared"),
    [
        ({"articles": {"train": 5}, "officials": {"train": 3}}, {"articles": ["train"], "officials": ["train"]}),
        ({"articles": {"train": 5}, "officials": {"train": 0}}, {"articles": ["train"]}),
        ({"articles": {"train": 4, "test": 0}, "officials": {}}, {"articles": ["train"]}),
        ({"articles": {"train": 0}, "officials": {}}, {"articles": ["train"]}),
    ],
)
def test_loadable_configs_leave_out_empty_splits(counts, declared):
    configs = {config: {split: [f"{config}/{split}.parquet"] for split in splits} for config, splits in counts.items()}
    configs["officials"] = {s: p for s, p in configs.get("officials", {}).items() if counts["officials"][s]}
    result = loadable_configs(configs, {"configs": counts})
    assert {config: list(splits) for config, splits in result.items()} == declared


def test_body_numbers_come_from_stats(seeds_build):
    stats = json.loads((seeds_build / "stats.json").read_text())
    stats["rows"], stats["inputs"] = 12345, 23456
    body = render_body(stats, {"name": "t", "version": "1", "topics": []}, {})
    assert "**12345 articles**" in body and "23456 raw pages, one file each" in body


BENCHMARK = {
    "set": "held-out news",
    "step": "topics_v9",
    "articles": 40,
    "labels": 30,
    "micro_precision": 0.9,
    "micro_recall": 0.8,
    "micro_f1": 0.847,
}


@pytest.mark.parametrize(
    ("benchmark", "steps", "shown", "caveat"),
    [
        (None, ["topics_v9"], False, False),
        (BENCHMARK, ["topics_v9"], True, False),
        (BENCHMARK, ["topics_v8"], True, True),
    ],
    ids=["no-benchmark", "same-step", "other-step"],
)
def test_the_taxonomy_benchmark_is_labelled_as_not_measured_on_the_build(benchmark, steps, shown, caveat):
    taxonomy = {"name": "t", "version": "1", "topics": [], **({"benchmark": benchmark} if benchmark else {})}
    text = taxonomy_benchmark(taxonomy, {"versions": {"steps": steps}})
    assert ("Benchmark, not measured on this build" in text and "micro-F1 0.847" in text) is shown
    assert ("another version of the topics step" in text) is caveat


@pytest.mark.parametrize("row_group_size", [1, 2, 3, 10])
def test_a_splits_bytes_summed_column_by_column_are_the_whole_row_groups_bytes(tmp_path, row_group_size):
    table = pa.table({
        "id": ["a", "bb", "ccc", None, "eeeee"],
        "officials": [[{"name": "Kim", "mentions": ["Kim", "Mr Kim"]}], [], None, [{"name": "Li", "mentions": []}],
                      []],
        "score": pa.array([0.5, None, 1.0, 0.0, 2.5], type=pa.float32()),
    })
    pq.write_table(table, tmp_path / "split.parquet", row_group_size=row_group_size)
    parquet = pq.ParquetFile(tmp_path / "split.parquet")
    whole = sum(parquet.read_row_group(i).nbytes for i in range(parquet.metadata.num_row_groups))
    assert uncompressed_bytes(tmp_path / "split.parquet") == whole


@pytest.mark.parametrize(
    ("per_year", "topics", "officials"),
    [
        ({"2019": 3, "2020": 1}, {"trade-economy": 4}, {"Moon Jae-in": 2}),
        ({}, {"trade-economy": 4}, {}),  # a chart without data is neither drawn nor named
        ({}, {}, {}),
    ],
)
def test_the_card_names_the_charts_before_they_are_drawn(tmp_path, per_year, topics, officials):
    from build_dataset.publish import charts

    stats = {"articles_per_year": per_year, "topics": topics, "top_officials": officials}
    named = charts.chart_files(stats)
    assert charts.write_charts(tmp_path, stats) == named
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.png")) == sorted(named.values())
