"""Wire-copy furniture at the top and bottom of a body: taken out of ``text``, kept for what it says.

Crawlers glue a wire story's slug, repeated headline, editor's note and byline in front of its dateline
("(LEAD) N Korea-missile(LEAD) N. Korea fires missiles(ATTN: UPDATES with details)By Kim Soo-yeon SEOUL,
Jan. 2 (Yonhap) --") and leave the reporter's e-mail, an end mark, a promotion block in another script or a
disclaimer about the article itself ("This article was translated with the help of generative AI ...") after
its last sentence. This step finds them by shape, anywhere in the lead or the tail rather than only at a
paragraph's start, and:

- moves the byline (``By Kim Soo-yeon``, ``[Kim Saemi, Edaily Reporter]``) to the header lines, and the e-mail
  sign-off and promotion blocks to the footer lines, where the source extractors read bylines and e-mail domains;
- records the version tag ("LEAD", "2nd LD", "URGENT") in ``Article.version``;
- records every removed piece in ``Work.removed`` with its reason (``wire_slug``, ``editor_note``,
  ``end_marker``, ``email_signoff``, ``promo_block``, ``disclaimer``).
"""

from __future__ import annotations

import calendar
import re
import unicodedata

from build_dataset.clean.options import CLEAN_DEFAULTS, CleanOptions
from build_dataset.core.article import Article
from build_dataset.core.text import EMAIL, find_byline, has_sentence_break

# The scan lengths, slug and credit sizes and tail passes are the cleaner's thresholds (``clean.options``).

# Month names and abbreviations, longest first so "Sept" wins over "Sep" (shared with annotate.sources).
MONTH_NAMES = sorted({*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept"}, key=len, reverse=True)
MONTH = r"(?:" + "|".join(MONTH_NAMES) + r")\.?"
DASH = r"[-–—]{1,3}"
# A dateline inside the lead, not only at a paragraph's start: an upper-case place, an optional region and
# date, the credit in parentheses and a dash ("SEOUL, Dec. 28 (Yonhap) --", "TOKYO (Kyodo) —-").
LEAD_DATELINE = re.compile(
    r"(?<![A-Z])[A-Z][A-Z.'-]+(?:[ /-]{1,3}[A-Z][A-Z.'-]+){0,3}"
    r"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?"
    rf"(?:,\s*(?P<monthday>{MONTH}\s*\d{{1,2}})(?:,\s*(?:19|20)\d{{2}})?)?"
    rf"\s*\((?P<credit>[A-Z][^()]{{1,38}})\)\s*{DASH}\s+(?=[A-Z0-9\"'“‘])"
)
EDITOR_NOTE = re.compile(r"\(\s*(?:ATTN|EDS?|EDITOR'?S NOTE|NOTE TO EDITORS)\s*:[^()]*\)", re.IGNORECASE)
VERSION_TAG = re.compile(
    r"\((?P<tag>LEAD|URGENT|FLASH|BULLETIN|CORRECTED|UPDATED?|WRAPUP|\d+(?:st|nd|rd|th) (?:LD|LEAD|UPDATE|WRAPUP))\)"
    r"|^(?P<prefix>(?:UPDATE|REFILE|CORRECTED)(?: \d+)?)\s*-(?=\s*\w)",
    re.IGNORECASE,
)
# "[Kim Saemi, Edaily Reporter]": a reporter's credit in brackets, with the outlet before the role.
BRACKET_CREDIT = re.compile(
    r"^\s*\[(?P<name>[^\[\],]{3,40}),\s*(?P<outlet>[^\[\]]{2,40}?)\s+"
    r"(?:reporter|correspondent|staff writer|writer|columnist|editor|contributor)s?\]\s*",
    re.IGNORECASE,
)
# A note about the article itself opening the lead ("This article was released as premium content on ...").
ABOUT_THIS_ARTICLE = (
    r"this (?:article|story|content) (?:was|is|has been) (?:originally |first |partly |automatically )?"
    r"(?:written|translated|produced|published|updated|corrected|edited|released|generated|created|provided)\b"
)
LEAD_NOTICE = re.compile(rf"^\s*{ABOUT_THIS_ARTICLE}.*?[.!?](?=\s|\[|$)", re.IGNORECASE)
# The repeated headline behind a slug is found by its first characters: the copy in the body may end otherwise.
SLUG_HEADLINE_CHARS = 25
# A wire slug joins its keywords with hyphens ("N Korea-missile", "Coupang-compensation", "BC-Korea-Election").
SLUG_SHAPE = re.compile(r"\w-\w")
END_MARK = re.compile(r"\s*\((?:END|MORE)\)\s*$")
# A reporter's e-mail closing the body, with the name before it when there is one ("... said. Lee Yoon-seo
# yoonseo@x.com", "... said. kim@x.com", "(kim@x.com; lee@x.com)").
SIGNOFF = re.compile(
    r"(?:(?:^|(?<=[.!?”\"’')\]])\s*)(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){1,3})\s*)?"
    rf"[(<\[]?\s*(?P<emails>{EMAIL}(?:\s*[,;/]\s*{EMAIL})*)\s*[)>\]]?\s*$"
)
# Sentences about the article rather than the story: AI or machine translation, the original's address, a
# translator's credit, an invitation to subscribe or to read more elsewhere.
DISCLAIMER = re.compile(
    rf"\b{ABOUT_THIS_ARTICLE}"
    r"|\b(?:translated|translation)\b[^.]{0,80}\b(?:AI|artificial intelligence|machine|generative|automated)\b"
    r"|\bAI[- ](?:assisted|generated|powered) translations?\b"
    r"|\[\s*translated by\b|\boriginal (?:article|story)\s*:"
    r"|\bsubscribe (?:to our|now|here|today)\b|\bsign up for our\b|\bour (?:newsletter|blog)\b"
    r"|\bto (?:see|read) more\b[^.]{0,60}\b(?:articles|stories|news)\b",
    re.IGNORECASE,
)
# Where a sentence may start (the match's end): after sentence punctuation and closing quotes, or at a bracket.
SENTENCE_START = re.compile(r"(?:^|[.!?][”\"’')\]]*\s*|\s(?=\[))(?=\S)")
ADDRESS = re.compile(rf"{EMAIL}|\b(?:[a-z][a-z0-9+.-]{{0,15}}://|www\.)\S+", re.IGNORECASE)
FIRST_WORD = re.compile(r"[^\W\d_]+")
BLOCK_MARKER = re.compile(r"[■□▶▷►◆◇●○※☞★☆▣]")


def _latin_share(text: str) -> float | None:
    """Share of Latin letters among the letters of ``text``, addresses (e-mail, web) left out."""
    letters = [c for c in ADDRESS.sub(" ", text) if c.isalpha()]
    if not letters:
        return None
    return sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, "")) / len(letters)


