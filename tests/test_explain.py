"""``build-dataset explain ID``: scores, decisions and matched sentences for one row."""

from __future__ import annotations

import polars as pl
import pytest
import yaml

from build_dataset.annotate.topics.annotator import DEFAULT_TAXONOMY, load_taxonomy
from build_dataset.cli import main
from build_dataset.core.errors import ConfigError
from build_dataset.explain import explain, explain_row, find_row

TEXT = (
    "Japan tightened its export controls on three chip materials bound for South Korea on Monday. "
    "Seoul called the export curbs economic retaliation and said it would file a complaint with the WTO. "
    "The two neighbors have been at odds over wartime forced labor. "
    "Shares of chipmakers fell in Seoul."
)


def make_row(**overrides) -> dict:
    row = {
        "id": "0123456789abcdef",
        "source_file": "pages/curbs.txt",
        "title": "Japan curbs chip material exports to South Korea",
        "text": TEXT,
        "language": "en",
        "topics": ["trade-economy"],
        "topic_scores": [{"topic": "trade-economy", "score": 0.5}],
        "officials": [{"name": "Moon Jae-in", "country": "KR", "role": "President", "mentions": ["Moon"]}],
    }
    row.update(overrides)
    return row


@pytest.fixture(scope="module")
def taxonomy() -> dict:
    return load_taxonomy(DEFAULT_TAXONOMY)


def test_explain_lists_every_topic_with_score_threshold_and_decision(taxonomy):
    report = explain_row(make_row(), taxonomy, DEFAULT_TAXONOMY)
    table = report.split("evidence (")[0]
    for topic in taxonomy["topics"]:
        assert topic["id"] in table
    trade_line = next(line for line in table.splitlines() if line.startswith("trade-economy"))
    assert " yes " in trade_line
    assert "(differs)" in trade_line  # the stored 0.5 is not what the classifier computes for this text


@pytest.mark.parametrize(
    "expected",
    ["export control", "WTO", "forced labor", "economic retaliation", "title ", "Moon Jae-in (KR, President)"],
)
def test_explain_shows_the_matched_terms_and_sentences(taxonomy, expected):
    assert expected in explain_row(make_row(), taxonomy, DEFAULT_TAXONOMY)


def test_explain_quotes_the_evidence_sentence(taxonomy):
    report = explain_row(make_row(), taxonomy, DEFAULT_TAXONOMY)
    assert "Seoul called the export curbs economic retaliation" in report.split("evidence (")[1]


def test_explain_a_non_english_row_says_why_it_has_no_topics(taxonomy):
    report = explain_row(make_row(language="ko", topics=[]), taxonomy, DEFAULT_TAXONOMY)
    assert "not English, so no topics" in report


@pytest.fixture
def data_dir(tmp_path):
    rows = [make_row(officials=[]), make_row(id="0123456789abcdee", source_file="other.txt", officials=[])]
    (tmp_path / "articles").mkdir()
    pl.DataFrame(rows).write_parquet(tmp_path / "articles" / "train-00000.parquet")
    return tmp_path


@pytest.mark.parametrize(("prefix", "matches"), [("0123456789abcdef", 1), ("0123456789abcde", 2), ("ffff", 0)])
def test_find_row_needs_exactly_one_match(data_dir, prefix, matches):
    if matches == 1:
        assert find_row(data_dir, prefix)["source_file"] == "pages/curbs.txt"
    else:
        with pytest.raises(ConfigError, match=f"{matches} articles match"):
            find_row(data_dir, prefix)


def test_explain_without_a_built_dataset_says_so(tmp_path):
    with pytest.raises(ConfigError, match="build the dataset first"):
        explain(tmp_path, "0123", DEFAULT_TAXONOMY)


def test_explain_with_a_custom_taxonomy_uses_its_topics(data_dir, tmp_path):
    custom = {
        "version": "2",
        "topics": [{"id": "chips", "definition": "Chips", "evidence": {"terms": {"chip": 1.0, "semiconductor": 1}}}],
    }
    path = tmp_path / "custom.yaml"
    path.write_text(yaml.safe_dump(custom), encoding="utf-8")
    report = explain(data_dir, "0123456789abcdef", path)
    assert "chips" in report
    assert "korea-japan-relations" not in report


def test_cli_explain_prints_the_report(data_dir, capsys):
    assert main(["explain", "0123456789abcdef", str(data_dir)]) == 0
    assert main(["explain", "0123456789abcdef", "--data", str(data_dir)]) == 0
    assert "trade-economy" in capsys.readouterr().out


def test_cli_explain_with_a_bad_taxonomy_fails_with_exit_code_2(data_dir, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ntopics: []\n", encoding="utf-8")
    assert main(["explain", "0123456789abcdef", "--data", str(data_dir), "--taxonomy", str(bad)]) == 2
    assert "bad taxonomy" in capsys.readouterr().err
