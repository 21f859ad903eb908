"""A wire story's versions join by headline or slug when their bodies were rewritten.

Agencies mark the versions of one story with an update tag on the headline ("(LEAD)", "(2nd LD)", "UPDATE 2-",
"REFILE-"; ``clean.wire.VERSION_TAG``). A version whose body was rewritten past the alignment's thresholds
(the first take of a preview turned into the event story, a market snapshot redone at the close) is left alone
by the sentence alignment, and the one-outlet rule of ``relation`` rules it out. Its headline still says which
story it is: a lone article joins the group of an article of the same outlet, dated at most
``headline_version_days`` apart, when at least one of the two carries an update tag (``DocFacts.update``) and
their headlines without the tags share at least ``headline_version_match`` of the longer one's content words
(``flashes.headline_match``), or when the two were filed on one day (``slug_version_days``) under the same wire
slug ("N Korea-missile"; ``DocFacts.slug``), which an agency keeps over a story's takes however much the
headline changes. Its relation is ``version`` and its ``duplicate_score`` the headline match.

Only articles take part: a flash joins its story by ``flashes``, and a digest or a table repeats its formula
headline ("News Summary", "Closing Price List") every day. Two lone articles form a group whose canonical
member is the longer one (more words, then the larger id: a later take is usually the fuller one); a chain of
lone versions ends in one group.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from build_dataset.dedup.flashes import headline_match, headline_words, regrouped
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions

if TYPE_CHECKING:
    from build_dataset.core.article import Article
    from build_dataset.dedup.facts import DocFacts
    from build_dataset.dedup.grouper import Assignment


def versions_by_headline(
    a: tuple[frozenset[str], DocFacts], b: tuple[frozenset[str], DocFacts], options: DedupOptions = DEDUP_DEFAULTS
) -> float | None:
    """The headline match of two articles' (headline words, facts) when they are versions of one wire story by
    their headlines (see the module docstring), else None."""
    (words_a, facts_a), (words_b, facts_b) = a, b
    if not (facts_a.update or facts_b.update) or not facts_a.outlets & facts_b.outlets:
        return None
    if facts_a.date is None or facts_b.date is None:
        return None
    days = abs((facts_a.date - facts_b.date).days)
    match = headline_match(words_a, words_b)
    if days <= options.headline_version_days and match >= options.headline_version_match:
        return match
    same_slug = facts_a.slug is not None and facts_a.slug == facts_b.slug
    return match if same_slug and days <= options.slug_version_days else None


def same_outlet_days(facts: list[DocFacts], members: list[int]) -> dict[tuple[str, int], list[int]]:
    """``members`` with a known date by (outlet, day ordinal)."""
    found: dict[tuple[str, int], list[int]] = {}
    for k in members:
        if facts[k].date is not None:
            for outlet in facts[k].outlets:
                found.setdefault((outlet, facts[k].date.toordinal()), []).append(k)
    return found


def near(by_day: dict[tuple[str, int], list[int]], fact: DocFacts, days: int) -> list[int]:
    """The articles of ``fact``'s outlets dated at most ``days`` from it."""
    if fact.date is None:
        return []
    day = fact.date.toordinal()
    days_around = range(day - days, day + days + 1)
    return [j for outlet in fact.outlets for d in days_around for j in by_day.get((outlet, d), [])]


def attach_headline_versions(
    articles: list[Article],
    assignments: list[Assignment],
    facts: list[DocFacts],
    stats: Counter,
    options: DedupOptions = DEDUP_DEFAULTS,
) -> list[Assignment]:
    """The assignments with every lone article that is a version of another by its headline moved into that
    article's group (the best match; ties to the longer article)."""
    taking_part = [k for k, (a, f) in enumerate(zip(articles, facts)) if a.kind == "article" and not f.digest]
    if not any(facts[k].update for k in taking_part):
        return assignments
    key = {k: (articles[k].word_count, articles[k].id) for k in taking_part}
    signal = {k: (headline_words(articles[k].title), facts[k]) for k in taking_part}
    by_day = same_outlet_days(facts, taking_part)
    root: dict[int, int] = {}  # a joined lone article -> the article whose (unchanged) group it joins
    joined: dict[int, tuple[int, float]] = {}
    lone = sorted((k for k in taking_part if assignments[k].size == 1), key=key.__getitem__, reverse=True)
    for k in lone:  # longest first, so a lone article joins a longer one whose own group is already decided
        others = {j for j in near(by_day, facts[k], options.headline_version_days) if j != k}
        targets = [j for j in others if assignments[j].size > 1 or key[j] > key[k]]
        scored = [(match, key[j], j) for j in targets
                  if (match := versions_by_headline(signal[k], signal[j], options)) is not None]  # fmt: skip
        if scored:
            match, _, best = max(scored)
            root[k] = root.get(best, best)
            joined[k] = (root[k], match)
    stats["headline_versions_joined"] += len(joined)
    return regrouped(assignments, joined, stats) if joined else assignments
