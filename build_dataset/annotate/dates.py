"""Publication date with provenance: ``date``, ``date_source`` (the evidence) and ``date_text`` (the words).

``DateAnnotator`` reads the page's own statements, in this order: a labelled header field ("Published :
Oct. 6, 2023 - 14:39", "Posted on 2022-05-10", "date 2021-03-31"), a short date line near the headline
("2019/02/28 20:03 KST", "KYODO NEWS - Nov 23, 2019"), a labelled field under the body, then the wire
dateline ("SEOUL, March 6, 2019 (Yonhap) --"). Update dates are never publication dates, and a weekday in
the body ("on Thursday") never makes a date on its own. A dateline without a year ("SEOUL, April 1
(Yonhap)") gets its year from another date on the page, or later from ``GroupDatePropagator`` (recorded as
``dateline+group_year`` or ``dateline+weekday``: the year is inferred). A page's ``date`` is only ever its own
evidence; ``story_date`` carries the earliest date of its duplicate group, with the id of the page stating it.

Date strings are found by pattern and read by python-dateutil; month names come from the ``calendar`` module.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from dateutil import parser as dateutil_parser

from build_dataset.annotate.kind import reads_page_structure
from build_dataset.annotate.sources import MONTH, parse_dateline, registry, segments
from build_dataset.clean.page import title_line_index
from build_dataset.core.article import Article
from build_dataset.core.options import declare
from build_dataset.core.steps import Annotator, CorpusStep
from build_dataset.core.text import find_byline, words
from build_dataset.schema.limits import EARLIEST_DATE, STATED_DATE_SOURCES

if TYPE_CHECKING:
    from build_dataset.core.settings import Settings



DatesOptions = declare("dates", "DatesOptions", __name__)
DATES_DEFAULTS = DatesOptions()


@dataclass(frozen=True)
class DateReading:
    """What reading a page's dates depends on besides the page: the thresholds and the build's as-of day
    (``Settings.as_of``; None, outside a build, means today)."""

    options: DatesOptions = DATES_DEFAULTS
    as_of: dt.date | None = None

    def latest(self) -> dt.date:
        """A page cannot be published after the as-of day; one day of slack for time zones."""
        return (self.as_of or dt.date.today()) + dt.timedelta(days=1)


TODAY = DateReading()
TIME_WORDS = frozenset(["am", "pm", "a", "m", "p", "on", "at"])

FULL_DATE = re.compile(
    r"(?P<iso>\b(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d))"
    rf"|(?P<mdy>\b{MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*(?:19|20)\d{{2}}\b)"
    rf"|(?P<dmy>\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+(?:19|20)\d{{2}}\b)"
    r"|(?P<numeric>\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}(?!\d))"
)
PUBLISHED_LABEL = r"published|posted|date|dated|released|issued|created|first published"
UPDATED_LABEL = r"updated?|modified|edited|revised|last updated|upd"
LABEL = re.compile(rf"\b(?:(?P<updated>{UPDATED_LABEL})|(?P<published>{PUBLISHED_LABEL}))\b", re.IGNORECASE)
FIELD_START = re.compile(r"(?:^|[|•·–—-]|\s{2,})\s*$")  # a label opens the line or a "|"-separated field
UPDATED = re.compile(rf"\b(?:{UPDATED_LABEL})\b", re.IGNORECASE)
WEEKDAY = re.compile(r"\b(" + "|".join(calendar.day_name) + r")\b")


class DateMention(NamedTuple):
    date: dt.date
    text: str  # the label (when there is one) and the date as the page writes them
    label: str | None  # "published", "updated" or None
    line: str


def parse_date_text(text: str, numeric_day_first: bool = False, reading: DateReading = TODAY) -> dt.date | None:
    """A full date string as the patterns above find it, read by dateutil; None when it is not a real date."""
    normalized = re.sub(r"(?<=\d)(st|nd|rd|th)\b|\bof\b|,", " ", text, flags=re.IGNORECASE)
    try:
        value = dateutil_parser.parse(normalized, dayfirst=numeric_day_first).date()
    except (ValueError, OverflowError):
        return None
    return value if EARLIEST_DATE <= value <= reading.latest() else None


@functools.lru_cache(maxsize=4096)
def parse_month_day(text: str) -> tuple[int, int] | None:
    """Month and day of "Aug. 22" -> (8, 22); a leap year as default so that Feb. 29 survives."""
    try:
        value = dateutil_parser.parse(text, default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    return value.month, value.day


def date_mentions(line: str, reading: DateReading = TODAY) -> list[DateMention]:
    """Every full date in a line, each with the label just before it."""
    found, previous_end = [], 0
    for match in FULL_DATE.finditer(line):
        value = parse_date_text(match.group(0), bool(match["numeric"] and "." in match.group(0)), reading)
        reach_start = max(previous_end, match.start() - reading.options.label_reach_chars)
        labels = list(LABEL.finditer(line, reach_start, match.start()))
        previous_end = match.end()
        if value is None:
            continue
        label = labels[-1] if labels else None
        kind = None if label is None else ("updated" if label["updated"] else "published")
        if kind == "published" and not FIELD_START.search(line[: label.start()]):
            kind = None  # "... in a photo released on June 1, 2019": a sentence, not a date field
        start = label.start() if label else match.start()
        found.append(DateMention(value, line[start : match.end()].strip(), kind, line))
    return found


def line_source(line: str) -> str:
    """The date source of a line: "byline" when it also carries a byline or an outlet credit, else "header"."""
    if any(find_byline(part) or registry().lookup(part) for part in segments(line)):
        return "byline"
    return "header"


def is_date_line(line: str, options: DatesOptions = DATES_DEFAULTS) -> bool:
    """A line that is mostly a date: few other words, and not a sentence (a deck line "Summit set for
    June 12, 2018 in Singapore" has lowercase words; "Politics 19:12 August 22, 2019" has none)."""
    published_part = UPDATED.split(line, maxsplit=1)[0]  # "... Updated 2 hours ago" says nothing of the line
    others = [w for w in words(FULL_DATE.sub(" ", published_part)) if not w.isdigit()]
    lowercase = [w for w in others if w[0].islower() and w.lower() not in TIME_WORDS]
    return len(others) <= options.date_line_max_words and len(lowercase) <= options.date_line_max_lowercase_words


def candidate_header_lines(article: Article) -> list[str]:
    """Header lines nearest the headline first: those under it, then those above it going up (so a list of
    other stories' dates at the top of the page comes last)."""
    header = article.work.header_lines
    at = title_line_index(header, article.title)
    if at is None:
        return list(header)
    return [*header[at + 1 :], *reversed(header[:at])]


def mentions_in(lines: Iterable[str], reading: DateReading = TODAY) -> list[DateMention]:
    return [mention for line in lines for mention in date_mentions(line, reading)]


# --- the cascade -------------------------------------------------------------------------------------------


def _found(article: Article, mention: DateMention, source: str) -> bool:
    article.date, article.date_source, article.date_text = mention.date, source, mention.text
    return True


def extract_labelled_header_date(article: Article, reading: DateReading = TODAY) -> bool:
    """A labelled header field: "Published : Oct. 6, 2023 - 14:39", "Posted on 2022-05-10", "date 2021-03-31"."""
    for mention in mentions_in(candidate_header_lines(article), reading):
        if mention.label == "published":
            return _found(article, mention, line_source(mention.line))
    return False


def extract_header_date_line(article: Article, reading: DateReading = TODAY) -> bool:
    """An unlabelled short date line: "2019/02/28 20:03 KST", "Apr 04,2019", "Oct 30, 2018 | KYODO NEWS"."""
    for line in candidate_header_lines(article):
        if not is_date_line(line, reading.options):
            continue
        for mention in date_mentions(line, reading):
            if mention.label is None:
                return _found(article, mention, line_source(line))
    return False


def extract_labelled_footer_date(article: Article, reading: DateReading = TODAY) -> bool:
    for mention in mentions_in(article.work.footer_lines, reading):
        if mention.label == "published":
            return _found(article, mention, "header")
    return False


def complete_year(month: int, day: int, references: Iterable[dt.date], max_gap_days: int) -> dt.date | None:
    """The date with this month/day nearest to one of ``references``, if within ``max_gap_days``."""
    best, best_gap = None, max_gap_days + 1
    for reference in references:
        for year in (reference.year - 1, reference.year, reference.year + 1):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            gap = abs((candidate - reference).days)
            if gap < best_gap:
                best, best_gap = candidate, gap
    return best


def extract_dateline_date(article: Article, reading: DateReading = TODAY) -> bool:
    """The wire dateline "SEOUL, Aug. 22, 2019 (Yonhap) --"; without a year, completed from another page date."""
    dateline = parse_dateline(article.text)
    month_day = parse_month_day(dateline.monthday) if dateline and dateline.monthday else None
    if month_day is None:
        return False
    month, day = month_day
    text = dateline.text.rstrip(" -–—:")
    if dateline.year:
        value = parse_date_text(f"{dateline.monthday} {dateline.year}", reading=reading)
        return value is not None and _found(article, DateMention(value, text, None, text), "dateline")
    page_dates = [m.date for m in mentions_in([*article.work.header_lines, *article.work.footer_lines], reading)]
    value = complete_year(month, day, page_dates, reading.options.dateline_year_max_gap_days)
    if value is not None:
        return _found(article, DateMention(value, text, None, text), "dateline")
    article.work.partial_date = (month, day, text)
    return False


DATE_EXTRACTORS = (
    extract_labelled_header_date,
    extract_header_date_line,
    extract_labelled_footer_date,
    extract_dateline_date,
)


def extract_date(article: Article, reading: DateReading = TODAY) -> None:
    for extractor in DATE_EXTRACTORS:
        if extractor(article, reading):
            return


def metadata_date(article: Article, reading: DateReading = TODAY) -> DateMention | None:
    """The corpus record's date field ("2019-08-22", "2025-12-28T00:00", "Aug. 22, 2019"), when it is a real date."""
    value = article.work.metadata.get("date")
    if not value:
        return None
    mention = next(iter(date_mentions(value, reading)), None)
    return DateMention(mention.date, value, None, value) if mention else None


class DateAnnotator(Annotator):
    """The publication date the page states, with the kind of evidence and the words it was read from; the corpus
    record's date field wins over the page (``date_source = "metadata"``), and a page that states another date is
    counted (``metadata_contradicts_page_date``)."""

    name = "dates_v2"
    options_type = DatesOptions

    def __init__(self, options: DatesOptions | None = None, as_of: dt.date | None = None) -> None:
        super().__init__(options)
        self.reading = DateReading(self.options, as_of)

    @classmethod
    def from_settings(cls, settings: Settings, taxonomy: dict) -> DateAnnotator:
        return cls(settings.options.of(DatesOptions), settings.as_of)

    def annotate(self, article: Article) -> None:
        if reads_page_structure(article):
            extract_date(article, self.reading)
        self.apply_metadata(article)
        if article.date:
            self.stats[f"date_from_{article.date_source}"] += 1
        elif article.work.partial_date:
            self.stats["dateline_without_year"] += 1
        else:
            self.stats["no_date"] += 1

    def apply_metadata(self, article: Article) -> None:
        mention = metadata_date(article, self.reading)
        if mention is None:
            return
        if article.date is not None and article.date != mention.date:
            self.stats["metadata_contradicts_page_date"] += 1
        _found(article, mention, "metadata")
        article.work.partial_date = None


# --- corpus step ---------------------------------------------------------------------------------------------


def has_stated_date(article: Article) -> bool:
    return article.date is not None and article.date_source in STATED_DATE_SOURCES


def lead_weekday(article: Article) -> int | None:
    """The one weekday the dateline's paragraph names ("on Thursday"), as 0 = Monday; None for none or several."""
    dateline = article.work.partial_date[2] if article.work.partial_date else ""
    paragraphs = [p for p in article.text.split("\n") if p.strip()]
    lead = next(
        (p for p in paragraphs if dateline and p.strip().startswith(dateline)), paragraphs[0] if paragraphs else ""
    )
    names = {m.group(1) for m in WEEKDAY.finditer(lead)}
    return list(calendar.day_name).index(names.pop()) if len(names) == 1 else None


class GroupDatePropagator(CorpusStep):
    """After duplicate grouping: completes yearless datelines, and sets every member's ``story_date``.

    A page's ``date`` comes only from its own evidence; the group's earliest date goes in ``story_date``.
    """

    name = "group_dates_v1"
    options_type = DatesOptions

    def process_all(self, articles: list[Article]) -> None:
        groups = self.duplicate_groups_of(articles)
        for members in groups:
            self.complete_datelines_from_group(members)
        self.complete_datelines_from_calendar(articles)
        for members in groups:
            self.set_story_date(members)

    def complete_datelines_from_group(self, members: list[Article]) -> None:
        for article in members:
            if article.date is not None or article.work.partial_date is None:
                continue
            month, day, text = article.work.partial_date
            others = [a.date for a in members if a is not article and has_stated_date(a)]
            value = complete_year(month, day, others, self.options.dateline_year_max_gap_days)
            if value is not None:
                article.date, article.date_source, article.date_text = value, "dateline+group_year", text
                self.stats["dateline_year_from_group"] += 1

    def complete_datelines_from_calendar(self, articles: list[Article]) -> None:
        stated = [a.date for a in articles if has_stated_date(a)]
        for article in articles:
            if article.date is not None or article.work.partial_date is None:
                continue
            value = self.calendar_date(article, stated, self.options.corpus_neighbour_days)
            if value is not None:
                article.date, article.date_text = value, article.work.partial_date[2]
                article.date_source = "dateline+weekday"
                self.stats["dateline_year_from_weekday"] += 1

    @staticmethod
    def calendar_date(article: Article, stated: list[dt.date], max_gap_days: int) -> dt.date | None:
        weekday = lead_weekday(article)
        if weekday is None:
            return None
        month, day, _ = article.work.partial_date
        candidates = set()
        for reference in stated:
            value = complete_year(month, day, [reference], max_gap_days)
            if value is not None and value.weekday() == weekday:
                candidates.add(value)
        return candidates.pop() if len(candidates) == 1 else None

    def set_story_date(self, members: list[Article]) -> None:
        """Every member gets the group's story date: the earliest date a member states, and that member's id.

        A member's own ``date`` is never filled from another page: a copy republished elsewhere was not
        necessarily published on the original's day.
        """
        dated = sorted((a.date, a.id) for a in members if a.date is not None)
        if not dated:
            return
        story_date, story_id = dated[0]
        for article in members:
            article.story_date, article.story_date_from = story_date, story_id
            if article.date is None:
                self.stats["story_date_only"] += 1
