"""Value limits shared by the schema and the annotators (a light module: no pandera, no polars)."""

from __future__ import annotations

import datetime as dt

import pycountry

EARLIEST_DATE = dt.date(1800, 1, 1)  # news archives reach back to the 19th century; earlier dates are misreads
LATEST_DATE = dt.date(2100, 1, 1)
COUNTRY_CODES = frozenset(c.alpha_2 for c in pycountry.countries)  # ISO 3166-1 alpha-2
LANGUAGE_CODES = frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")) | {"und"}
# Kinds of date evidence: the page's header, a byline line, the wire dateline, or a yearless dateline whose
# year was inferred ("+"): from a dated copy in its duplicate group, or from the weekday the lead names; or the
# corpus record's own date field ("metadata", --date-field).
DATE_SOURCES = ("header", "byline", "dateline", "dateline+group_year", "dateline+weekday", "metadata")
STATED_DATE_SOURCES = tuple(source for source in DATE_SOURCES if "+" not in source)
# What a page is: a news article, a digest of other stories, a table (prices, results), a photo caption, a
# notice (copyright terms, corrections, announcements), or a wire flash (a headline sent ahead of its story).
KINDS = ("article", "digest", "table", "caption", "notice", "flash")
