"""``build(settings)``: the steps of ``pipeline.PIPELINE`` run over the inputs, the rows validated, written to a
staging folder and swapped in.

Nothing under the output folder changes until no step raised, the rejects are within the error budget
(``run/budget.py``) and every row passed the schema and the expectations; a killed or failed build leaves the
previous output as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from build_dataset.annotate.topics.annotator import load_taxonomy
from build_dataset.core.article import Article
from build_dataset.core.errors import BadInputError, ConfigError, StepFailedError
from build_dataset.core.settings import Settings
from build_dataset.core.steps import Step
from build_dataset.io.formats import input_count, iter_articles
from build_dataset.pipeline import CORPUS, PER_ARTICLE, READ, declared_options, make_steps
from build_dataset.publish import hf_features, side_process
from build_dataset.publish.dataset_config import DatasetConfig, resolve_config
from build_dataset.publish.output_dir import check_output_dir, output_lock, recover_interrupted_swap, staged_output
from build_dataset.run.budget import check_reject_share, check_step_errors, merged_step_stats
from build_dataset.run.cache import ArticleCache
from build_dataset.run.engine import PerArticleStage, abandon_workers, start_pool
from build_dataset.run.inputs import check_inputs
from build_dataset.run.memory import collector_paused, long_lived_heap, release_freed_memory
from build_dataset.run.progress import is_shown, progress, status
from build_dataset.run.ranks import RankedStage, RankTask, inputs_digest
from build_dataset.run.staging import staged_corpus

LOGGER = logging.getLogger(__name__)
# Rejects named one by one in a warning or an --on-bad-input error message; rejects.parquet has them all.
MAX_LISTED_REJECTS = 50
# In the cache folder: what the inputs were (``ranks.inputs_digest``) when a build last completed with this cache.
INPUTS_MARK = "inputs.digest"


@dataclass
class BuildResult:
    output_dir: Path
    stats: dict
    rejects: list[Article] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    step_stats: dict[str, dict] = field(default_factory=dict)
    cache_hits: int = 0
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds of each phase of the build, in order


def _annotated(
    stage, readers: list[Step], root: Path, files: list[Path], settings: Settings
) -> Iterator[tuple[int, Article]]:
    """The per-article stage over the inputs, as (input position, record) in the order they are done (the local
    engine's; the others give them in input order); the progress bar counts articles as they leave it."""
    articles = _chain(readers, iter_articles(root, files, settings.corpus_fields, settings.max_bytes))
    total = input_count(files) if is_shown(settings.show_progress) else None
    numbered = stage.run_unordered(articles) if isinstance(stage, PerArticleStage) else enumerate(stage.run(articles))
    return progress(numbered, "annotating", settings.show_progress, total=total)


def _chain(steps: list[Step], articles: Iterable[Article]) -> Iterator[Article]:
    for step in steps:
        articles = step.run(articles)
    return iter(articles)


def _read(settings: Settings, taxonomy: dict, root: Path, files: list[Path]) -> Iterator[Article]:
    """The input stream after the read steps (what a rank of ``--ranks`` reads for itself)."""
    return _chain(make_steps(READ, settings, taxonomy), iter_articles(root, files, settings.corpus_fields,
                                                                      settings.max_bytes))


def _stage(
    settings: Settings, taxonomy: dict, cache: ArticleCache | None, inputs: tuple[Path, list[Path], str], pool=None
):
    factory = functools.partial(make_steps, PER_ARTICLE, settings, taxonomy)
    if settings.ranks:
        root, files, key = inputs
        folder = settings.output_dir.resolve().parent / f".{settings.output_dir.resolve().name}.ranks"
        task = RankTask(factory, folder, f"{key}:{inputs_digest(root, files)}", settings.batch_size)
        read = functools.partial(_read, settings, taxonomy, root, files)
        return RankedStage(task, read, settings.ranks, settings.workers, settings.resume)
    if settings.engine == "ray":
        from build_dataset.run.ray_engine import RayStage

        return RayStage(factory, settings.workers, settings.batch_size, settings.ray_address)
    return PerArticleStage(
        factory,
        settings.workers,
        settings.batch_size,
        cache,
        while_busy=_preload_outputs,
        pool=pool,
        after_reading=functools.partial(_start_checks, settings, beside_workers=True),
    )


def _early_pool(settings: Settings, taxonomy: dict, inputs: str | None):
    """The local engine's worker processes, started before this process imports the steps and reads the inputs
    (they import and load their models meanwhile), when the build will need them: several local workers and no
    cache that could answer every input, i.e. no cache, or one last completed for other inputs (``inputs``:
    their digest; an incremental build's new pages then do not wait for the workers to start). Otherwise None:
    the stage starts them when a batch needs them. A build that fails before its stage is done with the pool
    (a configuration error) stops its processes at once (``abandon_workers``)."""
    if settings.workers <= 1 or settings.ranks or settings.engine == "ray":
        return None
    if settings.cache_dir is not None and _cache_path(settings).exists() and inputs is not None and (
        _cached_inputs(settings) == inputs
    ):
        return None
    return start_pool(functools.partial(make_steps, PER_ARTICLE, settings, taxonomy), settings.workers)


def _cached_inputs(settings: Settings) -> str | None:
    try:
        return (settings.cache_dir / INPUTS_MARK).read_text(encoding="utf-8")
    except OSError:
        return None


def _inputs_digest(root: Path, files: list[Path]) -> str | None:
    """``ranks.inputs_digest``, or None when an input cannot be read (a dangling link: it becomes a reject)."""
    try:
        return inputs_digest(root, files)
    except OSError:
        return None


def _mark_cached_inputs(settings: Settings, inputs: str | None) -> None:
    if inputs is not None and settings.cache_dir is not None and settings.cache_dir.is_dir():
        (settings.cache_dir / INPUTS_MARK).write_text(inputs, encoding="utf-8")


def _lap(phases: dict[str, float], name: str, started: float) -> float:
    """Record the wall seconds of phase ``name``, since the phases before it ended; return the seconds so far."""
    so_far = time.perf_counter() - started
    phases[name] = so_far - sum(phases.values())
    return so_far


def _cache_path(settings: Settings) -> Path:
    return settings.cache_dir / "articles.sqlite"


def _open_cache(settings: Settings, key: str) -> ArticleCache | None:
    """The article cache, keyed (``key``) by the build's versions, article settings and the pipeline's own
    source."""
    if settings.cache_dir is None:
        return None
    return ArticleCache(_cache_path(settings), key)


def _run_corpus_steps(
    steps: list[Step], annotated: list[Article], timings: dict, after_peak: Callable[[], None] = lambda: None
) -> list[Article]:
    """The corpus steps, in the driver; one that raises fails the build with its name and traceback.
    ``after_peak`` runs once, after the last step that holds a large transient (``holds_large_transient``; before
    the first step when none does), so what it starts does not add to that step's peak."""
    peak = max((k for k, step in enumerate(steps) if getattr(step, "holds_large_transient", False)), default=-1)
    if peak < 0:
        after_peak()
    for position, step in enumerate(steps):
        step_started = time.perf_counter()
        try:
            annotated = list(step.run(annotated))
        except Exception as error:  # a bug in a corpus step: every article is affected, nothing is published
            trace = traceback.format_exc().rstrip()
            raise StepFailedError(
                f"step {step.name} raised (a bug, not bad input); nothing was published.\n{trace}"
            ) from error
        timings[step.name] = time.perf_counter() - step_started
        if position == peak:
            after_peak()
    return annotated


def _warn_contradictions(step_stats: dict[str, dict]) -> None:
    """One warning per step whose corpus fields (--date-field, ...) disagreed with what pages say."""
    for step, counts in sorted(step_stats.items()):
        found = {name: n for name, n in counts.items() if name.startswith("metadata_contradicts_") and n}
        if found:
            LOGGER.warning("%s: %s", step, ", ".join(f"{name} in {n} articles" for name, n in sorted(found.items())))


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
    from build_dataset.publish import outputs as module

    return module


def _preload_outputs() -> None:
    """Import the writers (seconds) while worker processes annotate."""
    try:
        outputs().preload()
    except Exception:  # an import that fails here fails again, with its message, where it is needed
        LOGGER.debug("preloading the writers failed", exc_info=True)


def _start_checks(settings: Settings, beside_workers: bool = False) -> None:
    """With cores to spare, start the writer's side process (``publish.side_process``; once): as the workers
    finish a short stage's batches (``PerArticleStage``'s ``after_reading``; ``beside_workers``: at the lowest
    priority), else once the duplicate stage is done (``_run_corpus_steps``' ``after_peak``), so it imports
    great-expectations while the driver would otherwise wait, not while the workers need every core, nor while
    the driver holds its largest transient (its ~270 MB beside it made the 100k build's peak)."""
    if settings.workers > 1:
        side_process.start(beside_workers)
        hf_features.derive_beside()


def _as_of(settings: Settings, config: DatasetConfig) -> dt.date:
    """The day the build describes: ``--as-of``, else the dataset config's ``as_of``, else today."""
    if settings.as_of is not None:
        return settings.as_of
    return dt.date.fromisoformat(config.as_of) if config.as_of else dt.date.today()


def build(settings: Settings) -> BuildResult:
    started = time.perf_counter()
    root, files, skipped = check_inputs(settings)
    dataset = resolve_config(settings.input_dir, settings.config_path)  # read once: the as-of day and the card agree
    settings = dataclasses.replace(settings, as_of=_as_of(settings, dataset[0]))  # fixed once per build
    try:
        taxonomy = load_taxonomy(settings.taxonomy_path)
    except (OSError, ValueError, KeyError) as error:
        raise ConfigError(f"cannot read taxonomy {settings.taxonomy_path}: {error}") from None
    digest = _inputs_digest(root, files)
    pool = _early_pool(settings, taxonomy, digest)
    try:
        with long_lived_heap() as set_aside:
            return _build_with(settings, started, (root, files, skipped, digest, dataset), taxonomy, pool, set_aside)
    except BaseException:  # a configuration error, a bad output folder, Ctrl-C: the workers' models are not needed
        abandon_workers(pool)
        side_process.stop()
        raise


def _build_with(
    settings: Settings, started: float, inputs: tuple, taxonomy: dict, pool, set_aside: Callable[[], None]
) -> BuildResult:
    """``set_aside``: ``memory.long_lived_heap``'s, called once each phase has made what the build holds to its end."""
    # once the early pool's workers are loading their models: the versions' schema fingerprint pulls in pandera and
    # polars (~0.7 s by `python -X importtime`)
    from build_dataset.core.versions import articles_key_of, settings_versions

    root, files, skipped, digest, dataset = inputs
    try:
        settings.options.check(declared_options())
    except ValueError as error:
        raise ConfigError(str(error)) from None
    output_dir = settings.output_dir.resolve()
    check_output_dir(output_dir, root)
    with output_lock(output_dir):
        recover_interrupted_swap(output_dir)
        versions = settings_versions(settings, taxonomy)
        key = articles_key_of(versions)
        cache = _open_cache(settings, key)
        readers = make_steps(READ, settings, taxonomy)
        stage = _stage(settings, taxonomy, cache, (root, files, key), pool)
        with staged_corpus(output_dir) as corpus:
            phases: dict[str, float] = {}
            _lap(phases, "start", started)
            set_aside()  # the modules, steps and versions
            with collector_paused():
                corpus.add_all(_annotated(stage, readers, root, files, settings))
            release_freed_memory()
            set_aside()  # the staged records
            _lap(phases, "read_and_annotate", started)
            if cache:
                cache.close()
            timings = dict(stage.seconds)
            corpus_steps = make_steps(CORPUS, settings, taxonomy)
            with status("grouping duplicates and other corpus steps", settings.show_progress):
                checks = functools.partial(_start_checks, settings)
                articles = _run_corpus_steps(corpus_steps, corpus.kept, timings, checks)
            release_freed_memory()
            set_aside()  # what the corpus steps set on the records
            _lap(phases, "corpus_steps", started)
            rejects = corpus.rejects
            check_step_errors(rejects, corpus.inputs)
            _apply_policy(rejects, settings)
            check_reject_share(rejects, corpus.inputs, settings)
            step_stats = merged_step_stats([corpus.tally.step_counts], PER_ARTICLE, readers + corpus_steps)
            _warn_contradictions(step_stats)
            read = {"files": files, "root": root, "skipped_build_output_files": skipped, "dataset": dataset}
            with staged_output(output_dir) as staging, status("validating and writing", settings.show_progress):
                write_started = time.perf_counter()
                stats = outputs().write_outputs(
                    staging, articles, rejects, taxonomy, step_stats, corpus.inputs, settings, versions, read
                )
                timings["validate_and_write"] = time.perf_counter() - write_started
        _lap(phases, "validate_and_write", started)
        if isinstance(stage, RankedStage):
            stage.clean_up()
        _mark_cached_inputs(settings, digest)
    seconds = _lap(phases, "finish", started)
    return BuildResult(
        output_dir, stats, rejects, seconds, timings, step_stats, getattr(stage, "cache_hits", 0), phases
    )
