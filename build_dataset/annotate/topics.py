"""Topics from the versioned taxonomy (stub: the topics issue fills this in)."""

from __future__ import annotations

from pathlib import Path

import yaml

from build_dataset.article import Article
from build_dataset.steps import Annotator

DEFAULT_TAXONOMY = Path(__file__).resolve().parents[2] / "schema" / "topics.yaml"


def load_taxonomy(path: Path = DEFAULT_TAXONOMY) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class TopicAnnotator(Annotator):
    name = "topics_v0"

    def __init__(self, taxonomy: dict) -> None:
        super().__init__()
        self.taxonomy = taxonomy

    def annotate(self, article: Article) -> None:
        article.topic_scores = {t["id"]: 0.0 for t in self.taxonomy["topics"]}
