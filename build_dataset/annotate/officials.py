"""Government officials named in the body (stub: the officials issue fills this in)."""

from __future__ import annotations

from build_dataset.article import Article
from build_dataset.nlp import DEFAULT_MODEL
from build_dataset.steps import Annotator


class OfficialsAnnotator(Annotator):
    name = "officials_v0"

    def __init__(self, model: str = DEFAULT_MODEL) -> None:
        super().__init__()
        self.model = model

    def annotate(self, article: Article) -> None:
        return None
