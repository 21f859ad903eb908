"""Which files a build reads: the input folder's pages, never the output and never an earlier build's output.

A folder inside the input tree that holds a build's ``manifest.json`` or ``stats.json`` beside an ``articles/``
folder is an earlier build's output (a copied dataset, a ``.data.previous`` backup): its files are skipped and
counted (``stats.json["skipped_build_output_files"]``), not read as articles.
"""

from __future__ import annotations

import functools
from pathlib import Path

from build_dataset.core.errors import ConfigError
from build_dataset.core.settings import Settings
from build_dataset.io.files import find_inputs

BUILD_OUTPUT_FILES = ("manifest.json", "stats.json")
BUILD_OUTPUT_FOLDER = "articles"


@functools.lru_cache(maxsize=4096)
def is_build_output(folder: Path) -> bool:
    return (folder / BUILD_OUTPUT_FOLDER).is_dir() and any((folder / name).is_file() for name in BUILD_OUTPUT_FILES)


def _inside_build_output(path: Path, root: Path) -> bool:
    folder = path.parent
    while folder != root and root in folder.parents:
        if is_build_output(folder):
            return True
        folder = folder.parent
    return is_build_output(root)


def check_inputs(settings: Settings) -> tuple[Path, list[Path], int]:
    """The folder records are named relative to, the input files in a stable order, and how many files of
    earlier build outputs were skipped. An output folder inside the input folder is refused."""
    source = settings.input_dir
    if source.is_file():
        return source.parent, [source], 0
    if not source.is_dir():
        raise ConfigError(f"input folder {source} does not exist or is not a folder")
    output, inputs = settings.output_dir.resolve(), source.resolve()
    if inputs in output.parents:
        raise ConfigError(
            f"output folder {output} is inside the input folder {inputs}; the next build would read this one's "
            "outputs as pages, so choose an --output outside the inputs"
        )
    is_build_output.cache_clear()
    found = find_inputs(source)
    files = [p for p in found if not _inside_build_output(p, source)]
    return source, files, len(found) - len(files)
