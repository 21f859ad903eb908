"""What a page is (``kind``): an ``article``, a ``digest`` of other stories, a ``table``, a photo ``caption``, a
``notice`` or a wire ``flash``, told by the shape of its cleaned text, never by an outlet's wording.

- ``flash``: a headline sent under a flash tag ("(URGENT)", "FLASH", "BULLETIN") ahead of its story, with no
  body or one shorter than an article (``clean.flash``): the not-an-article filter, which keeps it, decides;

- ``table``: a large share of the tokens are numbers (price lists, bond yields, weather tables);
- ``digest``: many short items set off by rules, bullets, per-item links or dash-led lines ("Yonhap News
  Summary", "Top headlines in major newspapers"), or one such list under a title or lead that says it is one;
- ``caption``: a short text closed by a photo credit ("... on Monday. (AP Photo/Jane Doe)", "EPA/JOHN DOE");
- ``notice``: a short text about terms of use, corrections or announcements rather than a story.

The kind runs before language detection: a table is language-tagged from its words only (its numbers and
ticker names are no language), and ``und`` when it has too few of them.
"""

from __future__ import annotations

import re
import statistics

from build_dataset.core.article import Article
from build_dataset.core.options import declare
from build_dataset.core.steps import Annotator
from build_dataset.core.text import ends_sentence, split_sentences

KindOptions = declare("kind", "KindOptions", __name__)
KIND_DEFAULTS = KindOptions()

# Dash-led items after a credit or a date: "-- Headline (Paper)-- Headline ...", "1980 -- Event. 1991 -- Event".
DASH_ITEM = re.compile(r"(?:^|(?<=[)\]\d]))\s*--\s+(?=[\"'‘“A-Z])", re.MULTILINE)
ITEM_SEPARATORS = (
    re.compile(r"[-=_*]{5,}"),  # rules between items
    re.compile(r"[■□▶▷►◆◇●○•▪]"),  # bullets
    re.compile(r"https?://\S+"),  # a link closing each item
    DASH_ITEM,
)
DIGEST_CUE = re.compile(
    r"\b(?:news summary|summary of (?:[\w-]+ ){0,3}news|summaries of|top headlines|headlines in|key developments|"
    r"round-?up|digest|news in brief|at a glance)\b",
    re.IGNORECASE,
)
PHOTO_CREDIT_END = re.compile(
    r"(?:\((?P<paren>[^()]{2,60})\)|\[(?P<bracket>[^\[\]]{2,60})\]|\b[A-Z]{2,}(?:-[A-Z]+)?/[A-Z][\w .'-]{2,40})"
    r"(?:\s+MANDATORY CREDIT)?\s*$"
)
# A credit naming the photographer or the photo: "(AP Photo/Jane Roe)", "(Jane Roe/Daily News via AP)", "(Photo by
# Jane Roe/Agency)", "EPA/JANE ROE", "AFP PHOTO / JANE ROE".
PHOTOGRAPHER_CREDIT = re.compile(
    r"(?i:\((?:[^()]*\bphoto\b[^()]*/[^()]*|[^()]*/[^()]* via [^()]*|photo by [^()]*)\))"
    r"|\b[A-Z]{2,}(?:-[A-Z]+)?(?: PHOTO)?\s?/\s?[A-Z][A-Z .'-]{2,40}\b"
)
# A notice's label opens it, set off by a colon or brackets: "(Copyright) ...", "Correction: ...", "[Notice] ...".
NOTICE_LEAD = re.compile(
    r"^\W*(?:copyright|notice|correction|clarification|announcement|corrigendum|erratum|advisory|editor'?s note|"
    r"note to (?:readers|editors)|terms of use)\s*[:)\]]",
    re.IGNORECASE,
)
LOWERCASE_WORD = re.compile(r"\b[a-z]{2,}\b")


def numeric_share(text: str) -> float:
    tokens = text.split()
    return sum(1 for t in tokens if any(map(str.isdigit, t))) / len(tokens) if tokens else 0.0


