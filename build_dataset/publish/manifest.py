"""``manifest.json``: sha256 of every input and output file, and the versions of what produced them.

With the manifest a user can check that a download is complete and unaltered, and tell which inputs,
pipeline, steps, schema, taxonomy, registries and NER model a build came from.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from build_dataset.core.versions import sha256_file
from build_dataset.publish.parquet import write_json

MANIFEST = "manifest.json"
NOT_IN_MANIFEST = (MANIFEST,)


def list_files(root: Path) -> list[Path]:
    """Regular files under ``root`` (symlinks and hidden entries skipped), in a stable order."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.startswith(".") and path.is_file() and not path.is_symlink():
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def checksums(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """{relative posix path: sha256} of the files under ``root``, except those starting with a ``skip`` prefix."""
    sums = {}
    for path in list_files(root):
        relative = path.relative_to(root).as_posix()
        if not relative.startswith(skip):
            sums[relative] = sha256_file(path)
    return sums


def input_checksums(source: Path, root: Path | None = None, files: list[Path] | None = None) -> dict[str, str]:
    """The files the build read (``files``, named relative to ``root``), or, without a list, the input
    folder's files or the one corpus file given as input. A listed folder (a symlinked folder the build rejected) or a
    file that cannot be read has no checksum and is left out."""
    if files is None:
        return {source.name: sha256_file(source)} if source.is_file() else checksums(source)
    sums = {}
    for path in files:
        try:
            if path.is_file():
                sums[path.relative_to(root).as_posix()] = sha256_file(path)
        except OSError:
            continue
    return sums


def write_manifest(
    out: Path,
    input_dir: Path,
    versions: dict,
    root: Path | None = None,
    files: list[Path] | None = None,
    config_path: Path | None = None,
) -> dict:
    """Written last: it covers every other output file. ``versions`` carries the build's settings
    (``config``: the as-of day, read limits, splits, error budget) beside the versions of what it ran;
    ``dataset_config``: the dataset.yaml read (its values are in stats.json), by name and sha256, or None."""
    manifest = {
        "versions": versions,
        "inputs": input_checksums(input_dir, root, files),
        "outputs": checksums(out, NOT_IN_MANIFEST),
        "dataset_config": {"file": config_path.name, "sha256": sha256_file(config_path)} if config_path else None,
    }
    write_json(manifest, out / MANIFEST)
    return manifest


def verify_manifest(root: Path) -> list[str]:
    """Output files whose sha256 differs from the manifest, or that are missing or unlisted."""
    listed = json.loads((root / MANIFEST).read_text(encoding="utf-8"))["outputs"]
    actual = checksums(root, NOT_IN_MANIFEST)
    problems = [f"{name}: changed" for name in listed if name in actual and actual[name] != listed[name]]
    problems += [f"{name}: missing" for name in listed if name not in actual]
    problems += [f"{name}: not in the manifest" for name in actual if name not in listed]
    return problems
