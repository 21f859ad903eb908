"""`make dataset` installs only what building needs: the test tools and optional engines are extras, and the
package never imports them at module level (only inside the function that needs them)."""

from __future__ import annotations

import ast
import re
import tomllib

from conftest import REPO

EXTRAS_ONLY = {"pytest", "ruff", "hypothesis", "ray", "trafilatura", "duckdb", "datasketch"}


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_runtime_dependencies_hold_no_test_tools():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not _names(project["dependencies"]) & EXTRAS_ONLY
    assert {"pytest", "ruff"} <= _names(project["optional-dependencies"]["test"])


def test_the_package_imports_no_extra_at_module_level():
    found = []
    for path in sorted((REPO / "build_dataset").rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in EXTRAS_ONLY]
    assert not found


def test_the_makefile_installs_from_the_lock_file():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "-c requirements.lock -e ." in makefile and (REPO / "requirements.lock").is_file()
    lines = (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines()
    locked = {line.split("==")[0].lower() for line in lines if "==" in line}
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {n.replace("_", "-") for n in _names(project["dependencies"])}
    assert not wanted - {n.replace("_", "-") for n in locked}
