"""``--ranks``: the per-article stage as ranks with their own files and completion markers; a build killed after
some ranks completed resumes from them (``--resume``) and publishes what an uninterrupted build does."""

from __future__ import annotations

import filecmp
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import REPO, SEEDS, build_into, warmed_and_annotated_in, warmed_where_steps

from build_dataset.core.article import Article, Work
from build_dataset.core.steps import Annotator
from build_dataset.run.ranks import RankedStage, RankTask


class Upper(Annotator):
    name = "upper_v1"

    def annotate(self, article: Article) -> None:
        article.text = article.work.raw.upper()


def articles(n: int) -> list[Article]:
    return [Article(id=f"a{k:03d}", source_file=f"p{k}.txt", work=Work(raw=f"page {k}")) for k in range(n)]


@pytest.mark.parametrize("n", [0, 1, 7, 12])
@pytest.mark.parametrize("world_size", [1, 3, 5])
def test_ranks_annotate_their_shares_and_read_back_in_input_order(tmp_path, n, world_size):
    task = RankTask(lambda: [Upper()], tmp_path / "ranks", "key", batch_size=2)
    counts = [task.run(iter(articles(n)), rank, world_size)["articles"] for rank in range(world_size)]
    assert sum(counts) == n and max(counts, default=0) - min(counts, default=0) <= 1
    found = list(task.merged(world_size))
    assert [(a.id, a.text) for a in found] == [(a.id, a.work.raw.upper()) for a in articles(n)]
    assert all(a.work.raw == "" for a in found), "articles leave a rank slim, as they leave a worker"


def test_a_marker_counts_only_for_the_same_build_and_a_whole_file(tmp_path):
    task = RankTask(lambda: [], tmp_path, "key")
    assert task.completed(0, 2) is None
    task.run(iter(articles(4)), 0, 2)
    assert task.completed(0, 2)["articles"] == 2
    assert RankTask(lambda: [], tmp_path, "other inputs").completed(0, 2) is None
    task.output(0, 2).unlink()
    assert task.completed(0, 2) is None


def pages() -> list[Article]:
    return articles(6)


def test_the_ranks_share_one_warm_up_done_before_they_were_forked(tmp_path):
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server here")
    task = RankTask(warmed_where_steps, tmp_path / "ranks", "key", batch_size=2)
    stage = RankedStage(task, pages, world_size=3, workers=2)
    done = list(stage.run(pages()))
    warmed_in, ranks_in = warmed_and_annotated_in(done)
    assert len(done) == 6 and len(warmed_in) == 1 and len(ranks_in) == 3 and not warmed_in & ranks_in


def test_a_rank_that_makes_its_own_steps_warms_them_up_first(tmp_path):
    """Without steps from a warmed fork server (spawned ranks, a server that could not warm them), a rank makes the
    steps and warms them up itself before annotating, as a pool's worker does."""
    task = RankTask(warmed_where_steps, tmp_path / "ranks", "key", batch_size=2)
    task.run(pages(), rank=0, world_size=1)
    warmed_in, ranks_in = warmed_and_annotated_in(task.merged(1))
    assert warmed_in == ranks_in == {os.getpid()}


def test_a_killed_ranked_build_resumes_from_its_completed_ranks(seeds_build, tmp_path, monkeypatch):
    """The build is killed (SIGKILL, its whole process group) once a rank has written its marker; run again with
    resume, it computes only the other ranks and publishes the uninterrupted build's files byte for byte."""
    out, ranks = tmp_path / "data", tmp_path / ".data.ranks"
    command = [sys.executable, "-m", "build_dataset", "build", "--input", str(SEEDS), "--output", str(out),
               "--no-cache", "--no-progress", "--ranks", "4", "--workers", "1"]
    process = subprocess.Popen(command, cwd=REPO, start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while not list(ranks.glob("*.done")):
            assert process.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    completed = sorted(int(p.name[5:10]) for p in ranks.glob("*.done"))
    assert 1 <= len(completed) < 4 and not out.exists()
    todo, original = [], RankedStage._todo
    monkeypatch.setattr(RankedStage, "_todo", lambda self: todo.extend(original(self)) or list(todo))
    build_into(SEEDS, out, ranks=4, workers=2, resume=True)
    assert sorted(todo + completed) == [0, 1, 2, 3]
    files = _published(seeds_build)
    assert filecmp.cmpfiles(seeds_build, out, files, shallow=False)[0] == files
    assert not ranks.exists(), "the rank files go once the build is published"


def _published(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.parquet"))
