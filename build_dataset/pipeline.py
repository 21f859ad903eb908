"""``build(settings)``: the ordered steps, drained, validated, written to a staging folder and swapped in.

Nothing under the output folder changes until every row passed the schema and the expectations; a killed
or failed build leaves the previous output as it was.
"""

from __future__ import annotations

import functools
import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from build_dataset import manifest
from build_dataset.annotate.dates import GroupDatePropagator
from build_dataset.annotate.officials_corpus import OfficialsCorpusPass
from build_dataset.annotate.topics import load_taxonomy
from build_dataset.article import Article
from build_dataset.cache import ArticleCache
from build_dataset.clean import PageCleaner
from build_dataset.engine import PerArticleStage
from build_dataset.errors import BadInputError, ConfigError
from build_dataset.inputs import input_count, iter_articles
from build_dataset.output_dir import check_output_dir, output_lock, recover_interrupted_swap, staged_output
from build_dataset.per_article import per_article_steps
from build_dataset.progress import is_shown, progress
from build_dataset.read import find_inputs
from build_dataset.settings import Settings
from build_dataset.steps import Filter, Step
from build_dataset.versions import code_digest, versions_key

LOGGER = logging.getLogger(__name__)
# Rejects named one by one in a warning or an --on-bad-input error message; rejects.parquet has them all.
MAX_LISTED_REJECTS = 50


class ExactDuplicateFileFilter(Filter):
    """The same bytes under a second name: the first path (in sorted order) is the row, the rest rejects."""

    name = "exact_duplicate_file_v1"

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, str] = {}

    def keep(self, article: Article) -> bool | tuple[bool, str]:
        first = self.seen.setdefault(article.id, article.source_file)
        if first == article.source_file:
            return True
        article.reject_detail = f"same bytes as {first}"
        return False, "identical_file"


def corpus_steps(settings: Settings) -> list[Step]:
    """The steps that need every article at once, run after the per-article stage."""
    from build_dataset.dedup import DuplicateGrouper

    if settings.engine == "ray":
        from build_dataset.ray_engine import ray_candidate_pairs

        find_pairs = functools.partial(ray_candidate_pairs, address=settings.ray_address, workers=settings.workers)
        return [DuplicateGrouper(find_pairs), GroupDatePropagator(), OfficialsCorpusPass()]
    return [DuplicateGrouper(workers=settings.workers), GroupDatePropagator(), OfficialsCorpusPass()]


def default_steps(settings: Settings, taxonomy: dict) -> list[Step]:
    """Every step of a build, in order (the manifest and the cache key record their versioned names)."""
    return [ExactDuplicateFileFilter(), *per_article_steps(settings, taxonomy), *corpus_steps(settings)]


def run_steps(articles: Iterable[Article], steps: list[Step]) -> Iterator[Article]:
    for step in steps:
        articles = step.run(articles)
    return iter(articles)


@dataclass
class BuildResult:
    output_dir: Path
    stats: dict
    rejects: list[Article] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    step_stats: dict[str, dict] = field(default_factory=dict)
    cache_hits: int = 0


def _check_inputs(settings: Settings) -> tuple[Path, list[Path]]:
    """The folder records are named relative to, and the input files in a stable order."""
    source = settings.input_dir
    if source.is_file():
        return source.parent, [source]
    if not source.is_dir():
        raise ConfigError(f"input folder {source} does not exist or is not a folder")
    return source, [p for p in find_inputs(source) if not _is_build_output(p, settings.output_dir)]


def _is_build_output(path: Path, output_dir: Path) -> bool:
    """An output folder inside the input folder (with its staging, backup and cache siblings) is not input."""
    output = output_dir.resolve()
    for parent in (path.parent.resolve() / path.name).parents:
        if parent == output or (parent.parent == output.parent and parent.name.startswith(f".{output.name}.")):
            return True
    return False


def _read(root: Path, files: list[Path], settings: Settings) -> Iterator[Article]:
    articles = iter_articles(root, files, settings.corpus_fields, settings.max_bytes)
    total = input_count(files) if is_shown(settings.show_progress) else None
    return progress(articles, "reading and annotating", settings.show_progress, total=total)


def _stage(settings: Settings, taxonomy: dict, cache: ArticleCache | None):
    factory = functools.partial(per_article_steps, settings, taxonomy)
    if settings.engine == "ray":
        from build_dataset.ray_engine import RayStage

        return RayStage(factory, settings.workers, settings.batch_size, settings.ray_address)
    return PerArticleStage(factory, settings.workers, settings.batch_size, cache, while_busy=_preload_outputs)


