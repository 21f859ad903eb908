"""``--engine ray``: the build on Ray, for corpora beyond one machine (extra ``ray``).

The same per-article steps run in a pool of Ray actors (each loads the spaCy model once; each is replaced after
``engine.BATCHES_PER_PROCESS`` batches, as the local workers are) over batches of
articles, a bounded number of batches in flight, and come back in input order, so the rows equal the local
engine's and the driver holds only the batches in flight (it stages each article as it returns, as with the
local engine). In the duplicate-group stage, the candidate pairs come from a Ray Data shuffle by LSH band:
tasks compute each sentence's band keys, a groupby on the band brings each band's keys together, and each
band's buckets give their pairs (the same functions as the local engine, so the same pairs). Scoring and
clustering those pairs run on the driver. Point it at a cluster with ``--engine ray --address ray://HEAD:10001``
(or ``auto`` inside a cluster job).
"""

from __future__ import annotations

import functools
from collections import Counter, deque
from collections.abc import Iterable, Iterator

import numpy as np

from build_dataset.core.article import Article
from build_dataset.core.settings import DEFAULT_BATCH_SIZE
from build_dataset.dedup.candidates import (
    band_keys,
    band_pairs,
    minhashes_of_rows,
    unique_pairs,
    word_hashes,
)
from build_dataset.dedup.index import CorpusIndex, rows_matrix
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions
from build_dataset.run.engine import BATCHES_PER_PROCESS, IN_FLIGHT_PER_WORKER, StepFactory, batched, run_batch

# Documents per task when computing band keys: a few thousand sentences, far from any memory limit.
BAND_KEY_BATCH_DOCS = 256


class _Annotate:
    """A Ray actor: builds the steps once, then annotates batches of articles."""

    def __init__(self, factory: StepFactory) -> None:
        self.steps = factory()

    def annotate(self, batch: list[Article]):
        return run_batch(self.steps, batch)


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

    def __init__(
        self,
        factory: StepFactory,
        workers: int = 2,
        batch_size: int = DEFAULT_BATCH_SIZE,
        address: str | None = None,
        renew_after: int = BATCHES_PER_PROCESS,
    ):
        """``renew_after``: an actor is replaced by a new one after this many batches (``engine.BATCHES_PER_PROCESS``:
        what it gathers as it works leaves with it)."""
        self.factory = factory
        self.workers = max(1, workers)
        self.batch_size = batch_size
        self.address = address
        self.renew_after = renew_after
        self.stats: dict[str, Counter] = {}
        self.seconds: Counter[str] = Counter()
        self.cache_hits = 0

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Batches round-robin over ``workers`` actors, at most ``IN_FLIGHT_PER_WORKER`` per actor queued; an actor
        given ``renew_after`` batches is stopped once its last batch is back, and a new one takes its place."""
        ray = _init_ray(self.address, self.workers)
        annotator, actors, given = ray.remote(_Annotate), [], []
        live: dict[int, object] = {}  # the actors not yet stopped, by id
        in_flight: deque = deque()  # (a batch's result, the actor to stop once it is back, or None)
        try:
            for number, batch in enumerate(batched(articles, self.batch_size)):
                slot = number % self.workers
                if slot == len(actors):
                    actors.append(None)
                    given.append(0)
                if actors[slot] is None or given[slot] == self.renew_after:
                    actors[slot], given[slot] = annotator.remote(self.factory), 0
                    live[id(actors[slot])] = actors[slot]
                given[slot] += 1
                last = actors[slot] if given[slot] == self.renew_after else None
                in_flight.append((actors[slot].annotate.remote(batch), last))
                if len(in_flight) >= IN_FLIGHT_PER_WORKER * self.workers:
                    yield from self._merged(ray, *in_flight.popleft(), live)
            while in_flight:
                yield from self._merged(ray, *in_flight.popleft(), live)
        finally:
            for actor in live.values():
                ray.kill(actor)  # their CPUs go back to the cluster (the candidate pairs run there next)

    def _merged(self, ray, result, done_actor, live: dict) -> list[Article]:
        """The batch's records, its stats and seconds added up; ``done_actor`` (given its last batch) stopped."""
        done, stats, seconds = ray.get(result)
        if done_actor is not None:
            ray.kill(live.pop(id(done_actor)))
        for name, counts in stats.items():
            self.stats.setdefault(name, Counter()).update(counts)
        self.seconds.update(seconds)
        return done


def _sentence_lines(index: CorpusIndex, words: np.ndarray, doc: int) -> str:
    """Document ``doc``'s sentence word sets as text, a line per sentence (what a band-key task receives);
    ``words`` is the vocabulary as an array, made once for all documents."""
    rows = index.sentences[index.doc_sentences(doc)]
    return "\n".join(" ".join(words[rows.indices[a:b]]) for a, b in zip(rows.indptr[:-1], rows.indptr[1:]))


def _band_rows(batch: dict, bands: int, rows_per_band: int) -> dict:
    """A Ray task: one row per (sentence, band) of a batch of documents: band, key columns k0.., document."""
    docs, sentences = [], []
    for doc, lines in zip(batch["doc"], batch["sentences"]):
        for line in lines.split("\n"):
            if line:
                docs.append(int(doc))
                sentences.append(line.split())
    vocabulary = sorted({w for words in sentences for w in words})
    column = {word: j for j, word in enumerate(vocabulary)}
    matrix = rows_matrix([[column[w] for w in words] for words in sentences], len(vocabulary), binary=True)
    hashes = minhashes_of_rows(word_hashes(vocabulary, bands * rows_per_band), matrix)
    keys = np.concatenate([band_keys(hashes, band, rows_per_band) for band in range(bands)])
    rows = {"band": np.repeat(np.arange(bands), len(docs)), "doc": np.tile(np.array(docs, dtype=np.int64), bands)}
    return rows | {f"k{r}": keys[:, r] for r in range(rows_per_band)}


def _pairs_of_band(batch: dict, max_bucket_docs: int, rows_per_band: int) -> dict:
    """A Ray task on one band's rows (after the shuffle): the document pairs its buckets give."""
    keys = np.stack([batch[f"k{r}"] for r in range(rows_per_band)], axis=1)
    pairs = band_pairs(keys, np.asarray(batch["doc"], dtype=np.int64), max_bucket_docs)
    return {"i": pairs[:, 0], "j": pairs[:, 1]}


def ray_candidate_pairs(
    index: CorpusIndex,
    options: DedupOptions = DEDUP_DEFAULTS,
    address: str | None = None,
    workers: int = 2,
) -> np.ndarray:
    """``dedup.candidates.candidate_pairs`` computed on Ray: the same pairs, in the same order."""
    ray = _init_ray(address, workers)
    if not index.n_docs:
        return unique_pairs([])
    words = np.asarray(index.vocabulary, dtype=object)
    items = [{"doc": d, "sentences": _sentence_lines(index, words, d)} for d in range(index.n_docs)]
    band_rows = functools.partial(_band_rows, bands=options.lsh_bands, rows_per_band=options.lsh_rows)
    keyed = ray.data.from_items(items).map_batches(band_rows, batch_size=BAND_KEY_BATCH_DOCS, batch_format="numpy")
    of_band = functools.partial(_pairs_of_band, max_bucket_docs=options.max_bucket_docs,
                                rows_per_band=options.lsh_rows)
    paired = keyed.groupby("band").map_groups(of_band, batch_format="numpy")
    found = [np.stack([b["i"], b["j"]], axis=1).astype(np.int64) for b in paired.iter_batches(batch_format="numpy")]
    return unique_pairs(found)
