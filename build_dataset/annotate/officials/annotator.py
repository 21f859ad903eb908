"""Government officials named in the body: one entry per person, with canonical name, country, role, every
surface form the body uses, and the evidence that made them an official.

Cascade per article (trafilatura-style small steps):
1. ``find_mentions``: capitalized name runs with the title before, the apposition after and the appointment
   ("X as defense minister") around each; the titles are read with the role lexicon (``resources/roles.yaml``),
   so a person is a candidate because of their title, whatever the registry knows.
2. Linking is a scored decision (``link_full_name``): a full name links to a registry entry
   (``resources/officials.yaml``) on an exact spelling, or on a similar one only when an independent cue
   backs it: the title's office class was held by that entry on the article date, the title's country is
   the entry's, or the entry is named exactly elsewhere in the article. Korean and Chinese names, which share
   a few family names among millions, need the office or the exact name, never the country alone.
   Otherwise the mention stays NIL, with its own fullest surface form.
3. One-word forms ("Chung", "Moteki", "Sung") attach to a cluster of the same article by a shared word, else
   to a registry entry by family name when the title names that entry's office, else stand alone when a
   government title names them ("Indonesian Energy Minister Subroto").
4. A cluster is an official when a title says so, or it is a registry entry, and neither a non-government
   description nor a byline says otherwise. People named without any title are kept aside as candidates for
   the corpus pass (``officials_corpus``), which makes them officials when another article titles them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from build_dataset.annotate.officials.context import TitleContext, clean_role
from build_dataset.annotate.officials.lexicon import lexicon
from build_dataset.annotate.officials.mentions import Mention, byline_names, find_mentions
from build_dataset.annotate.officials.names import (
    family_splits,
    fold,
    is_chinese_shaped,
    is_clan_name,
    is_japanese_shaped,
    is_korean_shaped,
    name_words,
    similarity,
    surname_key,
    word_similarity,
)
from build_dataset.annotate.officials.registry import Entry, Registry, default_registry
from build_dataset.annotate.sources import parse_dateline
from build_dataset.annotate.sources import registry as outlet_registry
from build_dataset.core.article import Article, Official
from build_dataset.core.options import declare
from build_dataset.core.steps import Annotator

OfficialsOptions = declare("officials", "OfficialsOptions", __name__)
DEFAULTS = OfficialsOptions()
# Countries whose officials' names have a shape of their own (officials_names): a name not of that shape
# in a story from there is not assumed to serve there.
SHAPED_COUNTRIES = frozenset({"KR", "KP", "CN", "JP", "TW"})
# The other countries a name of a shape may serve: a Korean-shaped name is South Korean, or North Korean, or
# (Wade-Giles with a hyphen, "Cho Jung-tai") Taiwanese; a pinyin-shaped one Chinese or Taiwanese.
SHAPE_ALTERNATIVES = {"KR": frozenset({"KP", "TW"}), "CN": frozenset({"TW"})}
# Titles whose holder usually serves another government than the story's home (a visiting ambassador).
NO_HOME_ROLE_CLASSES = frozenset({"ambassador", "special_representative"})


@dataclass(slots=True)
class Cluster:
    """Mentions of one person in one article, the registry entry when linked, and how it was linked."""

    entry: Entry | None
    mentions: list[Mention] = field(default_factory=list)
    link: str | None = None

    @property
    def full_mentions(self) -> list[Mention]:
        return [m for m in self.mentions if m.is_full]

    @property
    def words(self) -> list[str]:
        spelled = [w for m in self.mentions for w in m.words]
        return spelled + (name_words(self.entry.name) if self.entry else [])

    @property
    def family_words(self) -> list[str]:
        """Words that may be the family name: the registry's, else either end of each full form."""
        if self.entry:
            return [self.entry.family_name]
        return [w for m in self.mentions for w in (m.words[0], m.words[-1])]

    @property
    def contexts(self) -> list[TitleContext]:
        return [c for m in sorted(self.mentions, key=lambda m: m.start) for c in m.contexts]

    @property
    def official_contexts(self) -> list[tuple[str, TitleContext]]:
        """(where, context) of the government titles, those of full names first (a lone "Lee" may be anyone)."""
        ordered = sorted(self.mentions, key=lambda m: (not m.is_full, m.start))
        return [(kind, c) for m in ordered for kind, c in m.context_kinds if c.official]

    @property
    def name(self) -> str:
        if self.entry:
            return self.entry.name
        spellings = Counter(m.text for m in self.mentions)  # the usual spelling beats a one-off typo
        fullest = max(self.mentions, key=lambda m: (len(m.words), spellings[m.text], len(m.text)))
        return fullest.text

    @property
    def forms(self) -> list[str]:
        return list(dict.fromkeys(m.text for m in sorted(self.mentions, key=lambda m: m.start)))


