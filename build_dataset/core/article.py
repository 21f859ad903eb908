"""The one record type that flows through every step of the pipeline.

An ``Article`` carries the output: every column of ``build_dataset.schema.articles.ArticleSchema`` as a field of
the same name (``tests/test_record.py`` fails when they disagree in name or type), and the three the rejects
table adds (``raw_bytes``, ``reject_reason``, ``reject_detail``). Everything else a step reads or leaves for a
later step is working state, in ``article.work`` (``Work``): the writers never see it, since a row is made
from the schema's columns alone (``publish.validate_rows.article_row``).

The output fields are declared here rather than generated from the schema: type checkers and editors see
them, a nested column has its own Python type (``officials`` a list of ``Official``, ``topic_scores`` a
mapping), and the defaults are the record's, which the schema does not hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any


def pickled_as_arguments(kind: type) -> type:
    """``kind`` (a slots dataclass) pickled as its constructor's arguments, field by field: unpickling calls the
    generated ``__init__``, where a slots dataclass's own ``__setstate__`` loops over ``fields()`` per record.
    Reading back the 18,854 cached Reuters records (a 19k incremental build) went from ~1.0 to ~0.75 s, each
    record a fifth smaller (measured once)."""
    names = tuple(f.name for f in fields(kind))

    def __reduce__(self):
        return kind, tuple([getattr(self, name) for name in names])

    kind.__reduce__ = __reduce__
    return kind


@pickled_as_arguments
@dataclass(slots=True)
class Official:
    """One government official named in an article body."""

    name: str
    country: str | None
    role: str | None
    mentions: list[str] = field(default_factory=list)
    wikidata_id: str | None = None
    # why this person is an official and how the name was linked: "title:Foreign Minister; link:exact"
    evidence: str | None = None


@pickled_as_arguments
@dataclass(slots=True)
class Work:
    """An article's working state: what the steps read and leave for later steps, never written."""

    # the page as read (decoded text, or the plain page made of an HTML page or a corpus record)
    raw: str = ""
    # the corpus record's own fields (--title-field, --date-field, ...) by role: "title", "date", ...
    metadata: dict[str, str] = field(default_factory=dict)
    # what the cleaner kept out of ``text``: the page's header and footer lines, each removed piece with its reason
    header_lines: list[str] = field(default_factory=list)
    footer_lines: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    # the spaCy Doc of ``text`` (English only), shared by the annotators
    doc: Any = None
    # (month, day, text) of a dateline without a year, for GroupDatePropagator to complete
    partial_date: tuple[int, int, str] | None = None
    # the topic annotator's evidence by "topic:<id>": where and which terms
    evidence: dict[str, list[str]] = field(default_factory=dict)
    # people named without a title, for the corpus pass (``officials_corpus``) to decide on
    official_candidates: list[Official] = field(default_factory=list)
    # the not-an-article filter kept this page, shorter than an article, because it is a wire flash: the one
    # decision (``clean.min_article_words``) the page kind reads
    kept_as_flash: bool = False
    # the slug a wire story's versions share ("n korea-missile"; ``clean.wire.extract_wire_slug``), for the grouper
    wire_slug: str | None = None
    # the words the duplicate grouper compares (``dedup.units.encode_units``), set per article
    dedup_units: str | None = None
    # a ``step_error``'s step and traceback, which fail the build (a bug is not bad input)
    failed_step: str | None = None
    error_traceback: str | None = None
    # what each per-article step counted on this article, kept with it (and with its cache entry) so a build's
    # per-step stats are the sum over its articles, whichever worker or cache answered them
    step_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def slim(self) -> Work:
        """What an article keeps when it leaves the per-article stage (and what its cache entry holds): what the
        corpus steps and the build read. The page, its parse, its lines and the topic evidence are dropped."""
        return Work(**{name: getattr(self, name) for name in SLIM_WORK})


# What the corpus steps (dates, officials, duplicate groups: units, slug) and the build (step counts, failures) read.
SLIM_WORK = ("partial_date", "official_candidates", "dedup_units", "wire_slug", "failed_step", "error_traceback",
             "step_counts")
# The rejects table's columns that are not articles columns.
REJECT_FIELDS = ("raw_bytes", "reject_reason", "reject_detail")


@pickled_as_arguments
@dataclass(slots=True)
class Article:
    """A raw page on its way to becoming a row (or a reject)."""

    id: str
    source_file: str
    encoding: str = "utf-8"

    # cleaning
    title: str | None = None
    text: str = ""
    language: str = "und"
    word_count: int = 0

    # dates and sources
    date: dt.date | None = None
    date_source: str | None = None
    date_text: str | None = None
    publisher: str | None = None
    agency: str | None = None
    author: str | None = None
    # the earliest date of the article's duplicate group, and the id of the article that states it
    story_date: dt.date | None = None
    story_date_from: str | None = None
    # the wire story's version tag ("LEAD", "2nd LD", "URGENT"), and what the page is (schema.limits.KINDS)
    version: str | None = None
    kind: str = "article"

    # officials and topics
    officials: list[Official] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    topic_scores: dict[str, float] = field(default_factory=dict)

    # duplicate groups
    duplicate_group: str = ""
    is_canonical: bool = True
    duplicate_of: str | None = None
    duplicate_score: float | None = None
    group_size: int = 1
    duplicate_relation: str | None = None  # "copy" or "version" of the canonical article (``dedup_relation``)

    # the rejects table: the input's size, and why this article was rejected, when it was
    raw_bytes: int = 0
    reject_reason: str | None = None
    reject_detail: str | None = None

    # working state, never written
    work: Work = field(default_factory=Work)

    @property
    def has_text(self) -> bool:
        """Whether the text is non-empty (a staged record answers without reading it)."""
        return bool(self.text)

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    def reject(self, reason: str, detail: str = "") -> Article:
        self.reject_reason = reason
        self.reject_detail = detail
        return self
