"""Publisher, wire agency and author (stub: the dates-and-sources issue fills this in)."""

from __future__ import annotations

from build_dataset.article import Article
from build_dataset.steps import Annotator


class SourceAnnotator(Annotator):
    name = "sources_v0"

    def annotate(self, article: Article) -> None:
        return None