def official_context(mention: Mention) -> TitleContext | None:
    return next((c for c in mention.contexts if c.official), None)


def office_context(mention: Mention) -> TitleContext | None:
    """A title naming an office, even a bare one ("President Moon"), unless it says non-official."""
    return next((c for c in mention.contexts if c.official or (c.official is None and c.role_class)), None)


def is_clan_shaped(name: str) -> bool:
    return is_korean_shaped(name) or is_chinese_shaped(name)


# --- linking a full name to the registry ----------------------------------------------------------------------


def _family_and_given(entry: Entry) -> tuple[str, str]:
    words = name_words(entry.name)
    given = [w for w in words if w != entry.family_name]
    return entry.family_name, "".join(fold(w) for w in given)


def matches_office_holder(mention: Mention, entry: Entry, same_office: bool,
                          options: OfficialsOptions = DEFAULTS) -> bool:
    """Whether a garbled name can be this holder of the office its title names: the family name agrees
    and the given name is loosely alike, or, when the title names the very office class, the given name
    agrees whatever the family name (a misread family name)."""
    family, given = _family_and_given(entry)
    for their_family, their_given in family_splits(mention.text):
        if not their_given or not given:
            continue
        if word_similarity(their_family, family) >= options.role_word_min:
            if not is_clan_name(family) or fuzz.ratio(their_given, given) >= options.clan_given_name_min:
                return True
        if same_office and fuzz.ratio(their_given, given) >= options.same_given_name_min:
            return True
    return False


def resolve_by_office(mention: Mention, registry: Registry, day: dt.date | None,
                      options: OfficialsOptions = DEFAULTS) -> Entry | None:
    """The registry holder of the office a title names whose name the mention could be a garbling of."""
    context = official_context(mention)
    if context is None or context.igo or not (context.role_class or context.country):
        return None
    holders = registry.holders(context.role_class, context.country, day)
    found = [e for e in holders if matches_office_holder(mention, e, context.role_class is not None, options)]
    if len(found) == 1:
        return found[0]
    if not found and context.role_class and context.country and day and len(holders) == 1:
        if similarity(mention.text, holders[0].name) >= options.role_only_min:
            return holders[0]
    return None


def contradicts(entry: Entry, mention: Mention, day: dt.date | None = None) -> bool:
    """A title that cannot be this entry's (another country's, an IGO's, a non-government description), or
    an article from before the entry's first office (the registry's "George Bush" is not his father)."""
    starts = [o.start for o in entry.offices]
    if day and starts and all(start is not None and start > day for start in starts):
        return True
    for context in mention.contexts:
        if context.official is False or context.igo:
            return True
        if context.official and context.country and context.country != entry.country:
            return True
    return False


def link_cues(mention: Mention, entry: Entry, day: dt.date | None, named: set[str]) -> list[str]:
    """The independent cues that back a similar spelling: office class held on the day, country, full name."""
    classes = {o.role_class for o in entry.offices_on(day)} - {None}
    cues = []
    if any(c.role_class in classes for c in mention.contexts if c.official is not False):
        cues.append("role")
    if any(c.country == entry.country for c in mention.contexts if c.official):
        cues.append("country")
    if entry.name in named:
        cues.append("fullname")
    if is_clan_shaped(mention.text) and not {"role", "fullname"} & set(cues):
        return []
    return cues


