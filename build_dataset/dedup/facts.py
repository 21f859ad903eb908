"""What the duplicate grouper knows about each page besides its words: the evidence that two pages that share
sentences are, or are not, one story.

- ``date``: the page's own publication date. Versions of a wire story are filed the same day; a follow-up
  on another day reuses the background paragraphs of the first story and is a different story.
- ``outlets``: who published it (the publisher; the wire agency credited when the publisher is unknown). One
  outlet does not publish the same text twice except as an update; two outlets writing up one press release
  are not copies of each other. (An agency credited beside a publisher is often a photo credit.)
- ``digest``: a news summary or roundup (many short items from unrelated stories). It quotes a paragraph of
  each story it lists, so it joins a group only as an exact copy of another digest. The page ``kind``
  ("digest"), when a step set one, is taken as is; otherwise ``extract_digest`` decides.
- ``update``: the page carries a wire update tag ("(LEAD)", "(2nd LD)", "UPDATE 2-", "(ATTN: UPDATES ...)"),
  which makes its relation to an earlier take a ``version`` rather than a ``copy``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import combinations

from build_dataset.core.article import Article
from build_dataset.dedup.units import content_words

# Wire update tags: Yonhap "(LEAD)", "(2nd LD)", "(URGENT)" (the flash a story starts as); Reuters "UPDATE 2-",
# "REFILE-", "CORRECTED-"; editor's notes announcing an update. Looked for in the title and the body's start.
UPDATE_TAG = re.compile(
    r"\((?:LEAD|URGENT|\d+(?:st|nd|rd|th) LD|UPDATE(?: \d+)?|REFILE|CORRECTED)\)"
    r"|(?:^|\n)\s*(?:UPDATE \d+|REFILE|CORRECTED)\s?-"
    r"|\(ATTN: [^)]*\b(?:UPDATES|ADDS|RECASTS)\b|\((?:Updates|Adds) [^)]{0,80}\)"
)
# Words a roundup names itself with, in its headline or its opening ("The following is a summary of ...").
DIGEST_WORDS = re.compile(
    r"\b(?:summary|summaries|round-?up|digest|in brief|news briefs|key developments|headlines|recap|"
    r"week in review|chronology|what you need to know)\b",
    re.IGNORECASE,
)
# Where one item of a roundup ends and the next starts: a rule of dashes or equals signs, or a bullet glyph.
ITEM_BREAK = re.compile(r"[-=_~]{3,}|[■□▶►◆◇●•※]")
# How far into the body a roundup names itself (characters): the slug, headline and opening sentence.
OPENING_CHARS = 300
# A roundup that names itself needs at least this many item breaks; one without the words needs at least
# DIGEST_MIN_ITEMS items of DIGEST_ITEM_WORDS words or more that share few words (mean pairwise Jaccard of
# their content words under DIGEST_MAX_OVERLAP). On the Naver corpus the 8 summaries and weekly roundups
# have 2-12 breaks; the articles with bullets are KBS pages, whose only "items" are the lines of a promo.
DIGEST_MIN_BREAKS = 2
DIGEST_MIN_ITEMS = 4
DIGEST_ITEM_WORDS = 12
DIGEST_MAX_OVERLAP = 0.1
# Words that name no outlet in particular: "Yonhap News Agency" and "Yonhap" are one outlet.
OUTLET_FILLER = frozenset(["the", "news", "agency", "daily", "newspaper", "times", "online", "by", "co", "ltd"])


@dataclass(frozen=True)
class DocFacts:
    date: dt.date | None = None
    outlets: frozenset[str] = field(default_factory=frozenset)
    digest: bool = False
    update: bool = False


def extract_update_tag(title: str | None, text: str) -> str | None:
    for where in (title or "", text[:OPENING_CHARS]):
        found = UPDATE_TAG.search(where)
        if found:
            return found.group(0)
    return None


def _items_unrelated(items: list[str]) -> bool:
    word_sets = [set(content_words(item)) for item in items]
    word_sets = [words for words in word_sets if len(words) >= DIGEST_ITEM_WORDS]
    if len(word_sets) < DIGEST_MIN_ITEMS:
        return False
    overlaps = [len(a & b) / len(a | b) for a, b in combinations(word_sets, 2)]
    return sum(overlaps) / len(overlaps) < DIGEST_MAX_OVERLAP


def extract_digest(title: str | None, text: str) -> str | None:
    """Why the page is a news summary or roundup ("named", "unrelated items"), or None."""
    breaks = len(ITEM_BREAK.findall(text))
    if breaks >= DIGEST_MIN_BREAKS and DIGEST_WORDS.search(f"{title or ''}\n{text[:OPENING_CHARS]}"):
        return "named"
    if breaks >= DIGEST_MIN_ITEMS - 1 and _items_unrelated(ITEM_BREAK.split(text)):
        return "unrelated items"
    return None


def outlet_keys(*names: str | None) -> frozenset[str]:
    """Each named outlet without the words that name no outlet in particular, lower case."""
    keys = set()
    for name in names:
        words = [w for w in re.findall(r"\w+", (name or "").lower()) if w not in OUTLET_FILLER]
        if words:
            keys.add(" ".join(words))
    return frozenset(keys)


def facts_of_text(text: str, title: str | None = None) -> DocFacts:
    """What the text alone says (no date, no outlet): whether it is a digest, whether it is an update."""
    return DocFacts(
        digest=extract_digest(title, text) is not None, update=extract_update_tag(title, text) is not None
    )


def facts_of_article(article: Article) -> DocFacts:
    kind = getattr(article, "kind", None)  # the page kind, where a step sets one
    digest = kind == "digest" or extract_digest(article.title, article.text) is not None
    return DocFacts(
        date=article.date,
        outlets=outlet_keys(article.publisher or article.agency),
        digest=digest,
        update=extract_update_tag(article.title, article.text) is not None,
    )
