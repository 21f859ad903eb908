"""--engine ray on a local two-CPU Ray gives the same rows as the local engine."""

from __future__ import annotations

import filecmp
from collections import Counter

import conftest
import pytest
from conftest import SEEDS, build_into, warmed_where_steps

from build_dataset.core.article import Article, Work

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


def test_the_shuffle_by_lsh_band_gives_the_local_candidate_pairs():
    from test_dedup import TEXTS

    from build_dataset.dedup.candidates import candidate_pairs
    from build_dataset.dedup.index import build_index
    from build_dataset.run.ray_engine import ray_candidate_pairs

    # the test stories, plus copies that keep only some sentences, so buckets hold 2 and more documents
    texts = [*TEXTS.values(), *(". ".join(t.split(". ")[k::2]) for t in TEXTS.values() for k in (0, 1))]
    index = build_index(texts)
    local = candidate_pairs(index)
    try:
        on_ray = ray_candidate_pairs(index, workers=2)
    finally:
        ray.shutdown()
    assert len(local) > len(TEXTS)
    assert on_ray.dtype == local.dtype and on_ray.tolist() == local.tolist()


def test_the_actors_are_renewed_every_so_many_batches():
    """Every actor annotates at most ``renew_after`` batches; the records come back in input order."""
    from build_dataset.run.ray_engine import RayStage

    articles = [Article(id=f"{i:016x}", source_file=f"{i}.txt", work=Work(raw=f"page {i}")) for i in range(10)]
    ray.cloudpickle.register_pickle_by_value(conftest)  # the actors' processes cannot import the tests' module
    try:
        done = list(RayStage(warmed_where_steps, workers=2, batch_size=1, renew_after=2).run(articles))
    finally:
        ray.cloudpickle.unregister_pickle_by_value(conftest)
        ray.shutdown()
    assert [a.source_file for a in done] == [f"{i}.txt" for i in range(10)]
    per_actor = Counter(a.text.split()[1] for a in done)  # the process that annotated each
    assert len(per_actor) >= 5 and max(per_actor.values()) <= 2
