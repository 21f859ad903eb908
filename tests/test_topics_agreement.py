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


# --classifier: the classifier's topics scored (topics_real_eval.score) against each labelling, on the second's
# articles; keys are (corpus, id) as read() gives them, topics with no gold and no prediction left out.
@pytest.mark.parametrize(
    ("first", "second", "predicted", "expected"),
    [
        # the classifier agrees with the first labelling, which the second does not
        (
            {("c", "a"): {"x"}, ("c", "b"): set()},
            {("c", "a"): {"x"}, ("c", "b"): {"y"}},
            {("c", "a"): {"x"}},
            {"first": (1.0, {"x": (1, 0, 0)}), "second": (0.667, {"x": (1, 0, 0), "y": (0, 0, 1)})},
        ),
        # a false topic counts against both; an article it was given no prediction for predicts none
        (
            {("c", "a"): {"x"}, ("c", "b"): set()},
            {("c", "a"): {"x"}, ("c", "b"): set()},
            {("c", "b"): {"x"}},
            {"first": (0.0, {"x": (0, 1, 1)}), "second": (0.0, {"x": (0, 1, 1)})},
        ),
        # only the second labelling's articles are scored
        (
            {("c", "a"): {"x"}, ("c", "z"): {"y"}},
            {("c", "a"): {"x"}},
            {("c", "a"): {"x"}, ("c", "z"): set()},
            {"first": (1.0, {"x": (1, 0, 0)}), "second": (1.0, {"x": (1, 0, 0)})},
        ),
    ],
)
def test_classifier_scores(first, second, predicted, expected):
    found = agreement_module.classifier_scores({"first": first, "second": second}, predicted, ["x", "y", "w"])
    got = {
        name.removeprefix("classifier against "): (
            result["micro_f1"],
            {t: (c["tp"], c["fp"], c["fn"]) for t, c in result["per_topic"].items()},
        )
        for name, result in found.items()
    }
    assert got == expected
    assert all(result["articles"] == len(second) for result in found.values())
