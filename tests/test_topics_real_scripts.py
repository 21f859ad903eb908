"""benchmarks/topics_real/sample.py's table of random draws and per_draw.py's pooled draws (no corpora needed)."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

import pytest

TOPICS_REAL = Path(__file__).resolve().parents[1] / "benchmarks" / "topics_real"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"topics_real_{name}", TOPICS_REAL / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sample = _load("sample")


# The random draws as labels.jsonl holds them (README, "How the sample was drawn"): changing a row changes the ids.
@pytest.mark.parametrize(
    ("draw", "seed", "n_naver", "n_bbc_per_category"),
    [
        (4, 2029, 30, 4),
        (5, 2030, 70, 10),
        (6, 2031, 90, 12),
        (7, 2032, 80, 10),
        (8, 2033, None, 20),
        (9, 2034, 0, 30),
        (10, 2035, 0, 30),
        (11, 2036, 0, 30),
        (12, 2037, 0, 30),
    ],
)
def test_random_draws_table(draw, seed, n_naver, n_bbc_per_category):
    row = sample.RANDOM_DRAWS[draw - 4]
    assert (row.draw, row.seed, row.n_naver, row.n_bbc_per_category) == (draw, seed, n_naver, n_bbc_per_category)


def test_random_draws_follow_the_first_three_and_hold_the_report_draw():
    assert [row.draw for row in sample.RANDOM_DRAWS] == list(range(4, 4 + len(sample.RANDOM_DRAWS)))
    assert len({row.seed for row in sample.RANDOM_DRAWS} | {sample.SEED, sample.SEED_2, sample.SEED_3}) == 12
    assert sample.REPORT_DRAW == sample.RANDOM_DRAWS[-1].draw


@pytest.fixture(scope="module")
def per_draw():
    return _load("per_draw")  # it puts benchmarks/ on the path for topics_real_eval itself


@pytest.mark.parametrize(
    ("text", "pool"),
    [("10,11,12", (10, 11, 12)), ("12, 10", (10, 12)), ("11,11", (11,)), ("9", (9,))],
)
def test_parse_pool(per_draw, text, pool):
    assert per_draw.parse_pool(text) == pool
    assert per_draw.pool_name(pool) == "d" + "+".join(map(str, pool))


@pytest.mark.parametrize("text", ["", ",", "ten", "10;11"])
def test_parse_pool_refuses(per_draw, text):
    with pytest.raises(argparse.ArgumentTypeError):
        per_draw.parse_pool(text)


LABELS = [  # the tune half: draws 1 and 2
    {"id": "a", "draw": 1, "topics": ["x"]},
    {"id": "b", "draw": 2, "topics": ["x"]},
    {"id": "c", "draw": 2, "topics": []},
]
REPORT = [{"id": "r", "draw": 3, "topics": ["y"]}]
PREDICTED = {"a": {"x"}, "b": set(), "c": {"x"}, "r": {"y"}}


# name -> (articles, labels, micro-F1, tp, fp, fn); "all" stays the tune half whatever the pools hold
@pytest.mark.parametrize(
    ("pools", "pooled", "expected"),
    [
        ((), (), {"d1": (1, 1, 1.0), "d2": (2, 1, 0.0), "all": (3, 2, 0.5)}),
        ([(1, 2)], (), {"d1": (1, 1, 1.0), "d2": (2, 1, 0.0), "all": (3, 2, 0.5), "d1+2": (3, 2, 0.5)}),
        (
            [(2, 3), (1, 2, 3)],
            REPORT,
            {"d1": (1, 1, 1.0), "d2": (2, 1, 0.0), "all": (3, 2, 0.5), "d2+3": (3, 2, 0.5), "d1+2+3": (4, 3, 0.667)},
        ),
    ],
)
def test_per_draw_pools(per_draw, pools, pooled, expected):
    table = per_draw.per_draw(LABELS, PREDICTED, ["x", "y"], pools, pooled)
    assert {name: (r["articles"], r["labels"], r["micro_f1"]) for name, r in table.items()} == expected


@pytest.mark.parametrize(
    ("pool", "totals"),
    [((1, 2), "3 articles, 2 labels: 1 right, 1 false, 1 missed"),
     ((1, 2, 3), "4 articles, 3 labels: 2 right, 1 false, 1 missed")],
)
def test_pool_totals(per_draw, pool, totals):
    table = per_draw.per_draw(LABELS, PREDICTED, ["x", "y"], [pool], REPORT)
    assert per_draw.totals(table[per_draw.pool_name(pool)]).strip() == totals
