"""Duplicate groups (stub: the duplicate-groups issue fills this in): every article its own group."""

from __future__ import annotations

from build_dataset.article import Article
from build_dataset.steps import CorpusStep


class DuplicateGrouper(CorpusStep):
    name = "dedup_v0"

    def process_all(self, articles: list[Article]) -> None:
        for article in articles:
            article.duplicate_group = article.id
            article.is_canonical = True
            article.duplicate_of = None
            article.duplicate_score = None
            article.group_size = 1
