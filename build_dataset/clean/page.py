"""Separate a scraped page into title, article body and page boilerplate, by general rules.

The page is split into lines; each line is classified by small predicates (navigation, share widget,
caption, copyright ...). The body is the span from the first to the last prose paragraph, cut at the first
"most popular"/"related" block. Lines before the body are kept as ``header_lines`` and lines after it as
``footer_lines`` (dates, bylines and outlet names are read from them), and every removed line is recorded
in ``Work.removed`` with its reason. The headline is the corpus record's title field, else a markdown
heading (an HTML page's title becomes one), else the first headline-like header line; a web address or a
site's slogan never is. Wire-copy furniture glued to the body is taken apart by ``build_dataset.clean.wire``. No
rule is keyed on a particular site's exact strings.
"""

from __future__ import annotations

import calendar
import re
import unicodedata

import ftfy
from ftfy.fixes import unescape_html

from build_dataset.clean.flash import is_flash, read_headline_only_flash
from build_dataset.clean.options import CLEAN_DEFAULTS, CleanOptions
from build_dataset.clean.reflow import unwrap
from build_dataset.clean.wire import strip_wire_furniture
from build_dataset.core.article import Article
from build_dataset.core.steps import Cleaner, Filter
from build_dataset.core.text import EMAIL_ADDRESS, count_words, ends_sentence, is_copyright_notice, words

# The length thresholds (prose, titles, body start, page and line limits) are ``clean.options.CleanOptions``.

