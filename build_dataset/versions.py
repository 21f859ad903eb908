"""Versions of everything that shapes an article's annotations, and one key that changes when any does."""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

import spacy

from build_dataset.steps import Step
from schema.arrow import arrow_schema

PACKAGE = Path(__file__).resolve().parent
RESOURCES = PACKAGE / "resources"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_version() -> str:
    try:
        return importlib.metadata.version("news-dataset-publisher")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def model_version(model: str) -> str:
    try:
        return importlib.metadata.version(model)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def code_digest() -> str:
    """Digest of the pipeline's own source, so an edited annotator invalidates the cache even without a bump."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def component_versions(steps: list[Step], taxonomy_path: Path, model: str) -> dict[str, str]:
    """Pipeline, steps, schema, taxonomy, registries and NER model: what the manifest and the cache key record."""
    registries = {p.name: _sha256(p.read_bytes())[:16] for p in sorted(RESOURCES.glob("*.yaml"))}
    return {
        "pipeline": package_version(),
        "code": code_digest(),
        "steps": ",".join(step.name for step in steps),
        "schema": _sha256(arrow_schema().to_string().encode())[:16],
        "taxonomy": _sha256(Path(taxonomy_path).read_bytes())[:16],
        "registries": ",".join(f"{name}:{digest}" for name, digest in registries.items()),
        "ner_model": f"{model}=={model_version(model)} (spacy {spacy.__version__})",
    }


def versions_key(versions: dict[str, str]) -> str:
    return _sha256(repr(sorted(versions.items())).encode())[:16]
