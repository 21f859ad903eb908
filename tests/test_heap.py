"""What the build holds to its end is set aside from the cyclic collector while it runs (``run.memory``), and
handed back when it ends."""

from __future__ import annotations

import contextlib
import gc
import weakref

import pytest

from build_dataset.run.memory import collector_paused, long_lived_heap


class Node:
    def __init__(self) -> None:
        self.other = self


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.parametrize("caller_froze", [False, True])
def test_set_aside_moves_live_objects_out_of_reach_and_the_block_hands_them_back(unfrozen, caller_froze):
    callers = Node()
    if caller_froze:
        gc.freeze()
    with long_lived_heap() as set_aside:
        cycle = Node()
        set_aside()
        inside = _reachable(cycle)
    if caller_froze:  # the caller's own, untouched (compared by object: other threads may free frozen ones)
        assert inside and not _reachable(callers)
    else:
        assert not inside and gc.get_freeze_count() == 0 and _reachable(cycle) and _reachable(callers)
    assert cycle.other is cycle


def _reachable(thing) -> bool:
    """Whether the collector can reach ``thing`` (it is not set aside: ``gc.get_objects`` leaves out frozen ones)."""
    return any(o is thing for o in gc.get_objects())


def test_a_cycle_set_aside_is_collected_once_the_block_ends(unfrozen):
    with long_lived_heap() as set_aside:
        cycle = Node()
        alive = weakref.ref(cycle)
        set_aside()
        del cycle
        gc.collect()
        assert alive() is not None  # out of the collector's reach inside the block
    gc.collect()
    assert alive() is None


@pytest.fixture
def collector_state():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


@pytest.mark.parametrize("enabled_before", [True, False])
@pytest.mark.parametrize("raises", [False, True])
def test_the_collector_is_paused_in_the_block_and_left_as_it_was(collector_state, enabled_before, raises):
    gc.enable() if enabled_before else gc.disable()
    with pytest.raises(KeyError) if raises else contextlib.nullcontext():
        with collector_paused():
            assert not gc.isenabled()
            if raises:
                raise KeyError("a build failing part way")
    assert gc.isenabled() is enabled_before


def test_a_cycle_made_while_paused_is_collected_by_the_next_collection(collector_state):
    with collector_paused():
        cycle = Node()
        alive = weakref.ref(cycle)
        del cycle
        assert alive() is not None
    gc.collect()
    assert alive() is None


@pytest.mark.slow
def test_a_build_reads_its_inputs_with_the_collector_paused(tmp_path, monkeypatch, collector_state):
    """With worker processes (in this process, loading spaCy's model would turn the collector back on: srsly's
    msgpack reader enables it after each read)."""
    from build_dataset.core.settings import Settings
    from build_dataset.run import build as build_module
    from build_dataset.run.build import build

    seen = []
    annotated = build_module._annotated

    def watched(*args):
        for item in annotated(*args):
            seen.append(gc.isenabled())
            yield item

    monkeypatch.setattr(build_module, "_annotated", watched)
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"Harbour works\n\n{BODY}\n", "utf-8")
    build(Settings(input_dir=corpus, output_dir=tmp_path / "out", show_progress=False, workers=2))
    assert seen == [False] and gc.isenabled()


def test_a_worker_sets_its_steps_and_models_aside():
    from build_dataset.run.engine import start_pool

    pool = start_pool(list, 1)  # steps made by ``list()``: none
    try:
        assert pool.submit(gc.get_freeze_count).result(timeout=120) > 0
    finally:
        pool.shutdown()


BODY = " ".join(
    f"The harbour master of Tidewater said on Monday that dredging of berth {k} would finish within {k + 2} weeks, "
    "and that ferry timetables would change once the channel reopened to larger vessels."
    for k in range(4)
)


@pytest.mark.slow
@pytest.mark.parametrize("body", [BODY, "Too short."])  # a build, and one that fails (every input rejected)
def test_a_build_sets_its_records_aside_and_leaves_nothing_so(tmp_path, unfrozen, monkeypatch, body):
    from build_dataset.core.errors import BuildError
    from build_dataset.core.settings import Settings
    from build_dataset.run import build as build_module
    from build_dataset.run.build import build

    seen = []
    corpus_steps = build_module._run_corpus_steps
    monkeypatch.setattr(
        build_module, "_run_corpus_steps", lambda *a: seen.append(gc.get_freeze_count()) or corpus_steps(*a)
    )
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"Harbour works\n\n{body}\n", "utf-8")
    try:
        build(Settings(input_dir=corpus, output_dir=tmp_path / "out", show_progress=False, workers=1))
    except BuildError:
        assert body != BODY
    else:
        assert body == BODY
        assert seen and seen[0] > 0  # the corpus steps ran with the staged records set aside
    assert gc.get_freeze_count() == 0
