"""Annotated articles staged on disk as the per-article stage returns them, so the driver holds little per article.

The bulk of a kept article, its cleaned text and the words the duplicate grouper compares, is appended to two
files in a temporary folder beside the output (``BlobStore``) as soon as a worker returns it. The driver keeps
a ``StagedArticle`` per kept article: its annotations, with ``text`` and ``work.dedup_units`` read back from those
files when a corpus step or the writer asks; a reject keeps only what the rejects table and the error budget
read; what each per-article step counted is summed on arrival. The corpus steps run unchanged on these
records, and ``publish.parquet.write_articles_streamed`` writes the final files a chunk of rows at a time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import operator
import os
import pickle
import shutil
import sys
import tempfile
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import MISSING
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO

import numpy as np

from build_dataset.core.article import REJECT_FIELDS, Article, Official, Work

# What a kept article keeps besides its working state and its text (staged): every field the corpus steps and
# the writer read.
KEPT_FIELDS = tuple(f.name for f in dataclasses.fields(Article) if f.name not in ("text", "work"))
KEPT_VALUES = operator.attrgetter(*KEPT_FIELDS)
# What the corpus steps read of a kept article's working state; its duplicate units are staged.
KEPT_WORK = ("partial_date", "official_candidates", "wire_slug")
# What a reject keeps: the rejects table, the error budget, the warnings and the build result read these.
REJECT_KEEPS = ("id", "source_file", "encoding", *REJECT_FIELDS)
REJECT_WORK = ("failed_step", "error_traceback")
# Fields whose few distinct strings every article repeats: held once each (``sys.intern``), not once per article
# (an unpickled article brings its own copies).
REPEATED_STRINGS = ("encoding", "language", "date_source", "publisher", "agency", "version", "kind")
# The empty containers a staged record holds in the fields nothing fills after the per-article stage: one shared,
# read-only empty per kind (a step that tried to fill one fails loudly), not an empty list or dict per article.
SHARED_EMPTY = {list: (), dict: MappingProxyType({})}


def bare_record(kind: type, values: dict):
    """A ``kind`` record (an ``Article`` or ``Work`` class) with ``values``, every other field at its default and
    the default containers ``SHARED_EMPTY``."""
    record = object.__new__(kind)
    for name, default in _field_defaults(kind):
        value = values.get(name, default)
        if value is MISSING:  # a field whose default is made per record (``Article.work``): it must be given
            raise KeyError(name)
        setattr(record, name, value)
    return record


@functools.cache
def _field_defaults(kind: type) -> tuple[tuple[str, object], ...]:
    """(name, default) of each field of ``kind``: a default container is its ``SHARED_EMPTY``, another made default
    ``MISSING``."""
    return tuple((spec.name, spec.default if spec.default_factory is MISSING
                  else SHARED_EMPTY.get(spec.default_factory, MISSING))
                 for spec in dataclasses.fields(kind))  # fmt: skip


def _read_at(handle: BinaryIO, offset: int, size: int) -> bytes:
    """``size`` bytes at ``offset``; with ``os.pread`` where there is one, so processes forked from this one (the
    duplicate stage's) never share a file position with it."""
    if hasattr(os, "pread"):
        return os.pread(handle.fileno(), size, offset)
    handle.seek(offset)
    return handle.read(size)


class BlobStore:
    """Strings appended to one file and read back by number (read, not memory-mapped: the pages read stay in the
    kernel's page cache, reclaimable, not in this process's resident memory, as a memory map's would)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer = open(path, "wb")  # noqa: SIM115 (closed by ``seal``)
        self._offsets = array("q", [0])
        self._reader: BinaryIO | None = None

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def append(self, value: str) -> int:
        data = value.encode("utf-8", "surrogatepass")
        self._writer.write(data)
        self._offsets.append(self._offsets[-1] + len(data))
        return len(self) - 1

    def seal(self) -> None:
        """No more appends: the file is closed and opened for reading."""
        if self._reader is not None:
            return
        self._writer.close()
        self._reader = open(self.path, "rb")  # noqa: SIM115 (closed by ``close``)

    def size(self, number: int) -> int:
        """The bytes of string ``number``, without reading it."""
        return self._offsets[number + 1] - self._offsets[number]

    def get(self, number: int) -> str:
        if self._reader is None:
            self.seal()
        start, end = self._offsets[number], self._offsets[number + 1]
        return _read_at(self._reader, start, end - start).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self._writer.close()
        if self._reader is not None:
            self._reader.close()
            self._reader = None


class StagedArticle(Article):
    """A kept article whose text lives in the staging files; the other fields as annotated, its topic scores as a
    tuple of scores beside the corpus's shared tuple of topic ids (deep size on 20k Reuters: a dict per article took
    466 bytes, the tuple 129)."""

    __slots__ = ("_corpus", "_number", "_score_topics", "_scores")

    @property
    def text(self) -> str:
        return self._corpus.texts.get(self._number)

    @property
    def has_text(self) -> bool:
        return self._corpus.texts.size(self._number) > 0

    @property
    def topic_scores(self) -> dict[str, float]:
        return dict(zip(self._score_topics, self._scores))

    @topic_scores.setter
    def topic_scores(self, scores: dict[str, float]) -> None:
        self._score_topics = self._corpus.shared_topics(tuple(scores))
        self._scores = self._corpus.shared_scores(scores.values())


class StagedWork(Work):
    """A kept article's working state as the corpus steps read it, its duplicate units in the staging files, its
    official candidates pickled until the officials' corpus pass first reads them (then a list it may change)."""

    __slots__ = ("_units", "_number", "_candidates")

    @property
    def official_candidates(self) -> list[Official]:
        if type(self._candidates) is bytes:
            self._candidates = pickle.loads(self._candidates) if self._candidates else []
        return self._candidates

    @official_candidates.setter
    def official_candidates(self, value: list[Official]) -> None:
        self._candidates = value

    def pack_candidates(self) -> None:
        """Hold the candidates pickled, or as nothing when there are none (deep size on 20k Reuters: the working state
        506 -> 371 bytes per article)."""
        if type(self._candidates) is list:
            self._candidates = pickle.dumps(self._candidates, pickle.HIGHEST_PROTOCOL) if self._candidates else b""

    @property
    def dedup_units(self) -> str | None:
        return self._units.get(self._number) if self._units is not None else None

    @dedup_units.setter
    def dedup_units(self, value: str | None) -> None:
        if value is not None:
            raise AttributeError("a staged article's duplicate units cannot be replaced")
        self._units = None  # the grouper is done with them