def link_full_name(
    mention: Mention, registry: Registry, day: dt.date | None, named: set[str], options: OfficialsOptions = DEFAULTS
) -> tuple[Entry | None, str | None]:
    """(entry, how it was linked) for a full name, or (None, None): the mention stays NIL."""
    exact = registry.exact(mention.text, day)
    if exact and not contradicts(exact, mention, day):
        return exact, "exact"
    if mention.is_person or mention.contexts:
        entry, _ = registry.fuzzy(mention.text, options.full_name_min, day)
        if entry and not contradicts(entry, mention, day):
            cues = link_cues(mention, entry, day, named)
            if cues:
                return entry, "+".join(cues)
    entry = resolve_by_office(mention, registry, day, options)
    if entry and not contradicts(entry, mention, day):
        return entry, "office"
    return None, None


def resolve_family_name(mention: Mention, registry: Registry, day: dt.date | None, uses: int,
                        options: OfficialsOptions = DEFAULTS) -> Entry | None:
    """A one-word form as a registry entry: "President Moon", or a leader's (rare) name used repeatedly."""
    context = office_context(mention)
    entries = registry.family(mention.words[0])
    if day is not None:
        entries = [e for e in entries if e.offices_on(day)]
    if context and context.role_class:
        entries = [e for e in entries if any(o.role_class == context.role_class for o in e.offices_on(day))]
    elif mention.is_person and uses >= options.min_bare_surname_uses:
        entries = [e for e in entries if e.is_leader_on(day)]
    else:
        return None
    if context and context.country:
        entries = [e for e in entries if e.country == context.country]
    return entries[0] if len(entries) == 1 and not contradicts(entries[0], mention, day) else None


# --- clustering the mentions of one article ------------------------------------------------------------------


def _nearest(clusters: list[Cluster], mention: Mention) -> Cluster:
    def distance(cluster: Cluster) -> int:
        before = [mention.start - m.start for m in cluster.mentions if m.start < mention.start]
        return min(before) if before else len(mention.text) + 10**9
    return min(clusters, key=distance)


def _role_classes(cluster: Cluster) -> set[str | None]:
    classes = {c.role_class for c in cluster.contexts if c.official is not False}
    return classes | ({o.role_class for o in cluster.entry.offices} if cluster.entry else set())


def attach_short_form(
    mention: Mention, clusters: list[Cluster], options: OfficialsOptions = DEFAULTS
) -> Cluster | None:
    """The cluster one of whose name words this one-word form spells (exactly, else closely, when untitled).
    A titled form ("President Reagan") does not join a untitled namesake outside the registry ("Nancy
    Reagan"): the title says it is someone else, unless the name is a clan name and says nothing alone."""
    key, plain = surname_key(mention.words[0]), fold(mention.words[0])
    same = [c for c in clusters if any(surname_key(w) == key for w in c.family_words)
            or any(fold(w) == plain for w in c.words)]
    if official_context(mention) and not is_clan_name(mention.words[0]):
        same = [c for c in same if c.entry or any(x.official for x in c.contexts)]
    office = office_context(mention)
    if office and office.role_class:
        same = [c for c in same if office.role_class in _role_classes(c)] or same
    if same:
        return _nearest(same, mention)
    if not mention.is_person or official_context(mention) or len(key) < options.min_fuzzy_word_chars:
        return None
    scored = [
        (max(word_similarity(mention.words[0], w) for w in c.family_words), c)
        for c in clusters if c.family_words and c.full_mentions
    ]
    scored = sorted((s for s in scored if s[0] >= options.short_form_min), key=lambda s: -s[0])
    if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def is_candidate(mention: Mention) -> bool:
    """A name worth a cluster: a person by spaCy or an honorific, or a full name a government title introduces
    (the small model labels many names ORG or GPE, East Asian ones most of all)."""
    return mention.is_person or (official_context(mention) is not None and mention.is_full)


