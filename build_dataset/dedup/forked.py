"""``map_forked``: one function over many items in forked processes that inherit a large read-only state.

The corpus-wide duplicate stage holds one index of the whole corpus; forking shares it with the children
copy-on-write, so only the items and the (small) results cross process boundaries. Results come back in
item order, so the output does not depend on the number of processes. For one process it runs in this
process. Where fork is not available or not safe (macOS, Windows), the workers are spawned and read the state from
files (``dedup.spawned``): the caller opens a ``worker_pool`` block around its calls and holds its large state as a
``shared_copy``, both of which do nothing where the workers are forked.

A forked child also maps the rest of the driver's heap, so each child's RSS counts it: the processes' summed RSS is
the one memory figure that forking inflates. Spawned workers that memory-map the index from files
(``dedup.spawned``) were measured in fork's place on Linux (2026-12-06) and are used only where there is no fork, on
these measurements (one run each):

- A 100k Reuters build's duplicate stage, in a 1 s tree timeline (an ad-hoc probe, the articles cached): the summed
  RSS fell from 2261 to 1298 MB, but the PSS rose from ~850 to ~1080 MB. Each spawned worker holds an interpreter
  and its own imports, where a forked child shares the driver's.
- The 19k Reuters incremental build (the scale benchmark): its duplicate stage took 3.77 and 3.96 s against 3.39 s
  forked, and the rebuild 5.2% of the full build, past the 5% bar. A spawned worker spends ~0.6 s of CPU importing
  numpy, scipy and the stage's modules. Started as the stage opened, the workers' imports slowed the index's
  building; started at the first call, that call ran without them. (Cached 20k rebuild's duplicate stage: forked
  2.44 and 2.51 s, spawned 2.77 to 3.16 s.)

Workers forked from a fork server (a fresh interpreter that imports the stage's modules once, as
``run.warm_start`` does for the per-article steps) were measured too (2026-12-06, ad-hoc probes, one run each
unless said):

- The cached 100k build's duplicate stage: summed RSS 1393 MB (2261 forked from the driver), PSS 1133 MB (~1050).
- Their first version was slower than forked workers at the same tasks: a fresh process's C heap hands a large
  freed temporary back to the system and faults it in again for the next task (~180k minor page faults against
  ~6k over one cosine call), where a child forked from the long-lived driver inherits raised thresholds. With
  glibc's ``mallopt`` set as a long-lived process's, the per-task times matched.
- Even so, the server's start costs ~0.5 s of CPU (an interpreter, numpy and scipy), and on two busy cores that
  is wall time: the 19k incremental build took 13.25 to 13.64 s against 12.57 to 12.92 s forked (three runs
  each), past the 5% bar, so the workers stay forked from the driver.

The memory a machine or a container gives the build is nearer the PSS (a page the processes share is counted
once), which forking keeps lower.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from types import ModuleType
from typing import Any

# Items per task: each child takes this share of a worker's items at a time (fewer round trips, still balanced).
TASKS_PER_WORKER = 8

_inherited: tuple[Callable, Any] | None = None


def worker_pool(workers: int, preload: Sequence[str] = ()) -> contextlib.AbstractContextManager:
    """Where the workers are spawned, one set of ``workers`` of them for the calls in the block, importing the
    ``preload`` modules first (``spawned.worker_pool``); nothing where they are forked."""
    spawned = _spawned()
    return contextlib.nullcontext() if spawned is None else spawned.worker_pool(workers, preload)


def shared_copy(obj: Any) -> Any:
    """``obj`` as the block's spawned workers read it, memory-mapped from its files (``spawned.shared_copy``), so the
    caller and the workers hold one copy of its arrays; ``obj`` itself where the workers are forked."""
    spawned = _spawned()
    return obj if spawned is None else spawned.shared_copy(obj)


def _spawned() -> ModuleType | None:
    """``dedup.spawned`` where there is no fork (imported only there), else None."""
    if can_fork():
        return None
    from build_dataset.dedup import spawned

    return spawned


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def map_forked(function: Callable[[Any, Any], Any], items: Sequence, state: Any, workers: int) -> list:
    """``[function(state, item) for item in items]``, spread over ``workers`` processes (forked; spawned where
    there is no fork)."""
    return list(imap_forked(function, items, state, workers))


def imap_forked(function: Callable[[Any, Any], Any], items: Sequence, state: Any, workers: int) -> Iterator:
    """``map_forked``'s results one at a time, in item order, as the children return them, so the caller need not
    hold them all at once."""
    if workers <= 1 or len(items) < 2:
        yield from (function(state, item) for item in items)
        return
    spawned = _spawned()
    if spawned is not None:
        yield from spawned.imap_shared(function, items, state, workers)
        return
    global _inherited
    _inherited = (function, state)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_call, items, chunksize=max(1, len(items) // (workers * TASKS_PER_WORKER)))
    finally:
        _inherited = None


def _call(item: Any) -> Any:
    function, state = _inherited
    return function(state, item)
