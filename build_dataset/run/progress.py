"""A progress bar with rate and ETA on long runs (rich); silent when turned off or not on a terminal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

T = TypeVar("T")
STDERR = Console(stderr=True)


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        return Text(f"{task.speed or 0:.1f} articles/s")


def is_shown(enabled: bool = True) -> bool:
    return enabled and STDERR.is_terminal


def progress(items: Iterable[T], label: str, enabled: bool = True, total: int | None = None) -> Iterator[T]:
    if not is_shown(enabled):
        yield from items
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeRemainingColumn())
    with Progress(*columns, console=STDERR, transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)