# --- the lead ----------------------------------------------------------------------------------------------


def extract_version(text: str) -> str | None:
    """The first version tag in ``text``: "(LEAD) ..." -> "LEAD", "(2nd LD)" -> "2nd LD", "UPDATE 2-" -> "UPDATE 2"."""
    match = VERSION_TAG.search(text)
    return (match["tag"] or match["prefix"]) if match else None


def lead_prefix_end(lead: str, title: str | None, options: CleanOptions = CLEAN_DEFAULTS) -> int | None:
    """Where the story starts when the lead opens with wire furniture: at a dateline within ``lead_scan_chars``,
    or right after a repeated headline behind a short slug. None when the lead is the story from its start."""
    dateline = LEAD_DATELINE.search(lead[:options.lead_scan_chars])
    # text before a dateline or a repeated headline that holds a sentence break is a story of its own, not a slug
    if dateline and dateline.start() > 0 and not has_sentence_break(lead[: dateline.start()]):
        if dateline["monthday"] or len(dateline["credit"].split()) <= options.wire_credit_max_words:
            return dateline.start()
    at = lead.find(title, 0, len(title) + options.slug_max_chars) if title else -1
    if at < 0 or len(title.split()) < options.repeated_title_min_words or has_sentence_break(lead[:at]):
        return None
    end = at + len(title)
    after = lead[end:].lstrip()[:1]
    if after.islower() or (after and after in ",;:"):
        return None
    note = EDITOR_NOTE.match(lead, end)
    return note.end() if note else end


def split_prefix(article: Article, prefix: str) -> None:
    """Take apart the furniture in front of the story: editor's notes, version tag, byline, slug."""
    article.version = article.version or extract_version(prefix)
    for note in EDITOR_NOTE.findall(prefix):
        article.work.removed.append(("editor_note", note))
    rest = EDITOR_NOTE.sub(" ", prefix).strip()
    byline = find_byline(rest, at_end=True)
    if byline:
        article.work.header_lines.append(f"By {byline['name'].strip()}")
        rest = rest[: byline.start()].strip()
    if rest:
        article.work.removed.append(("wire_slug", rest))
        article.work.wire_slug = extract_wire_slug(rest, article.title)


def extract_wire_slug(prefix: str, title: str | None) -> str | None:
    """The slug in front of a wire story's repeated headline, lower case, without version tags
    ("N Korea-missile(LEAD) N. Korea fires ..." -> "n korea-missile"); None without the headline to cut at, or
    when what stands before it has no slug's shape (a section label: "Politics")."""
    headline = VERSION_TAG.sub(" ", title or "").strip()[:SLUG_HEADLINE_CHARS]
    at = prefix.find(headline) if headline else -1
    slug = " ".join(VERSION_TAG.sub(" ", prefix[:at]).split()).lower() if at > 0 else ""
    return slug if SLUG_SHAPE.search(slug) else None


