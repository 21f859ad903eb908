"""Publication date with provenance (stub: the dates issue fills this in)."""

from __future__ import annotations

from build_dataset.article import Article
from build_dataset.steps import Annotator, CorpusStep


class DateAnnotator(Annotator):
    name = "dates_v0"

    def annotate(self, article: Article) -> None:
        return None


class GroupDatePropagator(CorpusStep):
    name = "group_dates_v0"

    def process_all(self, articles: list[Article]) -> None:
        return None
