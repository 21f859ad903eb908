"""What a build is made with: package and model versions, the schema, taxonomy and registries (recorded in
stats.json and the manifest), a digest of the pipeline's own source, and one cache key over all of them."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
from pathlib import Path

import yaml

from build_dataset.core.options import family_of, read_yaml
from build_dataset.pipeline import PER_ARTICLE, PIPELINE, declared_options

PACKAGE = Path(__file__).resolve().parents[1]
RESOURCES = PACKAGE / "resources"
SHORT_HASH = 16
# sha256 of a registry -> its declared version (``_declared_version``)
DECLARED_VERSIONS: dict[str, str | None] = {}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


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


def versions_key(versions: dict[str, str]) -> str:
    return _sha256(repr(sorted(versions.items())).encode())[:16]


def _schema_fingerprint() -> str:
    # imported here: the schema pulls in pyarrow, polars and pandera (~0.7 s), which a caller that only needs
    # ``code_digest`` (the scale benchmark, before the build starts its workers) should not wait for
    from build_dataset.publish.parquet import OFFICIALS_SCHEMA
    from build_dataset.schema.arrow import arrow_schema

    text = arrow_schema().to_string() + OFFICIALS_SCHEMA.to_string()
    return hashlib.sha256(text.encode()).hexdigest()[:SHORT_HASH]


def _registry_versions() -> dict[str, dict]:
    """Every reference registry in ``resources/``: its declared ``version`` (when it has one) and sha256."""
    registries = {}
    for path in sorted(RESOURCES.glob("*.yaml")):
        data = path.read_bytes()
        digest = _sha256(data)
        registries[path.name] = {"version": _declared_version(data, digest), "sha256": digest}
    return registries


def _declared_version(data: bytes, digest: str) -> str | None:
    """A registry's declared version, parsed once per content (``digest``, its sha256) in a process: a build asks
    for its versions again for a corpus step's store (``articles_key``), and parsing the registries takes ~0.1 s."""
    if digest not in DECLARED_VERSIONS:
        try:
            declared = read_yaml(data.decode("utf-8"))
        except yaml.YAMLError:
            declared = None
        version = declared.get("version") if isinstance(declared, dict) else None
        DECLARED_VERSIONS[digest] = None if version is None else str(version)
    return DECLARED_VERSIONS[digest]


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


def build_config(settings) -> dict:
    """The settings a build was made with, recorded beside the versions. ``article`` changes what the steps
    write on an article (the as-of day bounds dates; the read limits and corpus fields change what is read):
    it is part of the cache key. ``publish`` decides what is published and how it is split."""
    return {
        "article": {
            "as_of": settings.as_of.isoformat() if settings.as_of else None,
            "max_bytes": settings.max_bytes,
            "corpus_fields": dataclasses.asdict(settings.corpus_fields),
        },
        "options": settings.options.resolved(declared_options()),
        "publish": {
            "splits": dict(settings.splits),
            "on_bad_input": settings.on_bad_input,
            "max_reject_share": settings.max_reject_share,
            "strict_coverage": settings.strict_coverage,
        },
    }


def settings_versions(settings, taxonomy: dict) -> dict:
    """What a build with ``settings`` is made with (``build_versions``), with its config (``build_config``)."""
    versions = build_versions(PIPELINE, taxonomy, settings.taxonomy_path, settings.spacy_model)
    versions["config"] = build_config(settings)
    return versions


def articles_key(settings, taxonomy: dict) -> str:
    """The article cache's key for a build with ``settings``: what an article's annotations depend on."""
    return articles_key_of(settings_versions(settings, taxonomy))


def articles_key_of(versions: dict) -> str:
    """``articles_key`` from a build's ``settings_versions``, already made."""
    return versions_key(cache_versions(versions))


def cache_versions(versions: dict) -> dict:
    """What an article's cache entry depends on: every version, the article settings, the thresholds of the
    per-article steps (a corpus step's thresholds change nothing cached), the pipeline's source."""
    config = versions.get("config", {})
    others = {k: v for k, v in versions.items() if k != "config"}
    per_article = {family_of(d) for d in declared_options(PER_ARTICLE)}
    options = {family: values for family, values in (config.get("options") or {}).items() if family in per_article}
    return {**others, "config": config.get("article"), "options": options, "code": code_digest()}
