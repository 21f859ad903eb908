"""Package and model versions, a digest of the pipeline's own source, and one cache key over all of them."""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]


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


def versions_key(versions: dict[str, str]) -> str:
    return _sha256(repr(sorted(versions.items())).encode())[:16]
