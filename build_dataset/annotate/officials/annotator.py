"""Government officials named in the body: one entry per person, with canonical name, country, role and
every surface form the body uses.

Cascade per article (trafilatura-style small steps):
1. ``find_mentions``: capitalized name runs, flagged by spaCy PERSON entities, with the title before and
   the apposition after each.
2. Full names resolve to a registry entry (``resources/officials.yaml``): exact folded spelling, else
   fuzzy name similarity, else the office the title names (held on the article date) plus a shared
   name word. Unresolved full names cluster with each other by similarity.
3. One-word forms ("Chung", "Moteki", "Sung") attach to a cluster of the same article by a shared word,
   else to a registry entry by family name when a title or repeated use says who is meant.
4. A cluster is an official when it is a registry entry or a title/apposition says so, and neither a
   non-government description ("a researcher at ...") nor a byline says otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from build_dataset.annotate.officials.context import TitleContext, clean_role
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
from build_dataset.core.article import Article, Official
from build_dataset.core.steps import Annotator

# Full-name similarity (0-100, names.similarity) to call two spellings one person. Chosen on
# hand-made pairs: true variants score 83-100 ("Jo Se-yeong"/"Cho Sei-young" 83, "Kim Jung-eun"/"Kim Jong Un"
# 83, "Anthony"/"Antony Blinken" 92), different people sharing a surname 77 and below ("Kim Jong-nam"/
# "Kim Jong Un" 77, "Kim Jong-il" 67).
FULL_NAME_MIN = 80
# One-word form to a word of a full name in the same article: "Sung" for "Chung" scores 75, while
# different short surnames score lower ("Kang"/"Kan" 86 is caught by exact match first; "Lee"/"Kim" 0).
SHORT_FORM_MIN = 75
# A name word shared with a registry holder of the office the title names ("Prime Minister Abe Jinsan"):
# transliteration variants of one word score 85-100 ("Fanakoshi"/"Funakoshi" 88).
ROLE_WORD_MIN = 80
# Korean and Chinese family names are shared by millions ("Kim", "Lee", "Wang"), so with one of them the
# given name must be this alike too: "Chang-Riol"/"Sang-ryeol" 75, while different people score lower
# ("Jong-un"/"Yong-nam" 62, "Eui-kyeom"/"Boo-kyum" 67, "Eui-yong"/"Tae-yong" 62). Rarer family names
# (Japanese, Western) need no given-name likeness: "Abe Jinsan" is Shinzo Abe when the title is Prime Minister.
CLAN_GIVEN_NAME_MIN = 70
# Given name alone when the title names the holder's office class ("Kan Yoshihide" for Yoshihide Suga).
SAME_GIVEN_NAME_MIN = 90
# When the title, its country and the article date name an office that exactly one registry entry held,
# the garbled name only has to be loosely alike ("Cui Shanji"/"Choe Son Hui" 44); unrelated names of
# other shapes score below ~35 (e.g. "Mike Pompeo"/"Wang Yi" 0).
ROLE_ONLY_MIN = 40
# Shorter folded words ("un", "yi") are too alike to anything to be matched fuzzily.
MIN_FUZZY_WORD_CHARS = 3
# A body name this close to a byline name is the reporter, not an official.
BYLINE_MIN = 90
# A one-word form without a title resolves to a registry leader only when the article uses it this often.
MIN_BARE_SURNAME_USES = 2


@dataclass(slots=True)
class Cluster:
    """Mentions of one person in one article, and the registry entry when known."""

    entry: Entry | None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def full_mentions(self) -> list[Mention]:
        return [m for m in self.mentions if m.is_full]

    @property
    def words(self) -> list[str]:
        spelled = [w for m in self.full_mentions for w in m.words]
        return spelled + (name_words(self.entry.name) if self.entry else [])

    @property
    def family_words(self) -> list[str]:
        """Words that may be the family name: the registry's, else either end of each full form."""
        if self.entry:
            return [self.entry.family_name]
        return [w for m in self.full_mentions for w in (m.words[0], m.words[-1])]

    @property
    def contexts(self) -> list[TitleContext]:
        return [c for m in sorted(self.mentions, key=lambda m: m.start) for c in m.contexts]

    @property
    def name(self) -> str:
        if self.entry:
            return self.entry.name
        fullest = max(self.full_mentions, key=lambda m: (len(m.words), len(m.text)))
        return fullest.text

    @property
    def forms(self) -> list[str]:
        return list(dict.fromkeys(m.text for m in sorted(self.mentions, key=lambda m: m.start)))


