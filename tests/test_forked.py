"""map_forked: the same results, in item order, for any number of processes; state reaches the children."""

from __future__ import annotations

import multiprocessing
import os

import pytest
from conftest import once_spawned_workers_started

from build_dataset.dedup import forked, spawned
from build_dataset.dedup.forked import can_fork, imap_forked, map_forked


def _scaled_with_pid(state, item):
    return item * state["factor"], os.getpid()


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_results_are_in_item_order_for_any_number_of_processes(workers):
    items = list(range(50))
    results = map_forked(_scaled_with_pid, items, {"factor": 3}, workers)
    assert [value for value, _ in results] == [3 * i for i in items]
    pids = {pid for _, pid in results}
    if workers == 1 or not can_fork():
        assert pids == {os.getpid()}
    else:
        assert os.getpid() not in pids  # the work ran in the children, which saw the state


@pytest.mark.parametrize("items", [[], [7]])
def test_nothing_or_one_item_runs_here(items):
    assert map_forked(_scaled_with_pid, items, {"factor": 2}, 4) == [(2 * i, os.getpid()) for i in items]


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_the_streamed_results_are_the_listed_ones(workers):
    items = list(range(37))
    streamed = imap_forked(_scaled_with_pid, items, {"factor": 5}, workers)
    assert not isinstance(streamed, list)
    assert [value for value, _ in streamed] == [value for value, _ in map_forked(_scaled_with_pid, items,
                                                                               {"factor": 5}, workers)]  # fmt: skip


def test_a_stream_left_early_stops_its_children():
    before = set(multiprocessing.active_children())
    streamed = imap_forked(_scaled_with_pid, list(range(100)), {"factor": 1}, 2)
    assert next(streamed)[0] == 0
    assert set(multiprocessing.active_children()) > before or not can_fork()  # the children run meanwhile
    streamed.close()  # the pool is terminated, not waited for
    assert set(multiprocessing.active_children()) <= before
    assert forked._inherited is None


def test_where_fork_is_not_available_the_workers_are_spawned(monkeypatch):
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    monkeypatch.setattr(spawned.WorkerPool, "ready", once_spawned_workers_started)  # the workers map every item
    results = map_forked(_scaled_with_pid, list(range(30)), {"factor": 3}, 2)
    assert [value for value, _ in results] == [3 * i for i in range(30)]
    assert os.getpid() not in {pid for _, pid in results}
