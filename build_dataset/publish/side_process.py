"""A process beside the build for the writer's slow side jobs: great-expectations' suites (its import alone is ~3 s
of CPU, mostly pydantic building classes) and the card's charts (matplotlib).

A build starts the process (``start``) as an incremental build's few batches finish, else once its duplicate stage
is done (not beside that stage's index and pairs, the driver's largest transient: the process holds ~270 MB): it
imports great-expectations on a core the rest leave idle, rather than the driver importing it while the workers
need every core. Started while the workers still run (``beside_workers``), it runs at the lowest priority
(``NICENESS``), taking only the CPU they leave idle; started after them, at the build's, so that the writer waits
for the import as little as it can. The writer then hands it the charts and the suites (``later``; the narrow
frames and the stats, no text); a corpus larger than one row group waits for them before it makes its row groups,
and the process is then stopped (``release``), so its memory is not held beside theirs (in a PSS timeline of the
100k Reuters build, a probe at 999073c, the two together were its peak). A job's result is the same whichever
process computed it. An interpreter that runs many builds (the tests) keeps the process for the next one
(``keep_between_builds``); a build that never started it, or whose process died, runs the job in this process,
when its result is asked for.
"""

from __future__ import annotations

import atexit
import functools
import logging
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

LOGGER = logging.getLogger(__name__)

_executor: ProcessPoolExecutor | None = None
# Whether the process outlives a build's jobs (``release``): kept, the next build of this interpreter (the tests run
# many) skips its import; the command line, one build per interpreter, stops it once the jobs are done.
_kept_between_builds = True
# The process's priority below the build's when it starts beside the workers: its imports take only the CPU they
# and the driver leave idle (19k Reuters +1% incremental build, two runs each: 15.13 and 14.99 s at the build's
# priority, 13.94 and 14.09 s at the lowest). Started after them, at the lowest priority, the 5k whole build waited
# for the import (the scale rows at 611efa1: writing 0.40 -> 0.68 s per 1k articles).
NICENESS = 19


def _load(niceness: int) -> None:
    if niceness and hasattr(os, "nice"):  # not on Windows
        os.nice(niceness)
    from build_dataset.publish import expectations

    expectations.quiet_gx()
    import great_expectations  # noqa: F401

    atexit.register(_exit_at_once)


def _exit_at_once() -> None:
    """The process's last act, when its pool shuts it down: it holds nothing to save, and tearing down its
    interpreter (great-expectations, pandas, matplotlib: ~1 s) would hold up the build's own exit, which waits
    for it."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _ready() -> None:
    """A job that only waits for the process to have imported great-expectations."""


def start(beside_workers: bool = False) -> None:
    """Start the process now (once per interpreter); it imports great-expectations while the caller goes on.
    ``beside_workers``: the build's workers still run, so the process takes the lowest priority."""
    global _executor
    if _executor is None:
        _executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_load,
                                        initargs=(NICENESS if beside_workers else 0,))  # fmt: skip
        _executor.submit(_ready)  # the pool starts its process for the first job


def stop() -> None:
    """Stop the process now, busy or not (a failed build no longer needs it; exit would wait for its import)."""
    global _executor
    from build_dataset.run.engine import abandon_pool

    abandon_pool(_executor)
    _executor = None


def keep_between_builds(keep: bool) -> None:
    global _kept_between_builds
    _kept_between_builds = keep


def release() -> None:
    """The build's jobs are done: stop the process unless it is kept for the next build (``keep_between_builds``),
    so its memory (~300 MB: great-expectations, pandas, matplotlib, the frames it checked) is not held beside the
    writer's largest step."""
    global _executor
    if not _kept_between_builds and _executor is not None:
        _executor.shutdown(wait=True)  # idle by now: it exits at once (``_exit_at_once``)
        _executor = None


def _run_pickled(payload: bytes) -> Any:
    function, args = pickle.loads(payload)
    return function(*args)


def later(function: Callable, *args) -> Callable[[], Any]:
    """Start ``function(*args)`` in the process when one was started (jobs run in the order given); the function
    returned gives its result, running the job here if there is no process or it died. ``function`` must be a
    module-level function, so the process can import it."""
    global _executor
    if _executor is None:
        return functools.partial(function, *args)
    # pickled now: the pool would pickle the arguments later, in a thread, when the caller may have changed them
    pending = _executor.submit(_run_pickled, pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL))

    def result() -> Any:
        global _executor
        try:
            return pending.result()
        except BrokenProcessPool:
            LOGGER.debug("the side process died; running %s here", function.__name__, exc_info=True)
            _executor = None
            return function(*args)

    return result
