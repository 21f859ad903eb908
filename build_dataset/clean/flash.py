"""Wire flashes: a headline an agency sends ahead of its story ("(URGENT) X", "(FLASH) X", "(BULLETIN) X"),
with no body or a line or two.

A flash is news in its own right, the first version of a wire story, so it becomes a row of kind ``flash``
instead of a ``no_body`` or ``too_short`` reject: its text is its short body or, when it has none, its
headline without the tag. ``dedup.flashes`` joins it to the story it announces.
"""

from __future__ import annotations

from build_dataset.clean.wire import VERSION_TAG, extract_version
from build_dataset.core.article import Article

# The tags agencies put on a headline sent before its story (Yonhap "(URGENT)", AP "BULLETIN", Reuters and
# AFP "FLASH"); "(LEAD)", "(2nd LD)" and "UPDATE 2-" mark a story that has a body.
FLASH_TAGS = frozenset(["urgent", "flash", "bulletin"])


def is_flash_tag(tag: str | None) -> bool:
    return tag is not None and tag.casefold() in FLASH_TAGS


def headline_without_tags(title: str) -> str:
    """ "(URGENT) (LEAD) X" -> "X": the headline without the version tags in front of it."""
    while (tag := VERSION_TAG.match(title.strip())) is not None:
        title = title.strip()[tag.end():].lstrip(" -:")
    return title.strip()


def read_headline_only_flash(article: Article, title: str | None) -> bool:
    """Fills a page that has no body but a flash headline (title, version tag, the headline as text) and says
    whether it was one."""
    if not title or not is_flash_tag(extract_version(title)):
        return False
    text = headline_without_tags(title)
    if not text:
        return False
    article.title = title
    article.version = extract_version(title)
    article.text = text
    return True


def is_flash(article: Article, max_words: int) -> bool:
    """A page sent under a flash tag whose body is shorter than an article's (``max_words``)."""
    return is_flash_tag(article.version) and bool(article.text) and article.word_count < max_words
