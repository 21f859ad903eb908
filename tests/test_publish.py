"""Publishing: validation reports, manifest checksums, and `build-dataset publish` without a network."""

from __future__ import annotations

import contextlib
import json
import re
import sys

import polars as pl
import pytest

from build_dataset.annotate.topics.annotator import load_taxonomy
from build_dataset.cli import main
from build_dataset.core.errors import ConfigError, ValidationFailed
from build_dataset.core.settings import DEFAULT_TAXONOMY
from build_dataset.publish import hub as publish_module
from build_dataset.publish.expectations import DATA_DOCS_PAGE, REPORT, check_dataset
from build_dataset.publish.hub import PublishError, publish, upload_plan
from build_dataset.publish.manifest import MANIFEST, verify_manifest

TOPICS = [t["id"] for t in load_taxonomy(DEFAULT_TAXONOMY)["topics"]]


class RecordingApi:
    """Stands in for HfApi: records calls, or raises ``error`` on the first one."""

    calls: list = []
    error: Exception | None = None

    def __init__(self, token=None):
        self.token = token

    def create_repo(self, repo_id, **kwargs):
        if RecordingApi.error:
            raise RecordingApi.error
        RecordingApi.calls.append(("create_repo", repo_id, kwargs))

    def upload_folder(self, **kwargs):
        RecordingApi.calls.append(("upload_folder", kwargs["repo_id"], kwargs))
        return "https://huggingface.co/datasets/org/name/commit/abc"


@pytest.fixture
def fake_hub(monkeypatch):
    import huggingface_hub

    RecordingApi.calls, RecordingApi.error = [], None
    monkeypatch.setattr(huggingface_hub, "HfApi", RecordingApi)
    monkeypatch.setattr(huggingface_hub, "get_token", lambda: "hf_test_token")
    return RecordingApi


# ---------------------------------------------------------------- validation reports and manifest


def test_build_writes_the_expectations_result_and_its_self_contained_page(seeds_build):
    result = json.loads((seeds_build / REPORT).read_text())
    assert result["success"] is True
    assert set(result["suites"]) >= {"articles", "officials"}
    page = (seeds_build / DATA_DOCS_PAGE).read_text(encoding="utf-8")
    assert "<style>" in page and "expect_table_row_count_to_equal" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing loaded from elsewhere
    as_of = json.loads((seeds_build / "stats.json").read_text())["versions"]["config"]["article"]["as_of"]
    assert f"as of {as_of}" in page and "2000-01-01" not in page


def test_a_failing_expectation_fails_and_names_the_check(seeds_build, tmp_path):
    frame = pl.concat([pl.read_parquet(p) for p in (seeds_build / "articles").glob("*.parquet")])
    stats = json.loads((seeds_build / "stats.json").read_text())
    stats["inputs"] += 1  # one more input than rows + rejects
    with pytest.raises(ValidationFailed, match="expect_table_row_count_to_equal"):
        check_dataset(tmp_path, frame, stats, ["korea-japan-relations"], write_reports=False)


def test_an_official_row_without_its_article_fails_the_expectations(seeds_build, tmp_path):
    from build_dataset.publish.parquet import officials_frame

    frame = pl.concat([pl.read_parquet(p) for p in (seeds_build / "articles").glob("*.parquet")])
    stats = json.loads((seeds_build / "stats.json").read_text())
    officials = officials_frame(frame)
    assert officials.height
    check_dataset(tmp_path, frame, stats, TOPICS, officials, write_reports=False)
    orphaned = officials.with_columns(pl.lit("0000000000000000").alias("article_id"))
    with pytest.raises(ValidationFailed, match="article_row_id"):
        check_dataset(tmp_path, frame, stats, TOPICS, orphaned, write_reports=False)


def test_manifest_lists_inputs_outputs_and_versions(seeds_build):
    manifest = json.loads((seeds_build / MANIFEST).read_text())
    assert set(manifest["versions"]) >= {"pipeline", "steps", "schema", "taxonomy", "registries", "ner_model"}
    assert "README.md" in manifest["outputs"] and "croissant.json" in manifest["outputs"]
    assert REPORT in manifest["outputs"] and DATA_DOCS_PAGE in manifest["outputs"]
    assert manifest["inputs"] and all(len(digest) == 64 for digest in manifest["inputs"].values())
    assert verify_manifest(seeds_build) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda root: (root / "stats.json").write_text("{}"), "stats.json: changed"),
        (lambda root: (root / "LICENSE").unlink(), "LICENSE: missing"),
        (lambda root: (root / "extra.txt").write_text("x"), "extra.txt: not in the manifest"),
    ],
)
def test_manifest_catches_changed_missing_and_extra_files(built_copy, change, problem):
    change(built_copy)
    assert problem in verify_manifest(built_copy)