def digest_items(text: str, item_max_words: int = KIND_DEFAULTS.digest_item_max_words) -> int:
    """Items of the strongest item list in ``text`` whose items are short, else 0."""
    best = 0
    for separator in ITEM_SEPARATORS:
        if separator is DASH_ITEM and "--" not in text:
            continue  # a slow scan that cannot split a text without "--"
        segments = [s for s in separator.split(text) if s.strip()]
        if len(segments) < 2:
            continue
        items = segments[1:]
        if statistics.median(len(s.split()) for s in items) <= item_max_words:
            best = max(best, len(items))
    return best


def is_table(article: Article, options: KindOptions = KIND_DEFAULTS) -> bool:
    return numeric_share(article.text) >= options.table_min_numeric_share


def is_digest(article: Article, options: KindOptions = KIND_DEFAULTS) -> bool:
    items = digest_items(article.text, options.digest_item_max_words)
    if items >= options.digest_min_items:
        return True
    lead = article.text[:options.notice_lead_chars]
    return items >= 1 and bool(DIGEST_CUE.search(article.title or "") or DIGEST_CUE.search(lead))


def is_credit(text: str) -> bool:
    """A photo credit's shape: a short name-like phrase, not a clause ("(left)" and "(file photo)" count too)."""
    words = text.split()
    return 1 <= len(words) <= 8 and not ends_sentence(text) and (text[:1].isupper() or "photo" in text.lower())


def is_caption(article: Article, options: KindOptions = KIND_DEFAULTS) -> bool:
    """Short, and either names its photographer ("(AP Photo/Jane Roe)", "EPA/JOHN DOE", "(Photo by ...)", usage
    terms may follow) or is a few sentences closed by a credit ("... on Monday. (Northwire Electronics)")."""
    if article.word_count > options.caption_max_words:
        return False
    if PHOTOGRAPHER_CREDIT.search(article.text):
        return True
    credit = PHOTO_CREDIT_END.search(article.text)
    if not credit or len(split_sentences(article.text, keep_abbreviations=True)) > options.caption_max_sentences:
        return False
    inside = credit["paren"] or credit["bracket"]
    return inside is None or is_credit(inside)


def is_notice(article: Article, options: KindOptions = KIND_DEFAULTS) -> bool:
    if article.word_count > options.notice_max_words:
        return False
    lead = article.text[:options.notice_lead_chars]
    return bool(NOTICE_LEAD.search(article.title or "") or NOTICE_LEAD.search(lead))


def is_flash_page(article: Article, options: KindOptions = KIND_DEFAULTS) -> bool:
    """The not-an-article filter decided it (``clean.min_article_words``): a page kept though shorter than an
    article because it came under a flash tag."""
    return article.work.kept_as_flash


KIND_TESTS = (
    ("flash", is_flash_page),
    ("table", is_table),
    ("digest", is_digest),
    ("notice", is_notice),
    ("caption", is_caption),
)


def extract_kind(article: Article, options: KindOptions = KIND_DEFAULTS) -> str:
    return next((kind for kind, test in KIND_TESTS if test(article, options)), "article")


def language_sample(article: Article, table_min_words: int) -> str:
    """The text language detection reads: a table's lowercase words only (or nothing, when it has too few)."""
    if article.kind != "table":
        return article.text
    found = LOWERCASE_WORD.findall(article.text)
    return " ".join(found) if len(set(found)) >= table_min_words else ""


def reads_page_structure(article: Article) -> bool:
    """Dates and sources are read from English pages, and from tables and lists with no language of their own
    (their header, dateline and credits are those of an English page)."""
    return article.is_english or (article.language == "und" and article.kind != "article")


class KindAnnotator(Annotator):
    """Sets ``kind`` from the shape of the cleaned text."""

    name = "kind_v2"
    options_type = KindOptions

    def annotate(self, article: Article) -> None:
        article.kind = extract_kind(article, self.options)
        self.stats[f"kind_{article.kind}"] += 1
