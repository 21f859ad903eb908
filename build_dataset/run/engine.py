"""The per-article stage: batches of articles through the per-article steps, in this process or a pool.

Each article is processed independently, batches come back in input order, and every worker builds the
same steps, so the result is the same whatever the number of workers. A worker loads the spaCy model once.
What only the per-article steps read (the raw page, the parsed ``Doc``, ...: most of ``Article.work``) is
dropped before an article leaves the stage, so what the corpus stage keeps per article is its cleaned text, its
annotations and the words the duplicate grouper compares.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from build_dataset.core.article import Article
from build_dataset.core.steps import Step
from build_dataset.run.cache import ArticleCache

StepFactory = Callable[[], list[Step]]

# 64 articles per batch keeps spaCy's nlp.pipe efficient while a batch of long pages stays well under 100 MB.
DEFAULT_BATCH_SIZE = 64

# Batches submitted ahead per worker: enough to keep every worker busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2
# The cache is committed every this many batches (~1,000 articles): a killed build, run again, recomputes at
# most these; a commit costs milliseconds.
CACHE_COMMIT_BATCHES = 16

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


def _init_worker(factory: StepFactory) -> None:
    global _worker_steps
    _worker_steps = factory()
    for step in _worker_steps:
        step.warm_up()
    gc.freeze()  # the steps and models live as long as the worker: no collection walks them (``run.memory``)


def _ready() -> None:
    """A task that only waits for its worker to have started (``start_pool``)."""


def start_pool(factory: StepFactory, workers: int) -> ProcessPoolExecutor:
    """``workers`` spawned processes, started now rather than on the first task: each builds the steps and loads
    their models (``Step.warm_up``) while the caller goes on."""
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker, initargs=(factory,)
    )
    for _ in range(workers):
        pool.submit(_ready)  # the pool starts a process for each task no idle process can take
    return pool


def abandon_pool(pool: ProcessPoolExecutor | None) -> None:
    """Stop ``pool``'s processes now, busy or not (they hold models, never output), rather than at exit, when
    Python would wait for each to finish loading its models."""
    if pool is None:
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def _needs_steps(batch: list[Article]) -> bool:
    """Whether any article of the batch is still to be annotated (the others are rejects from reading)."""
    return any(a.reject_reason is None for a in batch)


def _work(batch: list[Article]):
    return run_batch(_worker_steps, batch)


def _bounded_map(
    make_pool: Callable[[], ProcessPoolExecutor],
    batches: Iterable[list[Article]],
    window: int,
    while_busy: Callable[[], None] | None = None,
    after_reading: Callable[[], None] | None = None,
):
    """Like ``pool.map`` but with at most ``window`` batches in flight (``Executor.map`` submits everything); a
    batch may come as the Future of its result, submitted earlier to the same pool.

    The pool starts only when a batch has work for the steps, so a rebuild answered by the cache, or a
    folder of rejected files, never pays for starting workers. ``while_busy`` runs once, the first time the
    window is full of work (or when the last batch is in flight, for fewer batches), in this process: it would
    otherwise only wait for the workers. ``after_reading`` runs once the last batch is in flight when no more
    than ``window`` batches had work (a short stage, e.g. an incremental build's new pages), while the workers
    finish them.
    """
    in_flight: deque[Future] = deque()
    pool = None
    done = False
    worked = 0
    try:
        for batch in batches:
            if isinstance(batch, Future):  # submitted already (``PerArticleStage._scan_ahead``)
                pool = pool or make_pool()
                in_flight.append(batch)
                worked += 1
            elif _needs_steps(batch):
                pool = pool or make_pool()
                in_flight.append(pool.submit(_work, batch))
                worked += 1
            else:
                in_flight.append(Future())
                in_flight[-1].set_result(run_batch([], batch))
            if len(in_flight) >= window:
                if pool is not None and while_busy is not None:
                    while_busy()
                    while_busy = None
                yield in_flight.popleft().result()
        if pool is not None:  # the workers still run the batches in flight
            short = after_reading if worked <= window else None
            for hook in (while_busy, short):  # while_busy is left for fewer batches than the window
                if hook is not None:
                    hook()
        while in_flight:
            yield in_flight.popleft().result()
        done = True
    finally:
        if pool is not None:
            # Once every result is in, the workers exit (~0.5 s of tearing down their models) while this
            # process goes on to the corpus steps.
            pool.shutdown(wait=not done, cancel_futures=True)


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
        rescan: Callable[[], Iterable[Article]] | None = None,
    ) -> None:
        """``pool``: workers already started (``start_pool``) for this factory, used when a batch needs them and
        shut down when the stage ends. ``while_busy``, ``after_reading``: see ``_bounded_map``. ``rescan``: the
        stream ``run`` is given, read afresh (see ``_scan_ahead``)."""
        self.factory = factory
        self.rescan = rescan
        self.pool = pool
        self.while_busy = while_busy
        self.after_reading = after_reading
        self.workers = max(1, workers)
        self.batch_size = batch_size
        self.cache = cache
        self.stats: dict[str, Counter] = {}
        self.seconds: Counter[str] = Counter()
        self.cache_hits = 0

    def _merge(self, stats: dict[str, Counter], seconds: dict[str, float]) -> None:
        for name, counts in stats.items():
            self.stats.setdefault(name, Counter()).update(counts)
        self.seconds.update(seconds)

    def _process(self, batches: Iterable[list[Article]]) -> Iterator[list[Article]]:
        if self.workers == 1:
            steps: list[Step] | None = None  # made when a batch needs them: a build the cache answers loads no model
            for batch in batches:
                if steps is None and _needs_steps(batch):
                    steps = self.factory()
                done, stats, seconds = run_batch(steps or [], batch)
                self._merge(stats, seconds)
                yield done
            return

        def make_pool() -> ProcessPoolExecutor:
            return self.pool or start_pool(self.factory, self.workers)

        window = IN_FLIGHT_PER_WORKER * self.workers
        finished = False
        try:
            for done, stats, seconds in _bounded_map(make_pool, batches, window, self.while_busy, self.after_reading):
                self._merge(stats, seconds)
                yield done
            finished = True
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=not finished, cancel_futures=True)

    def _cached(self, batch: list[Article], look_up: Callable[[list[Article]], list]) -> list:
        """``look_up`` (a cache method) asked for the batch's readable articles; None for the others."""
        found: list = [None] * len(batch)
        positions = [k for k, article in enumerate(batch) if article.reject_reason is None]
        for k, hit in zip(positions, look_up([batch[k] for k in positions])):
            found[k] = hit
        return found

    def _scan_ahead(self) -> dict[int, tuple[list[str], Future]]:
        """With a cache and a started pool: a quick pass over the inputs read afresh (``rescan``), asking the
        cache only whether it holds each article, that submits the first batches it cannot answer, up to the
        window, before the main pass unpickles and hands on the answered ones. An incremental build's new pages
        often come last (a crawl's newest files): the workers would otherwise wait for every cached page to be
        read first. Keyed by input batch number, with the articles' ids (``_todo_batches`` uses a future only
        for the same articles)."""
        if self.rescan is None or self.cache is None or self.pool is None or self.workers == 1:
            return {}
        ahead: dict[int, tuple[list[str], Future]] = {}
        for number, batch in enumerate(batched(self.rescan(), self.batch_size)):
            held = self._cached(batch, self.cache.has_many)
            todo = [a for a, hit in zip(batch, held) if not hit]
            if _needs_steps(todo):
                ahead[number] = ([a.id for a in todo], self.pool.submit(_work, todo))
                if len(ahead) >= IN_FLIGHT_PER_WORKER * self.workers:
                    break
        return ahead

    def _todo_batches(self, articles: Iterable[Article], pending: list) -> Iterator[list[Article] | Future]:
        """Batches of articles the cache cannot answer, or the future of a batch ``_scan_ahead`` submitted;
        ``pending`` records each input batch's layout."""
        ahead = self._scan_ahead()
        for number, batch in enumerate(batched(articles, self.batch_size)):
            readable = [a.reject_reason is None for a in batch]
            hits = self._cached(batch, self.cache.get_many) if self.cache else [None] * len(batch)
            pending.append((hits, readable))
            todo = [a for a, hit in zip(batch, hits) if hit is None]
            ids, submitted = ahead.pop(number, (None, None))
            yield submitted if ids == [a.id for a in todo] else todo

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        pending: list = []
        for number, done in enumerate(self._process(self._todo_batches(articles, pending)), 1):
            hits, readable = pending.pop(0)
            computed = iter(done)
            for hit, was_readable in zip(hits, readable):
                result = hit if hit is not None else next(computed)
                if hit is None and self.cache and was_readable and result.reject_reason != "step_error":
                    self.cache.put(result)  # filter rejects are cached too; a step's failure is not
                self.cache_hits += hit is not None
                yield result
            if self.cache and number % CACHE_COMMIT_BATCHES == 0:
                self.cache.commit()
        if self.cache:
            self.cache.commit()