# ---------------------------------------------------------------- publish


def test_upload_plan_takes_the_expectations_page_and_leaves_out_hidden_files(built_copy):
    (built_copy / ".cache").write_text("x")
    names = [name for name, _ in upload_plan(built_copy)]
    assert "README.md" in names and "croissant.json" in names and DATA_DOCS_PAGE in names
    assert not any(n.startswith(".") for n in names)


def test_dry_run_validates_and_uploads_nothing(seeds_build, fake_hub):
    plan, commit = publish(seeds_build, "org/name", dry_run=True)
    assert commit is None and fake_hub.calls == []
    assert ("README.md", (seeds_build / "README.md").stat().st_size) in plan


def test_upload_creates_a_dataset_repo_and_uploads_the_folder(seeds_build, fake_hub):
    _, commit = publish(seeds_build, "org/name", private=True)
    (create, repo, create_kwargs), (upload, _, upload_kwargs) = fake_hub.calls
    assert (create, repo, upload) == ("create_repo", "org/name", "upload_folder")
    assert create_kwargs["repo_type"] == upload_kwargs["repo_type"] == "dataset"
    assert create_kwargs["private"] is True
    assert ".*" in upload_kwargs["ignore_patterns"]
    assert commit.endswith("/commit/abc")


def test_publish_refuses_a_folder_that_fails_validation(built_copy, fake_hub):
    (built_copy / "stats.json").write_text((built_copy / "stats.json").read_text() + " ")
    with pytest.raises(ValidationFailed):
        publish(built_copy, "org/name", dry_run=True)


@pytest.mark.parametrize("repo_id", ["name-only", "bad id!", "a/b/c"])
def test_bad_repo_ids_are_config_errors(seeds_build, repo_id):
    with pytest.raises(ConfigError, match="ORG/NAME"):
        publish(seeds_build, repo_id, dry_run=True)


def test_missing_token_is_one_sentence(seeds_build, fake_hub, monkeypatch):
    import huggingface_hub

    monkeypatch.setattr(huggingface_hub, "get_token", lambda: None)
    with pytest.raises(PublishError, match="no Hugging Face token") as raised:
        publish(seeds_build, "org/name")
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (OSError("Name or service not known"), "could not reach the Hugging Face Hub"),
        (ConnectionError("refused"), "could not reach the Hugging Face Hub"),
    ],
)
def test_network_failures_are_one_sentence(seeds_build, fake_hub, error, message):
    fake_hub.error = error
    with pytest.raises(PublishError, match=message) as raised:
        publish(seeds_build, "org/name")
    assert "\n" not in str(raised.value)


def test_hub_client_connect_error_is_one_sentence(seeds_build, fake_hub):
    """The Hub client's own HTTP library (httpx2 now, requests before) raises its ConnectError."""
    from huggingface_hub.errors import HTTPError

    library = sys.modules[HTTPError.__module__]
    connect_error = getattr(library, "ConnectError", None) or library.ConnectionError
    fake_hub.error = connect_error("connection refused")
    with pytest.raises(PublishError, match="could not reach"):
        publish(seeds_build, "org/name")


def test_cli_publish_without_token_prints_one_line_and_no_traceback(seeds_build, fake_hub, monkeypatch, capsys):
    import huggingface_hub

    monkeypatch.setattr(huggingface_hub, "get_token", lambda: None)
    code = main(["publish", str(seeds_build), "--repo-id", "org/name"])
    err = capsys.readouterr().err
    assert code == 1
    assert "no Hugging Face token" in err and "Traceback" not in err


def test_cli_publish_dry_run_lists_the_files(seeds_build, fake_hub, capsys):
    assert main(["publish", str(seeds_build), "--repo-id", "org/name", "--dry-run"]) == 0
    err = capsys.readouterr().err
    assert "README.md" in err and "dry run" in err and fake_hub.calls == []


def test_publish_notes_a_repo_other_than_the_configured_one():
    assert publish_module.url_note("org/name", "org/name") is None
    assert "org/name" in publish_module.url_note("org/name", "other/repo")
    assert "no repo_id" in publish_module.url_note("org/name", None)


