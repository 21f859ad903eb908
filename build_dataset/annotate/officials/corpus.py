"""The corpus-level pass over officials, after duplicate grouping: what one article says about a person
settles what another leaves open.

1. Copies of one story: a machine-translated copy garbles names ("Kurt Kempbell"); its sentences align with
   the canonical member's (the duplicate stage's default ``sentence_match``, ``dedup.options``), and a name
   in an aligned sentence pair that the original spells otherwise takes the original's canonical name.
2. A person titled as an official in one article is an official in the articles of the same period that
   name them without a title (``Work.official_candidates``): a full name by its folded spelling, a lone
   family name only when exactly one titled official of the period bears it and it is not a clan name.
3. A country guessed from a story's home or a name's shape gives way to the country other articles' titles
   give the same person, when they agree.

Every change is recorded in the official's ``evidence`` ("corpus:<article id>", "group:<article id>",
"country:corpus").

With a cache folder, what 1. decided for a copy and its original carries over to the next build, which then reads
the texts of only the pairs it has not met (``copy_store``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from build_dataset.annotate.officials.copy_store import STORE_FILE, CopyStore, Rename, fits, pair_name, store_key
from build_dataset.annotate.officials.names import (
    ascii_letters,
    is_chinese_shaped,
    is_clan_name,
    is_korean_shaped,
    name_key,
    name_words,
    similarity,
)
from build_dataset.core.article import Article, Official
from build_dataset.core.options import declare
from build_dataset.core.steps import CorpusStep
from build_dataset.core.text import split_sentences
from build_dataset.core.versions import articles_key
from build_dataset.dedup.options import DEDUP_DEFAULTS
from build_dataset.dedup.units import content_words

if TYPE_CHECKING:
    from build_dataset.core.settings import Settings

LOGGER = logging.getLogger(__name__)
OfficialsCorpusOptions = declare("officials_corpus", "OfficialsCorpusOptions", __name__)
CORPUS_DEFAULTS = OfficialsCorpusOptions()
# Sources of a country that are a guess, which titles elsewhere may overrule.
GUESSED_COUNTRY = ("home", "name", "beside", "none")
EMPTY: Mapping = MappingProxyType({})
NO_DAY_YET = object()  # ``TitledIndex`` before its first lookup (a day may be None: undated)


def family_word(name: str) -> str | None:
    """The family name: first in a Korean or Chinese name, last otherwise ("Lawrence" is not Walsh's)."""
    words = name_words(name)
    if not words:
        return None
    return words[0] if is_korean_shaped(name) or is_chinese_shaped(name) else words[-1]


def key(name: str) -> str:
    rotations = name_key(name).rotations
    return rotations[0][0] + rotations[0][1] if rotations else ""


def is_titled(official: Official) -> bool:
    """Made an official by its own article's words or the registry, not by this pass."""
    return bool(official.evidence) and not official.evidence.startswith(("corpus:", "candidate"))


def country_source(official: Official) -> str:
    """Where the country came from: "title", "registry", "igo", "home", "name", "beside", "none",
    "corpus"."""
    evidence = official.evidence or ""
    return evidence.rsplit("country:", 1)[-1] if "country:" in evidence else "none"


def is_guessed(official: Official) -> bool:
    return country_source(official) in GUESSED_COUNTRY


@dataclass(frozen=True)
class Titled:
    official: Official
    article_id: str
    date: dt.date | None
    name_key: str = ""  # ``key`` of the official's name
    full_name: bool = False  # the name has two words or more
    guessed: bool = False  # ``is_guessed``


def titled(official: Official, article: Article) -> Titled:
    """The official's entry in the index, with what its lookups read of the name worked out once."""
    name = official.name
    return Titled(official, article.id, article.date, key(name), len(name_words(name)) >= 2, is_guessed(official))


class TitledIndex:
    """Officials the corpus titles, by the folded keys of their full names and by their family words.

    A lookup's period is read once a day: the entries of one name in the period of the day last asked (the asking
    article's own included, dropped from each answer), so articles looked up in order of their days scan each
    name's entries once a day rather than once an article."""

    def __init__(self, articles: list[Article], period_days: int = CORPUS_DEFAULTS.period_days) -> None:
        self.period_days = period_days
        self.by_key: dict[str, list[Titled]] = defaultdict(list)
        self.by_word: dict[str, list[Titled]] = defaultdict(list)
        self.day: dt.date | None | object = NO_DAY_YET
        self.of_day: dict[tuple[str, str], list[Titled]] = {}
        for article in articles:
            for official in article.officials:
                if not is_titled(official):
                    continue
                entry = titled(official, article)
                for form in {official.name, *official.mentions}:
                    if len(name_words(form)) >= 2:
                        self.by_key[key(form)].append(entry)
                family = family_word(official.name)
                if family:
                    self.by_word[ascii_letters(family)].append(entry)

    def _in_period(self, table: str, name: str, day: dt.date | None, article_id: str) -> list[Titled]:
        if self.day != day:  # NO_DAY_YET equals no day
            self.day, self.of_day = day, {}
        period = self.of_day.get((table, name))
        if period is None:
            found = getattr(self, table).get(name, [])
            period = self.of_day[table, name] = found if day is None else [
                t for t in found if t.date is None or abs((t.date - day).days) <= self.period_days]
        return [t for t in period if t.article_id != article_id]

    def full(self, forms: list[str], day: dt.date | None, article_id: str) -> list[Titled]:
        named = [key(f) for f in forms if len(name_words(f)) >= 2]
        return [t for k in named for t in self._in_period("by_key", k, day, article_id)]

    def alone(self, word: str, day: dt.date | None, article_id: str) -> list[Titled]:
        """Titled officials of the period with this family word, when they are one person (a lone "Reagan"
        elsewhere is the "Ronald Reagan" of the period, not another one)."""
        if is_clan_name(word):
            return []
        found = self._in_period("by_word", ascii_letters(word), day, article_id)
        full = {t.name_key for t in found if t.full_name}
        alone = {t.name_key for t in found} - full
        return found if len(full) == 1 or (not full and len(alone) == 1) else []

    def countries(self, name: str, day: dt.date | None, article_id: str) -> Counter:
        """Countries the period's titles give this person (a lone family name: the one person bearing it)."""
        words = name_words(name)
        found = self.full([name], day, article_id) if len(words) >= 2 else self.alone(words[0], day, article_id)
        return Counter(t.official.country for t in found if not t.guessed)


def day_order(article: Article) -> tuple[bool, dt.date]:
    return article.date is None, article.date or dt.date.min


def _best(found: list[Titled]) -> Titled:
    """The titled mention to copy: the registry-linked one, else the most frequent name, then the earliest id."""
    counts = Counter(t.official.name for t in found)
    return min(found, key=lambda t: (t.official.wikidata_id is None, -counts[t.official.name], t.article_id))


def promoted(candidate: Official, found: list[Titled], index: TitledIndex, article: Article,
             min_votes: int = CORPUS_DEFAULTS.min_country_votes) -> Official:
    """The candidate as the official another article titles: that article's name, role, id and country."""
    best = _best([t for t in found if t.full_name] or found)
    official = replace(best.official, mentions=candidate.mentions,
                       evidence=f"corpus:{best.article_id}; {best.official.evidence}")
    return settled_country(official, index, article, min_votes)


def settled_country(official: Official, index: TitledIndex, article: Article,
                    min_votes: int = CORPUS_DEFAULTS.min_country_votes) -> Official:
    """The country other articles' titles agree on, in place of a guessed one."""
    if not is_guessed(official):
        return official
    votes = index.countries(official.name, article.date, article.id)
    if len(votes) != 1 or sum(votes.values()) < min_votes:
        return official
    country = next(iter(votes))
    if country == official.country:
        return official
    evidence = (official.evidence or "").rsplit("; country:", 1)[0] + "; country:corpus"
    return replace(official, country=country, evidence=evidence)


# --- garbled names in copies of one story ------------------------------------------------------------------


def _sentences(text: str) -> list[tuple[str, set[str]]]:
    return [(part, set(content_words(part))) for part in split_sentences(text) if part.strip()]


def _aligned(words: set[str], theirs: list[tuple[str, set[str]]]) -> str | None:
    """The sentence of the other article sharing at least the duplicate stage's default ``sentence_match`` of the
    smaller one's words."""
    best, best_share = None, 0.0
    for sentence, other in theirs:
        if words and other:
            share = len(words & other) / min(len(words), len(other))
            if share >= DEDUP_DEFAULTS.sentence_match and share > best_share:
                best, best_share = sentence, share
    return best


def _likeness(a: str, b: str) -> float:
    return max(fuzz.ratio(ascii_letters(a), ascii_letters(b)), similarity(a, b))


def counterpart(person: Official, copy: list[tuple[str, set[str]]], original: list[tuple[str, set[str]]],
                people: list[Official], min_likeness: int = CORPUS_DEFAULTS.aligned_name_min) -> Official | None:
    """The original's person that the copy's garbled ``person`` stands for, through aligned sentences."""
    votes: Counter = Counter()
    by_name = {p.name: p for p in people}
    for sentence, words in copy:
        if not any(form in sentence for form in person.mentions):
            continue
        target = _aligned(words, original)
        if target is None:
            continue
        present = [p for p in people if any(form in target for form in p.mentions if len(name_words(form)) >= 2)]
        scored = sorted(((_likeness(person.name, p.name), p.name) for p in present), reverse=True)
        if scored and scored[0][0] >= min_likeness and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            votes[scored[0][1]] += 1
    if not votes:
        return None
    (name, count), *rest = votes.most_common()
    return by_name[name] if not rest or count > rest[0][1] else None


class OfficialsCorpusPass(CorpusStep):
    """Officials settled across articles (see the module docstring)."""

    name = "officials_corpus_v1"
    options_type = OfficialsCorpusOptions

    def __init__(self, options: OfficialsCorpusOptions | None = None, store: CopyStore | None = None) -> None:
        super().__init__(options)
        self.store = store

    @classmethod
    def from_settings(cls, settings: Settings, taxonomy: dict) -> OfficialsCorpusPass:
        """With a cache folder, what aligning copies decided carries over between builds (``copy_store``)."""
        options = settings.options.of(OfficialsCorpusOptions)
        if settings.cache_dir is None:
            return cls(options)
        key = store_key(options, articles_key(settings, taxonomy))
        return cls(options, CopyStore(settings.cache_dir / STORE_FILE, key))

    def process_all(self, articles: list[Article]) -> None:
        known = self.store.load() if self.store is not None else {}
        met: dict[str, list[Rename]] = {}
        for members in self.duplicate_groups_of(articles):
            original = next((a for a in members if a.is_canonical), None)
            for copy in members:
                if original is not None and copy is not original:
                    self.align_copy(copy, original, known, met)
        if self.store is not None:
            self.store.save(met)
            LOGGER.info("copies aligned: %d, of %d carried over", len(met), len(met.keys() & known.keys()))
        self.settle(articles)

    def settle(self, articles: list[Article]) -> None:
        """Candidates titled elsewhere promoted, guessed countries settled by other articles' titles. An article's
        changes depend on its own officials and the index, made before any change, so taking the articles in order
        of their days (``TitledIndex`` reads a period once a day) changes nothing but the time."""
        index = TitledIndex(articles, self.options.period_days)
        for article in sorted(articles, key=day_order):
            self.promote_candidates(article, index)
            votes = self.options.min_country_votes
            article.officials = [settled_country(o, index, article, votes) for o in article.officials]
            article.work.official_candidates = []

    def align_copy(self, copy: Article, original: Article, known: Mapping[str, list[Rename]] = EMPTY,
                   met: dict[str, list[Rename]] | None = None) -> None:  # fmt: skip
        """The copy's people the original spells otherwise renamed after it; a pair ``known`` (an earlier build's
        renames) is not aligned again; ``met`` collects the renames of every pair aligned or carried over."""
        people = original.officials + original.work.official_candidates
        spelled = {key(p.name) for p in people}
        groups = (copy.officials, copy.work.official_candidates)
        unknown = [(g, at) for g, group in enumerate(groups) for at, person in enumerate(group)
                   if key(person.name) not in spelled]  # fmt: skip
        if not unknown:  # most copies name everyone as the original does: their texts are not read
            return
        pair = pair_name(copy.id, original.id)
        renames = known.get(pair)
        if not fits(renames, unknown, len(people)):
            renames = self.aligned(copy, original, unknown, people)
        if met is not None:
            met[pair] = renames
        for g, position, match in renames:
            groups[g][position] = self.renamed(groups[g][position], people[match], original.id)

    def aligned(self, copy: Article, original: Article, unknown: list[tuple[int, int]],
                people: list[Official]) -> list[Rename]:  # fmt: skip
        """The renames aligning the two texts finds: (list, position, person of ``people``) per renamed person."""
        groups = (copy.officials, copy.work.official_candidates)
        present = {key(p.name) for group in groups for p in group}
        others = [at for at, p in enumerate(people) if key(p.name) not in present]
        mine, theirs = _sentences(copy.text), _sentences(original.text)
        renames = []
        for g, position in unknown:
            match = counterpart(groups[g][position], mine, theirs, [people[at] for at in others],
                                self.options.aligned_name_min)  # fmt: skip
            if match is not None:
                renames.append([g, position, next(at for at in reversed(others) if people[at] is match)])
        return renames

    def renamed(self, person: Official, match: Official, original_id: str) -> Official:
        """The copy's person under the original's name; titled in either, an official ("group:<id>")."""
        self.stats["names_from_group"] += 1
        if is_titled(match):
            return replace(match, mentions=person.mentions, role=person.role or match.role,
                           evidence=f"group:{original_id}; {match.evidence}")
        group = f"group:{original_id}"
        evidence = f"{group}; {person.evidence}" if is_titled(person) else f"candidate; {group}"
        return replace(person, name=match.name, wikidata_id=match.wikidata_id, evidence=evidence)

    def promote_candidates(self, article: Article, index: TitledIndex) -> None:
        names = {key(o.name) for o in article.officials}
        for candidate in article.work.official_candidates:
            if candidate.evidence and candidate.evidence.startswith("group:"):
                article.officials.append(candidate)
                continue
            words = name_words(candidate.name)
            if len(words) >= 2:
                found = index.full([candidate.name, *candidate.mentions], article.date, article.id)
            else:
                found = index.alone(words[0], article.date, article.id) if words else []
            if found and key(_best(found).official.name) not in names:
                article.officials.append(promoted(candidate, found, index, article, self.options.min_country_votes))
                names.add(key(article.officials[-1].name))
                self.stats["promoted_by_corpus"] += 1
