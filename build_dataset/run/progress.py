"""Progress on long runs (rich): a bar of annotated articles with their rate and ETA, then a status line for
the corpus steps and the writing; silent when turned off or not on a terminal.

The bar counts articles as they leave the per-article stage (annotated, or rejected on the way), not as they
are read: the reader runs ahead of the workers by a window of batches, so counting reads would race ahead and
then stall.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn
from rich.text import Text

T = TypeVar("T")
STDERR = Console(stderr=True)


def average_rate(task) -> float | None:
    """Articles per second since the bar started. Articles come out of the workers a batch at a time (64 at
    once), so a rate over the last few seconds swings between zero and thousands; the average does not."""
    if not task.completed or not task.elapsed:
        return None
    return task.completed / task.elapsed


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        rate = average_rate(task)
        return Text(f"{rate:.1f} articles/s" if rate else "-- articles/s")


class EtaColumn(ProgressColumn):
    """Time left at the average rate so far."""

    def render(self, task) -> Text:
        rate = average_rate(task)
        if not rate or task.total is None:
            return Text("eta -:--:--")
        seconds = int(max(0.0, task.total - task.completed) / rate)
        return Text(f"eta {seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}")


def is_shown(enabled: bool = True) -> bool:
    return enabled and STDERR.is_terminal


def progress(items: Iterable[T], label: str, enabled: bool = True, total: int | None = None) -> Iterator[T]:
    """Yield ``items``, advancing the bar by one after each (so count what is done, not what is read)."""
    if not is_shown(enabled):
        yield from items
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), RateColumn(), EtaColumn())
    with Progress(*columns, console=STDERR, transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)


def status(label: str, enabled: bool = True):
    """A spinner with ``label`` while a step without a count runs (grouping duplicates, writing)."""
    return STDERR.status(label) if is_shown(enabled) else contextlib.nullcontext()
