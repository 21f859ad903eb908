"""The one record type that flows through every step of the pipeline.

Each public field maps one-to-one onto a column of ``build_dataset.schema.articles.ArticleSchema``; the private
working fields (``raw``, ``removed``, ``evidence``) are never written as columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


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

    def as_row(self) -> dict:
        return {
            "name": self.name,
            "country": self.country,
            "role": self.role,
            "mentions": list(self.mentions),
            "wikidata_id": self.wikidata_id,
            "evidence": self.evidence,
        }


@dataclass(slots=True)
class Article:
    """A raw page on its way to becoming a row (or a reject)."""

    id: str
    source_file: str
    raw: str
    encoding: str = "utf-8"
    raw_bytes: int = 0

    # cleaning
    title: str | None = None
    text: str = ""
    header_lines: list[str] = field(default_factory=list)
    footer_lines: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    language: str = "und"
    word_count: int = 0

    # the spaCy Doc of ``text`` (English only), shared by the annotators and dropped before corpus steps
    doc: Any = None

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
    # private: (month, day, text) of a dateline without a year, for GroupDatePropagator to complete
    partial_date: tuple[int, int, str] | None = None
    # the wire story's version tag ("LEAD", "2nd LD", "URGENT"), and what the page is (schema.limits.KINDS)
    version: str | None = None
    kind: str = "article"
    # private: the corpus record's own fields (--title-field, --date-field, ...) by role: "title", "date", ...
    metadata: dict[str, str] = field(default_factory=dict)

    # officials and topics
    officials: list[Official] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    topic_scores: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    # private: people named without a title, for the corpus pass (``officials_corpus``) to decide on
    official_candidates: list[Official] = field(default_factory=list)

    # duplicate groups; private: the words the grouper compares (``dedup.units.encode_units``), set per article
    dedup_units: str | None = None
    duplicate_group: str = ""
    is_canonical: bool = True
    duplicate_of: str | None = None
    duplicate_score: float | None = None
    group_size: int = 1
    duplicate_relation: str | None = None  # "copy" or "version" of the canonical article (``dedup_relation``)

    # why this article was rejected, when it was
    reject_reason: str | None = None
    reject_detail: str | None = None
    # private: a ``step_error``'s step and traceback, which fail the build (a bug is not bad input)
    failed_step: str | None = None
    error_traceback: str | None = None
    # private: what each per-article step counted on this article, kept with it (and with its cache entry)
    # so a build's per-step stats are the sum over its articles, whichever worker or cache answered them
    step_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    def reject(self, reason: str, detail: str = "") -> Article:
        self.reject_reason = reason
        self.reject_detail = detail
        return self
