"""The per-article steps, in order. Kept apart from ``pipeline`` so a worker process imports only what the
steps need (not the writers, the card or great-expectations), which keeps each worker's memory small."""

from __future__ import annotations

from build_dataset.annotate.dates import DateAnnotator
from build_dataset.annotate.language import LanguageAnnotator
from build_dataset.annotate.officials.annotator import OfficialsAnnotator
from build_dataset.annotate.sources import SourceAnnotator
from build_dataset.annotate.spacy_parse import SpacyParser
from build_dataset.annotate.topics.annotator import TopicAnnotator
from build_dataset.clean.page import NotArticleFilter, PageCleaner
from build_dataset.core.settings import Settings
from build_dataset.core.steps import Step
from build_dataset.dedup.units import DedupUnitsAnnotator


def per_article_steps(settings: Settings, taxonomy: dict) -> list[Step]:
    """The steps each article goes through on its own (in this process, a worker or a Ray actor)."""
    return [
        PageCleaner(),
        NotArticleFilter(),
        LanguageAnnotator(),
        SpacyParser(settings.spacy_model),
        DateAnnotator(),
        SourceAnnotator(),
        OfficialsAnnotator(),
        TopicAnnotator(taxonomy),
        DedupUnitsAnnotator(),
    ]
