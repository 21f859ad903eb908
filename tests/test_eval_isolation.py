"""The evaluation pages reach the tests only through the score.py floors: no test string repeats their lines.

Unit tests run on cases written for them (issue 18). A string literal in tests/*.py that shares WINDOW characters
with an evaluation page (dev, real, the gold files) or a seed page was copied from it, and a rule that passes such a
case may only fit that page.
"""

from __future__ import annotations

import ast
import html
import json
from pathlib import Path

from conftest import SHARED, needs_shared

# A shared run this long is a copied line, not a shared phrase: common news phrasing ("failed to narrow their
# differences"), an outlet's name with its mark and office titles ("First Vice Minister of Foreign Affairs") stay
# shorter. A copied line shorter than this (a 38-character date line) passes: new cases still need a reviewer.
WINDOW = 40
PAGE_ROOTS = (SHARED / "eval", SHARED / "seeds")
PAGE_SUFFIXES = (".txt", ".html", ".jsonl", ".json", ".md", "")
TESTS = Path(__file__).resolve().parent
# (test file, words of the copied run) pairs that may stay, each with the reason it cannot be rewritten here.
ALLOWED: set[tuple[str, str]] = set()


def normalized(text: str) -> str:
    return " ".join(text.split())


def page_texts(path: Path) -> list[str]:
    """A page as stored and as read: HTML entities decoded, and each JSON string of a gold or metadata line."""
    raw = path.read_text(encoding="utf-8", errors="ignore")
    texts = [raw, html.unescape(raw)]
    if path.suffix in (".jsonl", ".json"):
        for line in raw.splitlines() if path.suffix == ".jsonl" else [raw]:
            try:
                texts.extend(strings_in(json.loads(line)))
            except ValueError:
                continue
    return texts


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for item in value for s in strings_in(item)] if isinstance(value, list) else []


def page_windows() -> set[str]:
    windows = set()
    for root in PAGE_ROOTS:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in PAGE_SUFFIXES):
            for text in map(normalized, page_texts(path)):
                windows.update(text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1))
    return windows


def literals_in_tests() -> list[tuple[str, int, str]]:
    """(file, line, text) of every string literal in tests/*.py, f-string parts included."""
    found = []
    for path in sorted(TESTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= WINDOW:
                found.append((path.name, node.lineno, normalized(node.value)))
    return found


def first_shared_run(text: str, windows: set[str]) -> str | None:
    return next((text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1) if text[i : i + WINDOW] in windows), None)


def copied_runs(literals, windows) -> list[tuple[str, int, str]]:
    """(file, line, first shared run) of each literal that repeats a page, unless ALLOWED."""
    hits = []
    for name, line, text in literals:
        shared = first_shared_run(text, windows)
        if shared and not any(name == file and run in text for file, run in ALLOWED):
            hits.append((name, line, shared))
    return hits


@needs_shared
def test_no_test_string_repeats_an_evaluation_page():
    hits = copied_runs(literals_in_tests(), page_windows())
    assert hits == [], "write an invented case instead of these page lines:\n" + "\n".join(map(repr, hits))


def test_the_check_finds_a_copied_line_and_passes_an_invented_one():
    page = normalized("SEOUL, May 2 (Northwire) -- The   council voted on Tuesday to keep the night buses running.")
    windows = {page[i : i + WINDOW] for i in range(len(page) - WINDOW + 1)}
    copied = ("x.py", 1, normalized("The council voted on Tuesday to keep the night buses running through March."))
    invented = ("x.py", 2, "The assembly decided on Friday that the ferries will sail through the winter.")
    assert [line for _, line, _ in copied_runs([copied, invented], windows)] == [1]
