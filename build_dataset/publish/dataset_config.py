"""``dataset.yaml``: what a corpus's curators say about their dataset (name, license, source, citation).

The card, DATASHEET.md, croissant.json and ``publish`` read it, so nothing about one corpus lives in the code.
It is found beside the input (``INPUT/dataset.yaml`` for a folder, ``dataset.yaml`` next to a corpus file) or
given with ``--config``; ``build-dataset init [DIR]`` writes a commented one. Without one, the build still
runs, and the card says which facts nobody stated (license ``unknown``, no repository, no citation).
The reader of inputs only takes ``*.txt``/``*.html``/``*.jsonl``/``*.parquet`` files
(``io.files.INPUT_SUFFIXES``), so the config is never read as an article.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from build_dataset.core.errors import ConfigError

CONFIG_FILE = "dataset.yaml"
# Hub repo ids: ORG/NAME with letters, digits, "-", "_" and "." (huggingface_hub.utils.validate_repo_id).
REPO_ID = re.compile(r"^[\w.-]+/[\w.-]+$")
UNSTATED = "not stated in dataset.yaml"


@dataclass(frozen=True)
class DatasetConfig:
    repo_id: str | None = None
    pretty_name: str = "News articles"
    description: str = ""
    homepage: str | None = None
    # An SPDX-style Hub license id (e.g. cc-by-4.0), "unknown", or "other" with license_name and license_link.
    license: str = "unknown"
    license_name: str | None = None
    license_link: str | None = None
    license_text: str | None = None  # written to OUTPUT/LICENSE when given
    citation: str | None = None
    curators: str = UNSTATED
    languages: list[str] = field(default_factory=list)
    source: str = UNSTATED
    tags: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    # The period the articles should be dated in (YYYY-MM-DD); dates outside it are reported by the expectations.
    earliest_date: str | None = None
    latest_date: str | None = None
    # The day the dataset describes (YYYY-MM-DD), when it should not be the day of the build: dates after the next
    # day are implausible, and a rebuild gives the same files whatever day it runs. --as-of overrides it.
    as_of: str | None = None

    @property
    def name(self) -> str:
        """The dataset's short name: the repo id's NAME, else the pretty name as a slug."""
        if self.repo_id:
            return self.repo_id.split("/", 1)[1]
        return re.sub(r"[^a-z0-9]+", "-", self.pretty_name.lower()).strip("-") or "dataset"

    @property
    def url(self) -> str | None:
        """The dataset's home: its Hub page when a repo id is set, else the homepage (or None)."""
        return f"https://huggingface.co/datasets/{self.repo_id}" if self.repo_id else self.homepage

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _check(config: DatasetConfig, where: str) -> DatasetConfig:
    if config.repo_id is not None and not REPO_ID.match(config.repo_id):
        raise ConfigError(f"{where}: repo_id must look like ORG/NAME, got {config.repo_id!r}")
    if config.license == "other" and not (config.license_name and config.license_link):
        raise ConfigError(f"{where}: license `other` needs license_name and license_link")
    for bound in [b for b in (config.earliest_date, config.latest_date, config.as_of) if b is not None]:
        try:
            dt.date.fromisoformat(bound)
        except ValueError:
            raise ConfigError(
                f"{where}: earliest_date, latest_date and as_of must be YYYY-MM-DD, got {bound!r}"
            ) from None
    if not re.fullmatch(r"[a-z0-9][a-z0-9.+-]*", config.license):
        raise ConfigError(f"{where}: license must be a Hub license id (e.g. cc-by-4.0, other), got {config.license!r}")
    return config


def from_dict(values: dict, where: str = CONFIG_FILE) -> DatasetConfig:
    known = {f.name for f in dataclasses.fields(DatasetConfig)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown keys {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    # YAML reads an unquoted 2024-01-31 as a date; the config keeps dates as ISO strings (as stats.json does)
    values = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items() if v is not None}
    return _check(DatasetConfig(**values), where)


def load_config(path: Path) -> DatasetConfig:
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read the dataset config {path}: {error}") from None
    if not isinstance(values, dict):
        raise ConfigError(f"{path}: expected a mapping of keys to values")
    return from_dict(values, str(path))


def config_beside(input_path: Path) -> Path:
    return (input_path if input_path.is_dir() else input_path.parent) / CONFIG_FILE


def resolve_config(input_path: Path, config_path: Path | None = None) -> tuple[DatasetConfig, Path | None]:
    """The config given, else the one beside the input, else the defaults; and the file it came from."""
    path = config_path or config_beside(input_path)
    if config_path is None and not path.is_file():
        return DatasetConfig(), None
    return load_config(path), path


TEMPLATE = """\
# dataset.yaml: what the card, DATASHEET.md, croissant.json and `build-dataset publish` say about this dataset.
# Kept beside the input (or passed with --config). Every key is optional; what is left out is reported as
# not stated. Plain YAML: quote values that contain a colon.

# The Hub repository the dataset is published to (ORG/NAME); `publish` uses it when --repo-id is not given.
repo_id: null
pretty_name: "My news dataset"
# One paragraph: what the rows are, where they come from, what was added.
description: ""
homepage: null

# A Hub license id (https://huggingface.co/docs/hub/repositories-licenses), e.g. cc-by-4.0 or mit;
# `unknown` if you do not know; `other` with license_name and license_link for anything else.
license: unknown
license_name: null
license_link: null   # a URL, or LICENSE to ship license_text as OUTPUT/LICENSE
license_text: null

# BibTeX entry for the dataset; omit to have none.
citation: null
curators: "not stated"
# ISO 639-1 codes of the languages you expect (the card lists what the build found).
languages: [en]
# Where the pages come from and how they were collected (datasheet: Collection process).
source: "not stated"
tags: [news]
# The day the dataset describes (YYYY-MM-DD); left out, the day of each build (--as-of overrides both).
as_of: null

# Curators' answers for the datasheet, by section: motivation, composition, collection, uses,
# distribution, maintenance. Each is a paragraph added to that section.
notes: {}

# The period the articles should be dated in, YYYY-MM-DD (optional): the expectations report dates outside it.
earliest_date: null
latest_date: null
"""


def write_template(folder: Path) -> Path:
    """``build-dataset init``: a commented dataset.yaml in ``folder``; never overwrites one."""
    path = folder / CONFIG_FILE
    if path.exists():
        raise ConfigError(f"{path} already exists; edit it or remove it first")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE, encoding="utf-8")
    return path
