"""The per-article stage: batches of articles through the per-article steps, in this process or a pool.

Each article is processed independently and every worker builds the same steps, so the result is the same
whatever the number of workers; records come back as they are done, each with its input position
(``PerArticleStage.run_unordered``), and the staged corpus puts them back in input order. The workers are forked
from one process that loaded the spaCy model once (``warm_start``), and renewed from it every
``BATCHES_PER_PROCESS`` batches, so their memory does not grow with the corpus. What only the per-article steps
read (the raw page, the parsed ``Doc``, ...: most of ``Article.work``) is dropped before an article leaves the
stage, so what the corpus stage keeps per article is its cleaned text, its annotations and the words the duplicate
grouper compares.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from itertools import islice

from build_dataset.core.article import Article
from build_dataset.core.settings import DEFAULT_BATCH_SIZE
from build_dataset.core.steps import Step
from build_dataset.run import warm_start
from build_dataset.run.cache import ArticleCache

LOGGER = logging.getLogger(__name__)

StepFactory = Callable[[], list[Step]]

# Batches submitted ahead per worker: enough to keep every worker busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2
# Memory of the cached articles held while the reading goes on to the uncached ones (``PerArticleStage._pooled``),
# each counted as its page and ``HELD_ARTICLE_BYTES`` (tracemalloc over 10k Reuters records as read: 2.5 KB an
# article, 1.0 KB of it the page), so a 100k-article Reuters incremental build reaches its new pages (last in the
# input) without reading back any cached one first (64 MB of pages read back 69k records first: 5 s before the
# workers got their first page, one probe).
HELD_BYTES = 256 * 2**20
HELD_ARTICLE_BYTES = 1_500
# The pools ``start_pool`` made, each with the event its processes' start sets.
_STARTED: weakref.WeakKeyDictionary[ProcessPoolExecutor, threading.Event] = weakref.WeakKeyDictionary()
# What made each of those pools (``renewed_pool``): its start method, factory key, factory and number of processes.
_MADE_BY: weakref.WeakKeyDictionary[ProcessPoolExecutor, tuple] = weakref.WeakKeyDictionary()
# A worker's process is replaced by a new one, forked from the warm server, after this many batches (~8k articles
# at 64 a batch): what a process gathers as it works (spaCy's vocabulary, the officials' name caches, a fragmented
# heap) then stops with it, so the workers' memory does not grow with the corpus. In a tree-PSS timeline of the
# 100k Reuters scale build (a probe at 999073c, 1 s samples, workers never renewed) a worker's PSS was ~190 MB
# 1 min into the 22 min per-article stage, ~230 at 4 min and ~285 at 21 min; at 20k articles (the same probe at
# 9a21038, 4.5 min stage) ~235 at its end. Renewing the pool waits for its batches in flight.
BATCHES_PER_PROCESS = 128
# Held articles read back at a time while the workers are busy, between looks at whether one is done and needs
# its next batch (~0.1 s of reading back on Reuters; all 100k at once kept the workers idle for ~5 s, one probe).
READ_BACK_STEP = 1_024
# The cache is committed every this many batches (~1,000 articles): a killed build, run again, recomputes at
# most these; a commit costs milliseconds.
CACHE_COMMIT_BATCHES = 16
# How often a worker checks that the build that started it still runs (``_leave_with_driver``).
DRIVER_CHECK_SECONDS = 1.0

_worker_steps: list[Step] | None = None


def batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _slim(article: Article) -> Article:
    """Drop what only the per-article steps read (``Work.slim``), so the corpus stage holds little per article."""
    article.work = article.work.slim()
    return article


def run_batch(steps: list[Step], batch: list[Article]) -> tuple[list[Article], dict[str, Counter], dict[str, float]]:
    """Run every step over one batch; return the articles, the stats each step added, and seconds per step."""
    before = {step.name: Counter(step.stats) for step in steps}
    seconds: dict[str, float] = {}
    for step in steps:
        started = time.perf_counter()
        batch = list(step.run(batch))
        seconds[step.name] = time.perf_counter() - started
    added = {step.name: Counter(step.stats) - before[step.name] for step in steps}
    return [_slim(a) for a in batch], added, seconds


def _init_worker(factory: StepFactory, key: str | None = None, driver: int | None = None) -> None:
    """The worker's steps: the ones the fork server warmed (``warm_start``) if they are ``factory``'s, else made
    and warmed up here. ``driver``: the pid of the build that started the worker, which it leaves with."""
    global _worker_steps
    if driver is not None:
        threading.Thread(target=_leave_with_driver, args=(driver,), name="leave-with-driver", daemon=True).start()
    _worker_steps = warm_start.steps_for(key)
    if _worker_steps is None:
        _worker_steps = factory()
        for step in _worker_steps:
            step.warm_up()
    gc.freeze()  # the steps and models live as long as the worker: no collection walks them (``run.memory``)


def _leave_with_driver(pid: int) -> None:
    """Exit once the process ``pid`` (the build's driver) is gone: a killed build's workers would otherwise wait
    forever on their queues (each holds both ends of them), with their models in memory."""
    while True:
        time.sleep(DRIVER_CHECK_SECONDS)
        try:
            os.kill(pid, 0)
        except (ProcessLookupError, PermissionError):  # gone (or its pid taken by another user's process)
            os._exit(1)


def _ready() -> None:
    """A task that only waits for its worker to have started (``start_pool``)."""


def start_pool(factory: StepFactory, workers: int) -> ProcessPoolExecutor:
    """``workers`` processes, started now rather than on the first task, forked from a server that builds the steps
    and loads their models (``Step.warm_up``) once (``warm_start``), while the caller goes on."""
    context, key = warm_start.forkserver_context(factory)
    return _pool_of(context, key, factory, workers)


def _pool_of(context, key: str, factory: StepFactory, workers: int) -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(factory, key, os.getpid())
    )
    _STARTED[pool] = started = threading.Event()
    _MADE_BY[pool] = (context, key, factory, workers)
    threading.Thread(target=_start_processes, args=(pool, workers, started), daemon=True).start()
    return pool


def renewed_pool(pool: ProcessPoolExecutor) -> ProcessPoolExecutor:
    """A pool like ``pool`` (a ``start_pool`` pool with nothing in flight) with new processes, forked from the same
    server (its steps already warm): ``pool``'s processes exit, with what they gathered as they worked."""
    context, key, factory, workers = _MADE_BY[pool]
    pool.shutdown(wait=True)
    return _pool_of(context, key, factory, workers)


def _start_processes(pool: ProcessPoolExecutor, workers: int, started: threading.Event) -> None:
    """Start the pool's processes (each start waits for the fork server to have warmed up; a pool shut down
    meanwhile starts none), then set ``started``."""
    try:
        for _ in range(workers):
            pool.submit(_ready)  # the pool starts a process for each task no idle process can take
    except Exception:  # shut down or abandoned while starting: the build has stopped needing the pool
        LOGGER.debug("the pool stopped before its processes started", exc_info=True)
    finally:
        started.set()


def has_started(pool: ProcessPoolExecutor | None) -> bool:
    """Whether ``pool``'s processes have started (or it is not a ``start_pool`` pool): until then a task submitted
    waits for them, as the thread starting them holds the pool's lock."""
    started = _STARTED.get(pool) if pool is not None else None
    return started is None or started.is_set()


def shut_down_pool(pool: ProcessPoolExecutor, wait: bool) -> None:
    """``pool.shutdown``, then the fork server that started its processes, once they have exited."""
    pool.shutdown(wait=wait, cancel_futures=True)
    warm_start.stop_server_later()


def abandon_pool(pool: ProcessPoolExecutor | None) -> None:
    """Stop ``pool``'s processes now, busy or not (they hold models, never output), rather than at exit, when
    Python would wait for each to finish loading its models."""
    if pool is None:
        return
    if hasattr(pool, "terminate_workers"):  # Python 3.14 and later
        pool.terminate_workers()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())  # before 3.14: no public way
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def abandon_workers(pool: ProcessPoolExecutor | None) -> None:
    """``abandon_pool`` for a pool ``start_pool`` made, with the fork server that starts its processes, even while
    it still warms the steps up."""
    warm_start.stop_server(at_once=True)
    abandon_pool(pool)


