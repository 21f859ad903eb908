"""``--ranks N``: the per-article stage split into N ranks in datatrove's style, each its own process with its own
files, so an interrupted build resumes (``--resume``) from the ranks it completed.

``RankTask.run(data, rank, world_size)`` annotates the articles at positions rank, rank + world_size, ... of the
input stream ``data``, writes them (pickled, in input order) to the rank's file, then a completion marker that
names what the file was made from (the build's cache key and the input files). The same call can run as N local
processes (``RankedStage``) or as N tasks elsewhere. ``RankedStage`` runs the ranks a completed marker does not
answer, ``workers`` at a time, then reads the rank files back in input order: the articles equal the local
engine's, so the outputs are byte-identical whatever the number of ranks and however often a build was stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from build_dataset.core.article import Article
from build_dataset.core.errors import StepFailedError
from build_dataset.core.settings import DEFAULT_BATCH_SIZE
from build_dataset.run import warm_start
from build_dataset.run.engine import StepFactory, batched, run_batch

Reader = Callable[[], Iterable[Article]]


def inputs_digest(root: Path, files: list[Path]) -> str:
    """What the input stream is made of: each file's path under ``root``, size and modification time."""
    digest = hashlib.sha256()
    for path in files:
        status = path.stat()
        digest.update(f"{path.relative_to(root).as_posix()}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class RankTask:
    """The per-article steps of one rank; ``key`` names the build (versions, settings, inputs)."""

    factory: StepFactory
    folder: Path
    key: str
    batch_size: int = DEFAULT_BATCH_SIZE

    def output(self, rank: int, world_size: int) -> Path:
        return self.folder / f"rank-{rank:05d}-of-{world_size:05d}.pkl"

    def marker(self, rank: int, world_size: int) -> Path:
        return self.output(rank, world_size).with_suffix(".done")

    def completed(self, rank: int, world_size: int) -> dict | None:
        """The rank's marker when it completed for this build (same key), else None."""
        try:
            found = json.loads(self.marker(rank, world_size).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return found if found.get("key") == self.key and self.output(rank, world_size).exists() else None

    def run(self, data: Iterable[Article], rank: int = 0, world_size: int = 1, steps: list | None = None) -> dict:
        """Annotate this rank's share of ``data`` into its file, then write its marker (file, then marker, each
        renamed into place, so a marker always means a whole file). ``steps``: the factory's, already made and
        warmed up; else they are made and warmed up here, as a pool's worker does (``engine._init_worker``)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if steps is None:
            steps = self.factory()
            for step in steps:
                step.warm_up()
        seconds: Counter[str] = Counter()
        partial = self.output(rank, world_size).with_suffix(".partial")
        count = 0
        with open(partial, "wb") as handle:
            for batch in batched(islice(data, rank, None, world_size), self.batch_size):
                done, _, taken = run_batch(steps, batch)
                seconds.update(taken)
                for article in done:
                    pickle.dump(article, handle, protocol=pickle.HIGHEST_PROTOCOL)
                count += len(done)
        os.replace(partial, self.output(rank, world_size))
        marker = {"key": self.key, "articles": count, "seconds": dict(seconds)}
        self.marker(rank, world_size).with_suffix(".marker-partial").write_text(json.dumps(marker), encoding="utf-8")
        os.replace(self.marker(rank, world_size).with_suffix(".marker-partial"), self.marker(rank, world_size))
        return marker

    def merged(self, world_size: int) -> Iterator[Article]:
        """Every rank's articles, in input order: position k is the (k // world_size)-th of rank k % world_size."""
        with ExitStack() as files:
            handles = [files.enter_context(open(self.output(r, world_size), "rb")) for r in range(world_size)]
            for position in range(2**63):
                try:
                    yield pickle.load(handles[position % world_size])
                except EOFError:
                    return


def _run_rank(task: RankTask, read: Reader, rank: int, world_size: int, key: str | None = None) -> None:
    """One rank, in a process forked from the server that warmed the steps of the factory ``key`` names
    (``warm_start``), or spawned."""
    task.run(read(), rank, world_size, warm_start.steps_for(key))


class RankedStage:
    """Drop-in for ``engine.PerArticleStage``: ``world_size`` ranks, ``workers`` processes at a time; the ranks
    read the inputs themselves (``read``)."""

    def __init__(self, task: RankTask, read: Reader, world_size: int, workers: int = 1, resume: bool = False):
        self.task, self.read = task, read
        self.world_size, self.workers, self.resume = world_size, max(1, workers), resume
        self.stats: dict[str, Counter] = {}
        self.seconds: Counter[str] = Counter()
        self.cache_hits = 0
        self.ranks_resumed = 0

    def _todo(self) -> list[int]:
        if not self.resume:
            shutil.rmtree(self.task.folder, ignore_errors=True)
            return list(range(self.world_size))
        return [r for r in range(self.world_size) if self.task.completed(r, self.world_size) is None]

    def _run_ranks(self, ranks: list[int]) -> None:
        """The ``ranks``, ``workers`` processes at a time, forked from one process that made the steps once."""
        if not ranks:
            return
        context, key = warm_start.forkserver_context(self.task.factory)
        try:
            self._run_each(ranks, context, key)
        finally:
            warm_start.stop_server_later()

    def _run_each(self, ranks: list[int], context, key: str) -> None:
        waiting, running = list(ranks), {}
        while waiting or running:
            while waiting and len(running) < self.workers:
                rank = waiting.pop(0)
                arguments = (self.task, self.read, rank, self.world_size, key)
                running[rank] = context.Process(target=_run_rank, args=arguments)
                running[rank].start()
            time.sleep(0.05)
            for rank, process in list(running.items()):
                if process.exitcode is not None:
                    del running[rank]
                    if process.exitcode:
                        for other in running.values():
                            other.terminate()
                        raise StepFailedError(f"rank {rank} of {self.world_size} exited with code {process.exitcode}")

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        """The ranks' articles in input order. ``articles`` (the same stream, read here once more, which also
        counts what the read steps found) must match them id for id: rank files of other inputs are refused."""
        todo = self._todo()
        self.ranks_resumed = self.world_size - len(todo)
        self._run_ranks(todo)
        for rank in range(self.world_size):
            self.seconds.update(self.task.completed(rank, self.world_size)["seconds"])
        merged = self.task.merged(self.world_size)
        for article in articles:
            annotated = next(merged, None)
            if annotated is None or annotated.id != article.id:
                raise StepFailedError(f"the rank files in {self.task.folder} do not match the input at {article.id}")
            yield annotated
        if next(merged, None) is not None:
            raise StepFailedError(f"the rank files in {self.task.folder} hold more articles than the input")

    def clean_up(self) -> None:
        """The rank files are only for resuming an unfinished build: removed once the build is published."""
        shutil.rmtree(self.task.folder, ignore_errors=True)
