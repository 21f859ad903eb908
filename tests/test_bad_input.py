"""Every bad input becomes a row or a named reject (rows + rejects = inputs), with no traceback, and article
content cannot alter the card's YAML or the HTML reports. The corpus is written by ``bad_corpus``."""

from __future__ import annotations

import logging
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
import yaml
from bad_corpus import INJECTED_FRAGMENTS, INJECTED_LINE, INJECTED_TITLE, TITLES, write_bad_corpus

from build_dataset import cli

# The CLI flags every in-process build here uses: one process (so monkeypatches hold), no cache, no bar, and
# no reject budget (the corpus is bad input on purpose).
QUIET = ["--workers", "1", "--no-cache", "--no-progress", "--max-reject-share", "1"]
ENCODINGS = {
    "legacy/latin1.txt": {"cp1252"},
    "legacy/utf16.txt": {"utf-16"},
    "legacy/euc-kr.txt": {"cp949", "euc_kr"},
    "legacy/shift_jis.txt": {"cp932", "shift_jis", "shift_jis_2004"},
    "plain.txt": {"utf-8"},
}
LANGUAGES = {"german.txt": "de", "legacy/euc-kr.txt": "ko", "legacy/shift_jis.txt": "ja", "plain.txt": "en"}


def run_cli(*args: str) -> int:
    return cli.main(["build", *args, *QUIET])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("bad")
    expected = write_bad_corpus(root / "in", root / "outside")
    return root / "in", expected


@pytest.fixture(scope="module")
def warn_build(corpus, tmp_path_factory) -> tuple[Path, int, str]:
    folder, _ = corpus
    out = tmp_path_factory.mktemp("warn") / "data"
    handler = _Capture()
    logging.getLogger().addHandler(handler)
    try:
        code = run_cli("--input", str(folder), "--output", str(out))
    finally:
        logging.getLogger().removeHandler(handler)
    return out, code, "\n".join(handler.messages)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _rows(out: Path) -> pl.DataFrame:
    return pl.concat([pl.read_parquet(p) for p in sorted((out / "articles").glob("*.parquet"))])


def _rejects(out: Path) -> dict[str, str]:
    return {r["source_file"]: r["reason"] for r in pq.read_table(out / "rejects.parquet").to_pylist()}


def test_every_input_is_a_row_or_a_named_reject(corpus, warn_build):
    _, expected = corpus
    out, code, _ = warn_build
    assert code == 0
    rows, rejects = set(_rows(out)["source_file"].to_list()), _rejects(out)
    assert rows.isdisjoint(rejects)
    assert rows | set(rejects) == set(expected)
    assert rows == {name for name, outcome in expected.items() if outcome is None}
    wrong = {name: reason for name, reason in rejects.items() if reason not in expected[name]}
    assert not wrong


def test_stats_count_every_input_once(corpus, warn_build):
    import json

    _, expected = corpus
    out, _, _ = warn_build
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["rows"] + stats["rejected"] == stats["inputs"] == len(expected)


@pytest.mark.parametrize(("name", "encodings"), sorted(ENCODINGS.items()))
def test_the_encoding_a_file_was_decoded_from_is_recorded(warn_build, name, encodings):
    rows = _rows(warn_build[0]).filter(pl.col("source_file") == name)
    assert rows["encoding"].to_list()[0] in encodings


@pytest.mark.parametrize(("name", "language"), sorted(LANGUAGES.items()))
def test_non_english_articles_are_kept_with_their_language_and_no_guessed_fields(warn_build, name, language):
    row = _rows(warn_build[0]).filter(pl.col("source_file") == name).row(0, named=True)
    assert row["language"] == language
    if language != "en":
        assert row["officials"] == [] and row["topics"] == []


@pytest.mark.parametrize(("name", "title"), sorted(TITLES.items()))
def test_non_english_pages_are_cleaned_like_english_ones(warn_build, name, title):
    row = _rows(warn_build[0]).filter(pl.col("source_file") == name).row(0, named=True)
    assert row["title"] == title
    assert row["text"].count("\n\n") == 2  # three body paragraphs, page furniture removed
    assert "Home | World" not in row["text"] and "Copyright" not in row["text"]


def test_nul_and_control_characters_are_removed_from_the_text(warn_build):
    text = _rows(warn_build[0]).filter(pl.col("source_file") == "nul_and_control.txt")["text"][0]
    assert "months of tension" in text
    assert not any(c in text for c in "\x00\x07\x1b")


def test_injected_markup_is_kept_verbatim_in_the_data(warn_build):
    row = _rows(warn_build[0]).filter(pl.col("source_file") == "injection.txt").row(0, named=True)
    assert row["title"] == INJECTED_TITLE
    assert " ".join(INJECTED_LINE.split()) in " ".join(row["text"].split())


def _front_matter(card: str) -> tuple[str, str]:
    assert card.startswith("---\n")
    header, body = card[4:].split("\n---\n", 1)
    return header, body


def test_article_content_cannot_alter_the_card_yaml_or_html(warn_build):
    out = warn_build[0]
    header, body = _front_matter((out / "README.md").read_text(encoding="utf-8"))
    metadata = yaml.safe_load(header)
    assert isinstance(metadata, dict) and "dataset_info" in metadata and "license" not in str(metadata.get("tags"))
    for fragment in INJECTED_FRAGMENTS:
        assert fragment not in header
        assert fragment not in body
    for report in out.rglob("*.htm*"):
        html = report.read_text(encoding="utf-8", errors="replace")
        assert "<script>alert('x')</script>" not in html and "onerror=alert(1)" not in html.replace("&", "")


def test_the_build_validates_as_published(warn_build):
    from build_dataset.core.settings import DEFAULT_TAXONOMY
    from build_dataset.publish.validate_dataset import validate_dataset

    assert "pass" in validate_dataset(warn_build[0], DEFAULT_TAXONOMY)


def test_warn_names_each_reject(corpus, warn_build):
    _, expected = corpus
    messages = warn_build[2]
    rejected = [name for name, outcome in expected.items() if outcome is not None]
    assert all(f"rejected {name}:" in messages for name in rejected)


def test_on_bad_input_error_fails_the_build_and_publishes_nothing(corpus, tmp_path, capsys):
    folder, _ = corpus
    out = tmp_path / "data"
    assert run_cli("--input", str(folder), "--output", str(out), "--on-bad-input", "error") == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "inputs were rejected and --on-bad-input is error" in err and "image.txt: binary" in err
    assert "Traceback" not in err
    assert not out.exists()
    assert not list(tmp_path.glob(".data.staging-*"))


def test_on_bad_input_skip_builds_quietly(corpus, tmp_path, caplog):
    folder, expected = corpus
    out = tmp_path / "data"
    with caplog.at_level(logging.WARNING):
        assert run_cli("--input", str(folder), "--output", str(out), "--on-bad-input", "skip") == 0
    assert not [r for r in caplog.records if r.getMessage().startswith("rejected")]
    assert len(_rejects(out)) == sum(outcome is not None for outcome in expected.values())