def strip_lead(article: Article, lead: str, options: CleanOptions = CLEAN_DEFAULTS) -> str:
    """The first paragraph without the furniture in front of the story and a note or credit opening it."""
    end = lead_prefix_end(lead, article.title, options)
    if end:
        split_prefix(article, lead[:end])
        lead = lead[end:].lstrip()
    notice = LEAD_NOTICE.match(lead)
    if notice:
        article.work.removed.append(("disclaimer", notice.group(0).strip()))
        lead = lead[notice.end() :].lstrip()
    credit = BRACKET_CREDIT.match(lead)
    if credit:
        article.work.header_lines.append(credit.group(0).strip())
        lead = lead[credit.end() :].lstrip()
    return lead


# --- the tail ----------------------------------------------------------------------------------------------


def _sentence_start_before(text: str, at: int) -> int:
    starts = [m.end() for m in SENTENCE_START.finditer(text, 0, at + 1) if m.end() <= at]
    return starts[-1] if starts else 0


def disclaimer_start(paragraph: str, options: CleanOptions = CLEAN_DEFAULTS) -> int | None:
    """Start of the sentence opening a closing disclaimer within the paragraph's last ``tail_scan_chars``."""
    window = max(0, len(paragraph) - options.tail_scan_chars)
    match = DISCLAIMER.search(paragraph, window)
    return _sentence_start_before(paragraph, match.start()) if match else None


def other_script_block_start(paragraph: str, options: CleanOptions = CLEAN_DEFAULTS) -> int | None:
    """Start of a closing block written in another script than the paragraph before it (a tip line or a
    promotion in Korean under an English article): cut at a block marker or a sentence start. An ASCII
    paragraph has none (all its letters are Latin)."""
    if paragraph.isascii():
        return None
    scan = options.tail_scan_chars
    window = max(0, len(paragraph) - scan)
    cuts = sorted({m.start() for m in BLOCK_MARKER.finditer(paragraph, window)} | {
        m.end() for m in SENTENCE_START.finditer(paragraph, window) if m.end() > 0
    })
    for cut in cuts:
        body, block = _latin_share(paragraph[max(0, cut - scan) : cut]), _latin_share(paragraph[cut:])
        first_word = FIRST_WORD.search(paragraph, cut)
        opening = _latin_share(first_word.group(0)) if first_word else None
        if body is None or block is None or opening is None:
            continue
        latin_body, latin_block, latin_opening = (
            s >= 1 - options.other_script_max_share for s in (body, block, opening))
        if latin_body != latin_block and latin_body != latin_opening:
            return cut  # the block is in the other script, and so is its first word
    return None


def peel_tail(
    article: Article, paragraph: str, footer: list[str], options: CleanOptions = CLEAN_DEFAULTS
) -> str | None:
    """One piece of closing furniture off the paragraph's end, or None when there is none."""
    window = max(0, len(paragraph) - options.tail_scan_chars)
    end = _search_tail(END_MARK, ("(END)", "(MORE)"), paragraph, window)
    if end:
        article.work.removed.append(("end_marker", end.group(0).strip()))
        return paragraph[: end.start()]
    signoff = _search_tail(SIGNOFF, ("@",), paragraph, window)
    if signoff:
        line = " ".join(filter(None, (signoff["name"], signoff["emails"])))
        article.work.removed.append(("email_signoff", line))
        footer.append(line)
        return paragraph[: signoff.start()]
    block = other_script_block_start(paragraph, options)
    if block is not None:
        article.work.removed.append(("promo_block", paragraph[block:].strip()))
        footer.append(paragraph[block:].strip())
        return paragraph[:block]
    disclaimer = disclaimer_start(paragraph, options)
    if disclaimer is not None:
        article.work.removed.append(("disclaimer", paragraph[disclaimer:].strip()))
        return paragraph[:disclaimer]
    return None


def _search_tail(pattern: re.Pattern, needs: tuple[str, ...], paragraph: str, window: int) -> re.Match | None:
    """``pattern.search(paragraph, window)``, not run when none of ``needs`` (one of which every match of the
    pattern holds) stands after ``window``."""
    if all(paragraph.find(need, window) < 0 for need in needs):
        return None
    return pattern.search(paragraph, window)


def strip_tail(article: Article, body: list[str], options: CleanOptions = CLEAN_DEFAULTS) -> list[str]:
    body, footer = list(body), []
    for _ in range(options.max_tail_passes):
        if not body:
            break
        peeled = peel_tail(article, body[-1], footer, options)
        if peeled is None:
            break
        if peeled.strip():
            body[-1] = peeled.rstrip()
        else:
            body.pop()
    article.work.footer_lines[:0] = reversed(footer)
    return body


def strip_wire_furniture(article: Article, body: list[str], options: CleanOptions = CLEAN_DEFAULTS) -> list[str]:
    """The body lines without wire furniture at the top and bottom (see the module docstring)."""
    if article.title:
        article.version = extract_version(article.title)
    if body:
        lead = strip_lead(article, body[0], options)
        body = [lead, *body[1:]] if lead else body[1:]
    return strip_tail(article, body, options)