# ftfy's settings here: HTML entities decoded, curly quotes kept, NFC (``fix_text`` itself does not explain).
FTFY_CONFIG = ftfy.TextFixerConfig(unescape_html=True, uncurl_quotes=False, normalization="NFC", explain=False)
# What ftfy can change in ASCII text besides HTML entities: control characters (it keeps tab, line and form feed,
# carriage return) and terminal escapes (ESC). Wider than ftfy's own set, so a line it matches goes through ftfy.
FTFY_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# The pieces ``ftfy.fix_text`` fixes one by one: each line with its line break.
LINE_ENDS = re.compile(r"(?<=\n)")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
BLOCK_MARKER = re.compile(
    r"^(most (popular|read|viewed|shared)|latest( news)?|related( news| articles?| stories| posts| coverage| links)?|"
    r"more (news|stories|from)|top (stories|news)|trending( now)?|recommended( for you)?|you may also like|"
    r"read more|editor'?s picks?|popular (news|stories)|previous article|next article|leave a reply|keywords|"
    r"comments?)\b.{0,20}$",
    re.IGNORECASE,
)
SHARE_WIDGET = re.compile(
    r"(share button|link copied|^share$|^tweet$|^print\b|^e-?mail\b|^facebook$|^twitter$|^whatsapp$|^kakao|"
    r"font-size|^subscribe$|sign in|log ?in\b|^menu$|^search\b|back to top|go to contents|skip to|"
    r"cookies?\b.*(accept|agree|ok)|this site uses cookies)",
    re.IGNORECASE,
)
END_MARKER = re.compile(r"^(\(END\)|==\s*\w+|-{2,}\s*\w*|\*{3,})$")
HASHTAGS = re.compile(r"^(#\S+\s*){1,}$")
TAG_LINE = re.compile(r"^(tags?|keywords|topics)\s*:", re.IGNORECASE)
NAV_SEPARATORS = re.compile(r"\s*(?:\||>|»|•|·|/|\s{2,})\s*")
BREADCRUMB = re.compile(r"\s(>|»|\|)\s")
# A photo credit closing a caption: "(Yonhap)", "(123rf)", "(AP Photo)", or ". Yonhap" after a sentence.
PHOTO_CREDIT = re.compile(r"(\(([\w.&'-]+( [\w.&'-]+){0,2})\)|\.\s+[A-Z][\w-]+)\s*$")
# A markdown heading ("# Headline", "## Section"): the page marks it as a title, so it is never body prose.
MARKDOWN_HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
# A web address ("https://...", "www.example.com/news"); a line that is one, perhaps labelled ("url https://...",
# "Source: www.example.com/a"), is never a headline.
URL = re.compile(r"\b[a-z][a-z0-9+.-]{0,15}://\S*|\bwww\.\w\S*|\b[\w-]+(?:\.[\w-]+)+/\S*", re.IGNORECASE)
# Headlines may end in an abbreviation ("... from U.S.", "... in Nov.", "... Corp.") but not in a sentence's full stop.
_ABBREVIATIONS = [*calendar.month_abbr[1:], *calendar.day_abbr, "Sept", "Tues", "Thur", "Thurs"]
_ABBREVIATIONS += "Inc Co Corp Ltd Jr Sr Dr St Gov Gen Sen Rep No vs bln mln tln pct".split()
ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:" + "|".join(_ABBREVIATIONS) + r")\.)$")
_MONTH_NAMES = sorted({*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept"}, key=len, reverse=True)
_MONTH = r"(?:" + "|".join(_MONTH_NAMES) + r")\.?"
# A date (month and day, a numeric date, a clock time) makes a line a date line; a year alone ("... in 2025") does not.
DATE_IN_LINE = re.compile(
    rf"\b{_MONTH}\s*\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|\b(?:19|20)\d{{2}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}\b|\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)
# A site's slogan, page furniture above the headline: "Breaking news from Korea and the world", "Exclusive news,
# data and analytics for ...", "Your trusted source for ...": what the site offers, then for whom or from where.
TAGLINE = re.compile(
    r"^(?:the\s+|your\s+)?(?:(?:breaking|latest|exclusive|top|daily|trusted|independent|real-time|global|local|"
    r"world|business|financial|quality|original|in-depth|#1|no\.? ?1)\s+)*"
    r"(?:news|headlines|journalism|reporting|coverage|insights?|analysis|source)\b(?:(?:\s*[,&]\s*|\s+and\s+)[\w-]+)*"
    r"\s+(?:from|for|on|about|across|you can trust|that matters)\b",
    re.IGNORECASE,
)


def repair_text(raw: str) -> str:
    """Unicode repair (ftfy: mojibake, HTML entities, odd quotes kept), control characters removed. ftfy fixes a
    text line by line, each line on its own (``repair_line``)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(map(repair_line, LINE_ENDS.split(text)))
    text = CONTROL_CHARS.sub("", text).replace("\u00a0", " ")
    return text


def repair_line(line: str) -> str:
    """``ftfy.fix_text`` of one line; a line ftfy would only decode HTML entities in (``ascii_unescaped``) is not
    passed to it."""
    fixed = ascii_unescaped(line)
    return fixed if fixed is not None else ftfy.fix_text(line, FTFY_CONFIG)


def ascii_unescaped(line: str) -> str | None:
    """The line as ftfy fixes it while it is ASCII without control characters (``plain_ascii``): there ftfy only
    decodes HTML entities, again until none is left ("&amp;lt;" -> "<"); None once it is not plain ASCII."""
    while plain_ascii(line):
        fixed = unescape_html(line) if "&" in line else line
        if fixed == line:
            return line
        line = fixed
    return None


def plain_ascii(line: str) -> bool:
    """ASCII without control characters or terminal escapes, short enough to be one segment of ``ftfy.fix_text``."""
    return line.isascii() and FTFY_ASCII_CONTROL.search(line) is None and len(line) <= FTFY_CONFIG.max_decode_length


def is_prose(line: str, options: CleanOptions = CLEAN_DEFAULTS) -> bool:
    n = len(words(line))
    return n >= options.prose_long_words or (n >= options.prose_min_words and ends_sentence(line))


def is_doubled(line: str) -> bool:
    """A caption printed twice on one line: "X. (credit) X. (credit)"."""
    half = len(line) // 2
    return len(line) > 20 and line[:half].strip() == line[half:].strip()


def is_caption(line: str) -> bool:
    return bool(PHOTO_CREDIT.search(line)) or is_doubled(line)


def is_navigation(line: str) -> bool:
    """Menus and breadcrumbs: several short segments split by pipes, arrows, bullets or wide gaps."""
    if line.rstrip().endswith("."):
        return False
    sizes = [n for n in map(len, map(words, NAV_SEPARATORS.split(line.strip()))) if n]
    if not sizes or max(sizes) > 3:
        return False
    return len(sizes) >= 3 or (len(sizes) == 2 and bool(BREADCRUMB.search(line)))


def is_foreign_script(line: str) -> bool:
    """A line whose letters are mostly not Latin (stray Hangul/kana/mojibake on an English page)."""
    if line.isascii():
        return False
    letters = [c for c in line if c.isalpha()]
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return bool(letters) and latin < len(letters) / 2


def line_junk_reason(line: str, options: CleanOptions = CLEAN_DEFAULTS) -> str | None:
    """Why a line inside the body is page furniture, or None when it is article text."""
    stripped = line.strip()
    return next((reason for reason, check in JUNK_CHECKS if check(stripped, options)), None)


# Each furniture check of a stripped body line (``line_junk_reason``), in order: the first that holds names it.
JUNK_CHECKS = (
    ("share_widget", lambda line, _: len(words(line)) <= 12 and SHARE_WIDGET.search(line)),
    ("copyright", lambda line, options: is_copyright_notice(line) and not is_prose(line, options)),
    ("end_marker", lambda line, _: END_MARKER.match(line)),
    ("email", lambda line, _: " " not in line and EMAIL_ADDRESS.search(line)),
    ("hashtags", lambda line, _: HASHTAGS.match(line)),
    ("tag_line", lambda line, _: TAG_LINE.match(line)),
    ("navigation", lambda line, _: is_navigation(line)),
    ("doubled_caption", lambda line, _: is_doubled(line)),
)


def body_span(lines: list[str], options: CleanOptions = CLEAN_DEFAULTS) -> tuple[int, int] | None:
    """Indices [start, end) of the article body, or None when the page has no prose (a heading is never prose)."""
    prose = [is_prose(line, options) and not MARKDOWN_HEADING.match(line) for line in lines]
    if not any(prose):
        return None
    candidates = [i for i, line in enumerate(lines) if prose[i] and not is_caption(line)] or prose.index(True)
    if isinstance(candidates, int):
        candidates = [candidates]
    followed = [i for i in candidates if any(prose[i + 1 : i + 1 + options.body_start_window])]
    start = (followed or candidates)[0]
    end = next((i for i in range(start, len(lines)) if BLOCK_MARKER.match(lines[i].strip())), len(lines))
    last_prose = max((i for i in range(start, end) if prose[i]), default=start)
    return start, last_prose + 1


def is_url_line(line: str, options: CleanOptions = CLEAN_DEFAULTS) -> bool:
    return bool(URL.search(line)) and len(words(URL.sub(" ", line))) <= options.url_label_max_words


def is_furniture(line: str, options: CleanOptions = CLEAN_DEFAULTS) -> bool:
    """Never a headline: a web address, a site's slogan, or a line the body rules remove (menus, share widgets)."""
    return is_url_line(line, options) or bool(TAGLINE.match(line)) or line_junk_reason(line, options) is not None


def is_title_candidate(line: str, options: CleanOptions = CLEAN_DEFAULTS) -> bool:
    """An unmarked header line that reads as a headline: not a sentence, a caption, a date line or a byline."""
    stripped = line.strip()
    n = len(words(stripped))
    return (
        options.title_min_words <= n <= options.title_max_words
        and (not stripped.endswith(".") or bool(ABBREVIATION_END.search(stripped)))
        and not (stripped.startswith("(") and stripped.endswith(")"))
        and has_lowercase_or_uncased(stripped)
        and not is_furniture(stripped, options)
        and not is_caption(stripped)
        and not DATE_IN_LINE.search(stripped)
        and not re.match(r"by\s", stripped, re.I)
    )


def is_marked_title(text: str, shouting: bool = False, options: CleanOptions = CLEAN_DEFAULTS) -> bool:
    """A title the page or corpus marks as one (a markdown heading, the title field): any length up to
    ``title_max_words`` and any final punctuation, but never a web address, a slogan, a menu or a short widget
    label ("Share", "Sign in"; a headline may start with a word such a label starts with: "Kakao Pay ...").
    In capitals only when ``shouting`` is allowed (a title field: "BRITAIN SOCCER"; a heading in capitals is
    more often a section label)."""
    n = len(words(text))
    if not 1 <= n <= options.title_max_words or not (shouting or has_lowercase_or_uncased(text)):
        return False
    if is_url_line(text, options) or TAGLINE.match(text) or is_navigation(text):
        return False
    return n > options.marked_widget_max_words or line_junk_reason(text, options) not in (
        "share_widget", "hashtags", "tag_line")


def pick_heading(header: list[str], options: CleanOptions = CLEAN_DEFAULTS) -> str | None:
    """The first markdown heading of the top level among the header lines that can be a title."""
    headings = [(len(m["level"]), m["text"]) for m in map(MARKDOWN_HEADING.match, header) if m]
    usable = [(level, text) for level, text in headings if is_marked_title(text, options=options)]
    return min(usable, key=lambda heading: heading[0])[1] if usable else None


def has_lowercase_or_uncased(line: str) -> bool:
    """Not shouting in capitals: some lowercase letter, or letters of a script without case (CJK, Hangul)."""
    letters = [c for c in line if c.isalpha()]
    return any(c.islower() for c in letters) or (bool(letters) and not any(c.isupper() for c in letters))


def is_title_cased(line: str) -> bool:
    return all(w[0].isupper() or w[0].isdigit() for w in words(line) if len(w) > 3)


def title_line_index(lines: list[str], title: str | None) -> int | None:
    """Where the headline stands among the header lines (as a line, or as a markdown heading), or None."""
    for i, line in enumerate(lines):
        heading = MARKDOWN_HEADING.match(line)
        if title and (line == title or (heading and heading["text"] == title)):
            return i
    return None


def pick_title(header: list[str], latin_page: bool = True, options: CleanOptions = CLEAN_DEFAULTS) -> str | None:
    """The headline: a markdown heading, else the first headline-like line above the body (short title-cased
    lines are site names); on a page in Latin script, lines in another script are menus or stray text."""
    heading = pick_heading(header, options)
    if heading:
        return heading
    candidates = [
        line.strip()
        for line in header
        if is_title_candidate(line, options)
        and not MARKDOWN_HEADING.match(line)
        and not (latin_page and is_foreign_script(line))
    ]
    preferred = [c for c in candidates if len(words(c)) >= options.title_preferred_words or not is_title_cased(c)]
    return preferred[0] if preferred else None


def metadata_title(article: Article, options: CleanOptions = CLEAN_DEFAULTS) -> str | None:
    """The corpus record's title field, HTML entities decoded, when it can be a title."""
    title = " ".join(repair_text(article.work.metadata.get("title", "")).split())
    return title if title and is_marked_title(title, shouting=True, options=options) else None


def page_without_metadata(article: Article) -> str:
    """The page below the corpus fields' header lines (``inputs.page_from_record`` wrote them above a blank line)."""
    if not article.work.metadata:
        return article.work.raw
    parts = article.work.raw.split("\n", len(article.work.metadata) + 1)
    return parts[-1] if len(parts) == len(article.work.metadata) + 2 else article.work.raw


def split_page(article: Article, options: CleanOptions = CLEAN_DEFAULTS) -> None:
    if len(article.work.raw) > options.max_page_chars:
        article.work.removed.append(("page_too_large", f"{len(article.work.raw)} chars > {options.max_page_chars}"))
        return
    text = unwrap(repair_text(page_without_metadata(article)), options)
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line and not _overlong(article, line, options.max_line_chars)]
    span = body_span(lines, options)
    if span is None:
        article.work.header_lines = lines
        title = metadata_title(article, options) or pick_title(lines, options=options)
        flash = read_headline_only_flash(article, title)
        article.work.removed.extend(("flash_page" if flash else "no_body", line) for line in lines)
        return
    start, end = span
    article.work.header_lines = lines[:start]
    article.work.footer_lines = lines[end:]
    article.work.removed.extend(("page_header", line) for line in lines[:start])
    article.work.removed.extend(("page_footer", line) for line in lines[end:])
    latin_page = not is_foreign_script(" ".join(lines[start:end]))
    article.title = metadata_title(article, options) or pick_title(article.work.header_lines, latin_page, options)
    body = _keep_body_lines(article, lines[start:end], options)
    article.text = "\n\n".join(strip_wire_furniture(article, body, options))


def _overlong(article: Article, line: str, max_chars: int) -> bool:
    if len(line) <= max_chars:
        return False
    article.work.removed.append(("line_too_long", f"{line[:80]}... ({len(line)} chars)"))
    return True


def _keep_body_lines(article: Article, body: list[str], options: CleanOptions = CLEAN_DEFAULTS) -> list[str]:
    kept, seen = [], set()
    latin_page = not is_foreign_script(" ".join(body))
    for line in body:
        heading = MARKDOWN_HEADING.match(line)
        line = heading["text"] if heading else line
        if not line:
            continue
        reason = line_junk_reason(line, options)
        if reason is None and line in seen and not is_prose(line, options):
            reason = "repeated_line"
        if reason is None and latin_page and is_foreign_script(line):
            reason = "stray_script"
        if reason:
            article.work.removed.append((reason, line))
            continue
        seen.add(line)
        kept.append(line)
    return kept


class PageCleaner(Cleaner):
    """Unicode repair, boilerplate removal, title/body split."""

    name = "clean_v2"
    options_type = CleanOptions

    def clean(self, article: Article) -> None:
        split_page(article, self.options)
        article.word_count = count_words(article.text)
        for reason, _ in article.work.removed:
            self.stats[f"removed_{reason}"] += 1


class NotArticleFilter(Filter):
    """Rejects pages that are not articles once the boilerplate is gone."""

    name = "not_article_v2"
    options_type = CleanOptions

    def keep(self, article: Article) -> bool | tuple[bool, str]:
        if not article.text:
            reasons = {reason for reason, _ in article.work.removed}
            if "page_too_large" in reasons:
                return False, "too_large_text"
            return False, "line_too_long" if "line_too_long" in reasons else "no_body"
        if len(article.text) > self.options.max_text_chars:
            return False, "too_large_text"
        short = article.word_count < self.options.min_article_words
        article.work.kept_as_flash = short and is_flash(article, self.options.min_article_words)
        if short and not article.work.kept_as_flash:
            return False, "too_short"
        return True
