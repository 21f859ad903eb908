"""``manifest.json``: sha256 of every input and output file, and the versions of what produced them.

With the manifest a user can check that a download is complete and unaltered, and tell which inputs,
pipeline, steps, schema, taxonomy, registries and NER model a build came from. The Data Docs HTML is left
out (see ``expectations.DATA_DOCS_DIR``): it is a rendering of ``reports/expectations.json``, not data.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import yaml

from build_dataset.core.versions import model_version, package_version
from build_dataset.publish.parquet import OFFICIALS_SCHEMA, write_json
from schema.arrow import arrow_schema

MANIFEST = "manifest.json"
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
NOT_IN_MANIFEST = (MANIFEST, "reports/datadocs/")
SHORT_HASH = 16


def sha256_file(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


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


def input_checksums(source: Path) -> dict[str, str]:
    """The input folder's files, or the one corpus file given as input."""
    return {source.name: sha256_file(source)} if source.is_file() else checksums(source)


def _schema_fingerprint() -> str:
    text = arrow_schema().to_string() + OFFICIALS_SCHEMA.to_string()
    return hashlib.sha256(text.encode()).hexdigest()[:SHORT_HASH]


def _registry_versions() -> dict[str, dict]:
    """Every reference registry in ``resources/``: its declared ``version`` (when it has one) and sha256."""
    registries = {}
    for path in sorted(RESOURCES.glob("*.yaml")):
        try:
            declared = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            declared = None
        version = declared.get("version") if isinstance(declared, dict) else None
        registries[path.name] = {"version": None if version is None else str(version), "sha256": sha256_file(path)}
    return registries


def build_versions(step_names: list[str], taxonomy: dict, taxonomy_path: Path, model: str) -> dict:
    """What a build was made with; stored in stats.json (the card and datasheet show it) and the manifest."""
    return {
        "pipeline": package_version(),
        "steps": list(step_names),
        "schema": _schema_fingerprint(),
        "taxonomy": {
            "name": taxonomy.get("name"),
            "version": str(taxonomy.get("version")),
            "sha256": sha256_file(Path(taxonomy_path)),
        },
        "registries": _registry_versions(),
        "ner_model": {"name": model, "version": model_version(model)},
    }


def write_manifest(out: Path, input_dir: Path, versions: dict) -> dict:
    """Written last: it covers every other output file."""
    manifest = {
        "versions": versions,
        "inputs": input_checksums(input_dir),
        "outputs": checksums(out, NOT_IN_MANIFEST),
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
