"""Acceptance (issue 19): a corpus of one's own -- the Naver JSON Lines crawl in ../shared/corpora -- built with
its own dataset.yaml gets its own card: that config's repo id, title, license and row count, and nothing of
the seeds' card. ``datasets-cli test --save_info`` leaves the card valid for ``build-dataset validate``, and
``load_dataset`` on the folder returns the features embedded in the Parquet files.

A slice of the corpus (its first SLICE records) is written to a temporary folder at test time; none of its
text is in the repository. Skipped when ../shared is absent."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from conftest import REPO, SHARED

from build_dataset.core.settings import DEFAULT_TAXONOMY, Settings
from build_dataset.publish.dataset_config import CONFIG_FILE

CORPUS = SHARED / "corpora" / "korea_en_naver_2025" / "articles.jsonl.gz"
SLICE = 60  # records: enough for every config and split to have rows, small enough for well under a minute
CONFIG = {
    "repo_id": "acceptance-lab/korea-en-naver-sample",
    "pretty_name": "Korean English-language news via Naver (acceptance sample)",
    "description": "A slice of an English-language Naver News crawl, built to test a corpus's own card.",
    "license": "other",
    "license_name": "publishers-copyright-naver",
    "license_link": "LICENSE",
    "license_text": "Copyright of the publishers; not for redistribution.",
    "curators": "Acceptance test curators",
    "languages": ["en"],
    "source": "The first records of a JSON Lines export of a Naver News crawl (see its SOURCE.md).",
    "earliest_date": "2025-12-01",
    "latest_date": "2026-01-31",
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_file(), reason="../shared/corpora/korea_en_naver_2025 is not present"),
]


def seeds_phrases() -> list[str]:
    """What only the seeds' card says: the values of seeds/dataset.yaml that name that dataset."""
    seeds = yaml.safe_load((REPO / "seeds" / CONFIG_FILE).read_text(encoding="utf-8"))
    return [seeds["repo_id"], seeds["pretty_name"], seeds["license_name"], seeds["source"][:60]]


@pytest.fixture(scope="module")
def naver_build(tmp_path_factory) -> Path:
    from build_dataset.run.build import build

    root = tmp_path_factory.mktemp("naver")
    corpus = root / "in"
    corpus.mkdir()
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        records = [next(lines) for _ in range(SLICE)]
    (corpus / "naver.jsonl").write_text("".join(records), encoding="utf-8")
    (corpus / CONFIG_FILE).write_text(yaml.safe_dump(CONFIG), encoding="utf-8")
    out = root / "out"
    build(Settings(input_dir=corpus, output_dir=out, show_progress=False, workers=1, max_reject_share=1.0))
    return out


def test_the_card_is_the_configs_and_not_the_seeds(naver_build):
    from huggingface_hub import DatasetCard

    card = DatasetCard.load(naver_build / "README.md")
    stats = json.loads((naver_build / "stats.json").read_text(encoding="utf-8"))
    assert (card.data.pretty_name, card.data.license) == (CONFIG["pretty_name"], "other")
    assert card.data.license_name == CONFIG["license_name"]
    assert f'load_dataset("{CONFIG["repo_id"]}")' in card.text
    assert f"https://huggingface.co/datasets/{CONFIG['repo_id']}" in card.text
    articles = next(info for info in card.data.dataset_info if info["config_name"] == "articles")
    rows = sum(split["num_examples"] for split in articles["splits"])
    assert rows == stats["rows"] == sum(pq.ParquetFile(p).metadata.num_rows for p in naver_build.glob("articles/*"))
    assert 0 < rows <= SLICE and f"**{rows} articles**" in card.text
    assert f"{SLICE} records from 1 corpus file" in card.text
    for text in (card.content, (naver_build / "DATASHEET.md").read_text(encoding="utf-8")):
        assert [phrase for phrase in seeds_phrases() if phrase in text] == []


def test_datasets_cli_save_info_leaves_the_card_valid(naver_build, tmp_path):
    from build_dataset.publish.validate_dataset import validate_dataset

    folder = Path(shutil.copytree(naver_build, tmp_path / "copy"))
    cli = Path(sys.executable).with_name("datasets-cli")
    command = [str(cli), "test", str(folder), "--save_info", "--all_configs", "--cache_dir", str(tmp_path / "cache")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Dataset card saved" in result.stdout + result.stderr
    validate_dataset(folder, DEFAULT_TAXONOMY)


def test_load_dataset_returns_the_embedded_features(naver_build, tmp_path):
    from datasets import Features, load_dataset

    shard = next((naver_build / "articles").glob("*.parquet"))
    embedded = Features.from_dict(json.loads(pq.read_schema(shard).metadata[b"huggingface"])["info"]["features"])
    loaded = load_dataset(str(naver_build), "articles", split="train", cache_dir=str(tmp_path / "cache"))
    assert loaded.features == embedded and loaded.num_rows == pq.ParquetFile(shard).metadata.num_rows
