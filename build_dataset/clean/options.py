"""Thresholds of the cleaning steps (``clean_v2`` and ``not_article_v2``): page split, reflow and wire furniture,
declared once for ``core.options`` (``build-dataset options`` lists them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from build_dataset.core.options import tunable


@dataclass(frozen=True)
class CleanOptions:
    """Thresholds of the page cleaner (``page``, ``reflow``, ``wire``) and the not-an-article filter."""

    family: ClassVar[str] = "clean"
    prose_min_words: int = tunable(10, (
        "A paragraph is prose when it is a sentence of at least this many words (ending in sentence punctuation) "
        "or simply long: headlines (median 11 words in the seeds and dev pages, none ending with a period) and "
        "photo captions are not prose, while every body paragraph is."))
    prose_long_words: int = tunable(30, "A paragraph of this many words is prose whatever its punctuation.")
    title_min_words: int = tunable(4, "Headlines run 4-30 words.")
    title_preferred_words: int = tunable(6, (
        "The first headline-like line of at least this many words wins: site names ('The Korea Times', 'NK News - "
        "North Korea News') are shorter and subtitles come after the headline."))
    title_max_words: int = tunable(30, "Headlines run 4-30 words.")
    marked_widget_max_words: int = tunable(4, (
        "A marked title (heading, title field) this short may be a widget label ('Share', 'Sign in', 'Print this "
        "page')."))
    body_start_window: int = tunable(3, (
        "The body starts at a prose line with another prose line within this many lines after it, so a lone "
        "prose-like instruction above the menu ('Please view the main text ...') does not open the body."))
    url_label_max_words: int = tunable(2, (
        "A web address labelled with at most this many words ('url https://...', 'Source: www.example.com/a') is "
        "a link line, never a headline."))
    min_article_words: int = tunable(40, "Pages whose body is shorter are not articles (cookie notices, lists of "
                                         "headlines).")
    max_line_chars: int = tunable(100_000, (
        "Longer lines are not a paragraph (minified scripts, a whole dump on one line): removed before any line "
        "rule runs. Scraped paragraphs run ~250 chars; a whole long article without line breaks stays under 60k."))
    max_text_chars: int = tunable(100_000, (
        "Longer bodies are rejected (too_large_text) before spaCy sees them: its NER needed ~350 MB per 100k chars "
        "(en_core_web_sm, measured on a repeated seed page), and the longest real article we know is ~60k chars."))
    max_page_chars: int = tunable(2_000_000, (
        "A page 20 times max_text_chars is a dump, not an article page: rejected before the line rules, which "
        "took ~18 s on a 19 MB page (the reader's default limit is 20 MB)."))
    wrap_min_chars: int = tunable(40, (
        "Reflow: lines at least this long count as wrapped text (Reuters-21578 wraps at 65-72 columns; scraped "
        "pages put whole paragraphs, median ~250 chars, on a line)."))
    wrap_max_chars: int = tunable(100, "Reflow: a text with a longer line is not hard-wrapped.")
    wrap_open_share: float = tunable(0.5, (
        "Reflow: share of long lines that end mid-sentence: ~0.8 in wrapped wire copy, ~0.1 in scraped pages."))
    min_wrapped_lines: int = tunable(3, "Reflow: fewer long lines are no evidence of wrapping.")
    wrap_continued_share: float = tunable(0.2, (
        "Reflow: share of open lines whose next line goes on without a capital (mid-sentence): above 0.25 in 99% "
        "of the wrapped Reuters-21578 stories, 0 in a list of headlines, which must not be joined into one "
        "paragraph."))
    short_line_share: float = tunable(0.8, (
        "Reflow: a wrapped line that closes a sentence this far short of the wrap width ends its paragraph."))
    lead_scan_chars: int = tunable(600, (
        "Wire: the slug, headline, editor's note and byline in front of a dateline run up to ~450 characters in "
        "the Naver crawl (the longest editor's notes ~150); a dateline further into the first paragraph is part "
        "of the story."))
    slug_max_chars: int = tunable(100, (
        "Wire: a slug in front of a repeated headline ('bond yields-close', '(LEAD) NK leader-rocket launchers')."))
    repeated_title_min_words: int = tunable(4, (
        "Wire: a headline repeated at the top of the body is cut only when it has this many words and the text "
        "after it does not continue its sentence."))
    wire_credit_max_words: int = tunable(2, (
        "Wire: without a date, a credit inside the lead is a wire's short name ('TOKYO (Kyodo) --'), not 'the WHO "
        "(World Health Organization) -- ...'."))
    tail_scan_chars: int = tunable(600, (
        "Wire: promotion blocks and disclaimers close the body: looked for within this many final characters of it "
        "(the longest seen, an AI-translation note, ~260 characters; a tip-line promotion ~200)."))
    other_script_max_share: float = tunable(0.5, (
        "Wire: a tail is a block in another script when at most this share of its letters are in the body's "
        "script."))
    max_tail_passes: int = tunable(6, (
        "Wire: sign-offs, end marks and blocks can be stacked ('... newsroom. kim@x.com(END)'): peeled this many "
        "times."))


CLEAN_DEFAULTS = CleanOptions()
