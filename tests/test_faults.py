"""Faults: a build killed at any moment, a full disk, a failed validation, a second build at once, a step that
raises, a network that is not there. The previous output is never half-replaced; errors are one message."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bad_corpus import english_page
from conftest import REPO, build_into

from build_dataset import cli
from build_dataset.annotate.dates import DateAnnotator, GroupDatePropagator
from build_dataset.annotate.language import LanguageAnnotator
from build_dataset.publish import output_dir

QUIET = ["--workers", "1", "--no-cache", "--no-progress"]
# Where, as a share of an uninterrupted build's wall time, the SIGKILL lands: during start-up, reading and
# annotating, and (the last ones) validating, writing and swapping in.
KILL_POINTS = (0.2, 0.5, 0.7, 0.85, 0.95)
# Outputs that may differ between two builds of the same input: none (the expectations page has no clock).
TIMESTAMPED: tuple[str, ...] = ()


def write_corpus(folder: Path, count: int, tag: str = "") -> Path:
    for i in range(count):
        path = folder / f"page_{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(english_page(f"round {i}{tag}"), encoding="utf-8")
    return folder


def snapshot(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``root`` (empty when it does not exist)."""
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
    hashes = {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    return {name: digest for name, digest in hashes.items() if not name.startswith(skip)}


def leftovers(out: Path) -> list[str]:
    prefixes = (output_dir.staging_prefix(out), output_dir.backup_path(out).name)
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(prefixes))


def cli_build(folder: Path, out: Path, *extra: str) -> int:
    return cli.main(["build", "--input", str(folder), "--output", str(out), *QUIET, *extra])


def subprocess_build(folder: Path, out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "build_dataset", "build", "--input", str(folder), "--output", str(out), *QUIET]
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "GX_ANALYTICS_ENABLED": "False"}
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> tuple[Path, Path]:
    """Corpus B, and the output of a first build of corpus A that faulty builds of B must leave as it is."""
    root = tmp_path_factory.mktemp("faults")
    corpus_a = write_corpus(root / "a", 24)
    corpus_b = write_corpus(root / "b", 30, tag=" again")
    build_into(corpus_a, root / "first")
    return corpus_b, root / "first"


@pytest.fixture
def published(first_build, tmp_path) -> tuple[Path, Path, dict[str, str]]:
    """A copy of the first build at a fresh output path: (corpus B, the output folder, its snapshot)."""
    corpus_b, first = first_build
    out = tmp_path / "out" / "data"
    shutil.copytree(first, out)
    return corpus_b, out, snapshot(out)


