"""What the corpus pass decided for each copy of a story whose people its original spells otherwise, kept between
builds in the cache folder, so an incremental build reads the texts of only the copies it has not aligned before.

``OfficialsCorpusPass.align_copy`` reads a copy's and its original's texts (staged on disk) when the copy names
someone the original does not spell the same: most of the step in an incremental build. What it decides depends on
the two articles and the step alone: an article's id hashes its raw page, everything the per-article steps write on
it (its text, officials and candidates) is fixed by the article cache's versions key, and no corpus step before
this one changes those. So the store keeps, per (copy id, original id), the renames made: the copy's list (0 the
officials, 1 the candidates), the position in it and the original person taken (a position in the original's
officials followed by its candidates), or none. A later build meeting the same pair applies them through the same
``renamed``, so its articles and counts are the ones aligning again gives.

The file is keyed by the step's options, the pipeline's source and the article cache's versions key; a file with
another key, one that cannot be read, or an entry that does not fit its pair is ignored (the pair is aligned
again). Each build replaces it, atomically, with the pairs that build met, so it holds no pair no build meets again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from build_dataset.core.versions import code_digest, versions_key

STORE_FILE = "officials_copies.json"
# A rename: (list of the copy, position in it, position of the person taken among the original's people).
Rename = list[int]


def store_key(options: Any, articles_key: str) -> str:
    return versions_key({"options": repr(options), "code": code_digest(), "articles": articles_key})


def fits(renames: Any, unknown: list[tuple[int, int]], people: int) -> bool:
    """Whether a stored entry renames only distinct ``unknown`` positions, each to one of the original's
    ``people``."""
    if not isinstance(renames, list):
        return False
    spots = set(unknown)
    wanted = [r for r in renames if isinstance(r, list) and len(r) == 3 and all(type(n) is int for n in r)]
    return (len(wanted) == len(renames) and len({(g, at) for g, at, _ in wanted}) == len(wanted)
            and all((g, at) in spots and 0 <= person < people for g, at, person in wanted))  # fmt: skip


class CopyStore:
    """The renames of the last build that used this cache folder (``path``), under ``key`` (``store_key``)."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = Path(path)
        self.key = key

    def load(self) -> dict[str, list[Rename]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("key") != self.key or not isinstance(data.get("pairs"), dict):
            return {}
        return data["pairs"]

    def save(self, pairs: dict[str, list[Rename]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(json.dumps({"key": self.key, "pairs": pairs}, separators=(",", ":")), encoding="utf-8")
        os.replace(partial, self.path)


def pair_name(copy_id: str, original_id: str) -> str:
    return f"{copy_id} {original_id}"
