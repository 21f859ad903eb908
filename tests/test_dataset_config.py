"""A corpus of one's own gets its own dataset: its dataset.yaml names the card, datasheet, Croissant and manifest,
and nothing about the sample corpus (seeds/) leaks into them. The records below are invented for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from build_dataset.core.errors import ConfigError
from build_dataset.core.settings import Settings
from build_dataset.publish.card import code, size_category
from build_dataset.publish.dataset_config import (
    CONFIG_FILE,
    DatasetConfig,
    from_dict,
    load_config,
    resolve_config,
    write_template,
)

CONFIG = {
    "repo_id": "harbour-lab/tidewater-bulletins",
    "pretty_name": "Tidewater Bulletins",
    "description": "Invented harbour bulletins used to test that a corpus gets its own card.",
    "license": "cc-by-sa-4.0",
    "curators": "Harbour Lab test team",
    "languages": ["en"],
    "source": "Bulletins typed for this test.",
    "citation": "@misc{tidewater, title = {Tidewater Bulletins}}",
    "notes": {"maintenance": "Tidewater maintenance note."},
}
# Text seen only in the sample corpus's card: none of it may appear in another corpus's card.
SEEDS_ONLY = ("East Asian foreign-affairs news", "one text file each", "source-copyright", "news-dataset-publisher/")
PORTS = ["Alder Bay", "Brisk Harbour", "Cormorant Point", "Dunlin Quay", "Eider Sound", "Fulmar Inlet"]


def _records() -> list[dict]:
    records = []
    for n, port in enumerate(PORTS):
        body = " ".join(
            f"The harbour master of {port} said on Monday that dredging of berth {n + k} would finish within "
            f"{k + 2} weeks, and that ferry timetables would change once the channel reopened to larger vessels."
            for k in range(4)
        )
        records.append(
            {"id": f"tb-{n}", "title": f"Dredging update for {port}", "date": f"2024-03-{n + 10}", "text": body}
        )
    return records


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory) -> Path:
    from build_dataset.run.build import build

    root = tmp_path_factory.mktemp("tidewater")
    corpus = root / "in"
    corpus.mkdir()
    (corpus / "bulletins.jsonl").write_text("\n".join(json.dumps(r) for r in _records()) + "\n", encoding="utf-8")
    (corpus / CONFIG_FILE).write_text(yaml.safe_dump(CONFIG), encoding="utf-8")
    out = root / "out"
    build(Settings(input_dir=corpus, output_dir=out, show_progress=False, workers=1))
    return out


@pytest.mark.slow
def test_the_card_names_the_corpus_config_and_nothing_of_the_seeds(corpus_build):
    from huggingface_hub import DatasetCard

    card = DatasetCard.load(corpus_build / "README.md")
    stats = json.loads((corpus_build / "stats.json").read_text(encoding="utf-8"))
    assert card.data.license == "cc-by-sa-4.0"
    assert card.data.pretty_name == "Tidewater Bulletins"
    assert "token-classification" not in card.data.task_categories
    rows = sum(split["num_examples"] for split in card.data.dataset_info[0]["splits"])
    assert rows == stats["rows"] == len(PORTS)
    assert 'load_dataset("harbour-lab/tidewater-bulletins")' in card.text
    assert "# Tidewater Bulletins" in card.text
    assert f"{len(PORTS)} records from 1 corpus file" in card.text
    assert "Not measured" in card.text  # no evaluation of this build
    datasheet = (corpus_build / "DATASHEET.md").read_text(encoding="utf-8")
    assert "Tidewater maintenance note." in datasheet
    for text in (card.content, datasheet, (corpus_build / "croissant.json").read_text(encoding="utf-8")):
        assert not [phrase for phrase in SEEDS_ONLY if phrase in text]


@pytest.mark.slow
def test_croissant_and_manifest_agree_with_the_config(corpus_build):
    croissant = json.loads((corpus_build / "croissant.json").read_text(encoding="utf-8"))
    assert croissant["license"] == "cc-by-sa-4.0"
    assert croissant["url"] == "https://huggingface.co/datasets/harbour-lab/tidewater-bulletins"
    manifest = json.loads((corpus_build / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["dataset_config"]["file"] == CONFIG_FILE


@pytest.mark.slow
def test_load_dataset_returns_the_features_embedded_in_the_parquet(corpus_build):
    from datasets import Features, load_dataset

    shard = next((corpus_build / "articles").glob("*.parquet"))
    embedded = json.loads(pq.read_schema(shard).metadata[b"huggingface"])["info"]["features"]
    loaded = load_dataset(str(corpus_build), "articles", split="train")
    assert loaded.features == Features.from_dict(embedded)
    plain = load_dataset("parquet", data_files=str(shard), split="train")  # without the card's YAML
    assert plain.features == Features.from_dict(embedded)


@pytest.mark.slow
def test_num_bytes_are_what_datasets_computes(corpus_build, tmp_path):
    from datasets import load_dataset_builder
    from huggingface_hub import DatasetCard

    builder = load_dataset_builder(str(corpus_build), "articles", cache_dir=str(tmp_path / "cache"))
    builder.download_and_prepare()
    card = DatasetCard.load(corpus_build / "README.md")
    declared = {s["name"]: s["num_bytes"] for s in card.data.dataset_info[0]["splits"]}
    assert declared == {name: split.num_bytes for name, split in builder.info.splits.items()}


@pytest.mark.slow
def test_evaluate_scores_the_build_and_the_card_reports_it(corpus_build, tmp_path):
    import shutil

    from build_dataset.core.settings import DEFAULT_TAXONOMY
    from build_dataset.publish.evaluate import evaluate
    from build_dataset.publish.validate_dataset import validate_dataset

    folder = tmp_path / "copy"
    shutil.copytree(corpus_build, folder)
    gold = tmp_path / "gold.jsonl"
    lines = [{"file": f"bulletins.jsonl#{r['id']}", "title": r["title"], "date": r["date"]} for r in _records()]
    gold.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = evaluate(folder, gold, DEFAULT_TAXONOMY)
    assert result["gold_lines"] == len(PORTS)
    assert json.loads((folder / "evaluation.json").read_text(encoding="utf-8")) == result
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert "Not measured" not in card and "build-dataset evaluate" in card
    validate_dataset(folder, DEFAULT_TAXONOMY)


def test_a_missing_config_gives_honest_defaults(tmp_path):
    config, path = resolve_config(tmp_path)
    assert path is None and config.license == "unknown" and config.repo_id is None and config.url is None


def test_a_corpus_file_finds_the_config_beside_it(tmp_path):
    (tmp_path / CONFIG_FILE).write_text("pretty_name: Beside\n", encoding="utf-8")
    config, path = resolve_config(tmp_path / "corpus.jsonl")
    assert config.pretty_name == "Beside" and path == tmp_path / CONFIG_FILE


@pytest.mark.parametrize(
    "values",
    [
        {"repo_id": "no-slash"},
        {"license": "other"},  # no license_name / license_link
        {"license": "CC BY 4.0"},
        {"unknown_key": 1},
    ],
)
def test_bad_configs_are_config_errors(values):
    with pytest.raises(ConfigError):
        from_dict(values)


def test_init_writes_a_template_that_loads_and_never_overwrites(tmp_path):
    path = write_template(tmp_path)
    assert isinstance(load_config(path), DatasetConfig)
    with pytest.raises(ConfigError):
        write_template(tmp_path)


def test_the_seeds_config_loads_and_is_not_an_input():
    from build_dataset.core.settings import REPO_ROOT
    from build_dataset.io.files import find_inputs

    assert load_config(REPO_ROOT / "seeds" / CONFIG_FILE).repo_id
    assert not [p for p in find_inputs(REPO_ROOT / "seeds") if p.name == CONFIG_FILE]


@pytest.mark.parametrize(
    "rows, bucket",
    [(0, "n<1K"), (999, "n<1K"), (1_000, "1K<n<10K"), (999_999, "100K<n<1M"), (1_000_000, "1M<n<10M")],
)
def test_size_buckets_are_hub_values(rows, bucket):
    import datasets.utils.resources as resources

    known = json.loads((Path(resources.__file__).parent / "size_categories.json").read_text(encoding="utf-8"))
    assert size_category(rows) == bucket and bucket in known


@pytest.mark.parametrize("value", ["east-asia", "a_b*c", "x\\y"])
def test_code_spans_carry_no_escapes(value):
    assert code(value) == f"`{value}`"


@pytest.mark.parametrize(
    ("stated", "given", "expected"),
    [
        ("2031-05-01", None, "2031-05-01"),  # the config's day
        ("2031-05-01", "2031-06-02", "2031-06-02"),  # --as-of overrides it
        (None, None, "today"),
    ],
)
def test_the_as_of_day_comes_from_the_option_then_the_config_then_the_clock(tmp_path, stated, given, expected):
    import datetime as dt

    from build_dataset.core.settings import Settings
    from build_dataset.publish.dataset_config import resolve_config
    from build_dataset.run.build import _as_of

    (tmp_path / "in").mkdir()
    if stated:
        (tmp_path / "in" / "dataset.yaml").write_text(f"as_of: {stated}\n", encoding="utf-8")
    settings = Settings(input_dir=tmp_path / "in", as_of=dt.date.fromisoformat(given) if given else None)
    want = dt.date.today() if expected == "today" else dt.date.fromisoformat(expected)
    assert _as_of(settings, resolve_config(settings.input_dir)[0]) == want


def test_a_bad_as_of_day_is_a_config_error():
    from build_dataset.core.errors import ConfigError
    from build_dataset.publish.dataset_config import from_dict

    with pytest.raises(ConfigError, match="as_of must be YYYY-MM-DD"):
        from_dict({"as_of": "2031-13-01"})


@pytest.mark.slow
def test_a_build_reads_its_dataset_config_once(tmp_path, monkeypatch):
    """The as-of day and what the card and manifest record come from one reading of dataset.yaml (a file
    edited during a long build cannot give them from two versions)."""
    from build_dataset.publish import dataset_config
    from build_dataset.run.build import build

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "bulletins.jsonl").write_text("\n".join(json.dumps(r) for r in _records()[:2]) + "\n", encoding="utf-8")
    (corpus / CONFIG_FILE).write_text(yaml.safe_dump(CONFIG | {"as_of": "2031-05-01"}), encoding="utf-8")
    reads = []
    real_load = dataset_config.load_config
    monkeypatch.setattr(dataset_config, "load_config", lambda path: reads.append(path) or real_load(path))
    result = build(Settings(input_dir=corpus, output_dir=tmp_path / "out", show_progress=False, workers=1))
    assert reads == [corpus / CONFIG_FILE]
    assert result.stats["dataset"]["as_of"] == "2031-05-01"
