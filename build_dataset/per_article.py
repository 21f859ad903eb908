"""The per-article steps, in order. Kept apart from ``pipeline`` so a worker process imports only what the
steps need (not the writers, the card or great-expectations), which keeps each worker's memory small."""

from __future__ import annotations

from build_dataset.annotate.dates import DateAnnotator
from build_dataset.annotate.kind import KindAnnotator
from build_dataset.annotate.language import LanguageAnnotator
from build_dataset.annotate.officials import OfficialsAnnotator
from build_dataset.annotate.sources import SourceAnnotator
from build_dataset.annotate.topics import TopicAnnotator
from build_dataset.clean import ArticleFilter, PageCleaner
from build_dataset.dedup_text import DedupUnitsAnnotator
from build_dataset.nlp import SpacyParser
from build_dataset.settings import Settings
from build_dataset.steps import Step


def per_article_steps(settings: Settings, taxonomy: dict) -> list[Step]:
    """The steps each article goes through on its own (in this process, a worker or a Ray actor)."""
    return [
        PageCleaner(),
        ArticleFilter(),
        KindAnnotator(),
        LanguageAnnotator(),
        SpacyParser(settings.spacy_model),
        DateAnnotator(),
        SourceAnnotator(),
        OfficialsAnnotator(model=settings.spacy_model),
        TopicAnnotator(taxonomy),
        DedupUnitsAnnotator(),
    ]