def _needs_steps(batch: list[Article]) -> bool:
    """Whether any article of the batch is still to be annotated (the others are rejects from reading)."""
    return any(a.reject_reason is None for a in batch)


def _work(batch: list[Article]):
    return run_batch(_worker_steps, batch)


class PerArticleStage:
    """Runs the per-article steps over a stream of articles with ``workers`` processes and an optional cache."""

    def __init__(
        self,
        factory: StepFactory,
        workers: int = 1,
        batch_size: int = DEFAULT_BATCH_SIZE,
        cache: ArticleCache | None = None,
        while_busy: Callable[[], None] | None = None,
        pool: ProcessPoolExecutor | None = None,
        after_reading: Callable[[], None] | None = None,
        renew_after: int | None = None,
    ) -> None:
        """``pool``: workers already started (``start_pool``) for this factory, used when a batch needs them and
        shut down when the stage ends. ``while_busy`` runs once, in this process, the first time the window of
        batches in flight is full of work (or once the inputs are read, for fewer batches): it would otherwise only
        wait for the workers. ``after_reading`` runs once the inputs are read when no more than a window's batches
        had work (a short stage, e.g. an incremental build's new pages), while the workers finish them.
        ``renew_after``: the pool's processes are renewed (``renewed_pool``) after this many batches (default:
        ``BATCHES_PER_PROCESS`` per worker)."""
        self.factory = factory
        self.pool = pool
        self.while_busy = while_busy
        self.after_reading = after_reading
        self.workers = max(1, workers)
        self.batch_size = batch_size
        self.renew_after = renew_after or BATCHES_PER_PROCESS * self.workers
        self.cache = cache
        self.stats: dict[str, Counter] = {}
        self.seconds: Counter[str] = Counter()
        self.cache_hits = 0

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        """The annotated records in input order (``run_unordered``'s, put back in order)."""
        return in_input_order(self.run_unordered(articles))

    def run_unordered(self, articles: Iterable[Article]) -> Iterator[tuple[int, Article]]:
        """Each input as (its position among the inputs, its record), as each is done: a cached record once it is
        read back, a computed one when its batch returns. Computed records go into the cache."""
        numbered = _numbered_batches(articles, self.batch_size)
        parts = self._inline(numbered) if self.workers == 1 else self._pooled(numbered)
        for number, (positions, done, readable) in enumerate(parts, 1):
            if readable is None:  # read back from the cache
                self.cache_hits += len(done)
            elif self.cache:
                for article, was_readable in zip(done, readable):
                    if was_readable and article.reject_reason != "step_error":
                        self.cache.put(article)  # filter rejects are cached too; a step's failure is not
            yield from zip(positions, done)
            if self.cache and number % CACHE_COMMIT_BATCHES == 0:
                self.cache.commit()
        if self.cache:
            self.cache.commit()

    def _inline(self, batches: Iterable[tuple[list[int], list[Article]]]) -> Iterator[Part]:
        """Each batch in this process: its cached records, then the others through the steps."""
        steps: list[Step] | None = None  # made when a batch needs them: a build the cache answers loads no model
        for positions, batch in batches:
            hits, todo = self._split(positions, batch, self._look_up)
            if hits:
                yield [position for position, _, _ in hits], [record for _, record, _ in hits], None
            if todo is not None:
                if steps is None and _needs_steps(todo.articles):
                    steps = self.factory()
                yield self._merged(todo, run_batch(steps or [], todo.articles))

    def _pooled(self, batches: Iterable[tuple[list[int], list[Article]]]) -> Iterator[Part]:
        """The batches' uncached articles submitted to the workers as they are read, at most a window's batches in
        flight; the cached ones held (up to ``HELD_BYTES``: past it, the older half is read back) and read back
        while the workers run. An incremental build's new pages often come last (a crawl's newest files): the
        workers get them as soon as the reading reaches them, not after every cached record before them is read
        back."""
        window = IN_FLIGHT_PER_WORKER * self.workers
        in_flight: dict[Future, Todo] = {}
        pool, worked, busy_hook, finished = self.pool, 0, self.while_busy, False
        in_pool = 0  # batches submitted to this pool's processes
        held: list = []  # (position, True, article) of the cached articles not yet read back
        held_bytes = 0

        def submit(todo: Todo) -> None:
            nonlocal pool, worked, in_pool
            pool = pool or start_pool(self.factory, self.workers)
            in_flight[pool.submit(_work, todo.articles)] = todo
            worked += 1
            in_pool += 1

        try:
            for positions, batch in batches:
                more, todo = self._split(positions, batch, self._holds)
                held += more
                held_bytes += _held_bytes(more)
                if todo is not None and _needs_steps(todo.articles):
                    while held and not has_started(pool):  # read back, rather than wait for the workers to start
                        step, held = held[:READ_BACK_STEP], held[READ_BACK_STEP:]
                        yield from self._read_back(step, submit)
                        held_bytes -= _held_bytes(step)
                    if in_pool >= self.renew_after and pool in _MADE_BY:
                        while in_flight:
                            yield from self._returned(in_flight, block=True)
                        pool, in_pool = renewed_pool(pool), 0
                    submit(todo)
                elif todo is not None:
                    yield self._merged(todo, run_batch([], todo.articles))  # only rejects from reading
                if held_bytes >= HELD_BYTES:
                    older, held = held[: len(held) // 2 or 1], held[len(held) // 2 or 1 :]
                    yield from self._read_back(older, submit)
                    held_bytes = _held_bytes(held)
                while len(in_flight) >= window:
                    if busy_hook is not None:
                        busy_hook()
                        busy_hook = None
                    if held:  # this process's own work, while the workers run, a step at a time
                        step, held = held[:READ_BACK_STEP], held[READ_BACK_STEP:]
                        yield from self._read_back(step, submit)
                        held_bytes -= _held_bytes(step)
                        yield from self._returned(in_flight, block=False)  # a worker done gets its next batch
                    else:
                        yield from self._returned(in_flight, block=True)
                yield from self._returned(in_flight, block=False)
            if worked:
                for hook in (busy_hook, self.after_reading if worked <= window else None):
                    if hook is not None:
                        hook()
            yield from self._read_back(held, submit)
            while in_flight:
                yield from self._returned(in_flight, block=True)
            finished = True
        finally:
            if pool is not None:
                # Once every result is in, the workers exit while this process goes on to the corpus steps.
                shut_down_pool(pool, wait=not finished)

    def _look_up(self, articles: list[Article]) -> list:
        return self.cache.get_many(articles) if self.cache else [None] * len(articles)

    def _holds(self, articles: list[Article]) -> list:
        return self.cache.has_many(articles) if self.cache else [False] * len(articles)

    def _split(self, positions: list[int], batch: list[Article], look_up: Callable[[list[Article]], list]):
        """The batch's readable articles ``look_up`` (a cache method) answers, as (position, answer, article), and
        the others as a ``Todo`` (None when there are none)."""
        readable = [k for k, article in enumerate(batch) if article.reject_reason is None]
        found = dict(zip(readable, look_up([batch[k] for k in readable])))
        answered = [(positions[k], found[k], article) for k, article in enumerate(batch) if found.get(k)]
        rest = [k for k in range(len(batch)) if not found.get(k)]
        if not rest:
            return answered, None
        return answered, Todo([positions[k] for k in rest], [batch[k] for k in rest], [k in found for k in rest])

    def _read_back(self, held: list, submit: Callable[[Todo], None]) -> Iterator[Part]:
        """The held articles' cached records, a batch at a time; an article the cache no longer holds (another
        build with other versions, sharing the cache folder, cleared it) is submitted to the steps."""
        for start in range(0, len(held), self.batch_size):
            chunk = held[start : start + self.batch_size]
            records = self.cache.get_many([article for _, _, article in chunk])
            kept = [(position, record) for (position, _, _), record in zip(chunk, records) if record is not None]
            if kept:
                yield [position for position, _ in kept], [record for _, record in kept], None
            lost = [(position, article) for (position, _, article), record in zip(chunk, records) if record is None]
            if lost:
                submit(Todo([p for p, _ in lost], [a for _, a in lost], [True] * len(lost)))

    def _returned(self, in_flight: dict[Future, Todo], block: bool) -> Iterator[Part]:
        """The batches whose results are in (waiting for the first of them if ``block``), in submission order."""
        done = [future for future in in_flight if future.done()]
        if not done and block:
            wait(in_flight, return_when=FIRST_COMPLETED)
            done = [future for future in in_flight if future.done()]
        for future in done:
            yield self._merged(in_flight.pop(future), future.result())

    def _merged(self, todo: Todo, result: tuple[list[Article], dict[str, Counter], dict[str, float]]) -> Part:
        done, stats, seconds = result
        for name, counts in stats.items():
            self.stats.setdefault(name, Counter()).update(counts)
        self.seconds.update(seconds)
        return todo.positions, done, todo.readable


def _held_bytes(held: list) -> int:
    """What the held (position, True, article) entries take (``HELD_BYTES``)."""
    return sum(HELD_ARTICLE_BYTES + len(article.work.raw) for _, _, article in held)


@dataclass(frozen=True)
class Todo:
    """A batch's articles for the steps: their input positions and whether each was readable when read."""

    positions: list[int]
    articles: list[Article]
    readable: list[bool]


# (input positions, records, whether each was readable; None for records read back from the cache)
Part = tuple[list[int], list[Article], "list[bool] | None"]


def _numbered_batches(articles: Iterable[Article], size: int) -> Iterator[tuple[list[int], list[Article]]]:
    position = 0
    for batch in batched(articles, size):
        yield list(range(position, position + len(batch))), batch
        position += len(batch)


def in_input_order(numbered: Iterable[tuple[int, Article]]) -> Iterator[Article]:
    """The records of (position, record) pairs, in position order (positions 0, 1, 2, ..., each once)."""
    waiting: dict[int, Article] = {}
    expected = 0
    for position, article in numbered:
        waiting[position] = article
        while expected in waiting:
            yield waiting.pop(expected)
            expected += 1
