"""A wire flash joins the story it announces.

A flash (``clean.flash``: "(URGENT) X" with no body) shares no sentence with its story, which opens with a
dateline and rewords the headline, so the sentence alignment cannot group them. Its evidence is its headline:
a flash left alone by the alignment joins the group of the story from the same outlet, dated the same day,
that matches its headline best, when the match is strong enough: the story's title shares at least
``flash_headline_match`` of the content words of the longer headline, or the story's title and text together
carry at least ``flash_text_contained`` of the flash headline's words (the story rewrote its title, or the flash
announced one remark the story reports further down). Its relation is ``version`` and its ``duplicate_score``
the match. A digest, which carries a line of every story of the day, is never a flash's story. A flash with
no such story stays a group of its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from build_dataset.clean.flash import headline_without_tags
from build_dataset.dedup.options import DEDUP_DEFAULTS, DedupOptions
from build_dataset.dedup.units import content_words

if TYPE_CHECKING:
    from build_dataset.core.article import Article
    from build_dataset.dedup.facts import DocFacts
    from build_dataset.dedup.grouper import Assignment

# Words are compared on their first characters, so "apologizes" and "apology", "nominates" and "nominated" agree.
STEM_CHARS = 5


def stems(text: str) -> frozenset[str]:
    """The distinct content words of ``text``, each cut to its first STEM_CHARS characters."""
    return frozenset(word[:STEM_CHARS] for word in content_words(text))


def headline_words(title: str | None) -> frozenset[str]:
    return stems(headline_without_tags(title or ""))


def headline_match(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of the longer headline's words the other one has (0 for an empty headline)."""
    longest = max(len(a), len(b))
    return len(a & b) / longest if longest else 0.0


@dataclass(frozen=True)
class StoryWords:
    """What a flash is compared with: a story's headline words, and the words of its title and text."""

    title: frozenset[str]
    carried: frozenset[str]

    @classmethod
    def of(cls, story: Article) -> StoryWords:
        title = headline_words(story.title)
        return cls(title, title | stems(story.text or ""))


def extract_story_match(
    headline: frozenset[str], story: StoryWords, options: DedupOptions = DEDUP_DEFAULTS
) -> float | None:
    """How well a story matches a flash's headline words: the title match when it reaches
    ``flash_headline_match``, else the share of the headline the story's title and text carry when that reaches
    ``flash_text_contained``; None on a miss."""
    title = headline_match(headline, story.title)
    carried = len(headline & story.carried) / len(headline) if headline else 0.0
    floors = ((title, options.flash_headline_match), (carried, options.flash_text_contained))
    found = [share for share, floor in floors if share >= floor]
    return max(found, default=None)


def story_for_flash(
    flash: Article, stories: dict[int, tuple[str, StoryWords]], options: DedupOptions = DEDUP_DEFAULTS
) -> tuple[int, float] | None:
    """The best-matching story among ``stories`` (position: (id, words)) and its match
    (``extract_story_match``; ties to the lowest id)."""
    headline = headline_words(flash.title)
    scored = [(match, story_id, k) for k, (story_id, words) in stories.items()
              if (match := extract_story_match(headline, words, options)) is not None]  # fmt: skip
    best = min(scored, key=lambda s: (-s[0], s[1]), default=None)
    return (best[2], best[0]) if best else None


def attach_flashes(
    articles: list[Article],
    assignments: list[Assignment],
    facts: list[DocFacts],
    stats: Counter,
    options: DedupOptions = DEDUP_DEFAULTS,
) -> list[Assignment]:
    """The assignments with every lone flash that matches a story moved into that story's group."""
    stories: dict[tuple, list[int]] = {}
    for k, (article, fact) in enumerate(zip(articles, facts)):
        if article.kind != "flash" and not fact.digest and fact.date is not None:
            for outlet in fact.outlets:
                stories.setdefault((fact.date, outlet), []).append(k)
    joined, words = {}, {}  # words: each candidate story's, computed once (its text may be read from disk)
    for k, (article, fact) in enumerate(zip(articles, facts)):
        if article.kind != "flash" or assignments[k].size > 1 or fact.date is None:
            continue
        candidates = sorted({s for outlet in fact.outlets for s in stories.get((fact.date, outlet), [])})
        for s in candidates:
            if s not in words:
                words[s] = (articles[s].id, StoryWords.of(articles[s]))
        if found := story_for_flash(article, {s: words[s] for s in candidates}, options):
            joined[k] = found
    stats["flashes"] += sum(1 for a in articles if a.kind == "flash")
    stats["flashes_joined_to_story"] += len(joined)
    return regrouped(assignments, joined, stats)


def regrouped(assignments: list[Assignment], joined: dict[int, tuple[int, float]], stats: Counter) -> list[Assignment]:
    """``assignments`` with each joined flash a ``version`` in its story's group, and the group sizes updated."""
    result = list(assignments)
    for flash, (story, share) in sorted(joined.items()):
        group = assignments[story].group
        result[flash] = replace(assignments[flash], group=group, is_canonical=False, score=round(share, 4),
                                relation="version")  # fmt: skip
    sizes = Counter(a.group for a in result)
    stats["copies"] += len(joined)
    stats["groups"] -= len(joined)
    stats["relation_version"] += len(joined)
    stats["groups_with_copies"] += len({a.group for a in result if sizes[a.group] > 1}) - len(
        {a.group for a in assignments if a.size > 1})
    return [a if a.size == sizes[a.group] else replace(a, size=sizes[a.group]) for a in result]
