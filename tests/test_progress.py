"""The progress bar counts articles as they leave the per-article stage, with the average rate and an ETA."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from build_dataset.run import progress as module


@pytest.mark.parametrize(
    ("completed", "elapsed", "total", "rate", "eta"),
    [
        (0, 5.0, 100, "-- articles/s", "eta -:--:--"),  # nothing done yet: no rate, no guess
        (64, 0.0, 100, "-- articles/s", "eta -:--:--"),
        (64, 32.0, 500, "2.0 articles/s", "eta 0:03:38"),  # one batch in 32 s: 436 left at 2/s
        (500, 250.0, 500, "2.0 articles/s", "eta 0:00:00"),
        (10, 2.0, None, "5.0 articles/s", "eta -:--:--"),  # unknown total
        (1, 7200.0, 3, "0.0 articles/s", "eta 4:00:00"),
    ],
)
def test_rate_and_eta_are_averages_since_the_start(completed, elapsed, total, rate, eta):
    task = SimpleNamespace(completed=completed, elapsed=elapsed, total=total)
    assert module.RateColumn().render(task).plain == rate
    assert module.EtaColumn().render(task).plain == eta


def test_the_bar_counts_items_as_the_consumer_takes_them(monkeypatch):
    advanced = []

    class Recorder:
        def __init__(self, *columns, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def add_task(self, label, total=None):
            return 0

        def advance(self, task):
            advanced.append(task)

    monkeypatch.setattr(module, "Progress", Recorder)
    monkeypatch.setattr(module, "is_shown", lambda enabled=True: enabled)
    stream = module.progress(iter("abc"), "annotating", total=3)
    assert next(stream) == "a" and advanced == []  # not counted while the consumer still holds it
    assert list(stream) == ["b", "c"] and len(advanced) == 3
    assert list(module.progress(iter("ab"), "annotating", enabled=False)) == ["a", "b"]
