"""Worker processes forked from one process that has already made the per-article steps and loaded their models.

Each spawned worker would import the pipeline and warm its steps up itself (``Step.warm_up``: the spaCy model, the
language model, the topic phrasebook; ~2 s of CPU each on the 19k Reuters incremental build), all of it while the
driver reads its inputs on the same cores. Python's fork server (the "forkserver" start method) imports its
preload modules once and forks every worker from itself; this module is that preload. The driver leaves the
steps' factory, pickled with its module search path, in a file named by ``FACTORY_FILE_ENV``
(``forkserver_context``); the server, importing this module, makes the steps and warms them up once, and every
worker forked from it starts with them (``steps_for``). A worker whose factory is not the one the server warmed,
or a server that could not warm it, makes its own steps, as a spawned worker does: the same steps either way,
so the same records.

Where the platform has no fork server (Windows), the workers are spawned. The server is stopped once the pool it
served is shut down (``stop_server``): it holds a copy of the models the corpus steps have no use for.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import hashlib
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from multiprocessing import forkserver
from pathlib import Path

FACTORY_FILE_ENV = "BUILD_DATASET_STEPS_FACTORY_FILE"
LOGGER = logging.getLogger(__name__)

_warmed: tuple[str, list] | None = None  # in the server and the workers it forks: (factory key, its steps)
_factory_file: Path | None = None  # in the driver: the file the running server warmed from
_server_lock = threading.RLock()  # starting and stopping the server, from the build and its stopping thread


def factory_key(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def steps_for(key: str | None) -> list | None:
    """The steps the server warmed, in a worker forked from it, if they are the ones of the factory ``key``."""
    return _warmed[1] if _warmed is not None and key is not None and _warmed[0] == key else None


def _warm_from_file() -> None:
    """In the fork server, as it imports this module: make and warm the steps of the factory the driver left."""
    global _warmed
    path = os.environ.get(FACTORY_FILE_ENV)
    if not path:
        return
    try:
        search_path, payload = pickle.loads(_read_once(Path(path)))
        sys.path[:] = search_path  # the driver's, as a spawned process gets it (the fork server's own start does not)
        steps = pickle.loads(payload)()
        for step in steps:
            step.warm_up()
    except Exception as error:  # it recurs, with its message, where each worker makes its own steps
        sys.stderr.write(f"the fork server could not warm the steps up ({type(error).__name__}: {error}); "
                         "each worker warms its own\n")
        return
    _warmed = (factory_key(payload), steps)
    gc.freeze()  # as ``engine._init_worker``: the steps and models live as long as each worker
    atexit.register(_exit_at_once)  # the workers it forks leave with ``os._exit``: they never run it


def _read_once(path: Path) -> bytes:
    """The factory file's bytes; the file is then removed (the server is its only reader), so none is left behind
    when the driver exits before its stopping thread (``stop_server_later``) has removed it."""
    try:
        return path.read_bytes()
    finally:
        with contextlib.suppress(OSError):
            path.unlink()


def _exit_at_once() -> None:
    """The server's last act when it is stopped: it holds nothing to save, and tearing its models down (~0.5 s)
    would hold up whoever waits for it (a caller reading the build's output streams waits for every process)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def forkserver_context(factory: Callable[[], list]) -> tuple[multiprocessing.context.BaseContext, str]:
    """The start method for workers making ``factory``'s steps, and the factory's key (``steps_for``): a fork server
    that warms the steps up once (a server left from another build is stopped first), or spawn where there is no
    fork server or it cannot be started (no temporary folder to write the factory to, ...)."""
    payload = pickle.dumps(factory, protocol=pickle.HIGHEST_PROTOCOL)
    key = factory_key(payload)
    if "forkserver" in multiprocessing.get_all_start_methods():
        try:
            return _start_server(payload), key
        except OSError as error:
            LOGGER.warning("the fork server did not start (%s): the workers are spawned", error)
            stop_server(at_once=True)
    return multiprocessing.get_context("spawn"), key


def _start_server(payload: bytes) -> multiprocessing.context.BaseContext:
    global _factory_file
    context = multiprocessing.get_context("forkserver")
    with _server_lock:
        stop_server()
        _stop_fork_server()  # one this module did not start, or could not stop: ``ensure_running`` would keep it
        handle, name = tempfile.mkstemp(prefix="build-dataset-steps-", suffix=".pickle")
        _factory_file = Path(name)
        with os.fdopen(handle, "wb") as file:
            pickle.dump((sys.path, payload), file, protocol=pickle.HIGHEST_PROTOCOL)
        context.set_forkserver_preload([__name__])
        os.environ[FACTORY_FILE_ENV] = name  # only the server inherits it: started now, it warms up meanwhile
        try:
            forkserver.ensure_running()
        finally:
            os.environ.pop(FACTORY_FILE_ENV, None)
    return context


def _stop_fork_server() -> None:
    """``ForkServer._stop`` (nothing when none runs); when that fails part way (its process already reaped
    elsewhere), the server is forgotten, so the next ``ensure_running`` starts a new one rather than failing on the
    old one's pid or keeping it (its workers would not have this build's steps warmed)."""
    server = forkserver._forkserver
    with contextlib.suppress(OSError, AttributeError, TypeError):
        server._stop()
    if getattr(server, "_forkserver_pid", None) is not None:
        server._forkserver_pid = server._forkserver_alive_fd = server._forkserver_address = None


def stop_server(at_once: bool = False, started_for: Path | None = None) -> None:
    """Stop the fork server this module started, once the workers forked from it have exited (they hold it open);
    ``at_once``: kill it now, even while it is still warming up (a build that failed early). ``started_for``: only
    the server started for that factory file (not one a later build started since)."""
    global _factory_file
    with _server_lock:
        if _factory_file is None or (started_for is not None and started_for != _factory_file):
            return
        server = forkserver._forkserver
        pid = getattr(server, "_forkserver_pid", None)
        if at_once and pid is not None:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        _stop_fork_server()
        with contextlib.suppress(OSError):
            _factory_file.unlink()
        _factory_file = None


def stop_server_later() -> None:
    """``stop_server`` in a thread: it waits for the workers to exit, which the caller need not."""
    if _factory_file is not None:
        stopping = threading.Thread(target=stop_server, kwargs={"started_for": _factory_file}, daemon=True)
        stopping.start()


_warm_from_file()
