"""What the duplicate grouper knows about each page besides its words: the evidence that two pages that share
sentences are, or are not, one story.

- ``date``: the page's own publication date. Versions of a wire story are filed the same day; a follow-up
  on another day reuses the background paragraphs of the first story and is a different story.
- ``outlets``: who published it (the publisher; the wire agency credited when the publisher is unknown). One
  outlet does not publish the same text twice except as an update; two outlets writing up one press release
  are not copies of each other. (An agency credited beside a publisher is often a photo credit.)
- ``digest``: a news summary or roundup (many short items from unrelated stories). It quotes a paragraph of
  each story it lists, so it joins a group only as an exact copy of another digest. The page ``kind``
  (``annotate.kind``) says so; a plain text is read with the same test.
- ``update``: the page carries a wire version tag ("(LEAD)", "(2nd LD)", "(URGENT)", "UPDATE 2-"), which makes
  its relation to an earlier take a ``version`` rather than a ``copy``. The cleaner (``clean.wire``) takes the
  tag out of the text and records it in ``Article.version``; a plain text is read with the same pattern.
- ``slug``: the wire slug the versions of one story share ("n korea-missile"; ``clean.wire.extract_wire_slug``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from build_dataset.annotate.kind import is_digest
from build_dataset.clean.wire import extract_version
from build_dataset.core.article import Article
from build_dataset.core.text import words
from build_dataset.dedup.options import DEDUP_DEFAULTS

# Words that name no outlet in particular: "Yonhap News Agency" and "Yonhap" are one outlet.
OUTLET_FILLER = frozenset(["the", "news", "agency", "daily", "newspaper", "times", "online", "by", "co", "ltd"])


@dataclass(frozen=True)
class DocFacts:
    date: dt.date | None = None
    outlets: frozenset[str] = field(default_factory=frozenset)
    digest: bool = False
    update: bool = False
    slug: str | None = None


def extract_update_tag(
    title: str | None, text: str, opening_chars: int = DEDUP_DEFAULTS.opening_chars
) -> str | None:
    """The version tag of a text that did not go through the cleaner: in its title, else its opening
    (``opening_chars``: further in, a tag belongs to a quoted item)."""
    return extract_version(title or "") or extract_version(text[:opening_chars])


def outlet_keys(*names: str | None) -> frozenset[str]:
    """Each named outlet without the words that name no outlet in particular, lower case."""
    keys = set()
    for name in names:
        kept = [w for w in words((name or "").lower(), terms=True) if w not in OUTLET_FILLER]
        if kept:
            keys.add(" ".join(kept))
    return frozenset(keys)


def facts_of_text(text: str, title: str | None = None, opening_chars: int = DEDUP_DEFAULTS.opening_chars) -> DocFacts:
    """What the text alone says (no date, no outlet): whether it is a digest, whether it is an update."""
    page = Article(id="", source_file="", title=title, text=text)
    return DocFacts(digest=is_digest(page), update=extract_update_tag(title, text, opening_chars) is not None)


def facts_of_article(article: Article) -> DocFacts:
    """What the steps before found: the page's date, outlet, kind and version tag (none re-read from the text)."""
    return DocFacts(
        date=article.date,
        outlets=outlet_keys(article.publisher or article.agency),
        digest=article.kind == "digest",
        update=article.version is not None,
        slug=article.work.wire_slug,
    )
