"""Incremental builds: annotated articles cached by content id and the versions key, in one SQLite file.

A cached article is reused only when its raw bytes (its id) and every version (pipeline, steps, schema,
taxonomy, registries, model) are unchanged, so adding 100 pages to 20,000 recomputes 100, and any version
change recomputes everything. The cache never changes the output: a cached article is the same record the
steps would produce again.
"""

from __future__ import annotations

import dataclasses
import pickle
import sqlite3
from pathlib import Path

from build_dataset.article import Article


class ArticleCache:
    def __init__(self, path: Path, key: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.key = key
        self.connection = sqlite3.connect(path)
        self.connection.execute("CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, article BLOB)")
        self.connection.execute("DELETE FROM articles WHERE key NOT LIKE ?", (f"{key}:%",))
        self.connection.commit()

    def _key(self, article: Article) -> str:
        return f"{self.key}:{article.id}"

    def get(self, article: Article) -> Article | None:
        row = self.connection.execute("SELECT article FROM articles WHERE key = ?", (self._key(article),)).fetchone()
        if row is None:
            return None
        cached: Article = pickle.loads(row[0])
        return dataclasses.replace(cached, source_file=article.source_file, encoding=article.encoding)

    def put(self, article: Article) -> None:
        blob = pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL)
        self.connection.execute("INSERT OR REPLACE INTO articles VALUES (?, ?)", (self._key(article), blob))

    def commit(self) -> None:
        self.connection.commit()

    def close(self) -> None:
        self.connection.commit()
        self.connection.close()
