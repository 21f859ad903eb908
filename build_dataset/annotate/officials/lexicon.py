"""The role lexicon (``resources/roles.yaml``) compiled once: title heads, organisation words, portfolios,
countries, demonyms and capitals, as the regular expressions and word sets the officials annotator reads.

Everything the annotator knows about titles is data in that file; this module only turns it into matchers.
Countries come from pycountry (every name and common name without a comma) plus the file's own spellings,
demonyms ("Polish" -> PL) and capitals used as metonyms ("Seoul" -> KR).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import pycountry

from build_dataset.core.options import read_yaml

ROLES_RESOURCE = "roles.yaml"
# Letters around a country name: "U.S." and "Japan's" match, "Koreans" and "Chinatown" do not.
_LEFT = r"(?<![A-Za-z\-])"
_RIGHT = r"(?![A-Za-z\-])"


def phrase_pattern(phrases: list[str], flags: int = re.I) -> re.Pattern:
    """One alternation of ``phrases``, longest first, each on word boundaries (spaces match any spacing)."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    parts = [r"\s+".join(re.escape(w) for w in p.split()) for p in ordered]
    return re.compile(_LEFT + "(?:" + "|".join(parts) + ")" + _RIGHT, flags)


# "Ex-President": the modifier "ex" ("former") joined to a title word.
EX_PREFIX = re.compile(r"\bex-(?=[A-Za-z])", re.I)


class PhraseMatcher:
    """Which words of a short run of words belong to one of many phrases: a dict from each phrase's first
    word, so a run costs a few lookups instead of one pass of a thousand-way regular expression."""

    def __init__(self, phrases: list[str], ignore_case: bool) -> None:
        self.ignore_case = ignore_case
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(set(phrases), key=lambda p: -len(p.split())):
            words = tuple(self.key(w) for w in phrase.split())
            self.by_first.setdefault(words[0], []).append(words)

    def key(self, word: str) -> str:
        return phrase_key(word, self.ignore_case)

    def covered(self, words: list[str]) -> list[bool]:
        """For each word, whether a phrase covers it (longest phrase first at each position)."""
        keys = [phrase_key(w, self.ignore_case) for w in words]
        covered = [False] * len(words)
        for i, key in enumerate(keys):
            for phrase in self.by_first.get(key, ()):
                if tuple(keys[i: i + len(phrase)]) == phrase:
                    covered[i: i + len(phrase)] = [True] * len(phrase)
                    break
        return covered


@functools.lru_cache(maxsize=65536)
def phrase_key(word: str, ignore_case: bool) -> str:
    """A word as ``PhraseMatcher`` looks it up: trailing full stop and comma off, "Ex-President" the title
    "President", lower-cased when case is ignored."""
    word = EX_PREFIX.sub("", word.rstrip(".,"), count=1)
    return word.lower() if ignore_case else word


def _pycountry_names() -> dict[str, str]:
    names = {}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name and "," not in name and "(" not in name:
                names[name] = country.alpha_2
    return names


@dataclass(frozen=True)
class Lexicon:
    strong: re.Pattern
    weak: re.Pattern
    shared_heads: re.Pattern
    plural_heads: re.Pattern
    capitalized_alone: frozenset[str]
    portfolios: re.Pattern
    government_orgs: re.Pattern
    igo_orgs: re.Pattern
    non_government: re.Pattern
    non_government_orgs: re.Pattern
    relations: re.Pattern
    countries: re.Pattern
    country_codes: dict[str, str]
    dateline_places: dict[str, str]
    title_countries: tuple[tuple[str, re.Pattern], ...]
    role_classes: tuple[tuple[str, re.Pattern], ...]
    title_words: frozenset[str]
    modifier_only: frozenset[str]
    known_words: frozenset[str]
    name_breaks: PhraseMatcher
    name_places: PhraseMatcher
    places: re.Pattern
    honorifics: frozenset[str]
    name_particles: frozenset[str]
    function_words: frozenset[str]

    def country_code(self, text: str) -> str | None:
        """The ISO code of one matched country expression ("Japanese", "Seoul", "U.S.")."""
        return self.country_codes.get(re.sub(r"\s+", " ", text))