def official_context(mention: Mention) -> TitleContext | None:
    return next((c for c in mention.contexts if c.official), None)


def office_context(mention: Mention) -> TitleContext | None:
    """A title naming an office, even a bare one ("President Moon"), unless it says non-official."""
    return next((c for c in mention.contexts if c.official or (c.official is None and c.role_class)), None)


def _family_and_given(entry: Entry) -> tuple[str, str]:
    words = name_words(entry.name)
    given = [w for w in words if w != entry.family_name]
    return entry.family_name, "".join(fold(w) for w in given)


def matches_office_holder(mention: Mention, entry: Entry, same_office: bool) -> bool:
    """Whether a garbled name can be this holder of the office its title names: the family name agrees
    and the given name is loosely alike ("Abe Jinsan", "Tagro Fanakoshi"), or, when the title names the
    very office class, the given name agrees whatever the family name ("Kan Yoshihide" for Suga)."""
    family, given = _family_and_given(entry)
    for their_family, their_given in family_splits(mention.text):
        if not their_given or not given:
            continue
        if word_similarity(their_family, family) >= ROLE_WORD_MIN:
            if not is_clan_name(family) or fuzz.ratio(their_given, given) >= CLAN_GIVEN_NAME_MIN:
                return True
        if same_office and fuzz.ratio(their_given, given) >= SAME_GIVEN_NAME_MIN:
            return True
    return False


def resolve_by_office(mention: Mention, registry: Registry, day: dt.date | None) -> Entry | None:
    """The registry holder of the office a title names whose name the mention could be a garbling of."""
    context = official_context(mention)
    if context is None or not (context.role_class or context.country):
        return None
    holders = registry.holders(context.role_class, context.country, day)
    found = [e for e in holders if matches_office_holder(mention, e, context.role_class is not None)]
    if len(found) == 1:
        return found[0]
    if not found and context.role_class and context.country and day and len(holders) == 1:
        if similarity(mention.text, holders[0].name) >= ROLE_ONLY_MIN:
            return holders[0]
    return None


def resolve_full_name(mention: Mention, registry: Registry, day: dt.date | None) -> Entry | None:
    entry = registry.exact(mention.text, day)
    if entry is None and (mention.is_person or mention.contexts):
        entry, _ = registry.fuzzy(mention.text, FULL_NAME_MIN, day)
    return entry or resolve_by_office(mention, registry, day)


def resolve_family_name(mention: Mention, registry: Registry, day: dt.date | None, uses: int) -> Entry | None:
    """A one-word form as a registry entry: "President Moon", or a leader's name used repeatedly."""
    context = office_context(mention)
    entries = registry.family(mention.words[0])
    if day is not None:
        entries = [e for e in entries if e.offices_on(day)]
    if context and context.role_class:
        entries = [e for e in entries if any(o.role_class == context.role_class for o in e.offices_on(day))]
    elif mention.is_person and uses >= MIN_BARE_SURNAME_USES:
        entries = [e for e in entries if e.is_leader_on(day)]
    else:
        return None
    if context and context.country:
        entries = [e for e in entries if e.country == context.country]
    return entries[0] if len(entries) == 1 else None


def _nearest(clusters: list[Cluster], mention: Mention) -> Cluster:
    def distance(cluster: Cluster) -> int:
        before = [mention.start - m.start for m in cluster.mentions if m.start < mention.start]
        return min(before) if before else len(mention.text) + 10**9
    return min(clusters, key=distance)