class StepTally:
    """What every per-article step counted, summed over the articles seen (``budget.merged_step_stats`` sums
    these as it would the articles' ``work.step_counts``). Most articles count the same things (18,854 Reuters
    articles had 985 distinct sets of counts, about nine counters each): each distinct set is tallied once with how
    many articles had it, and multiplied out when read."""

    def __init__(self) -> None:
        self._seen: Counter[tuple] = Counter()

    def add(self, article: Article) -> None:
        self._seen[tuple((name, tuple(counts.items())) for name, counts in article.work.step_counts.items())] += 1

    @property
    def step_counts(self) -> dict[str, Counter]:
        totals: dict[str, Counter] = defaultdict(Counter)
        for counted, articles in self._seen.items():
            for name, counts in counted:
                total = totals[name]
                for key, value in counts:
                    total[key] += value * articles
        return totals


class StagedCorpus:
    """The per-article stage's output: ``kept`` (``StagedArticle``s) and ``rejects``, both in input order."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.texts = BlobStore(folder / "texts.bin")
        self.units = BlobStore(folder / "units.bin")
        self.kept: list[StagedArticle] = []
        self.rejects: list[Article] = []
        self.tally = StepTally()
        self.inputs = 0
        self._floats: dict[str, float] = {}  # one object per distinct topic score (by its exact bits)
        self._topic_tuples: dict[tuple[str, ...], tuple[str, ...]] = {}

    def add_all(self, numbered: Iterable[tuple[int, Article]]) -> StagedCorpus:
        """Stages each (input position, record), in any order; ``kept`` and ``rejects`` end in input order."""
        at = {True: array("q"), False: array("q")}
        for position, article in numbered:
            at[self.add(article)].append(position)
        self.kept = _in_order(self.kept, at[True])
        self.rejects = _in_order(self.rejects, at[False])
        self.texts.seal()
        self.units.seal()
        return self

    def add(self, article: Article) -> bool:
        """Stage one record; whether it was kept."""
        self.inputs += 1
        self.tally.add(article)
        if article.reject_reason is not None:
            work = bare_record(Work, {name: getattr(article.work, name) for name in REJECT_WORK})
            kept = {name: getattr(article, name) for name in REJECT_KEEPS}
            self.rejects.append(bare_record(Article, kept | {"work": work}))
            return False
        staged = object.__new__(StagedArticle)
        staged._corpus, staged._number = self, self.texts.append(article.text)
        for name, value in zip(KEPT_FIELDS, KEPT_VALUES(article)):
            setattr(staged, name, value)
        self._share_repeats(staged)
        staged.work = bare_record(StagedWork, {name: getattr(article.work, name) for name in KEPT_WORK})
        staged.work.pack_candidates()
        units = article.work.dedup_units
        staged.work._units = self.units if units is not None else None
        staged.work._number = self.units.append(units or "")
        self.kept.append(staged)
        return True

    def _share_repeats(self, article: Article) -> None:
        """The article's repeated strings replaced by one shared object per distinct value."""
        for name in REPEATED_STRINGS:
            value = getattr(article, name)
            if type(value) is str:
                setattr(article, name, sys.intern(value))
        article.topics = [sys.intern(topic) for topic in article.topics]

    def shared_topics(self, topics: tuple[str, ...]) -> tuple[str, ...]:
        """One tuple per distinct sequence of topic ids (every article's scores name every topic, in order)."""
        return self._topic_tuples.setdefault(topics, topics)

    def shared_scores(self, values: Iterable) -> tuple:
        """The scores, one float object per distinct score (by its exact bits): most of an article's scores are 0.0."""
        floats = self._floats
        return tuple([floats.setdefault(value.hex(), value) if type(value) is float else value for value in values])

    def close(self) -> None:
        self.texts.close()
        self.units.close()


def _in_order(records: list, positions: array) -> list:
    """``records`` sorted by their ``positions`` (as they are when they came in order: no copy)."""
    at = np.frombuffer(positions, dtype=np.int64) if len(positions) else np.zeros(0, dtype=np.int64)
    if bool(np.all(at[1:] > at[:-1])):
        return records
    return [records[k] for k in np.argsort(at, kind="stable")]


@contextlib.contextmanager
def staged_corpus(output_dir: Path) -> Iterator[StagedCorpus]:
    """A ``StagedCorpus`` in a temporary folder beside ``output_dir`` (the same disk as the output, not a
    memory-backed /tmp), deleted when the block ends, however it ends."""
    folder = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.rows-", dir=output_dir.parent))
    corpus = StagedCorpus(folder)
    try:
        yield corpus
    finally:
        corpus.close()
        shutil.rmtree(folder, ignore_errors=True)
