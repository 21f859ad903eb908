"""``map_shared``: ``dedup.forked``'s map where fork is not available (macOS, Windows): spawned worker processes
that read the call's large read-only state from files.

Each worker is a fresh interpreter that imports only what the functions need. A ``worker_pool`` block starts them
at its first call that has items for them, and they serve every call in the block. The caller never waits for them
to start (~0.6 s of CPU each to import the duplicate stage's modules, measured once on Linux): until every worker
has imported its modules, the caller maps the items itself, and it hands the rest of the call's items to the
workers once they are ready. They run at a lower priority (``WORKER_NICENESS``), so that the scheduler keeps a core
for the caller.

The state reaches them through a folder in the system's temporary folder (``TMPDIR``). Each NumPy array of at
least ``SHARED_ARRAY_BYTES`` in the state (a sparse matrix's arrays too) is written there once, as ``.npy``, and
each worker maps it read-only from the page cache. Everything else in the state is pickled with the arrays' file
names. The caller can hold its own state that way too (``shared_copy``), so that it and the workers keep one copy
of the index between them; a call's state that holds that copy names its file, which each worker reads once per
block, rather than pickling the index's other parts (its vocabulary) again for every call.

On Linux the duplicate stage forks its workers instead (``dedup.forked`` says why); this module's tests run it
there directly. Results come back in item order, so the output does not depend on the number of processes. For one
worker, or fewer than two items, the function runs in this process on the state itself.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import multiprocessing
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from build_dataset.dedup.forked import TASKS_PER_WORKER

# Lower priority of the workers (``os.nice``): CFS weighs a niceness of 5 at a third of the caller's 0, so two
# workers on one core weigh less than the caller alone on the other.
WORKER_NICENESS = 5
# Arrays from this size on reach the workers as files; smaller ones travel in the state's pickle.
SHARED_ARRAY_BYTES = 1 << 16

_active: WorkerPool | None = None
_loaded: tuple[str, Any] | None = None  # in a worker: (state file, (function, state)) of the last call
_objects: dict[str, Any] = {}  # in a worker: the ``mapped`` objects it has read, by file


class WorkerPool:
    """``workers`` spawned processes, started by the first ``imap``, that import the ``preload`` modules first, and
    the folder that holds the states' arrays."""

    def __init__(self, workers: int, preload: Sequence[str] = ()) -> None:
        self.workers = workers
        self.preload = tuple(preload)
        self.folder = Path(tempfile.mkdtemp(prefix="build-dataset-shared-"))
        self.context = multiprocessing.get_context("spawn")
        self.started = self.context.Value("i", 0)  # workers that have imported their modules
        self.pool: multiprocessing.pool.Pool | None = None
        self.written: dict[int, tuple[np.ndarray, str]] = {}  # id of an array written -> (the array, its file)
        self.objects: dict[int, tuple[Any, str]] = {}  # id of a ``mapped`` object -> (the object, its file)
        self.states = 0

    def ready(self) -> bool:
        return self.started.value >= self.workers

    def start(self) -> None:
        if self.pool is None:
            self.pool = self.context.Pool(self.workers, initializer=_start, initargs=(self.preload, self.started))

    def imap(self, function: Callable[[Any, Any], Any], items: Sequence, state: Any) -> Iterator:
        self.start()
        done = 0
        while done < len(items) and not self.ready():
            yield function(state, items[done])
            done += 1
        if done == len(items):
            return
        path = self.save_state((function, state))
        rest = items[done:]
        chunksize = max(1, len(rest) // (self.workers * TASKS_PER_WORKER))
        yield from self.pool.imap(_call, ((path, item) for item in rest), chunksize=chunksize)

    def save_state(self, state: Any, name: str = "state") -> str:
        """The file of ``state``, pickled with its large arrays written beside it (each array only once) and each
        ``mapped`` object in it named by its own file."""
        self.states += 1
        path = self.folder / f"{name}-{self.states}.pickle"
        with path.open("wb") as file:
            _ArrayPickler(file, self).dump(state)
        return str(path)

    def mapped(self, obj: Any) -> Any:
        """``obj`` read back from its own file: its large arrays are the files' pages, which the workers map too, and
        a state that holds the copy names that file rather than holding it again (each worker reads it once)."""
        known = set(self.written)
        path = Path(self.save_state(obj, "object"))
        for key in set(self.written) - known:
            del self.written[key]  # ``obj``'s own arrays, which the caller lets go of: their copies stand for them
        with path.open("rb") as file:
            copy = _ArrayUnpickler(file, self.folder, self).load()
        self.objects[id(copy)] = (copy, path.name)  # the copy is kept, so its id names no other object
        return copy

    def named_object(self, name: str) -> Any:
        return next(obj for obj, file in self.objects.values() if file == name)

    def array_file(self, array: np.ndarray) -> str:
        if id(array) not in self.written:
            name = f"array-{len(self.written)}.npy"
            np.save(self.folder / name, array, allow_pickle=False)
            self.written[id(array)] = (array, name)  # the array is kept, so its id names no other one
        return self.written[id(array)][1]

    def close(self) -> None:
        """Stop the workers and remove the folder; a file still mapped (Windows cannot delete one) goes at exit."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
        self.written.clear()  # this pool's references to the mapped copies: the files are then mapped only by
        self.objects.clear()  # what the caller still holds
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.folder.exists():
            atexit.register(shutil.rmtree, self.folder, ignore_errors=True)


class _ArrayPickler(pickle.Pickler):
    def __init__(self, file, pool: WorkerPool) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.pool = pool

    def persistent_id(self, obj: Any) -> tuple[str, str] | None:
        if id(obj) in self.pool.objects:
            return "object", self.pool.objects[id(obj)][1]
        if isinstance(obj, np.ndarray) and obj.nbytes >= SHARED_ARRAY_BYTES and not obj.dtype.hasobject:
            return "array", self.pool.array_file(obj)
        return None


class _ArrayUnpickler(pickle.Unpickler):
    """Reads a state file; with ``pool`` (in the process that wrote it), each array read is known to be its file."""

    def __init__(self, file, folder: Path, pool: WorkerPool | None = None) -> None:
        super().__init__(file)
        self.folder = folder
        self.pool = pool

    def persistent_load(self, key: tuple[str, str]) -> Any:
        kind, name = key
        if kind == "object":  # in the process that wrote it, the copy it holds; in a worker, one read per block
            return self.pool.named_object(name) if self.pool is not None else _shared_object(self.folder / name)
        # read-only: an array written after it was shared would differ from the file the workers read
        array = np.load(self.folder / name, mmap_mode="r").view(np.ndarray)
        if self.pool is not None:
            self.pool.written[id(array)] = (array, name)
        return array


def _shared_object(path: Path) -> Any:
    """In a worker, a ``mapped`` object, read from its file once per block."""
    if str(path) not in _objects:
        _objects[str(path)] = load_state(path)
    return _objects[str(path)]


def load_state(path: Path) -> Any:
    with path.open("rb") as file:
        return _ArrayUnpickler(file, path.parent).load()


@contextlib.contextmanager
def worker_pool(workers: int, preload: Sequence[str] = ()) -> Iterator[None]:
    """Within the block, the ``imap_shared`` calls for ``workers`` processes share one ``WorkerPool``, started by
    the first of them with items for the workers (each process importing the ``preload`` modules) and stopped, its
    folder removed, when the block ends."""
    global _active
    if _active is not None or workers <= 1:
        yield
        return
    _active = WorkerPool(workers, preload)
    try:
        yield
    finally:
        pool, _active = _active, None
        pool.close()


def shared_copy(obj: Any) -> Any:
    """``obj`` as the open block's workers read it: its large arrays written to the block's folder and mapped back,
    so that this process and the workers hold one copy of them (the caller lets go of ``obj``). A call's state that
    holds the copy names its file, which each worker reads once per block; so the copy stands for ``obj`` as it was
    shared, and is not to be changed. Outside a block, ``obj`` itself."""
    return obj if _active is None else _active.mapped(obj)


def map_shared(function: Callable[[Any, Any], Any], items: Sequence, state: Any, workers: int) -> list:
    """``[function(state, item) for item in items]``, spread over ``workers`` processes."""
    return list(imap_shared(function, items, state, workers))


def imap_shared(function: Callable[[Any, Any], Any], items: Sequence, state: Any, workers: int) -> Iterator:
    """``map_shared``'s results one at a time, in item order, as the workers return them, so the caller need not
    hold them all at once. Outside a ``worker_pool`` block, the call has a pool of its own."""
    if workers <= 1 or len(items) < 2:
        yield from (function(state, item) for item in items)
        return
    if _active is not None and _active.workers == workers:
        yield from _active.imap(function, items, state)
        return
    own = WorkerPool(workers)
    try:
        yield from own.imap(function, items, state)
    finally:
        own.close()


def _start(modules: tuple[str, ...], started) -> None:
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(WORKER_NICENESS)
    for module in modules:
        importlib.import_module(module)
    with started.get_lock():
        started.value += 1


def _call(task: tuple[str, Any]) -> Any:
    global _loaded
    path, item = task
    if _loaded is None or _loaded[0] != path:
        _loaded = None  # the last call's state goes before this one's is read
        _loaded = (path, load_state(Path(path)))
    function, state = _loaded[1]
    return function(state, item)
