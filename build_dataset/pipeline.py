"""``build(settings)``: the ordered steps, drained, validated, written to a staging folder and swapped in.

Nothing under the output folder changes until every row passed the schema and the expectations; a killed
or failed build leaves the previous output as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import filelock

from build_dataset import card, expectations, splits, write
from build_dataset.annotate.dates import DateAnnotator, GroupDatePropagator
from build_dataset.annotate.language import LanguageAnnotator
from build_dataset.annotate.officials import OfficialsAnnotator
from build_dataset.annotate.sources import SourceAnnotator
from build_dataset.annotate.topics import TopicAnnotator, load_taxonomy
from build_dataset.article import Article
from build_dataset.clean import ArticleFilter, PageCleaner
from build_dataset.dedup import DuplicateGrouper
from build_dataset.errors import BadInputError, ConfigError, OutputLockedError
from build_dataset.nlp import DocReleaser, SpacyParser
from build_dataset.progress import progress
from build_dataset.read import find_inputs, read_article
from build_dataset.settings import Settings
from build_dataset.stats import dataset_stats
from build_dataset.steps import Filter, Step
from build_dataset.validate import article_row, rows_frame, validate_frame

LOGGER = logging.getLogger(__name__)


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


def default_steps(settings: Settings, taxonomy: dict) -> list[Step]:
    return [
        ExactDuplicateFileFilter(),
        PageCleaner(),
        ArticleFilter(),
        LanguageAnnotator(),
        SpacyParser(settings.spacy_model),
        DateAnnotator(),
        SourceAnnotator(),
        OfficialsAnnotator(model=settings.spacy_model),
        TopicAnnotator(taxonomy),
        DocReleaser(),
        DuplicateGrouper(),
        GroupDatePropagator(),
    ]


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


def _check_inputs(settings: Settings) -> list[Path]:
    if not settings.input_dir.is_dir():
        raise ConfigError(f"input folder {settings.input_dir} does not exist or is not a folder")
    return find_inputs(settings.input_dir)


def _read(paths: list[Path], settings: Settings) -> Iterator[Article]:
    for path in progress(paths, "reading and annotating", settings.show_progress):
        yield read_article(path, settings.input_dir, settings.max_bytes)


def _apply_policy(rejects: list[Article], settings: Settings) -> None:
    if not rejects:
        return
    if settings.on_bad_input == "error":
        listing = "\n".join(f"  - {a.source_file}: {a.reject_reason} {a.reject_detail or ''}" for a in rejects)
        raise BadInputError(f"{len(rejects)} inputs were rejected and --on-bad-input is error:\n{listing}")
    if settings.on_bad_input == "warn":
        for article in rejects:
            LOGGER.warning(
                "rejected %s: %s %s", article.source_file, article.reject_reason, article.reject_detail or ""
            )


@contextmanager
def output_lock(output_dir: Path):
    """One build per output folder at a time: a second one refuses at once with a clear message."""
    lock_path = output_dir.parent / f".{output_dir.name}.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(lock_path)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        raise OutputLockedError(
            f"another build is writing {output_dir} (lock {lock_path}); try again when it ends"
        ) from None
    try:
        yield
    finally:
        lock.release()


def _backup_path(output_dir: Path) -> Path:
    return output_dir.parent / f".{output_dir.name}.previous"


def recover_interrupted_swap(output_dir: Path) -> None:
    """A build killed between the two renames of ``swap_in`` left the old output as the backup: restore it."""
    backup = _backup_path(output_dir)
    if backup.exists() and not output_dir.exists():
        backup.rename(output_dir)
    elif backup.exists():
        shutil.rmtree(backup)


def swap_in(staging: Path, output_dir: Path) -> None:
    backup = _backup_path(output_dir)
    if output_dir.exists():
        output_dir.rename(backup)
    staging.rename(output_dir)
    if backup.exists():
        shutil.rmtree(backup)


def _write_outputs(
    staging: Path,
    articles: list[Article],
    rejects: list[Article],
    taxonomy: dict,
    step_stats: dict,
    inputs: int,
    settings: Settings,
) -> dict:
    topic_ids = [t["id"] for t in taxonomy["topics"]]
    frame = validate_frame(rows_frame([article_row(a) for a in articles]), topic_ids)
    frames = splits.split_frame(frame, settings.splits)
    shards = write.write_articles(frames, staging)
    write.write_rejects(rejects, staging)
    stats = dataset_stats(frame, rejects, step_stats, inputs)
    split_counts = {name: f.height for name, f in frames.items()}
    stats["splits"] = split_counts
    write.write_json(stats, staging / "stats.json")
    expectations.check_dataset(staging, frame, stats, topic_ids)
    card.write_card(staging, shards, stats, split_counts, taxonomy, settings)
    return stats


def build(settings: Settings) -> BuildResult:
    started = time.perf_counter()
    paths = _check_inputs(settings)
    try:
        taxonomy = load_taxonomy(settings.taxonomy_path)
    except (OSError, ValueError, KeyError) as error:
        raise ConfigError(f"cannot read taxonomy {settings.taxonomy_path}: {error}") from None
    output_dir = settings.output_dir.resolve()
    with output_lock(output_dir):
        recover_interrupted_swap(output_dir)
        steps = default_steps(settings, taxonomy)
        everything = list(run_steps(_read(paths, settings), steps))
        rejects = [a for a in everything if a.reject_reason]
        articles = [a for a in everything if not a.reject_reason]
        _apply_policy(rejects, settings)
        step_stats = {step.name: dict(step.stats) for step in steps}
        staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.staging-", dir=output_dir.parent))
        staging.chmod(0o755)
        try:
            stats = _write_outputs(staging, articles, rejects, taxonomy, step_stats, len(paths), settings)
            _fsync_tree(staging)
            swap_in(staging, output_dir)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(output_dir, stats, rejects, time.perf_counter() - started)


def _fsync_tree(root: Path) -> None:
    """Flush every written file before the swap, so a power cut cannot publish empty files."""
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            with open(Path(dirpath) / name, "rb") as handle:
                os.fsync(handle.fileno())