def _words(phrases) -> set[str]:
    return {w for p in phrases for w in re.findall(r"[\w.'’\-]+", p.lower())}


def _country_table(data: dict) -> dict[str, str]:
    table = _pycountry_names()
    for section in ("country_names", "demonyms", "capitals"):
        table.update(data[section])
    return table


def _name_breaks(data: dict) -> PhraseMatcher:
    """Words and phrases that never belong to a person's name: titles, modifiers, organisations, portfolios."""
    heads = data["heads"]["strong"] + data["heads"]["weak"]
    phrases = heads + data["modifiers"] + data["portfolios"] + data["government_orgs"] + data["igo_orgs"]
    phrases += data["non_government_orgs"] + data["honorifics"] + data["function_words"] + data["not_name_words"]
    phrases += data["relations"]
    multi = heads + data["portfolios"] + data["government_orgs"] + data["igo_orgs"]
    phrases += sorted(_words(p for p in multi if " " in p) - _words(data["function_words"] + data["name_particles"]))
    return PhraseMatcher(phrases, ignore_case=True)


def _name_places(data: dict, countries: dict[str, str]) -> list[str]:
    """Countries, demonyms and cities as written (case-sensitive), without those that are also names."""
    ambiguous = set(data["ambiguous_places"])
    return [p for p in [*countries, *data["dateline_cities"]] if p not in ambiguous]


def build_lexicon(data: dict) -> Lexicon:
    heads = data["heads"]
    countries = _country_table(data)
    title_words = _words(heads["strong"] + heads["weak"] + data["modifiers"] + data["portfolios"])
    title_words |= _words(data["government_orgs"] + data["igo_orgs"])
    known = title_words | _words(countries) | _words(data["dateline_cities"]) | _words(data["honorifics"])
    known |= _words(data["function_words"] + data["non_government_orgs"] + data["non_official_descriptions"])
    return Lexicon(
        strong=phrase_pattern(heads["strong"]),
        weak=phrase_pattern(heads["weak"]),
        shared_heads=phrase_pattern(heads["shared_with_organisations"] + heads["weak"]),
        plural_heads=phrase_pattern([h for h in heads["strong"] + heads["weak"] if re.search(r"(?:s|s\.|men)$", h)]),
        capitalized_alone=frozenset(heads["capitalized_alone"]),
        portfolios=phrase_pattern(data["portfolios"]),
        government_orgs=phrase_pattern(data["government_orgs"]),
        igo_orgs=phrase_pattern(data["igo_orgs"]),
        non_government=phrase_pattern(data["non_government_orgs"] + data["non_official_descriptions"]),
        non_government_orgs=phrase_pattern(data["non_government_orgs"]),
        relations=phrase_pattern(data["relations"]),
        countries=phrase_pattern(list(countries), flags=0),
        country_codes=countries,
        dateline_places={k.upper(): v for k, v in {**data["dateline_cities"], **countries}.items()},
        title_countries=tuple(
            (code, re.compile(r"\b(?:%s)\b" % "|".join(patterns), re.I))
            for code, patterns in data["title_countries"].items()
        ),
        role_classes=tuple((name, re.compile(pattern, re.I)) for name, pattern in data["role_classes"]),
        title_words=frozenset(title_words),
        modifier_only=frozenset(_words(data["modifiers"]) - _words(
            heads["strong"] + heads["weak"] + data["portfolios"] + data["government_orgs"] + data["igo_orgs"])),
        known_words=frozenset(known),
        name_breaks=_name_breaks(data),
        name_places=PhraseMatcher(_name_places(data, countries), ignore_case=False),
        places=phrase_pattern(_name_places(data, countries), flags=0),
        honorifics=frozenset(data["honorifics"]),
        name_particles=frozenset(data["name_particles"]),
        function_words=frozenset(data["function_words"]),
    )


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    text = resources.files("build_dataset").joinpath("resources", ROLES_RESOURCE).read_text("utf-8")
    return build_lexicon(read_yaml(text))
