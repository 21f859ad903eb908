"""The driver's memory between the build's phases: freed memory given back to the system, and what the build holds
until it ends set aside from the cyclic garbage collector.

The per-article stage unpickles every article (its text, words and annotations) and keeps only its annotations; the
duplicate stage builds and drops a corpus-wide index. What they free stays in the C heap between the objects still
alive, counted in the process's resident memory (58 MB of 416 after the duplicate stage of a cached
20,000-article Reuters build, in one ad-hoc measurement), until ``malloc_trim`` hands the free pages back. Where
the C library has no such call, nothing happens.

What the build imports and stages lives until it ends, yet Python's cyclic collector walks all of it at every full
collection: on the 19k Reuters incremental build, 15 full collections of ~0.2 s each, 2.3 s of the driver's ~15 s
(``gc.callbacks``, measured once). Set aside (``gc.freeze``), those objects are skipped by every later collection;
reference counting still frees them when they are dropped, and the forked duplicate-stage processes do not write to
their pages to mark them (copy on write). While the inputs are read, the collector does not run at all
(``collector_paused``): that phase makes nearly no cycles, and the collection after it finds them.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
from collections.abc import Callable, Iterator


@functools.lru_cache(maxsize=1)
def _trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc; the process's own C library
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> None:
    """Collect cycles, then return the C heap's free pages to the system (glibc only)."""
    gc.collect()
    give_back_heap()


def give_back_heap() -> None:
    """Return the C heap's free pages to the system (glibc only), without a collection: what a step's large
    temporaries (arrays, lists) freed would otherwise stay resident, between the objects still alive, and add to
    the next step's peak."""
    trim = _trim()
    if trim is not None:
        trim(0)


@contextlib.contextmanager
def long_lived_heap() -> Iterator[Callable[[], None]]:
    """A block whose ``set_aside()`` moves every object then alive out of the collector's reach (``gc.freeze``); on
    leaving, they are handed back (``gc.unfreeze``: a cycle among them is collected again, as it would have been).
    A caller that set objects aside itself keeps them so: then ``set_aside`` does nothing."""
    if gc.get_freeze_count():
        yield lambda: None
        return
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """A block without automatic cyclic collections (the caller collects after it: ``release_freed_memory``).

    The per-article stage makes nearly no cycles (the 19k Reuters incremental build's collections found ~4,000
    objects in all) but many objects, so the collector ran often and walked the records read so far: 0.4 to 0.5 s
    of the driver's CPU while it shares the cores with the workers (``gc.callbacks``, measured once)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

