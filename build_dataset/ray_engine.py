"""``--engine ray``: the per-article stage on Ray Data, for corpora beyond one machine (extra ``ray``).

The same per-article steps run in a pool of Ray actors (each loads the spaCy model once) over batches of
articles; order is preserved, so the rows equal the local engine's. The corpus stage (duplicate groups)
then runs on the driver over the slim articles the actors return. Point it at a cluster with
``--engine ray --address ray://HEAD:10001`` (or ``auto`` inside a cluster job).
"""

from __future__ import annotations

import json
import pickle
from collections import Counter
from collections.abc import Iterable, Iterator

from build_dataset.article import Article
from build_dataset.engine import StepFactory, run_batch


class _Annotate:
    """A Ray actor: builds the steps once, then annotates batches of pickled articles."""

    def __init__(self, factory: StepFactory) -> None:
        self.steps = factory()

    def __call__(self, batch: dict) -> dict:
        import numpy as np

        articles = [pickle.loads(blob) for blob in batch["article"]]
        done, stats, _ = run_batch(self.steps, articles)
        stats_json = [json.dumps({k: dict(v) for k, v in stats.items()})] + [""] * (len(done) - 1)
        return {
            "article": np.array([pickle.dumps(a) for a in done], dtype=object),
            "stats": np.array(stats_json, dtype=object),
        }


def _init_ray(address: str | None, workers: int):
    try:
        import ray
    except ImportError as error:
        raise ImportError("--engine ray needs Ray: pip install 'news-dataset-publisher[ray]'") from error
    if not ray.is_initialized():
        kwargs = {"address": address} if address else {"num_cpus": workers}
        ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False, **kwargs)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    return ray


class RayStage:
    """Drop-in for ``engine.PerArticleStage`` that runs on Ray Data."""

    def __init__(self, factory: StepFactory, workers: int = 2, batch_size: int = 64, address: str | None = None):
        self.factory = factory
        self.workers = max(1, workers)
        self.batch_size = batch_size
        self.address = address
        self.stats: dict[str, Counter] = {}
        self.seconds: Counter[str] = Counter()
        self.cache_hits = 0

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        ray = _init_ray(self.address, self.workers)
        items = [{"article": pickle.dumps(a)} for a in articles]
        if not items:
            return
        dataset = ray.data.from_items(items).map_batches(
            _Annotate,
            fn_constructor_args=(self.factory,),
            batch_size=self.batch_size,
            concurrency=self.workers,
            batch_format="numpy",
        )
        for row in dataset.iter_rows():
            if row["stats"]:
                for name, counts in json.loads(row["stats"]).items():
                    self.stats.setdefault(name, Counter()).update(counts)
            yield pickle.loads(row["article"])
