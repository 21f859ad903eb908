"""The README's layout section and ARCHITECTURE.md match the tree, and every package is installed."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO

# In the layout block a line that starts at column 0 names a folder (``build_dataset/core/``) or a file; the
# file names after it are in that folder, and ``sub/ (a.py, b.py)`` names files of its subfolder ``sub/``.
LAYOUT_TOKEN = re.compile(r"(?P<open>[\w-]+/)\s*\(|(?P<path>[\w.-]+(?:\.(?:py|yaml|md)\b|/))|(?P<paren>[()])")
# ARCHITECTURE.md names modules by their path from the repository root.
REPO_PATH = re.compile(r"\b(?:build_dataset|schema|benchmarks|tests)/[\w./-]*")


def layout_block() -> str:
    section = (REPO / "README.md").read_text(encoding="utf-8").split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


def layout_paths(block: str) -> list[str]:
    paths, folder = [], ""
    for line in block.splitlines():
        if line[:1].strip():
            head, _, line = line.partition(" ")
            folder = head if head.endswith("/") else ""
            paths.append(head)
        scopes = [folder]
        for token in LAYOUT_TOKEN.finditer(line):
            if token["open"]:
                scopes.append(scopes[-1] + token["open"])
                paths.append(scopes[-1])
            elif token["paren"]:
                scopes = scopes + [scopes[-1]] if token["paren"] == "(" else scopes[:-1] or [folder]
            else:
                paths.append(scopes[-1] + token["path"])
    return paths


def test_the_layout_parser_reads_folders_files_and_subfolders():
    block = "pkg/   a.py (what a does), sub/ (b.py, c.py),\n       d.yaml\npkg/e.py   the e module\n"
    assert layout_paths(block) == ["pkg/", "pkg/a.py", "pkg/sub/", "pkg/sub/b.py", "pkg/sub/c.py", "pkg/d.yaml",
                                   "pkg/e.py"]


def test_every_path_in_the_readme_layout_exists():
    missing = [path for path in layout_paths(layout_block()) if not (REPO / path).exists()]
    assert not missing, f"README.md's layout names paths that do not exist: {missing}"


def test_the_readme_layout_names_every_module():
    named = set(layout_paths(layout_block()))
    modules = [p for folder in ("build_dataset", "schema") for p in (REPO / folder).rglob("*.py")]
    unnamed = sorted(
        p.relative_to(REPO).as_posix() for p in modules if p.name not in ("__init__.py", "__main__.py")
    )
    unnamed = [path for path in unnamed if path not in named]
    assert not unnamed, f"README.md's layout does not name these modules: {unnamed}"


def test_every_path_in_architecture_exists():
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    paths = {match.rstrip(".") for match in REPO_PATH.findall(text)}
    assert paths, "ARCHITECTURE.md names no module"
    missing = sorted(path for path in paths if not (REPO / path).exists())
    assert not missing, f"ARCHITECTURE.md names paths that do not exist: {missing}"


def test_every_package_is_installed():
    """A package missing from pyproject's list works in the editable install but not in a wheel."""
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {name: REPO.joinpath(*name.split(".")) for name in setuptools["packages"]}
    folders.update({name: REPO / path for name, path in setuptools.get("package-dir", {}).items()})
    listed = {folder.resolve() for folder in folders.values()}
    packages = {init.parent.resolve() for init in (REPO / "build_dataset").rglob("__init__.py")}
    packages |= {init.parent.resolve() for init in (REPO / "schema").glob("__init__.py")}
    missing = sorted(str(folder.relative_to(REPO.resolve())) for folder in packages - listed)
    assert not missing, f"pyproject.toml [tool.setuptools] packages does not list {missing}"
    assert "schema" not in setuptools["packages"], "no top-level package named schema (it is on PyPI)"