def build_versions(settings: Settings, taxonomy: dict) -> dict:
    """What the build is made with (the manifest and stats.json record it)."""
    step_names = [step.name for step in default_steps(settings, taxonomy)]
    return manifest.build_versions(step_names, taxonomy, settings.taxonomy_path, settings.spacy_model)


def _open_cache(settings: Settings, versions: dict) -> ArticleCache | None:
    """The article cache, keyed by the build's versions and the pipeline's own source."""
    if settings.cache_dir is None:
        return None
    return ArticleCache(settings.cache_dir / "articles.sqlite", versions_key({**versions, "code": code_digest()}))


def removed_line_counts(articles: list[Article]) -> dict[str, dict]:
    """Lines the cleaner removed, by reason: recomputed from the articles so cached ones count too."""
    counts = Counter(f"removed_{reason}" for a in articles for reason, _ in a.removed)
    return {PageCleaner.name: dict(sorted(counts.items()))}


def _reject_line(article: Article) -> str:
    return f"{article.source_file}: {article.reject_reason} {article.reject_detail or ''}".rstrip()


def _apply_policy(rejects: list[Article], settings: Settings) -> None:
    """``error``: any reject fails the build before anything is written. ``warn`` (default): one warning per
    reject, up to MAX_LISTED_REJECTS. ``skip``: quiet, except for ``step_error`` rejects, which are bugs."""
    if not rejects:
        return
    if settings.on_bad_input == "error":
        listing = "\n".join(f"  - {_reject_line(a)}" for a in rejects[:MAX_LISTED_REJECTS])
        more = len(rejects) - MAX_LISTED_REJECTS
        listing += f"\n  ... and {more} more" if more > 0 else ""
        raise BadInputError(
            f"{len(rejects)} inputs were rejected and --on-bad-input is error; nothing was published:\n{listing}"
        )
    loud = rejects if settings.on_bad_input == "warn" else [a for a in rejects if a.reject_reason == "step_error"]
    for article in loud[:MAX_LISTED_REJECTS]:
        LOGGER.warning("rejected %s", _reject_line(article))
    if len(loud) > MAX_LISTED_REJECTS:
        LOGGER.warning("... and %d more rejects; rejects.parquet lists every one", len(loud) - MAX_LISTED_REJECTS)


def outputs():
    """The module that writes a build's outputs, imported when needed: it pulls in the card, charts, Croissant
    and great-expectations (seconds of imports a worker, or a build refused early, never needs)."""
    from build_dataset import outputs as module

    return module


def _preload_outputs() -> None:
    """Import the writers and great-expectations (seconds) while worker processes annotate."""
    try:
        outputs().preload()
    except Exception:  # an import that fails here fails again, with its message, where it is needed
        LOGGER.debug("preloading the writers failed", exc_info=True)


def build(settings: Settings) -> BuildResult:
    started = time.perf_counter()
    root, files = _check_inputs(settings)
    try:
        taxonomy = load_taxonomy(settings.taxonomy_path)
    except (OSError, ValueError, KeyError) as error:
        raise ConfigError(f"cannot read taxonomy {settings.taxonomy_path}: {error}") from None
    output_dir = settings.output_dir.resolve()
    check_output_dir(output_dir, root)
    with output_lock(output_dir):
        recover_interrupted_swap(output_dir)
        versions = build_versions(settings, taxonomy)
        cache = _open_cache(settings, versions)
        reader = ExactDuplicateFileFilter()
        stage = _stage(settings, taxonomy, cache)
        annotated = list(stage.run(reader.run(_read(root, files, settings))))
        if cache:
            cache.close()
        timings = dict(stage.seconds)
        for step in corpus_steps(settings):
            step_started = time.perf_counter()
            annotated = list(step.run(annotated))
            timings[step.name] = time.perf_counter() - step_started
        rejects = [a for a in annotated if a.reject_reason]
        articles = [a for a in annotated if not a.reject_reason]
        _apply_policy(rejects, settings)
        with staged_output(output_dir) as staging:
            write_started = time.perf_counter()
            stats = outputs().write_outputs(
                staging, articles, rejects, taxonomy, removed_line_counts(articles), len(annotated), settings, versions
            )
            timings["validate_and_write"] = time.perf_counter() - write_started
    step_stats = {name: dict(counts) for name, counts in stage.stats.items()}
    step_stats[reader.name] = dict(reader.stats)
    return BuildResult(
        output_dir, stats, rejects, time.perf_counter() - started, timings, step_stats, getattr(stage, "cache_hits", 0)
    )
