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

import math
from collections import Counter
from typing import TYPE_CHECKING

from build_dataset.dedup.flashes import headline_match, headline_words, regrouped
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions

if TYPE_CHECKING:
    from build_dataset.core.article import Article
    from build_dataset.dedup.facts import DocFacts
    from build_dataset.dedup.grouper import Assignment


Signal = tuple[frozenset[str], "DocFacts"]  # an article's headline words and facts


def versions_by_headline(a: Signal, b: Signal, options: DedupOptions = DEDUP_DEFAULTS) -> float | None:
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


def probe_words(words: frozenset[str], rarity: dict[str, int], share: float) -> list[str]:
    """Enough of ``words`` that a headline sharing ``share`` of the longer one's words holds one of them: the
    rarest ``len - ceil(share * len) + 1`` (prefix filtering, as in set-similarity joins)."""
    needed = math.ceil(share * len(words) - 1e-9)
    return sorted(words, key=lambda w: (rarity[w], w))[: len(words) - needed + 1]


def posting_keys(signal: Signal, rarity: dict[str, int] | None, options: DedupOptions, probe: bool) -> list[tuple]:
    """Where an article is filed (``probe`` False: every headline word and its slug on its day) or looked up
    (``probe`` True: its probe words and slug on the days around it) in the candidate index."""
    words, fact = signal
    if fact.date is None:
        return []
    day = fact.date.toordinal()
    spans = (options.headline_version_days, options.slug_version_days) if probe else (0, 0)
    chosen = probe_words(words, rarity, options.headline_version_match) if probe else sorted(words)
    keys = [("word", o, d, w) for o in fact.outlets for d in range(day - spans[0], day + spans[0] + 1) for w in chosen]
    if fact.slug is not None:
        keys += [("slug", o, d, fact.slug) for o in fact.outlets for d in range(day - spans[1], day + spans[1] + 1)]
    return keys


def near_an_update(articles: list[Article], facts: list[DocFacts], days: int) -> list[int]:
    """The articles (not digests, flashes, tables ...) dated at most ``days`` from an article of their outlet that
    carries an update tag: the only ones that can take part (a pair needs a tag)."""
    dated = [k for k, (a, f) in enumerate(zip(articles, facts))
             if a.kind == "article" and not f.digest and f.date is not None]  # fmt: skip
    tagged = {(o, facts[k].date.toordinal()) for k in dated if facts[k].update for o in facts[k].outlets}
    return [k for k in dated if any((o, facts[k].date.toordinal() + d) in tagged
                                    for o in facts[k].outlets for d in range(-days, days + 1))]


def attach_headline_versions(
    articles: list[Article],
    assignments: list[Assignment],
    facts: list[DocFacts],
    stats: Counter,
    options: DedupOptions = DEDUP_DEFAULTS,
) -> list[Assignment]:
    """The assignments with every lone article that is a version of another by its headline moved into that
    article's group (the best match; ties to the longer article)."""
    taking_part = near_an_update(articles, facts, max(options.headline_version_days, options.slug_version_days))
    if not taking_part:
        return assignments
    key = {k: (articles[k].word_count, articles[k].id) for k in taking_part}
    signal = {k: (headline_words(articles[k].title), facts[k]) for k in taking_part}
    rarity = Counter(w for words, _ in signal.values() for w in words)
    index: dict[tuple, list[int]] = {}
    for k in taking_part:
        for posting in posting_keys(signal[k], None, options, probe=False):
            index.setdefault(posting, []).append(k)
    root: dict[int, int] = {}  # a joined lone article -> the article whose (unchanged) group it joins
    joined: dict[int, tuple[int, float]] = {}
    lone = sorted((k for k in taking_part if assignments[k].size == 1), key=key.__getitem__, reverse=True)
    for k in lone:  # longest first, so a lone article joins a longer one whose own group is already decided
        probes = posting_keys(signal[k], rarity, options, probe=True)
        others = {j for posting in probes for j in index.get(posting, [])}
        targets = [j for j in others if j != k and (assignments[j].size > 1 or key[j] > key[k])]
        scored = [(match, key[j], j) for j in targets
                  if (match := versions_by_headline(signal[k], signal[j], options)) is not None]  # fmt: skip
        if scored:
            match, _, best = max(scored)
            root[k] = root.get(best, best)
            joined[k] = (root[k], match)
    stats["headline_versions_joined"] += len(joined)
    return regrouped(assignments, joined, stats) if joined else assignments
