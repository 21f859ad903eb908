"""The pipeline: every step of a build, by its versioned name, in order. The order is written here and
nowhere else.

    input files ─▶ READ ─▶ PER_ARTICLE ─▶ CORPUS ─▶ publish.outputs.write_outputs (validate, write, describe)

Steps are registered by name in ``STEPS`` (as dolma registers its taggers), so a configuration can list
them. A step's module is imported only when the step is made: a worker process imports the per-article
steps and nothing else (not the corpus stage's scipy and scikit-learn, nor the writers, the card or
great-expectations), which keeps each worker's memory small. The other way round, the step modules import spaCy
where they use it, so the build's driver, which makes the read and corpus steps and reads every step's options,
never loads it (its imports: ~0.6 s by `python -X importtime`, which only the workers need;
tests/test_driver_memory.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from build_dataset.core.settings import Settings
    from build_dataset.core.steps import Step

# Step name -> "module:Class"; the class carries the same ``name``.
STEPS = {
    "exact_duplicate_file_v1": "build_dataset.io.files:ExactDuplicateFileFilter",
    "clean_v2": "build_dataset.clean.page:PageCleaner",
    "not_article_v2": "build_dataset.clean.page:NotArticleFilter",
    "kind_v2": "build_dataset.annotate.kind:KindAnnotator",
    "language_v2": "build_dataset.annotate.language:LanguageAnnotator",
    "spacy_parse_v1": "build_dataset.annotate.spacy_parse:SpacyParser",
    "dates_v2": "build_dataset.annotate.dates:DateAnnotator",
    "sources_v2": "build_dataset.annotate.sources:SourceAnnotator",
    "officials_v2": "build_dataset.annotate.officials.annotator:OfficialsAnnotator",
    "topics_v10": "build_dataset.annotate.topics.annotator:TopicAnnotator",
    "dedup_units_v2": "build_dataset.dedup.units:DedupUnitsAnnotator",
    "dedup_v3": "build_dataset.dedup.grouper:DuplicateGrouper",
    "group_dates_v1": "build_dataset.annotate.dates:GroupDatePropagator",
    "officials_corpus_v1": "build_dataset.annotate.officials.corpus:OfficialsCorpusPass",
}

# In this process, as the inputs are read.
READ = ("exact_duplicate_file_v1",)
# Each article on its own, in batches: in this process, in worker processes or in Ray actors (run/engine.py).
PER_ARTICLE = (
    "clean_v2",
    "not_article_v2",
    "kind_v2",
    "language_v2",
    "spacy_parse_v1",
    "dates_v2",
    "sources_v2",
    "officials_v2",
    "topics_v10",
    "dedup_units_v2",
)
# Every kept article at once, in this process, after the per-article stage.
CORPUS = ("dedup_v3", "group_dates_v1", "officials_corpus_v1")
# Every step of a build, in order (the manifest, stats.json and the cache key record these names).
PIPELINE = READ + PER_ARTICLE + CORPUS


def step_class(name: str) -> type[Step]:
    """The class registered as ``name``; a ValueError lists the known names."""
    if name not in STEPS:
        raise ValueError(f"unknown step {name!r}; the steps are: {', '.join(STEPS)}")
    module, _, attribute = STEPS[name].partition(":")
    return getattr(importlib.import_module(module), attribute)


def declared_options(names: Iterable[str] = PIPELINE) -> list[type]:
    """The threshold declarations (``core.options``) of the steps ``names`` that have any."""
    found = [getattr(step_class(name), "options_type", None) for name in names]
    return list(dict.fromkeys(d for d in found if d is not None))


def make_steps(names: Iterable[str], settings: Settings, taxonomy: dict) -> list[Step]:
    """The steps ``names``, in that order, each made for this build (``Step.from_settings``)."""
    return [step_class(name).from_settings(settings, taxonomy) for name in names]
