"""Annotated articles staged on disk as the per-article stage returns them, so the driver holds little per article.

The bulk of a kept article, its cleaned text and the words the duplicate grouper compares, is appended to two
files in a temporary folder beside the output (``BlobStore``) as soon as a worker returns it. The driver keeps
a ``StagedArticle`` per kept article: its annotations, with ``text`` and ``dedup_units`` read back from those
files when a corpus step or the writer asks; a reject keeps only what the rejects table and the error budget
read; what each per-article step counted is summed on arrival. The corpus steps run unchanged on these
records, and ``publish.parquet.write_articles_streamed`` writes the final files a chunk of rows at a time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import mmap
import shutil
import tempfile
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from build_dataset.core.article import Article

# The staged bulk of an article, read back from the staging files (``StagedArticle``).
STAGED_FIELDS = ("text", "dedup_units")
# What only the per-article steps read: dropped (these values) when an article is staged.
DROPPED_FIELDS = {"raw": str, "doc": type(None), "header_lines": list, "footer_lines": list, "evidence": dict,
                  "removed": list, "metadata": dict, "step_counts": dict}
KEPT_FIELDS = tuple(
    f.name for f in dataclasses.fields(Article) if f.name not in STAGED_FIELDS and f.name not in DROPPED_FIELDS
)
# What a reject keeps: the rejects table, the error budget, the warnings and the build result read these.
REJECT_FIELDS = ("id", "source_file", "encoding", "raw_bytes", "reject_reason", "reject_detail", "failed_step",
                 "error_traceback")


class BlobStore:
    """Strings appended to one file and read back by number (through a read-only memory map)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer = open(path, "wb")  # noqa: SIM115 (closed by ``seal``)
        self._offsets = array("q", [0])
        self._map: mmap.mmap | bytes | None = None

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def append(self, value: str) -> int:
        data = value.encode("utf-8", "surrogatepass")
        self._writer.write(data)
        self._offsets.append(self._offsets[-1] + len(data))
        return len(self) - 1

    def seal(self) -> None:
        """No more appends: the file is closed and mapped for reading."""
        if self._map is not None:
            return
        self._writer.close()
        with open(self.path, "rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if self._offsets[-1] else b""

    def get(self, number: int) -> str:
        if self._map is None:
            self.seal()
        return self._map[self._offsets[number] : self._offsets[number + 1]].decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self._writer.close()
        if isinstance(self._map, mmap.mmap):
            self._map.close()


class StagedArticle(Article):
    """A kept article whose text and duplicate units live in the staging files; the other fields as annotated."""

    __slots__ = ("_corpus", "_number", "_has_units")

    @property
    def text(self) -> str:
        return self._corpus.texts.get(self._number)

    @property
    def dedup_units(self) -> str | None:
        return self._corpus.units.get(self._number) if self._has_units else None

    @dedup_units.setter
    def dedup_units(self, value: str | None) -> None:
        if value is not None:
            raise AttributeError("a staged article's duplicate units cannot be replaced")
        self._has_units = False  # the grouper is done with them


@dataclass
class StepTally:
    """What every per-article step counted, summed over the articles seen (``budget.merged_step_stats`` reads
    ``step_counts`` as it does an article's)."""

    step_counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, article: Article) -> None:
        for name, counts in article.step_counts.items():
            self.step_counts[name].update(counts)


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

    def add_all(self, articles: Iterable[Article]) -> StagedCorpus:
        for article in articles:
            self.add(article)
        self.texts.seal()
        self.units.seal()
        return self

    def add(self, article: Article) -> None:
        self.inputs += 1
        self.tally.add(article)
        if article.reject_reason is not None:
            self.rejects.append(Article(raw="", **{name: getattr(article, name) for name in REJECT_FIELDS}))
            return
        staged = object.__new__(StagedArticle)
        for name in KEPT_FIELDS:
            setattr(staged, name, getattr(article, name))
        for name, empty in DROPPED_FIELDS.items():
            setattr(staged, name, empty())
        staged._corpus, staged._number = self, self.texts.append(article.text)
        staged._has_units = article.dedup_units is not None
        self.units.append(article.dedup_units or "")
        self.kept.append(staged)

    def close(self) -> None:
        self.texts.close()
        self.units.close()


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
