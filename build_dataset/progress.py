"""A progress bar with rate and ETA on long runs (rich); silent when turned off or not on a terminal."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

T = TypeVar("T")
STDERR = Console(stderr=True)


def progress(items: Sequence[T], label: str, enabled: bool = True) -> Iterator[T]:
    if not enabled or not STDERR.is_terminal:
        yield from items
        return
    columns = (
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.speed} files/s"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=STDERR, transient=True) as bar:
        task = bar.add_task(label, total=len(items))
        for item in items:
            yield item
            bar.advance(task)
