"""The reference registry of officials (``resources/officials.yaml``) and the lookups the annotator needs:
by any spelling of a full name, by fuzzy name, by family name, and by office held on a date."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process

from build_dataset.annotate.officials.context import role_class
from build_dataset.annotate.officials.names import name_key, name_words, similarity, surname_key
from build_dataset.core.options import read_yaml

REGISTRY_RESOURCE = "officials.yaml"
# Countries whose officials' English names put the family name first ("Moon Jae-in", "Xi Jinping").
FAMILY_NAME_FIRST = frozenset({"KR", "KP", "CN"})
LEADER_CLASSES = frozenset({"head_of_state", "head_of_government"})


def _parse_date(value, *, end: bool) -> dt.date | None:
    """"2019", "2019-05" or "2019-05-10" (or a YAML date) as the first or last day of that period."""
    if value is None or isinstance(value, dt.date):
        return value
    parts = [int(p) for p in str(value).split("-")]
    year, month, day = (parts + [None, None])[:3]
    if month is None:
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    if day is None:
        if not end:
            return dt.date(year, month, 1)
        next_month = dt.date(year + month // 12, month % 12 + 1, 1)
        return next_month - dt.timedelta(days=1)
    return dt.date(year, month, day)


@dataclass(frozen=True, slots=True)
class Office:
    role: str
    start: dt.date | None
    end: dt.date | None
    role_class: str | None

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    country: str
    aliases: tuple[str, ...]
    offices: tuple[Office, ...]
    wikidata_id: str | None
    source: str

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def family_name(self) -> str:
        words = name_words(self.name)
        return words[0] if self.country in FAMILY_NAME_FIRST else words[-1]

    def offices_on(self, day: dt.date | None) -> list[Office]:
        return [o for o in self.offices if day is None or o.held_on(day)]

    def role_on(self, day: dt.date | None, wanted_class: str | None = None) -> str | None:
        """The office held on ``day`` (of ``wanted_class`` when given); without a date, the last office."""
        offices = self.offices_on(day) or ([] if day else list(self.offices))
        matching = [o for o in offices if wanted_class and o.role_class == wanted_class] or offices
        return matching[-1].role if matching else None

    def is_leader_on(self, day: dt.date | None) -> bool:
        return any(o.role_class in LEADER_CLASSES for o in self.offices_on(day))


def _entry(row: dict) -> Entry:
    offices = tuple(
        Office(o["role"], _parse_date(o.get("start"), end=False), _parse_date(o.get("end"), end=True),
               role_class(o["role"]))
        for o in row.get("offices") or []
    )
    return Entry(
        name=row["name"],
        country=row["country"],
        aliases=tuple(row.get("aliases") or ()),
        offices=offices,
        wikidata_id=row.get("wikidata_id"),
        source=row["source"],
    )


class Registry:
    """Officials indexed by every folded spelling of their names and by family name."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.by_key: dict[str, list[Entry]] = {}
        self.by_family: dict[str, list[Entry]] = {}
        # family-slot key of each spelling (``similarity`` compares against a spelling's first word order)
        self.by_head: dict[str, list[Entry]] = {}
        for entry in entries:
            for spelling in entry.spellings:
                for head, rest in name_key(spelling).rotations:
                    self._add(self.by_key, head + rest, entry)
                if name_key(spelling).rotations:
                    self._add(self.by_head, name_key(spelling).rotations[0][0], entry)
            self._add(self.by_family, surname_key(entry.family_name), entry)
        self.heads = sorted(self.by_head)
        self._fuzzy: dict[tuple[str, float], tuple[list[Entry], float]] = {}
        self._holders: dict[tuple, list[Entry]] = {}

    @staticmethod
    def _add(index: dict[str, list[Entry]], key: str, entry: Entry) -> None:
        bucket = index.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)

    def exact(self, name: str, day: dt.date | None = None) -> Entry | None:
        """The entry one of whose spellings folds to ``name`` (in any word order); ties go to office on ``day``."""
        key = name_key(name)
        found = [e for head, rest in key.rotations[:1] for e in self.by_key.get(head + rest, [])]
        return _prefer_in_office(found, day)

    def fuzzy(self, name: str, minimum: float, day: dt.date | None = None) -> tuple[Entry | None, float]:
        """The entry whose closest spelling scores highest (and at least ``minimum``) by ``similarity``."""
        if (name, minimum) not in self._fuzzy:
            self._fuzzy[(name, minimum)] = self._best(name, minimum)
        best, best_score = self._fuzzy[(name, minimum)]
        if best_score < minimum:
            return None, best_score
        return _prefer_in_office(best, day), best_score

    def _candidates(self, name: str, minimum: float) -> list[Entry]:
        """Entries with a spelling whose family-slot key is within ``minimum`` of one of the name's: no other
        can reach ``minimum``, because ``similarity`` is at most the family-slot ratio."""
        found: dict[str, Entry] = {}
        for head, _ in name_key(name).rotations:
            for key, _, _ in process.extract(head, self.heads, scorer=fuzz.ratio, score_cutoff=minimum, limit=None):
                found.update((e.name, e) for e in self.by_head[key])
        return [e for e in self.entries if e.name in found]

    def _best(self, name: str, minimum: float) -> tuple[list[Entry], float]:
        best: list[Entry] = []
        best_score = 0.0
        for entry in self._candidates(name, minimum):
            score = max(similarity(name, spelling) for spelling in entry.spellings)
            if score > best_score:
                best, best_score = [entry], score
            elif score == best_score and score > 0:
                best.append(entry)
        return best, best_score

    def family(self, word: str) -> list[Entry]:
        return list(self.by_family.get(surname_key(word), []))

    def holders(self, wanted_class: str | None, country: str | None, day: dt.date | None) -> list[Entry]:
        """Entries with an office of ``wanted_class`` (any, when None) in ``country`` held on ``day``."""
        key = (wanted_class, country, day)
        if key not in self._holders:
            self._holders[key] = [
                e for e in self.entries
                if (country is None or e.country == country)
                and any(wanted_class in (None, o.role_class) for o in e.offices_on(day))
            ]
        return list(self._holders[key])


def _prefer_in_office(found: list[Entry], day: dt.date | None) -> Entry | None:
    if len(found) > 1 and day is not None:
        found = [e for e in found if e.offices_on(day)] or found
    return found[0] if len(found) == 1 else None


def load_registry(path: Path | None = None) -> Registry:
    if path is None:
        text = resources.files("build_dataset").joinpath("resources", REGISTRY_RESOURCE).read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    rows = (read_yaml(text) or {}).get("officials") or []
    return Registry([_entry(row) for row in rows])


@functools.lru_cache(maxsize=1)
def default_registry() -> Registry:
    return load_registry()