def test_publish_takes_the_repo_id_of_the_config(seeds_build):
    stats = json.loads((seeds_build / "stats.json").read_text(encoding="utf-8"))
    assert publish_module.resolve_repo_id(seeds_build, None) == stats["dataset"]["repo_id"]
    assert publish_module.resolve_repo_id(seeds_build, "org/name") == "org/name"


def test_upload_passes_revision_pr_and_message(built_copy, fake_hub):
    target = publish_module.HubTarget("org/name", revision="v2", create_pr=True, commit_message="Release 2")
    publish_module.publish(built_copy, target)
    upload = next(kwargs for name, _, kwargs in fake_hub.calls if name == "upload_folder")
    assert (upload["revision"], upload["create_pr"], upload["commit_message"]) == ("v2", True, "Release 2")


# ---------------------------------------------------------------- dataset-level expectations


def _seeds(seeds_build, copies: int = 1) -> tuple[pl.DataFrame, dict]:
    frame = pl.concat([pl.read_parquet(p) for p in (seeds_build / "articles").glob("*.parquet")] * copies)
    stats = json.loads((seeds_build / "stats.json").read_text())
    stats.update(inputs=frame.height, rows=frame.height, rejected=0)
    return frame, stats


@pytest.mark.parametrize(
    ("change", "expectation"),
    [
        # an outlet whose pages lost their titles (enough rows for null shares to count)
        (lambda f, s: (f.with_columns(pl.lit(None, pl.String).alias("title"), pl.lit("Outlet A").alias("publisher")),
                       s), "publisher"),
        # one duplicate group holding every article
        (lambda f, s: (f.with_columns(pl.lit(f.height, pl.Int32).alias("group_size")), s), "column_max"),
        # dates before the period dataset.yaml states
        (lambda f, s: (f, {**s, "dataset": {"earliest_date": "2099-01-01"}}), "to_be_between"),
    ],
)
def test_dataset_level_expectations_warn_and_fail_only_when_strict(seeds_build, tmp_path, caplog, change, expectation):
    frame, stats = change(*_seeds(seeds_build, copies=5))
    summary = check_dataset(tmp_path, frame, stats, TOPICS, write_reports=False)
    assert summary["success"] is False and expectation in caplog.text  # a warning, the build goes on
    with pytest.raises(ValidationFailed, match=expectation):
        check_dataset(tmp_path, frame, stats, TOPICS, write_reports=False, strict_coverage=True)


def test_topic_drift_from_the_previous_release_is_logged_not_written(seeds_build, tmp_path, caplog):
    frame, stats = _seeds(seeds_build)
    same = check_dataset(tmp_path, frame, stats, TOPICS, previous_topics=stats["topics"])
    assert "release_drift" not in caplog.text
    drifted = check_dataset(tmp_path, frame, stats, TOPICS, previous_topics={"trade-economy": 100})
    assert "release_drift" in caplog.text and "kl_divergence" in caplog.text
    assert same == drifted and "release_drift" not in drifted["suites"]


@pytest.mark.parametrize("fails", [False, True])
def test_the_frames_the_side_process_checks_go_through_files_removed_afterwards(tmp_path, fails):
    from build_dataset.publish.outputs import frames_on_disk

    staging = tmp_path / ".data.staging"
    staging.mkdir()
    rows = pl.DataFrame({"id": ["a", "b"], "date": [None, "2024-01-02"], "topics": [["x"], []]}).with_columns(
        pl.col("date").str.to_date())
    officials = pl.DataFrame({"article_id": ["a"], "score": pl.Series([0.5], dtype=pl.Float32)})
    with pytest.raises(RuntimeError) if fails else contextlib.nullcontext():
        with frames_on_disk(staging, rows, officials) as (rows_file, officials_file):
            assert pl.read_ipc(rows_file).equals(rows) and pl.read_ipc(officials_file).equals(officials)
            assert pl.read_ipc(officials_file).schema == officials.schema
            if fails:
                raise RuntimeError("the writer failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".data.staging"]  # no scratch folder left


def test_a_scratch_folder_a_killed_build_left_goes_with_its_staging_folder(tmp_path):
    from build_dataset.publish.output_dir import recover_interrupted_swap, staging_prefix
    from build_dataset.publish.outputs import frames_on_disk

    output = tmp_path / "data"
    staging = tmp_path / f"{staging_prefix(output)}abc"
    staging.mkdir()
    frame = pl.DataFrame({"id": ["a"]})
    with frames_on_disk(staging, frame, frame) as (rows_file, _):
        left = rows_file.parent
        recover_interrupted_swap(output)  # as a build run after a killed one does
        assert not left.exists() and not staging.exists()
