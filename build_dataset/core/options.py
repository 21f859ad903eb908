"""Every tunable threshold of a build in one object, each with its documented default.

Every threshold is declared once, in ``build_dataset/resources/options.yaml``: by step family, its default and
where that value came from. ``declare`` makes each family's frozen dataclass from it (``options_type`` on the
step class), whose fields carry the default and, in their metadata, the provenance. A build's ``Options`` holds the
user's overrides (``build-dataset build --options FILE``: YAML ``{step_family: {threshold: value}}``), checks
them against the declarations, and gives each step its resolved thresholds (``Options.of``), which the step
passes to its functions instead of reading module constants. ``Options.resolved`` lists every declared
threshold with its value: stats.json, the manifest and the cache key record it, so a build says what it was
made with and a cached article is never reused under other thresholds.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")
DECLARATIONS = "options.yaml"  # in build_dataset/resources


def read_yaml(text: str) -> Any:
    """``yaml.safe_load``, parsed by libyaml's C loader when PyYAML has it: the same data, about 8x faster (every
    worker reads the packaged registries at start-up). A document the C loader refuses is read again by the
    pure-Python one, so the error raised is the one ``safe_load`` raises."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is not None:
        try:
            return yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


@functools.cache
def declarations() -> dict[str, dict]:
    """``resources/options.yaml``: per step family, ``about`` and its ``thresholds`` (default, doc)."""
    text = resources.files("build_dataset.resources").joinpath(DECLARATIONS).read_text(encoding="utf-8")
    return read_yaml(text)


def declare(family: str, class_name: str, module: str) -> type:
    """The frozen dataclass of one step family's thresholds, as ``resources/options.yaml`` declares them. Bind
    it to ``class_name`` in ``module`` (``KindOptions = declare("kind", "KindOptions", __name__)``) so its
    instances pickle (workers and Ray actors receive them)."""
    spec = declarations()[family]
    fields = [
        (name, type(entry["default"]), dataclasses.field(default=entry["default"], metadata={"doc": entry["doc"]}))
        for name, entry in spec["thresholds"].items()
    ]
    declared = dataclasses.make_dataclass(
        class_name, fields, frozen=True, namespace={"family": family, "__doc__": spec["about"]}
    )
    declared.__module__ = module
    return declared


def family_of(declared: type) -> str:
    """The key a step's thresholds have in an options file: the dataclass's ``family`` class attribute."""
    return declared.family  # type: ignore[attr-defined]


@dataclasses.dataclass(frozen=True)
class Options:
    """A build's threshold overrides; empty means every declared default."""

    overrides: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)

    def check(self, declared: Iterable[type]) -> None:
        """A ValueError naming what an options file sets that no step declares, or sets to the wrong type."""
        by_family = {family_of(d): d for d in declared}
        for family, values in sorted(self.overrides.items()):
            if family not in by_family:
                raise ValueError(f"options: unknown step family {family!r}; known: {', '.join(sorted(by_family))}")
            known = {f.name: f for f in dataclasses.fields(by_family[family])}
            for name, value in sorted(values.items()):
                if name not in known:
                    raise ValueError(f"options: {family} has no threshold {name!r}; known: {', '.join(known)}")
                default = known[name].default
                if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                        isinstance(default, int) and not isinstance(value, int)):
                    raise ValueError(f"options: {family}.{name} must be a {type(default).__name__}, got {value!r}")

    def of(self, declared: type[T]) -> T:
        """The thresholds of one step family: the declared defaults with this build's overrides."""
        return declared(**dict(self.overrides.get(family_of(declared), {})))

    def resolved(self, declared: Iterable[type]) -> dict[str, dict[str, Any]]:
        """Every declared threshold with its value in this build, by family (recorded with the build)."""
        return {family_of(d): dataclasses.asdict(self.of(d)) for d in sorted(set(declared), key=family_of)}


def load_options(path: Path) -> Options:
    """An options file: a YAML mapping of step family to a mapping of threshold to number."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ValueError(f"options: cannot read {path}: {error}") from error
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ValueError(f"options: {path} must map each step family to a mapping of thresholds")
    return Options(data)


def describe(declared: Iterable[type]) -> str:
    """Every declared threshold as a commented YAML options file (``build-dataset options``)."""
    lines = ["# Thresholds of build-dataset's steps with their defaults; pass a copy with --options FILE."]
    for d in sorted(set(declared), key=family_of):
        lines.append(f"{family_of(d)}:")
        for f in dataclasses.fields(d):
            lines.append(f"  # {f.metadata.get('doc', '')}")
            lines.append(f"  {f.name}: {f.default}")
    return "\n".join(lines) + "\n"
