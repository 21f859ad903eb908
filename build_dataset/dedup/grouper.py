"""Duplicate groups: every page carrying the same story text (wire copies trimmed or padded, reposts with other
boilerplate, machine-translated rewrites with garbled names) shares one group, named after its canonical member.

The stages, each its own module of ``dedup/``: sentences of content words (``units``), without the page furniture
the corpus repeats (``furniture``), indexed (``index``); candidate pairs from MinHash LSH over
sentences (``candidates``, no all-pairs comparison); a sentence alignment in both directions, robust
to rewording and trimming (``score``); a verdict on each pair, copy, version or a different story,
from the alignment and what the pages say about themselves (``facts``, ``relation``); and
average-linkage clustering that never groups a ruled-out pair, with a documented canonical rule
(``cluster``); a wire flash with no body joins its story by headline (``flashes``). Independent articles
about the same event share names but not sentences, and stay apart. ``group_texts`` runs on plain (id, text) pairs.

Fields: ``duplicate_group`` = id of the canonical member; ``is_canonical``; ``duplicate_of`` = canonical id,
null on the canonical row; ``duplicate_score`` = alignment score with the canonical in [0, 1] (for a joined
flash, its headline match), null on the canonical row (like ``duplicate_of``); ``group_size``;
``duplicate_relation`` = ``copy`` or ``version`` (see ``dedup_relation``), null on the canonical row.
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from build_dataset.core.article import Article
from build_dataset.core.steps import CorpusStep
from build_dataset.dedup.candidates import candidate_pairs
from build_dataset.dedup.cluster import duplicate_groups
from build_dataset.dedup.facts import DocFacts, facts_of_article, facts_of_text
from build_dataset.dedup.flashes import attach_flashes
from build_dataset.dedup.forked import shared_copy, worker_pool
from build_dataset.dedup.furniture import drop_furniture
from build_dataset.dedup.headlines import attach_headline_versions
from build_dataset.dedup.index import CorpusIndex, build_index_from_words, index_of_rows
from build_dataset.dedup.index_store import INDEX_STORE_FILE, IndexStore
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions
from build_dataset.dedup.pair_store import PAIR_STORE_FILE, PairStore
from build_dataset.dedup.relation import RELATION_NAMES, FactTable, verdicts
from build_dataset.dedup.score import in_order_share, pair_covers
from build_dataset.dedup.staged_lsh import staged_candidate_pairs
from build_dataset.dedup.units import decode_units, encode_units, sentence_words
from build_dataset.run.memory import give_back_heap

if TYPE_CHECKING:
    from build_dataset.core.settings import Settings

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Assignment:
    group: str  # id of the group's canonical member
    is_canonical: bool
    score: float | None  # alignment score with the canonical member; None on the canonical itself
    size: int
    relation: str | None = None  # "copy" or "version" of the canonical member; None on the canonical itself

    @property
    def duplicate_of(self) -> str | None:
        return None if self.is_canonical else self.group


def group_texts(
    ids: list[str],
    texts: list[str],
    stats: Counter | None = None,
    facts: list[DocFacts] | None = None,
    options: DedupOptions = DEDUP_DEFAULTS,
) -> list[Assignment]:
    """One Assignment per input, in input order. Same ids and texts in any order give the same groups.
    ``facts`` (date, outlets, ...) default to what each text says of itself (``dedup_facts.facts_of_text``)."""
    facts = facts if facts is not None else [facts_of_text(text, None, options.opening_chars) for text in texts]
    return group_units(ids, [sentence_words(text) for text in texts], stats, facts=facts, options=options)


def group_units(
    ids: list[str],
    units: list[list[list[str]]],
    stats: Counter | None = None,
    find_pairs: Callable[[CorpusIndex, DedupOptions], np.ndarray] = candidate_pairs,
    workers: int = 1,
    facts: list[DocFacts] | None = None,
    options: DedupOptions = DEDUP_DEFAULTS,
    store: PairStore | None = None,
    index_store: IndexStore | None = None,
) -> list[Assignment]:
    """``group_texts`` on each text's ``units.sentence_words``; ``find_pairs(index, options)`` may compute
    the candidate pairs elsewhere (``run.ray_engine.ray_candidate_pairs``) but must give ``candidate_pairs``'s
    result; scoring and clustering use ``workers`` processes (``dedup.forked``; same result for any number). ``store``
    carries pair alignments over from the last build (``pair_store``), ``index_store`` the index rows of the
    articles whose units are unchanged (``index_store``); the same result either way."""
    if len(set(ids)) != len(ids):
        raise ValueError("group_texts needs distinct ids")
    stats = stats if stats is not None else Counter()
    facts = facts if facts is not None else [DocFacts()] * len(ids)
    order = sorted(range(len(ids)), key=lambda k: ids[k])
    sorted_ids = [ids[k] for k in order]
    # where the workers are spawned, one set of them for the scoring and the clustering (``dedup.forked``)
    with worker_pool(workers, preload=(pair_covers.__module__, duplicate_groups.__module__)):
        # Between the stages, what each freed goes back to the system (``give_back_heap``). On the 100k Reuters row it
        # stayed resident: the step's peak RSS was 1130 MB, 1016 with the heap given back after each stage (one probe).
        index = _index(units, order, sorted_ids, options, index_store)
        index = shared_copy(drop_furniture(index, stats, options))  # spawned workers and the driver: one copy
        give_back_heap()
        table = FactTable.of([facts[k] for k in order])
        pairs = find_pairs(index, options)
        give_back_heap()
        if store is None:
            cos, covers = pair_covers(index, pairs, workers, options)
            in_order = functools.partial(in_order_share, index, match_share=options.in_order_match, workers=workers)
        else:
            cos, covers = store.pair_covers(index, sorted_ids, pairs, workers, options, save=False)
            in_order = functools.partial(store.in_order_share, index, workers=workers, options=options)
        give_back_heap()
        found = verdicts(covers, cos, pairs, table, in_order, options)
        bounded = None
        if store is not None:
            store.save_pending(options)
            store.exact_covers(index, pairs, covers, in_linked_pairs(pairs, found.linked))
            bounded = store.bounded_pairs
        give_back_heap()
        groups = duplicate_groups(index, pairs, (covers, cos), found, table, stats, workers, options, bounded)
        del index, in_order  # the block's files are then mapped by nothing, so it can remove them (even on Windows)
    stats["candidate_pairs"] += len(pairs)
    stats["pairs_aligned"] += int((cos >= options.cos_floor).sum())
    stats["pairs_matched"] += int(found.linked.sum())
    stats["pairs_ruled_out"] += int((found.ruled_out & (cos >= options.cos_floor)).sum())
    stats["digests"] += int(table.digest.sum())
    assigned: dict[int, Assignment] = {}
    copies = 0
    for group in groups:
        canonical_id = sorted_ids[group.canonical]
        for member, score, code in zip(group.members, group.score_to_canonical, group.relation_to_canonical):
            is_canonical = int(member) == group.canonical
            value = None if is_canonical else round(float(score), 4)
            relation = None if is_canonical else RELATION_NAMES[int(code)]
            assigned[int(member)] = Assignment(canonical_id, is_canonical, value, len(group.members), relation)
            if relation is not None:
                stats[f"relation_{relation}"] += 1
        stats["groups_with_copies"] += 1
        copies += len(group.members) - 1
    result: list[Assignment | None] = [None] * len(ids)
    for position, k in enumerate(order):
        result[k] = assigned.get(position) or Assignment(sorted_ids[position], True, None, 1)
    stats["copies"] += copies
    stats["groups"] += len(ids) - copies
    return [a for a in result if a is not None]


def _index(
    units: Sequence, order: list[int], sorted_ids: list[str], options: DedupOptions, store: IndexStore | None
) -> CorpusIndex:
    if store is None:
        return build_index_from_words(InOrder(units, order), options.min_sentence_words)
    encoded = units.encoded if isinstance(units, ArticleUnits) else [encode_units(u) for u in units]
    rows = store.rows(sorted_ids, InOrder(encoded, order), options.min_sentence_words)
    LOGGER.info("duplicate index: the rows of %d of %d articles reused", store.reused, len(order))
    return index_of_rows(rows)


class DuplicateGrouper(CorpusStep):
    """Sets the duplicate-group fields of every kept article (see the module docstring)."""

    name = "dedup_v3"
    options_type = DedupOptions
    # the corpus index and the candidate pairs' arrays: the driver's largest transient (545 -> 985 MB of RSS over
    # the step on the 77,657 kept articles of the 100k Reuters row, one in-process probe)
    holds_large_transient = True

    def __init__(
        self,
        find_pairs: Callable[[CorpusIndex, DedupOptions], np.ndarray] = candidate_pairs,
        workers: int = 1,
        options: DedupOptions | None = None,
        store: PairStore | None = None,
        index_store: IndexStore | None = None,
    ) -> None:
        super().__init__(options)
        self.find_pairs = find_pairs
        self.workers = workers
        self.store = store
        self.index_store = index_store

    @classmethod
    def from_settings(cls, settings: Settings, taxonomy: dict) -> DuplicateGrouper:
        """With ``--engine ray`` the candidate pairs come from Ray and the pairs are scored here; otherwise
        they come from the disk-staged stage (``staged_lsh``) and ``--workers`` forked processes score and cluster
        them. With a cache folder, pair alignments and the index's rows carry over between builds (``pair_store``,
        ``index_store``)."""
        options = settings.options.of(DedupOptions)
        cache = settings.cache_dir
        stores = {"store": PairStore(cache / PAIR_STORE_FILE), "index_store": IndexStore(cache / INDEX_STORE_FILE)
                  } if cache else {}  # fmt: skip
        if settings.engine != "ray":
            return cls(staged_candidate_pairs, workers=settings.workers, options=options, **stores)
        from build_dataset.run.ray_engine import ray_candidate_pairs

        ray_pairs = functools.partial(ray_candidate_pairs, address=settings.ray_address, workers=settings.workers)
        return cls(ray_pairs, options=options, **stores)

    def process_all(self, articles: list[Article]) -> None:
        units = ArticleUnits(articles)
        facts = [facts_of_article(a) for a in articles]
        assignments = group_units([a.id for a in articles], units, self.stats, self.find_pairs, self.workers, facts,
                                  self.options, self.store, self.index_store)  # fmt: skip
        assignments = attach_flashes(articles, assignments, facts, self.stats, self.options)
        assignments = attach_headline_versions(articles, assignments, facts, self.stats, self.options)
        for article, assignment in zip(articles, assignments):
            article.work.dedup_units = None  # done with; frees what the corpus stage holds per article
            article.duplicate_group = assignment.group
            article.is_canonical = assignment.is_canonical
            article.duplicate_of = assignment.duplicate_of
            article.duplicate_score = assignment.score
            article.group_size = assignment.size
            article.duplicate_relation = assignment.relation



def in_linked_pairs(pairs: np.ndarray, linked: np.ndarray) -> np.ndarray:
    """The pairs both of whose articles are in some linked pair (so may share a component of ``cluster``)."""
    inside = np.zeros(int(pairs.max(initial=-1)) + 1, dtype=bool)
    inside[pairs[linked].ravel()] = True
    return inside[pairs[:, 0]] & inside[pairs[:, 1]] if len(pairs) else np.zeros(0, dtype=bool)


@dataclass(frozen=True)
class InOrder(Sequence):
    """``items`` in the order ``order`` gives, each read when asked."""

    items: Sequence
    order: list[int]

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, k: int):
        return self.items[self.order[k]]

    def __iter__(self) -> Iterator:
        return (self.items[k] for k in self.order)


@dataclass(frozen=True)
class ArticleUnits(Sequence):
    """Each article's ``units.sentence_words``, decoded when asked (the staged corpus reads them from disk), so
    the corpus's words are never all held as Python lists."""

    articles: list[Article]

    def __len__(self) -> int:
        return len(self.articles)

    def __getitem__(self, k: int) -> list[list[str]]:
        article = self.articles[k]
        units = article.work.dedup_units  # read once: a staged article reads them from disk
        if units is None:  # an article that did not go through the per-article steps
            return sentence_words(article.text)
        return decode_units(units)

    @property
    def encoded(self) -> EncodedUnits:
        return EncodedUnits(self.articles)


@dataclass(frozen=True)
class EncodedUnits(Sequence):
    """Each article's ``units.encode_units``, as staged (read when asked)."""

    articles: list[Article]

    def __len__(self) -> int:
        return len(self.articles)

    def __getitem__(self, k: int) -> str:
        article = self.articles[k]
        units = article.work.dedup_units
        return units if units is not None else encode_units(sentence_words(article.text))
