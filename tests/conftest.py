"""Shared fixtures: one build of the seeds per test session, offline Hugging Face settings."""

from __future__ import annotations

import filecmp
import os
import shutil
import time
from pathlib import Path

import pytest

from build_dataset.core.steps import Annotator

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = REPO / "seeds"
COMMITTED_DATA = REPO / "data"

needs_shared = pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared (eval data) is not present")


def differing_outputs(expected: Path, found: Path, extra: tuple[str, ...] = ("stats.json",)) -> list[str]:
    """The Parquet files of ``expected`` (there must be some) and its ``extra`` files that ``found`` lacks or holds
    with other bytes."""
    files = sorted(p.relative_to(expected).as_posix() for p in expected.rglob("*.parquet"))
    assert files, f"{expected} holds no Parquet file"
    _, mismatch, errors = filecmp.cmpfiles(expected, found, files + list(extra), shallow=False)
    return mismatch + errors


def build_into(input_dir: Path, output_dir: Path, **overrides):
    from build_dataset.core.settings import Settings
    from build_dataset.run.build import build

    settings = Settings(input_dir=input_dir, output_dir=output_dir, show_progress=False, **overrides)
    return build(settings)


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory) -> Path:
    """The seeds built once into a temporary folder (the same command as `make dataset`)."""
    out = tmp_path_factory.mktemp("seeds") / "data"
    build_into(SEEDS, out)
    return out


@pytest.fixture
def built_copy(seeds_build, tmp_path) -> Path:
    """A private copy of the seeds build that a test may break."""
    return Path(shutil.copytree(seeds_build, tmp_path / "data"))


def write_pages(folder: Path, pages: dict[str, str | bytes]) -> Path:
    """Write ``{relative name: text or bytes}`` under ``folder`` and return it."""
    for name, content in pages.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


class WarmedWhere(Annotator):
    """Writes into each article the process that warmed the step up and the one that annotated it (tests of
    workers forked from a warmed process, ``run.warm_start``)."""

    name = "warmed_where_v1"

    def __init__(self) -> None:
        super().__init__()
        self.warmed_in: int | None = None

    def warm_up(self) -> None:
        self.warmed_in = os.getpid()

    def annotate(self, article) -> None:
        article.text = f"{self.warmed_in} {os.getpid()}"


def warmed_where_steps() -> list[Annotator]:
    return [WarmedWhere()]


def warmed_and_annotated_in(articles) -> tuple[set[int], set[int]]:
    """The processes that warmed ``WarmedWhere`` up and those that annotated ``articles`` with it."""
    found = [tuple(int(n) for n in article.text.split()) for article in articles]
    return {warm for warm, _ in found}, {annotated for _, annotated in found}


def once_spawned_workers_started(pool) -> bool:
    """A ``spawned.WorkerPool.ready`` that waits for the workers to start, so a test's calls are mapped by them (the
    caller would otherwise map the items itself until then). Fails after two minutes rather than hang."""
    deadline = time.monotonic() + 120
    while pool.started.value < pool.workers:
        if time.monotonic() > deadline:
            raise TimeoutError("the spawned workers did not start")
        time.sleep(0.01)
    return True
