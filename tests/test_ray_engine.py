"""--engine ray on a local two-CPU Ray gives the same rows as the local engine."""

from __future__ import annotations

import filecmp

import pytest
from conftest import SEEDS, build_into

ray = pytest.importorskip("ray")


def test_ray_engine_matches_local_engine(seeds_build, tmp_path):
    out = tmp_path / "ray"
    try:
        build_into(SEEDS, out, engine="ray", workers=2, batch_size=2)
    finally:
        ray.shutdown()
    files = sorted(p.relative_to(seeds_build).as_posix() for p in (seeds_build / "articles").glob("*.parquet"))
    _, mismatch, errors = filecmp.cmpfiles(seeds_build, out, files, shallow=False)
    assert files and not mismatch and not errors
