"""The spawned workers of ``dedup.spawned`` (where fork is not available; run here directly): the state, its large
arrays as files, reaches the workers; one ``worker_pool`` block serves every call in it with one set of processes;
the caller never waits for them to start. Results in item order: ``test_forked``."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import weakref

import numpy as np
import pytest
from conftest import once_spawned_workers_started
from scipy import sparse

from build_dataset.dedup import spawned as shared
from build_dataset.dedup.spawned import SHARED_ARRAY_BYTES, imap_shared, map_shared, shared_copy, worker_pool


@contextlib.contextmanager
def ready_workers(workers: int, preload=()):
    """A ``worker_pool`` block whose workers have all started (a call does not wait for them: until then the caller
    would map the items itself)."""
    with worker_pool(workers, preload):
        if shared._active is not None:
            shared._active.start()
            once_spawned_workers_started(shared._active)
        yield shared._active


def _scaled_with_pid(state, item):
    return item * state["factor"], os.getpid()


def _row_sum_and_where(state, item):
    matrix, big = state
    return float(matrix[item].sum()), float(big[item]), isinstance(big.base, np.memmap)


def _write(state, item):
    try:
        state[item] = -1.0
    except ValueError:
        return "read-only"
    return "written"


def test_a_stream_left_early_stops_its_workers():
    before = set(multiprocessing.active_children())
    streamed = imap_shared(_scaled_with_pid, list(range(100)), {"factor": 1}, 2)
    assert next(streamed)[0] == 0
    assert set(multiprocessing.active_children()) > before  # the workers run meanwhile
    streamed.close()  # the pool is terminated, not waited for
    assert set(multiprocessing.active_children()) <= before


def test_large_arrays_reach_the_workers_as_mapped_files_written_once_per_block(monkeypatch):
    big = np.arange(SHARED_ARRAY_BYTES // 8 * 2, dtype=np.float64)  # twice the size from which arrays are files
    matrix = sparse.random(40, 3000, density=0.2, format="csr", random_state=np.random.default_rng(3))
    expected = [(float(matrix[i].sum()), float(big[i]), False) for i in range(40)]
    with ready_workers(2) as pool:
        first = map_shared(_row_sum_and_where, list(range(40)), (matrix, big), 2)
        again = map_shared(_row_sum_and_where, list(range(40)), (matrix, big), 2)
        files = sorted(p.name for p in pool.folder.glob("*.npy"))
        folder = pool.folder
    assert [(s, b) for s, b, _ in first] == [(s, b) for s, b, _ in expected]
    assert all(mapped for _, _, mapped in first) and again == first
    # the dense array and the sparse matrix's data and indices are files, written by the first call only;
    # the indptr (41 integers) travelled in the pickle
    assert len(files) == 3
    assert not folder.exists()  # the block removed its folder


def test_one_block_serves_its_calls_with_one_set_of_processes():
    with ready_workers(2):
        first = {pid for _, pid in map_shared(_scaled_with_pid, list(range(40)), {"factor": 1}, 2)}
        second = {pid for _, pid in map_shared(_scaled_with_pid, list(range(40)), {"factor": 2}, 2)}
    assert len(first | second) <= 2 and os.getpid() not in first | second


def test_a_shared_array_is_read_only_in_the_workers():
    small, large = np.zeros(8), np.zeros(SHARED_ARRAY_BYTES // 8 * 2)
    with ready_workers(2):
        assert map_shared(_write, [0, 1, 2, 3], small, 2) == ["written"] * 4  # pickled: each task's own copy
        assert map_shared(_write, [0, 1, 2, 3], large, 2) == ["read-only"] * 4
    assert not small.any()
    assert not large.any()


def test_a_shared_copy_is_the_object_read_back_from_the_files_the_workers_map():
    matrix = sparse.random(40, 3000, density=0.2, format="csr", random_state=np.random.default_rng(5))
    big = np.arange(SHARED_ARRAY_BYTES // 8 * 2, dtype=np.float64)
    assert shared_copy(big) is big  # outside a block
    with worker_pool(2):
        copy = shared_copy({"matrix": matrix, "big": big})
        files = sorted(p.name for p in shared._active.folder.iterdir())
        assert (copy["matrix"] != matrix).nnz == 0 and np.array_equal(copy["big"], big)
        assert isinstance(copy["big"].base, np.memmap) and not copy["big"].flags.writeable
        found = map_shared(_row_sum_and_where, list(range(40)), (copy["matrix"], copy["big"]), 2)
        assert sorted(p.name for p in shared._active.folder.glob("*.npy")) == [f for f in files if f.endswith(".npy")]
    assert [(s, b) for s, b, _ in found] == [(float(matrix[i].sum()), float(big[i])) for i in range(40)]


def _objects_read_and_words(state, item):
    return len(shared._objects), len(state["words"])


def test_a_state_names_a_shared_copy_by_its_file_which_each_worker_reads_once():
    words = [f"word{k}" for k in range(20_000)]  # no array: without the file, each state would pickle every word
    with ready_workers(2) as pool:
        copy = shared_copy({"words": words, "big": np.zeros(SHARED_ARRAY_BYTES // 8 * 2)})
        first = map_shared(_objects_read_and_words, list(range(20)), copy, 2)
        again = map_shared(_objects_read_and_words, list(range(20)), copy, 2)
        states = {p.name: p.stat().st_size for p in pool.folder.glob("state-*.pickle")}
    assert {n for _, n in first + again} == {20_000}
    assert {read for read, _ in first + again} == {1}  # each worker read the copy once, for both calls
    assert len(states) == 2 and max(states.values()) < 1_000  # each call's state names the copy's file


def test_a_shared_copy_within_another_is_the_same_object_in_this_process():
    with worker_pool(2):
        inner = shared_copy({"big": np.zeros(SHARED_ARRAY_BYTES // 8 * 2)})
        outer = shared_copy({"inner": inner, "n": 3})
        assert outer["inner"] is inner


def _imported(state, item):
    return state in sys.modules


def test_a_block_s_workers_import_its_preload_modules_before_any_call():
    module = "xml.dom.minidom"  # imported by no worker unless asked to
    with ready_workers(2):
        assert map_shared(_imported, [0, 1], module, 2) == [False, False]
    with ready_workers(2, preload=[module]):
        assert map_shared(_imported, [0, 1], module, 2) == [True, True]


def test_a_shared_copy_lets_go_of_the_arrays_it_was_read_from():
    original = np.arange(SHARED_ARRAY_BYTES // 8 * 2, dtype=np.float64)
    alive = weakref.ref(original)
    with worker_pool(2):
        copy = shared_copy(original)
        del original
        assert alive() is None  # only the mapped copy stands for it
        assert map_shared(_row_sum_and_where, [0, 1], (sparse.csr_matrix(np.ones((2, 2))), copy), 2)[1][1] == 1.0


def test_a_block_lets_go_of_its_mapped_copies_before_it_removes_their_files(monkeypatch):
    alive_at_removal, remove = [], shared.shutil.rmtree
    monkeypatch.setattr(shared.shutil, "rmtree", lambda folder, **_: alive_at_removal.append(copied() is not None))
    monkeypatch.setattr(shared.atexit, "register", lambda *args, **kwargs: None)
    with worker_pool(2):
        folder = shared._active.folder
        copy = shared_copy({"big": np.zeros(SHARED_ARRAY_BYTES // 8 * 2)})
        copied = weakref.ref(copy["big"])
        assert map_shared(_row_sum_and_where, [0, 1], (sparse.csr_matrix(np.ones((2, 2))), copy["big"]), 2)
        del copy  # the caller is done with it before the block ends
    remove(folder)
    assert alive_at_removal == [False]  # nothing mapped the files any more (Windows cannot delete a mapped file)


def _niceness(state, item):
    return os.nice(0)


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no os.nice here")
def test_the_workers_run_at_a_lower_priority_than_the_caller():
    expected = min(os.nice(0) + shared.WORKER_NICENESS, 19)
    with ready_workers(2):
        assert map_shared(_niceness, [0, 1, 2], None, 2) == [expected] * 3


def test_until_the_workers_are_ready_the_caller_maps_the_items_itself(monkeypatch):
    with ready_workers(2) as pool:
        answers = iter([False] * 3)
        monkeypatch.setattr(pool, "ready", lambda: next(answers, True))
        results = map_shared(_scaled_with_pid, list(range(20)), {"factor": 2}, 2)
    assert [value for value, _ in results] == [2 * i for i in range(20)]
    assert [pid == os.getpid() for _, pid in results] == [True] * 3 + [False] * 17  # the rest went to the workers


def test_a_call_the_workers_are_never_ready_for_writes_no_state():
    with ready_workers(2) as pool:
        pool.ready = lambda: False
        results = map_shared(_scaled_with_pid, list(range(20)), {"factor": 2}, 2)
        assert not list(pool.folder.iterdir())
    assert results == [(2 * i, os.getpid()) for i in range(20)]


def test_a_block_starts_its_workers_at_its_first_call_with_items_for_them():
    before = set(multiprocessing.active_children())
    with worker_pool(2):
        assert map_shared(_scaled_with_pid, [1], {"factor": 1}, 2) == [(1, os.getpid())]
        assert set(multiprocessing.active_children()) == before
        map_shared(_scaled_with_pid, [1, 2], {"factor": 1}, 2)
        assert len(set(multiprocessing.active_children()) - before) == 2