def attach_short_form(mention: Mention, clusters: list[Cluster]) -> Cluster | None:
    """The cluster one of whose name words this one-word form spells (exactly, else closely)."""
    key = surname_key(mention.words[0])
    same = [c for c in clusters if any(surname_key(w) == key for w in c.words)]
    if same:
        return _nearest(same, mention)
    if not (mention.is_person or mention.contexts):
        return None
    if len(key) < MIN_FUZZY_WORD_CHARS:
        return None
    scored = [
        (max(word_similarity(mention.words[0], w) for w in c.family_words), c)
        for c in clusters if c.family_words
    ]
    scored = sorted((s for s in scored if s[0] >= SHORT_FORM_MIN), key=lambda s: -s[0])
    if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def cluster_mentions(mentions: list[Mention], registry: Registry, day: dt.date | None) -> list[Cluster]:
    clusters: list[Cluster] = []
    by_entry: dict[str, Cluster] = {}

    def entry_cluster(entry: Entry) -> Cluster:
        if entry.name not in by_entry:
            by_entry[entry.name] = Cluster(entry)
            clusters.append(by_entry[entry.name])
        return by_entry[entry.name]

    for mention in (m for m in mentions if m.is_full):
        entry = resolve_full_name(mention, registry, day)
        if entry:
            entry_cluster(entry).mentions.append(mention)
        elif mention.is_person or (official_context(mention) and country_by_name_shape(mention.text)):
            alike = [c for c in clusters if c.entry is None and
                     any(similarity(mention.text, f.text) >= FULL_NAME_MIN for f in c.full_mentions)]
            if not alike:
                alike = [Cluster(None)]
                clusters.append(alike[0])
            alike[0].mentions.append(mention)
    uses: dict[str, int] = {}
    for mention in mentions:
        uses[surname_key(mention.words[0])] = uses.get(surname_key(mention.words[0]), 0) + 1
    for mention in (m for m in mentions if not m.is_full):
        cluster = attach_short_form(mention, clusters)
        if cluster is None:
            entry = resolve_family_name(mention, registry, day, uses[surname_key(mention.words[0])])
            cluster = entry_cluster(entry) if entry else None
        if cluster is not None:
            cluster.mentions.append(mention)
    return clusters


def is_official(cluster: Cluster) -> bool:
    verdicts = [c.official for c in cluster.contexts if c.official is not None]
    if True in verdicts:
        return True
    if False in verdicts:
        return False
    return cluster.entry is not None


def is_byline(cluster: Cluster, bylines: list[str]) -> bool:
    if any(c.official for c in cluster.contexts):
        return False
    names = [m.text for m in cluster.full_mentions] or [cluster.name]
    return any(similarity(n, b) >= BYLINE_MIN for n in names for b in bylines)


def country_by_name_shape(name: str) -> str | None:
    if is_korean_shaped(name):
        return "KR"
    if is_chinese_shaped(name):
        return "CN"
    if is_japanese_shaped(name):
        return "JP"
    return None


def to_official(cluster: Cluster, day: dt.date | None) -> Official:
    context = next((c for c in cluster.contexts if c.official), None)
    if cluster.entry:
        country = cluster.entry.country
    else:
        country = next((c.country for c in cluster.contexts if c.official and c.country), None)
        country = country or country_by_name_shape(cluster.name)
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
    )


class OfficialsAnnotator(Annotator):
    """Fills ``Article.officials`` from the parsed body (English articles only)."""

    name = "officials_v1"

    def __init__(self, registry: Registry | None = None) -> None:
        super().__init__()
        self.registry = registry if registry is not None else default_registry()

    def annotate(self, article: Article) -> None:
        article.officials = []
        if article.doc is None or not article.is_english:
            return
        day = article.date
        bylines = byline_names(article.author, article.header_lines, article.footer_lines, article.text)
        for cluster in cluster_mentions(find_mentions(article.doc), self.registry, day):
            if not is_official(cluster):
                self.stats["dropped_not_official"] += 1
            elif is_byline(cluster, bylines):
                self.stats["dropped_byline"] += 1
            else:
                article.officials.append(to_official(cluster, day))
                self.stats["registry_matches" if cluster.entry else "outside_registry"] += 1
        self.stats["articles_with_officials"] += bool(article.officials)
