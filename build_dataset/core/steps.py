"""Pipeline steps: generators over ``Article`` with one hook each, counting what they do.

``Cleaner.clean`` rewrites the page, ``Filter.keep`` rejects, ``Annotator.annotate`` fills fields, and
``CorpusStep.process_all`` sees every kept article at once.

Modelled on datatrove's ``PipelineStep``/``BaseFilter``: a step sees every article, passes rejected
ones through untouched, and records named counts in ``self.stats``. A per-article step also leaves what it
counted on the article (``Work.step_counts``), so the build sums them over its articles, whichever worker,
Ray actor or cache entry answered each one; the corpus steps' ``stats`` are read in the driver. Both reach
``stats.json["steps"]``.
"""

from __future__ import annotations

import logging
import traceback
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from build_dataset.core.article import Article

if TYPE_CHECKING:
    from build_dataset.core.settings import Settings

LOGGER = logging.getLogger(__name__)
# A step that fails on one article rejects that article as ``step_error`` with this much of the error message.
MAX_ERROR_DETAIL_CHARS = 300


class Step:
    """Base step. Subclasses set ``name`` (versioned, e.g. ``dates_v1``) and override one hook."""

    name: str = "step"
    # The dataclass of this step's thresholds (``core.options``), when it has any.
    options_type: type | None = None

    def __init__(self, options: Any = None) -> None:
        self.stats: Counter[str] = Counter()
        # this step's thresholds (an ``options_type`` instance): the build's, else the declared defaults
        self.options = options if options is not None or self.options_type is None else self.options_type()

    @classmethod
    def from_settings(cls, settings: Settings, taxonomy: dict) -> Step:
        """The step as a build makes it (``pipeline.make_steps``), with this build's thresholds when it declares
        any (``options_type``); a step with other settings overrides this."""
        if cls.options_type is not None:
            return cls(options=settings.options.of(cls.options_type))
        return cls()

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            if article.reject_reason is None:
                article.work.step_counts[self.name] = self.counted(article)
            yield article

    def counted(self, article: Article) -> dict[str, int]:
        """Process one article and return what it added to ``stats`` (the positive counts), counting it on a fresh
        Counter swapped in for the article, so the totals are never copied."""
        totals, self.stats = self.stats, Counter(seen=1)
        try:
            self.process_guarded(article)
        finally:
            added, self.stats = self.stats, totals
        totals.update(added)
        return {name: count for name, count in added.items() if count > 0}

    def warm_up(self) -> None:
        """Load now what the step would load for its first article (a model, compiled patterns), so a worker
        process does it as it starts (``run.engine.start_pool``); what the step writes does not change."""

    def process_guarded(self, article: Article) -> None:
        """``process``, but a failure on one page becomes that page's reject (``step_error``) with the step's name
        and traceback, so the other pages still run and the build can report every failure; any ``step_error``
        then fails the build (``run.build.check_error_budget``): a step that raises is a bug, not bad input."""
        try:
            self.process(article)
        except Exception as error:  # any bug on one page; the page is kept as a reject, never lost
            LOGGER.debug("%s failed on %s", self.name, article.source_file, exc_info=True)
            detail = f"{self.name}: {type(error).__name__}: {error}"[:MAX_ERROR_DETAIL_CHARS]
            article.reject("step_error", detail)
            article.work.failed_step, article.work.error_traceback = self.name, traceback.format_exc()
            self.stats["errors"] += 1

    def process(self, article: Article) -> None:
        raise NotImplementedError


class Cleaner(Step):
    """Turns the raw page into ``title`` and body ``text``, recording what it removed; ``clean`` must never raise
    on odd pages."""

    def process(self, article: Article) -> None:
        self.clean(article)

    def clean(self, article: Article) -> None:
        raise NotImplementedError


class Annotator(Step):
    """Fills fields of an article; ``annotate`` must never raise on odd text."""

    def process(self, article: Article) -> None:
        self.annotate(article)

    def annotate(self, article: Article) -> None:
        raise NotImplementedError


class Filter(Step):
    """Rejects articles: ``keep`` returns True, or ``(False, reason)`` with a snake_case reason."""

    def process(self, article: Article) -> None:
        verdict = self.keep(article)
        if verdict is True:
            return
        _, reason = verdict
        article.reject(reason, article.reject_detail or "")
        self.stats[f"rejected_{reason}"] += 1

    def keep(self, article: Article) -> bool | tuple[bool, str]:
        raise NotImplementedError


class CorpusStep(Step):
    """A step that needs every article at once (duplicate groups); ``process_all`` sees the kept ones."""

    # Whether the step holds much memory of its own while it runs (an index of the whole corpus): the build starts
    # nothing beside it that would add to that peak (``run.build._run_corpus_steps``).
    holds_large_transient: bool = False

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        everything = list(articles)
        kept = [a for a in everything if a.reject_reason is None]
        self.stats["seen"] += len(kept)
        self.process_all(kept)
        yield from everything

    def process_all(self, articles: list[Article]) -> None:
        raise NotImplementedError

    @staticmethod
    def duplicate_groups_of(articles: list[Article]) -> list[list[Article]]:
        """The articles by duplicate group (an article no group was set for is a group of its own), in the order
        each group first appears."""
        groups: dict[str, list[Article]] = {}
        for article in articles:
            groups.setdefault(article.duplicate_group or article.id, []).append(article)
        return list(groups.values())
