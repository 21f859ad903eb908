"""Incremental builds: annotated articles cached by content id and the versions key, in one SQLite file.

A cached article is reused only when its raw bytes (its id) and every version (pipeline, steps, schema,
taxonomy, registries, model) are unchanged, so adding 100 pages to 20,000 recomputes 100, and any version
change recomputes everything. The cache never changes the output: a cached article is the same record the
steps would produce again. An entry is a pickled ``Article``: the key names the record's shape (``RECORD_SHAPE``),
so a cache written with another shape of the record is ignored (and cleared), never misread.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from build_dataset.core.article import Article, Official, Work

# SQLite before 3.32 allows 999 parameters in one statement.
MAX_QUERY_KEYS = 900


def record_shape() -> str:
    """The pickled record's shape: the field names of ``Article``, ``Work`` and ``Official``, as a short digest."""
    names = [(kind.__name__, [f.name for f in dataclasses.fields(kind)]) for kind in (Article, Work, Official)]
    return hashlib.sha256(repr(names).encode()).hexdigest()[:8]


RECORD_SHAPE = record_shape()


class ArticleCache:
    def __init__(self, path: Path, key: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.key = f"{RECORD_SHAPE}-{key}"
        self.connection = sqlite3.connect(path)
        self.connection.execute("CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, article BLOB)")
        self.connection.execute("DELETE FROM articles WHERE key NOT LIKE ?", (f"{self.key}:%",))
        self.connection.commit()

    def _key(self, article: Article) -> str:
        return f"{self.key}:{article.id}"

    def _select(self, columns: str, keys: list[str]) -> Iterator[tuple]:
        """``columns`` of the entries named ``keys``, in as few queries as SQLite allows."""
        for start in range(0, len(keys), MAX_QUERY_KEYS):
            chunk = keys[start : start + MAX_QUERY_KEYS]
            yield from self.connection.execute(
                f"SELECT {columns} FROM articles WHERE key IN ({','.join('?' * len(chunk))})", chunk
            )

    def get_many(self, articles: list[Article]) -> list[Article | None]:
        """The cached record of each article (None where there is none), with one query for the batch."""
        keys = [self._key(a) for a in articles]
        found: dict[str, bytes] = dict(self._select("key, article", keys))
        return [self._restore(found[key], a) if key in found else None for key, a in zip(keys, articles)]

    def has_many(self, articles: list[Article]) -> list[bool]:
        """Whether the cache holds each article, without reading (or unpickling) the records."""
        keys = [self._key(a) for a in articles]
        found = {key for (key,) in self._select("key", keys)}
        return [key in found for key in keys]

    @staticmethod
    def _restore(blob: bytes, article: Article) -> Article:
        """The cached record, with this input's file name and encoding (a fresh object: unpickled for this call)."""
        cached: Article = pickle.loads(blob)
        cached.source_file, cached.encoding = article.source_file, article.encoding
        return cached

    def put(self, article: Article) -> None:
        blob = pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL)
        self.connection.execute("INSERT OR REPLACE INTO articles VALUES (?, ?)", (self._key(article), blob))

    def commit(self) -> None:
        self.connection.commit()

    def close(self) -> None:
        self.connection.commit()
        self.connection.close()
