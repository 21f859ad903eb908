"""benchmarks/topics_real/agreement.py: micro-F1 between two labellings, and where they differ."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "topics_agreement", Path(__file__).resolve().parents[1] / "benchmarks" / "topics_real" / "agreement.py"
)
agreement_module = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(agreement_module)


@pytest.mark.parametrize(
    ("first", "second", "f1", "identical", "differences"),
    [
        ({"a": {"x"}, "b": set()}, {"a": {"x"}, "b": set()}, 1.0, 2, {}),
        ({"a": set()}, {"a": set()}, 1.0, 1, {}),  # both leave every article without a topic
        ({"a": {"x"}, "b": {"y"}}, {"a": {"x"}, "b": set()}, 0.667, 1, {"first only: y": 1}),
        ({"a": {"x", "y"}}, {"a": {"y", "z"}}, 0.5, 0, {"first only: x": 1, "second only: z": 1}),
        # only the second labelling's articles are compared
        ({"a": {"x"}, "c": {"q"}}, {"a": {"x"}}, 1.0, 1, {}),
    ],
)
def test_agreement(first, second, f1, identical, differences):
    found = agreement_module.agreement(first, second)
    assert (found["micro_f1"], found["identical_articles"], found["differences"]) == (f1, identical, differences)
    assert found["articles"] == len(second)