class Clusterer:
    """Groups the mentions of one article into people, linking each to the registry when the evidence allows."""

    def __init__(self, registry: Registry, day: dt.date | None, options: OfficialsOptions = DEFAULTS) -> None:
        self.registry, self.day, self.options = registry, day, options
        self.clusters: list[Cluster] = []
        self.by_entry: dict[str, Cluster] = {}

    def entry_cluster(self, entry: Entry, link: str) -> Cluster:
        if entry.name not in self.by_entry:
            self.by_entry[entry.name] = Cluster(entry, link=link)
            self.clusters.append(self.by_entry[entry.name])
        return self.by_entry[entry.name]

    def add_full(self, mention: Mention, named: set[str]) -> None:
        entry, link = link_full_name(mention, self.registry, self.day, named, self.options)
        if entry:
            self.entry_cluster(entry, link).mentions.append(mention)
        elif is_candidate(mention):
            alike = [c for c in self.clusters if c.entry is None and
                     any(similarity(mention.text, f.text) >= self.options.full_name_min for f in c.full_mentions)]
            if not alike:
                alike = [Cluster(None)]
                self.clusters.append(alike[0])
            alike[0].mentions.append(mention)

    def add_short(self, mention: Mention, uses: int) -> None:
        cluster = attach_short_form(mention, self.clusters, self.options)
        if cluster is None:
            entry = resolve_family_name(mention, self.registry, self.day, uses, self.options)
            cluster = self.entry_cluster(entry, "surname+role") if entry else None
        if cluster is None and is_candidate(mention) and not is_clan_name(mention.words[0]):
            cluster = Cluster(None)
            self.clusters.append(cluster)
        if cluster is not None:
            cluster.mentions.append(mention)


def cluster_mentions(mentions: list[Mention], registry: Registry, day: dt.date | None,
                     options: OfficialsOptions = DEFAULTS) -> list[Cluster]:
    full = [m for m in mentions if m.is_full]
    named = {e.name for m in full if (e := registry.exact(m.text, day)) and not contradicts(e, m, day)}
    clusterer = Clusterer(registry, day, options)
    for mention in full:
        clusterer.add_full(mention, named)
    uses: dict[str, int] = {}
    for mention in mentions:
        uses[surname_key(mention.words[0])] = uses.get(surname_key(mention.words[0]), 0) + 1
    for mention in (m for m in mentions if not m.is_full):
        clusterer.add_short(mention, uses[surname_key(mention.words[0])])
    return clusterer.clusters


# --- deciding and describing -----------------------------------------------------------------------------------


def verdict(cluster: Cluster) -> bool | None:
    """True: a title says official; False: a description says not; None: nothing said (a candidate)."""
    verdicts = [c.official for c in cluster.contexts if c.official is not None]
    if True in verdicts:
        return True
    if False in verdicts:
        return False
    return True if cluster.entry is not None else None


def is_byline(cluster: Cluster, bylines: list[str], options: OfficialsOptions = DEFAULTS) -> bool:
    if any(c.official for c in cluster.contexts):
        return False
    names = [m.text for m in cluster.full_mentions] or [cluster.name]
    return any(similarity(n, b) >= options.byline_min for n in names for b in bylines)


def country_by_name_shape(name: str) -> str | None:
    if is_korean_shaped(name):
        return "KR"
    if is_chinese_shaped(name):
        return "CN"
    if is_japanese_shaped(name):
        return "JP"
    return None


def home_country(article: Article) -> str | None:
    """The country a story is told from: its dateline's city or country, else its outlet's head office."""
    dateline = parse_dateline(article.text)
    if dateline:
        for part in reversed([p.strip() for p in dateline.place.replace("/", ",").split(",")]):
            code = lexicon().dateline_places.get(part.upper())
            if code:
                return code
    outlet = outlet_registry().lookup(article.publisher) if article.publisher else None
    return outlet.country if outlet else None


def cluster_country(cluster: Cluster, home: str | None) -> tuple[str | None, str]:
    """(country served, where it came from): the registry's, else the title's, else the name's shape (Korean,
    Chinese, Japanese), else the story's home (dateline or outlet) when that is not a country of shaped names."""
    if cluster.entry:
        return cluster.entry.country, "registry"
    official = [c for c in cluster.contexts if c.official]
    for context in official:
        if context.igo:
            return None, "igo"
        if context.country:
            return context.country, "title"
    shape = country_by_name_shape(cluster.name)
    if shape:
        return shape, "name"
    classes = {c.role_class for c in official}
    if home and home not in SHAPED_COUNTRIES and not classes & NO_HOME_ROLE_CLASSES:
        return home, "home"
    return None, "none"


