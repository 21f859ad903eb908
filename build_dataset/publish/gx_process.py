"""great-expectations in a process of its own, so its import (~3 s of CPU, mostly pydantic building classes) and its
suites run beside the build rather than in it.

A build starts the process when its per-article stage is done (``start``): the process imports great-expectations
on a core the corpus steps leave idle, rather than the driver importing it while the workers need every core. The
writer then hands it the narrow frames (``evaluate_later``; no text crosses) and writes the Parquet files, the card and
the charts while the suites run. The summary is the same whichever process computed it. The process is kept for
the next build of this interpreter (the tests run many), and a build that never started it, or whose process
died, evaluates in this process.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

LOGGER = logging.getLogger(__name__)

_executor: ProcessPoolExecutor | None = None


def _load() -> None:
    from build_dataset.publish import expectations

    expectations.quiet_gx()
    import great_expectations  # noqa: F401


def _ready() -> None:
    """A task that only waits for the process to have imported great-expectations."""


def start() -> None:
    """Start the process now (once per interpreter); it imports great-expectations while the caller goes on."""
    global _executor
    if _executor is None:
        _executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_load)
        _executor.submit(_ready)  # the pool starts its process for the first task


def stop() -> None:
    """Stop the process now, busy or not (a failed build no longer needs it; exit would wait for its import)."""
    global _executor
    from build_dataset.run.engine import abandon_pool

    abandon_pool(_executor)
    _executor = None


def _evaluate(*args) -> dict:
    from build_dataset.publish import expectations

    return expectations.evaluate(*args)


def _evaluate_pickled(payload: bytes) -> dict:
    return _evaluate(*pickle.loads(payload))


def evaluate_later(*args) -> Callable[[], dict]:
    """Start ``expectations.evaluate(*args)`` in the process when one was started; the function returned gives
    its summary (evaluating here if there is no process, or if it died)."""
    global _executor
    if _executor is None:
        return functools.partial(_evaluate, *args)
    # pickled now: the pool would pickle the arguments later, in a thread, when the caller may have moved on
    pending = _executor.submit(_evaluate_pickled, pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL))

    def summary() -> dict:
        global _executor
        try:
            return pending.result()
        except BrokenProcessPool:
            LOGGER.debug("the great-expectations process died; evaluating in this process", exc_info=True)
            _executor = None
            return _evaluate(*args)

    return summary
