"""Property tests (hypothesis): arbitrary bytes and text never make the reader, the cleaner or the date, source and
officials annotators raise, and whatever they produce is a row the schema accepts.

The annotators are called through their public ``annotate`` hook (not through ``Step.run``, which would turn an
exception into a ``step_error`` reject and hide it), in pipeline order, on one Article at a time.
"""

from __future__ import annotations

import functools
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_dataset.annotate.dates import DateAnnotator
from build_dataset.annotate.language import LanguageAnnotator
from build_dataset.annotate.officials.annotator import OfficialsAnnotator
from build_dataset.annotate.sources import SourceAnnotator
from build_dataset.annotate.spacy_parse import DEFAULT_MODEL, load_nlp
from build_dataset.annotate.topics.annotator import load_taxonomy
from build_dataset.clean.page import NotArticleFilter, PageCleaner
from build_dataset.core.article import Article, Work
from build_dataset.core.settings import DEFAULT_TAXONOMY
from build_dataset.core.text import count_words
from build_dataset.io.files import article_from_bytes
from build_dataset.publish.validate_rows import article_row, rows_frame, validate_frame

READER_REJECTS = {"empty", "binary", "undecodable"}
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Pieces of real pages, odd and well-formed, that the generated pages are assembled from.
DATES = [
    "Published : 2024-05-14 10:32",
    "Updated: 2019.08.22 09:00 KST",
    "May 14, 2024",
    "Feb. 29, 2023",
    "Sept. 31, 2021",
    "2024-02-30",
    "2023-13-45 25:61",
    "0000-00-00",
    "9999-12-31",
    "1899-01-01",
    "31/12/1999",
    "12/31/99",
    "2024年5月14日",
    "Posted 3 hours ago",
    "SEOUL, May 3 (Yonhap) --",
    "TOKYO (Kyodo) --",
    "WASHINGTON, Dec. 32 (AP) —",
]
PEOPLE = [
    "President",
    "Prime Minister",
    "Foreign Minister Park",
    "Mr. Kim",
    "Minister of Foreign Affairs of the Republic of Korea",
    "Vice Foreign Minister Chung Byung-won",
    "Secretary of State",
    "Chief Cabinet Secretary",
    "said President Lee",
    "spokesperson",
    "Kim Kim Kim",
    "Ambassador to the United Nations",
]
ODDITIES = [
    "---",
    "<script>alert(1)</script>",
    "**bold** [x](http://e.x)",
    "{{ config }}",
    "| a | b |",
    "\x00",
    "\u202e",
    "\ufeff",
    "İstanbul ǅ ß \u0301",
    "🙂",
    "By",
    "Copyright ©",
    "(END)",
    "",
]
WORDS = st.text(string.ascii_letters + " ,.'-", min_size=1, max_size=40)
FRAGMENT = st.one_of(st.sampled_from(DATES), st.sampled_from(PEOPLE), st.sampled_from(ODDITIES), WORDS, st.text())
LINE = st.lists(FRAGMENT, min_size=1, max_size=8).map(" ".join)
PAGE = st.one_of(st.text(), st.lists(LINE, max_size=30).map("\n".join))


@functools.cache
def topic_ids() -> list[str]:
    return [t["id"] for t in load_taxonomy(DEFAULT_TAXONOMY)["topics"]]


@functools.cache
def annotators() -> tuple:
    return DateAnnotator(), SourceAnnotator(), OfficialsAnnotator()


def annotate(raw: str) -> Article:
    article = Article(id="0123456789abcdef", source_file="page.txt", work=Work(raw=raw))
    PageCleaner().clean(article)
    LanguageAnnotator().annotate(article)
    if article.is_english:
        article.work.doc = load_nlp(DEFAULT_MODEL)(article.text)
    for annotator in annotators():
        annotator.annotate(article)
    return article


def as_valid_row(article: Article) -> dict:
    """The article's row, with the fields only the filter and the corpus steps guarantee filled in."""
    row = article_row(article)
    row.update(text=row["text"] or "x", word_count=max(1, row["word_count"]), duplicate_group=article.id)
    return row


@PROPERTY_SETTINGS
@given(st.binary(max_size=4096))
def test_any_bytes_are_a_page_or_a_named_reject(raw):
    article = article_from_bytes(raw, "x.txt")
    assert article.reject_reason in READER_REJECTS or (isinstance(article.work.raw, str) and article.work.raw.strip())
    assert isinstance(article.encoding, str) and article.raw_bytes == len(raw)


@PROPERTY_SETTINGS
@given(PAGE)
def test_cleaning_any_text_gives_well_formed_fields(raw):
    article = Article(id="0123456789abcdef", source_file="page.txt", work=Work(raw=raw))
    PageCleaner().clean(article)
    assert article.title is None or (article.title.strip() and "\n" not in article.title)
    assert isinstance(article.text, str) and "\x00" not in article.text
    assert all(isinstance(line, str) for line in article.work.header_lines + article.work.footer_lines)
    assert article.word_count == count_words(article.text)
    verdict = NotArticleFilter().keep(article)
    assert verdict is True or (verdict[0] is False and verdict[1].isidentifier())
    if verdict is True:
        assert article.text.strip() and article.word_count >= 1


@PROPERTY_SETTINGS
@given(PAGE)
def test_dates_sources_and_officials_of_any_page_pass_the_schema(raw):
    article = annotate(raw)
    validate_frame(rows_frame([as_valid_row(article)]), topic_ids())
    if not article.is_english:
        assert article.officials == []


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(DATES + PEOPLE + ODDITIES), min_size=1, max_size=12), st.integers(0, 3))
def test_dense_date_and_official_fragments_in_a_real_body_pass_the_schema(fragments, where):
    sentence = "The ministers met in the capital on Tuesday and agreed to talk again before the end of the year."
    lines = ["The Example Herald", "Ministers agree to meet again after talks", *[sentence] * 4]
    lines.insert(1 + where, " ".join(fragments))
    lines.insert(3 + where, f"{' '.join(fragments)} {sentence}")
    article = annotate("\n".join(lines))
    validate_frame(rows_frame([as_valid_row(article)]), topic_ids())
    for official in article.officials:
        assert official.name.strip() and all(isinstance(m, str) for m in official.mentions)