def beside_country(cluster: Cluster, shape: str, known: list[tuple[Cluster, str]]) -> str | None:
    """The country of the officials named in the same sentences as ``cluster`` when they all serve one, and a name
    of this ``shape`` may serve it too (``SHAPE_ALTERNATIVES``): the party secretary listed in the North Korean
    leader's entourage is North Korean. ``known``: officials whose country the registry or a title gave."""
    sentences = {m.sentence for m in cluster.mentions}
    found = {country for other, country in known if other is not cluster and any(
        m.sentence in sentences for m in other.mentions)}
    if len(found) == 1 and (country := next(iter(found))) in SHAPE_ALTERNATIVES.get(shape, ()):
        return country
    return None


def article_countries(clusters: list[Cluster], home: str | None) -> dict[int, tuple[str | None, str]]:
    """(country, where it came from) of each cluster (by ``id``): ``cluster_country``, except that a country only
    the name's shape gave yields to the one the officials beside it serve (``beside_country``: "beside")."""
    countries = {id(c): cluster_country(c, home) for c in clusters}
    known = [(c, countries[id(c)][0]) for c in clusters
             if countries[id(c)][1] in ("registry", "title") and countries[id(c)][0] and verdict(c)]
    for cluster in clusters:
        shape, source = countries[id(cluster)]
        if source == "name" and (beside := beside_country(cluster, shape, known)):
            countries[id(cluster)] = (beside, "beside")
    return countries


def evidence(cluster: Cluster, country_from: str) -> str:
    """"title:Foreign Minister; link:exact; country:title": what made the person an official, how the name
    was linked, and where the country came from."""
    kind, context = next(iter(cluster.official_contexts), ("registry", None))
    why = f"{kind}:{context.text}" if context else "registry:office held"
    link = f"link:{cluster.link}" if cluster.entry else "nil"
    return f"{why}; {link}; country:{country_from}"


def to_official(cluster: Cluster, day: dt.date | None, home: str | None,
                settled: tuple[str | None, str] | None = None) -> Official:
    """``settled``: (country, where it came from) as ``article_countries`` gave it, else ``cluster_country``'s."""
    context = next((c for _, c in cluster.official_contexts), None)
    country, country_from = settled or cluster_country(cluster, home)
    if context:
        role = clean_role(context.text, country)
    else:
        role = cluster.entry.role_on(day) if cluster.entry else None
    return Official(
        name=cluster.name,
        country=country,
        role=role,
        mentions=cluster.forms,
        wikidata_id=cluster.entry.wikidata_id if cluster.entry else None,
        evidence=evidence(cluster, country_from) if verdict(cluster) else f"candidate; country:{country_from}",
    )


class OfficialsAnnotator(Annotator):
    """Fills ``Article.officials`` (and the private ``official_candidates``) from the parsed body."""

    name = "officials_v2"
    options_type = OfficialsOptions

    def __init__(self, registry: Registry | None = None, options: OfficialsOptions = DEFAULTS) -> None:
        super().__init__(options)
        self.registry = registry if registry is not None else default_registry()

    def annotate(self, article: Article) -> None:
        article.officials, article.work.official_candidates = [], []
        if article.work.doc is None or not article.is_english:
            return
        day, home = article.date, home_country(article)
        bylines = byline_names(article.author, article.work.header_lines, article.work.footer_lines, article.text)
        mentions = find_mentions(article.work.doc, article.text)  # the text the doc was parsed from
        clusters = cluster_mentions(mentions, self.registry, day, self.options)
        countries = article_countries(clusters, home)
        for cluster in clusters:
            decided = verdict(cluster)
            if decided is False:
                self.stats["dropped_not_official"] += 1
            elif is_byline(cluster, bylines, self.options):
                self.stats["dropped_byline"] += 1
            elif decided is None:
                article.work.official_candidates.append(to_official(cluster, day, home, countries[id(cluster)]))
                self.stats["candidates"] += 1
            else:
                article.officials.append(to_official(cluster, day, home, countries[id(cluster)]))
                self.stats["registry_matches" if cluster.entry else "outside_registry"] += 1
        self.stats["articles_with_officials"] += bool(article.officials)