def _wait_for_staging(out: Path, process: subprocess.Popen, timeout: float = 300) -> None:
    """Block until the build has started writing (its staging folder exists) or has ended."""
    deadline = time.monotonic() + timeout
    while not list(out.parent.glob(output_dir.staging_prefix(out) + "*")) and process.poll() is None:
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.01)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("moment", "delay"),
    # (what the build is doing, seconds after it) -> start-up and reading; the first write; mid-way through
    # writing, validating and swapping in (the write phase of this corpus takes ~1-2 s).
    [("launch", 1.0), ("staging", 0.0), ("staging", 0.8)],
)
def test_sigkill_at_any_moment_leaves_the_old_or_the_new_output_whole(published, moment, delay):
    corpus_b, out, old = published
    process = subprocess_build(corpus_b, out)
    if moment == "staging":
        _wait_for_staging(out, process)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    killed = snapshot(out)
    if moment == "staging" and delay == 0:
        assert leftovers(out), "the kill was meant to land while the build was writing"
        assert killed == old
    assert cli_build(corpus_b, out) == 0  # the next build recovers and succeeds
    new = snapshot(out, TIMESTAMPED)
    assert killed == old or {k: v for k, v in killed.items() if not k.startswith(TIMESTAMPED)} == new
    assert leftovers(out) == []


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"backup"}, {"output"}),  # killed between the two renames of the fallback swap: the old output returns
        ({"output", "backup"}, {"output"}),  # killed after both renames: the backup is the stale old output
        ({"output", "staging"}, {"output"}),  # killed while writing: the staging folder is dropped
        ({"backup", "staging"}, {"output"}),
        ({"staging"}, set()),  # a first build killed while writing: nothing to keep
        (set(), set()),
    ],
)
def test_the_next_build_recovers_what_a_killed_one_left(tmp_path, before, after):
    out = tmp_path / "data"
    places = {
        "output": out,
        "backup": output_dir.backup_path(out),
        "staging": tmp_path / (output_dir.staging_prefix(out) + "x1y2"),
    }
    for name in before:
        places[name].mkdir()
        (places[name] / "stats.json").write_text(name)
    output_dir.recover_interrupted_swap(out)
    assert {name for name, path in places.items() if path.exists()} == after
    if "output" in after:
        expected = "output" if "output" in before else "backup"
        assert (out / "stats.json").read_text() == expected


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_swap_in_replaces_the_output_whole_and_leaves_nothing_behind(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(output_dir, "_exchange", lambda first, second: False)
    out, staging = tmp_path / "data", tmp_path / (output_dir.staging_prefix(tmp_path / "data") + "new")
    for folder, content in ((out, "old"), (staging, "new")):
        folder.mkdir()
        (folder / "stats.json").write_text(content)
    output_dir.swap_in(staging, out)
    assert (out / "stats.json").read_text() == "new"
    assert leftovers(out) == []


def _fail_with_enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("target", ["os.fsync", "pyarrow.parquet.ParquetWriter.write_table"])
def test_a_full_disk_publishes_nothing_and_says_so(published, monkeypatch, capsys, target):
    corpus_b, out, before = published
    monkeypatch.setattr(target, _fail_with_enospc)
    assert cli_build(corpus_b, out) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "No space left on device" in err and "nothing was published" in err
    assert "Traceback" not in err
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_a_validation_failure_publishes_nothing(published, monkeypatch, capsys):
    corpus_b, out, before = published
    monkeypatch.setattr(LanguageAnnotator, "annotate", lambda self, article: setattr(article, "language", "xx"))
    assert cli_build(corpus_b, out) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "failed the articles schema" in err and "language" in err
    assert "Traceback" not in err
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_a_second_build_into_the_same_output_refuses_until_the_first_is_gone(tmp_path, capsys):
    corpus, out = write_corpus(tmp_path / "in", 2), tmp_path / "data"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from build_dataset.publish.output_dir import output_lock\n"
            "with output_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(120)",
            str(out.resolve()),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert holder.stdout.readline().strip() == b"locked"
        assert cli_build(corpus, out) == 1
        assert "another build is writing" in " ".join(capsys.readouterr().err.split())
        assert not out.exists()
    finally:
        os.killpg(holder.pid, signal.SIGKILL)  # the kernel drops its lock with it
        holder.wait(timeout=30)
    assert cli_build(corpus, out) == 0


def test_an_output_folder_inside_the_input_folder_is_refused(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "in", 2)
    assert cli_build(corpus, corpus / "data") == 2
    assert "inside the input folder" in " ".join(capsys.readouterr().err.split())
    assert not (corpus / "data").exists()


def test_an_old_output_in_the_input_tree_is_skipped_not_read(tmp_path):
    corpus = write_corpus(tmp_path / "in", 3)
    build_into(corpus, tmp_path / "old")
    shutil.copytree(tmp_path / "old", corpus / "copied_release")
    result = build_into(corpus, tmp_path / "new")
    assert (result.stats["inputs"], result.stats["rows"], result.stats["rejected"]) == (3, 3, 0)
    assert result.stats["skipped_build_output_files"] > 0
    manifest = json.loads((tmp_path / "new" / "manifest.json").read_text())
    assert sorted(manifest["inputs"]) == ["page_000.txt", "page_001.txt", "page_002.txt"]


def test_an_output_folder_holding_the_inputs_is_refused(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "data" / "raw", 2)
    assert cli_build(corpus, tmp_path / "data") == 2
    assert "holds the input folder" in " ".join(capsys.readouterr().err.split())
    assert len(list(corpus.glob("*.txt"))) == 2


@pytest.mark.parametrize("kind", ["folder of other files", "a file"])
def test_an_output_that_is_not_a_built_dataset_is_never_replaced(tmp_path, capsys, kind):
    corpus, out = write_corpus(tmp_path / "in", 2), tmp_path / "precious"
    if kind == "a file":
        out.write_text("keep me")
    else:
        out.mkdir()
        (out / "thesis.tex").write_text("keep me")
    assert cli_build(corpus, out) == 2
    assert "error:" in capsys.readouterr().err
    assert "keep me" in (out.read_text() if out.is_file() else (out / "thesis.tex").read_text())


@pytest.mark.parametrize("every", [1, 10], ids=["every page", "one page in ten"])
def test_a_step_that_raises_fails_the_build_names_it_and_publishes_nothing(published, monkeypatch, capsys, every):
    corpus_b, out, before = published
    original = DateAnnotator.annotate
    seen = []

    def faulty(self, article):
        seen.append(article.source_file)
        if len(seen) % every == 0:
            raise ValueError("injected fault")
        return original(self, article)

    monkeypatch.setattr(DateAnnotator, "annotate", faulty)
    assert cli_build(corpus_b, out) == 1
    err = " ".join(capsys.readouterr().err.split())
    failed = len(seen) // every
    assert f"{DateAnnotator.name} on {failed} of 30 inputs" in err
    assert "Traceback" in err and "ValueError: injected fault" in err and "in faulty" in err
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_a_corpus_step_that_raises_fails_the_build_and_publishes_nothing(published, monkeypatch, capsys):
    corpus_b, out, before = published

    def broken(self, articles):
        raise RuntimeError("injected corpus fault")

    monkeypatch.setattr(GroupDatePropagator, "process_all", broken)
    assert cli_build(corpus_b, out) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "group_dates_v1 raised" in err and "RuntimeError: injected corpus fault" in err
    assert snapshot(out) == before


def test_identical_files_do_not_count_against_the_reject_budget(tmp_path):
    corpus = write_corpus(tmp_path / "in", 4)
    for i in range(4):
        shutil.copy(corpus / f"page_{i:03d}.txt", corpus / f"zz_copy_{i}.txt")
    result = build_into(corpus, tmp_path / "out", max_reject_share=0.05)
    assert result.stats["rejects_by_reason"] == {"identical_file": 4}


@pytest.mark.parametrize(("share", "code"), [("0.05", 1), ("0.5", 0)])
def test_more_rejects_than_the_budget_fail_the_build(published, capsys, share, code):
    corpus_b, out, before = published
    for i in range(3):  # 3 of 33 inputs (9%) are not articles
        (corpus_b / f"zz_short_{i}.txt").write_text(f"Too short {i}.", encoding="utf-8")
    try:
        assert cli_build(corpus_b, out, "--max-reject-share", share) == code
    finally:
        for i in range(3):
            (corpus_b / f"zz_short_{i}.txt").unlink()
    err = " ".join(capsys.readouterr().err.split())
    if code:
        assert "more than --max-reject-share 0.05" in err and snapshot(out) == before
    else:
        assert json.loads((out / "stats.json").read_text())["rejected"] == 3


def test_a_build_never_touches_the_network(tmp_path, monkeypatch):
    attempts: list[str] = []

    def refuse(name):
        def blocked(*args, **kwargs):
            attempts.append(f"{name}{args[1:2]}")
            raise OSError(errno.ENETUNREACH, "network access is blocked in this test")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    result = build_into(write_corpus(tmp_path / "in", 3), tmp_path / "out")
    assert result.stats["rows"] == 3
    assert attempts == []
    assert json.loads((tmp_path / "out" / "stats.json").read_text())["rows"] == 3
