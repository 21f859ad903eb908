"""Publisher, wire agency and author of a page.

Each field is filled by a cascade of small ``extract_*`` functions that return None on a miss (as in
trafilatura's metadata.py). Outlet names are put in canonical form by the registry in
``resources/outlets.yaml`` (also by their Korean, Japanese or Chinese names); an outlet the registry does not
know is still reported, as the page writes it, when a site-name-shaped line at the top is confirmed by the
copyright line, the footer, or the domain of an e-mail or web address on the page. Photo credits ("(Facebook
via Yonhap)", a closing photo caption) are no wire credit; an agency's page of its own story is credited to it,
unless the page carries another outlet's piece. A corpus record's publisher and author fields win over the page.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from build_dataset.annotate.kind import reads_page_structure
from build_dataset.clean.page import is_caption, title_line_index
from build_dataset.clean.wire import BRACKET_CREDIT, MONTH_NAMES
from build_dataset.core.article import Article
from build_dataset.core.options import declare, read_yaml
from build_dataset.core.steps import Annotator
from build_dataset.core.text import (
    ALL_RIGHTS,
    COPYRIGHT_MARK,
    EMAIL,
    EMAIL_ADDRESS,
    email_domains,
    find_byline,
    has_sentence_break,
    words,
)

SourcesOptions = declare("sources", "SourcesOptions", __name__)
SOURCES_DEFAULTS = SourcesOptions()
# The dateline opens the first paragraph, or the second when a short standfirst precedes it (read by the dates
# and officials steps too, so a fact of page layout rather than a threshold of this step).
DATELINE_PARAGRAPHS = 2

MONTH = r"(?i:" + "|".join(MONTH_NAMES) + r")\.?"
# A wire dateline opening the first paragraph: "SEOUL, Aug. 22 (Yonhap) --", "TOKYO (Kyodo) --",
# "NAGOYA, Japan (Kyodo) --", "HANOI/SEOUL, Feb. 28, 2019 (Yonhap) --".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'-]*(?:[ ,/]{1,3}[A-Z][A-Za-z.'-]*){0,4}?)"
    rf"(?:,\s*(?P<monthday>{MONTH}\s*\d{{1,2}})(?:,\s*(?P<year>(?:19|20)\d{{2}}))?)?"
    r"\s*(?:\((?P<credit>[^()]{2,40})\))?"
    r"\s*(?:[-–—]{1,3}|:)\s"
)
# A crawl may lose the place: "Dec. 29 (Yonhap) --" (then the credit must be there).
DATELINE_WITHOUT_PLACE = re.compile(
    rf"^(?P<monthday>{MONTH}\s*\d{{1,2}})(?:,\s*(?P<year>(?:19|20)\d{{2}}))?"
    r"\s*\((?P<credit>[^()]{2,40})\)\s*(?:[-–—]{1,3}|:)\s"
)
SEPARATORS = re.compile(r"\s+[|\-–—»>•·]\s+|\s*\|\s*|\s{2,}")
LEADING_DATE = re.compile(r"^(?:date\b\s*:?\s*)?[\d\s/.:-]*", re.IGNORECASE)
YEARS = re.compile(r"\b(?:19|20)\d{2}\b(?:\s*[-–]\s*(?:19|20)\d{2}\b)?")
CORPORATE_SUFFIX = re.compile(r"[,\s]+(?:ltd|inc|llc|co|limited|plc)\.?$", re.IGNORECASE)
PARENTHETICAL = re.compile(r"\s*\(([^()]*)\)")
BARE_CREDIT = re.compile(r"^(?:\(|==\s*|--\s*|[–—]\s*)?(?P<credit>[A-Za-z][\w .&'-]{1,40}?)\)?\.?$")
TRAILING_CREDIT = re.compile(
    r"(?:\((?P<paren>[A-Za-z][\w .&'-]{1,40})\)|\s(?:--|[–—])\s*(?P<dash>[A-Za-z][\w .&'-]{1,40}))\s*$"
)
LABELLED_AUTHOR = re.compile(
    r"(?:^reporter|^written by|^story by|^text by|(?<!additional )reporting by|\boriginal by)\s*[:：]?\s*"
    r"(?P<name>[^,;()\[\]|]+)",
    re.IGNORECASE,
)
SIGNOFF = re.compile(r"^(?P<name>[^,]{3,40}),\s*(?P<outlet>[^,]{2,40}?)\.?$")
NAME_CUT = re.compile(r"\s*(?:[\[(|,;/]|\s[-–—]\s|\bstaff writer\b).*$", re.IGNORECASE)
NOT_PERSON_WORDS = frozenset(
    "admin administrator staff editor editors desk team newsroom web writer reporter reporters correspondent "
    "agencies agency wire wires online digital guest contributor news bureau photo".split()
)
NAME_PARTICLES = frozenset("and de del der van von bin binti al el da di la le".split())
# A credit for a photo, not for the text: "(Facebook via Yonhap)", "(Pool photo via Yonhap)", "(Yonhap file photo)".
PHOTO_CREDIT_WORDS = re.compile(r"\b(?:via|photos?|pool|file|courtesy|images?|screenshot|capture)\b", re.IGNORECASE)
# A closing paragraph that is a photo caption: one short sentence (``caption_max_words``) that names the photo or
# describes an action in the present tense on a stated day.
CAPTION_CUE = re.compile(
    r"\b(?:photo(?:graph)?|pictured|picture|image)\b|\((?:left|right|center|centre|front|(?:second|third) from "
    r"(?:left|right))\)",
    re.IGNORECASE,
)
CAPTION_PASSIVE = frozenset("seen pictured shown displayed escorted photographed".split())
# A present-tense closing sentence about what is to come is the story's ("The two sides meet again on Friday.").
SCHEDULE_CUE = re.compile(r"\b(?:will|would|plans?|expected|scheduled|set to|next|again|later|until)\b", re.IGNORECASE)
DAY_CUE = re.compile(
    r"\b(?:" + "|".join(calendar.day_name) + rf")\b|\b{MONTH}\s*\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTH}"
)
# Another outlet's piece carried by the page: "(EDITORIAL from The Korea Times on Dec. 30)".
CARRIED_FROM = re.compile(r"\(\s*[A-Z][\w' -]{0,30}?\bfrom (?P<outlet>[A-Z][\w.&' -]{1,40}?)(?: on [^()]*)?\)")
# An outlet and a date on one line: the masthead line of the outlet's own page ("KYODO NEWS | 2025-12-28 09:00").
MASTHEAD_DATE = re.compile(
    rf"\b(?:19|20)\d{{2}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}\b|\b{MONTH}\s*\d{{1,2}},?\s*(?:19|20)\d{{2}}\b"
)
# A name before an e-mail address: "Lee Yoon-seo yoonseo@heraldcorp.com", "Kim Tong-hyung (tkim@x.com)".
NAMED_EMAIL = re.compile(rf"^(?P<name>[^@()\[\]<>\d]{{3,40}}?)\s*[(<\[]?\s*{EMAIL}")
URL_HOST = re.compile(r"(?:\b[a-z][a-z0-9+.-]{0,15}://|\bwww\.)(?P<host>[\w-]+(?:\.[\w-]+)+)", re.IGNORECASE)
# Domain labels that name no outlet (top-level and second-level domains, hosting and blog platforms).
GENERIC_DOMAIN_LABELS = frozenset("www com net org co kr jp cn uk ne or go ac news blogspot wordpress".split())


# --- the outlet registry ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outlet:
    name: str
    kind: str
    country: str | None
    homepage: str | None
    aliases: tuple[str, ...] = ()
    credit: str | None = None

    @property
    def is_agency(self) -> bool:
        return self.kind == "agency"

    @property
    def credit_name(self) -> str:
        return self.credit or self.name


def outlet_key(text: str) -> str:
    """Lowercase letters and digits only, a leading "the"/"www" dropped: the form names are matched in."""
    tokens = words(unicodedata.normalize("NFKD", text).lower(), terms=True)
    while tokens and tokens[0] in ("the", "www"):
        tokens = tokens[1:]
    return " ".join(tokens)


class OutletRegistry:
    """Outlets by every name they go by (name, aliases, credit form, homepage domain)."""

    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = outlets
        self.by_key: dict[str, Outlet] = {}
        for outlet in outlets:
            for name in (outlet.name, outlet.credit, outlet.homepage, *outlet.aliases):
                if name:
                    self.by_key.setdefault(outlet_key(name), outlet)

    @classmethod
    def from_yaml(cls, text: str) -> OutletRegistry:
        entries = read_yaml(text)["outlets"]
        return cls([Outlet(**{**entry, "aliases": tuple(entry.get("aliases") or ())}) for entry in entries])

    def lookup(self, text: str | None) -> Outlet | None:
        if not text:
            return None
        return self.by_key.get(outlet_key(text)) or self.lookup_domain(text)

    def lookup_domain(self, text: str) -> Outlet | None:
        """``news.koreaherald.com`` -> The Korea Herald: the domain and its parents, down to two labels."""
        labels = text.strip().strip(".").lower().split(".")
        if len(labels) < 2 or not all(re.fullmatch(r"[a-z0-9-]+", label) for label in labels):
            return None
        for start in range(len(labels) - 1):
            outlet = self.by_key.get(outlet_key(".".join(labels[start:])))
            if outlet:
                return outlet
        return None


@functools.lru_cache(maxsize=1)
def registry() -> OutletRegistry:
    text = resources.files("build_dataset").joinpath("resources/outlets.yaml").read_text(encoding="utf-8")
    return OutletRegistry.from_yaml(text)


# --- shared line helpers -----------------------------------------------------------------------------------


class Dateline(NamedTuple):
    text: str
    place: str
    monthday: str | None
    year: str | None
    credit: str | None


def parse_dateline(text: str) -> Dateline | None:
    """The wire dateline opening one of the first paragraphs, or None."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()][:DATELINE_PARAGRAPHS]
    match = next(filter(None, (DATELINE.match(p) or DATELINE_WITHOUT_PLACE.match(p) for p in paragraphs)), None)
    if not match:
        return None
    place = match.groupdict().get("place") or ""
    return Dateline(match.group(0).strip(), place, match["monthday"], match["year"], match["credit"])


def segments(line: str) -> list[str]:
    """Parts of a header line: "date 2020-02-10 ARIRANG NEWS | Culture" -> ["ARIRANG NEWS", "Culture"]."""
    line = LEADING_DATE.sub("", line.strip())
    return [s.strip(" .:") for s in SEPARATORS.split(line) if s and s.strip(" .:")]


def display_name(text: str) -> str:
    """A name as the page writes it, title-cased when the page shouts it in capitals."""
    text = " ".join(text.split())
    if text.isupper() and not re.search(r"\.\w", text):
        return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())
    return text


def site_lines(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> list[str]:
    """Header lines above the headline, where site names are."""
    header = article.work.header_lines[:options.site_line_window]
    at = title_line_index(header, article.title)
    return header if at is None else header[:at]


def lines_after_title(article: Article) -> list[str]:
    header = article.work.header_lines
    at = title_line_index(header, article.title)
    return header[1:] if at is None else header[at + 1 :]


def copyright_lines(article: Article) -> list[str]:
    removed = [line for reason, line in article.work.removed if reason == "copyright"]
    candidates = [*article.work.footer_lines, *removed, *article.work.header_lines]
    return [line for line in candidates if COPYRIGHT_MARK.search(line) or ALL_RIGHTS.search(line)]


# --- publisher ---------------------------------------------------------------------------------------------


def clean_holder(text: str, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    text = YEARS.sub(" ", text)
    text = re.split(r"\.\s", text + " ", maxsplit=1)[0]
    text = text.strip(" -–—.,:;©ⓒ")
    text = CORPORATE_SUFFIX.sub("", text).strip(" -–—.,:;")
    n = len(words(text))
    looks_like_name = text[:1].isupper() or text[:1].isdigit() or bool(re.fullmatch(r"[\w-]+(\.[\w-]+)+", text))
    return text if 1 <= n <= options.name_max_words and re.search(r"[A-Za-z]", text) and looks_like_name else None


def holder_from_line(line: str, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """The copyright holder: "© 2019 Korea Risk Group. All rights reserved." -> "Korea Risk Group"."""
    for part in line.split("|"):
        mark, rights = COPYRIGHT_MARK.search(part), ALL_RIGHTS.search(part)
        if not mark and not rights:
            continue
        after = ALL_RIGHTS.split(part[mark.end() :])[0] if mark else ""
        before = ALL_RIGHTS.split(part[: mark.start()] if mark else part[: rights.start()])[-1]
        for candidate in (after, before):
            holder = clean_holder(candidate, options)
            if holder:
                return holder
    return None


def copyright_holder(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    return next(filter(None, (holder_from_line(line, options) for line in copyright_lines(article))), None)


def lookup_holder(holder: str | None) -> Outlet | None:
    """Registry entry of a copyright holder, also without its parenthetical or corporate suffix."""
    if not holder:
        return None
    inside = PARENTHETICAL.search(holder)
    forms = (
        holder,
        PARENTHETICAL.sub("", holder),
        inside.group(1) if inside else None,
        CORPORATE_SUFFIX.sub("", holder),
    )
    return next(filter(None, map(registry().lookup, forms)), None)


def extract_registry_site_name(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    for line in site_lines(article, options):
        for part in (*segments(line), line):
            outlet = registry().lookup(part)
            if outlet:
                return outlet.name
    return None


def extract_registry_publisher_below_title(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """A publisher (not an agency: that is a credit) named on a short line just under the headline."""
    for line in lines_after_title(article)[:options.site_line_window]:
        if len(words(line)) > options.credit_line_max_words:
            continue
        for part in segments(line):
            outlet = registry().lookup(part)
            if outlet and not outlet.is_agency:
                return outlet.name
    return None


def extract_registry_copyright(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    outlet = lookup_holder(copyright_holder(article, options))
    return outlet.name if outlet else None


def squashed(name: str) -> str:
    """A name as a domain writes it: "Seoul Wire Daily" -> "seoulwiredaily"."""
    return outlet_key(name).replace(" ", "")


def page_domain_labels(article: Article) -> set[str]:
    """Labels of the domains in the page's e-mail addresses and web addresses ("edaily" of "bird@edaily.co.kr"),
    and of the corpus record's url, without generic labels."""
    removed = [line for _, line in article.work.removed]
    texts = [*article.work.header_lines, *article.work.footer_lines, *removed, article.work.metadata.get("url", "")]
    hosts = [domain for text in texts if "@" in text for domain in email_domains(text)]
    hosts += [m["host"] for text in texts if "://" in text or "www." in text.lower() for m in URL_HOST.finditer(text)]
    return {label.lower() for host in hosts for label in host.split(".")} - GENERIC_DOMAIN_LABELS


def is_site_name_shaped(text: str, options: SourcesOptions = SOURCES_DEFAULTS) -> bool:
    n = len(words(text))
    return 1 <= n <= options.name_max_words and (text[:1].isupper() or text[:1].isdigit()) and not text.endswith(".")


def confirmed_site_name(article: Article, name: str, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """``name`` when the page confirms it: its copyright holder, a footer line naming it, or a domain of the page's
    e-mail or web addresses spelling it; in display form (the holder's when the site shouts its name)."""
    holder = copyright_holder(article, options)
    if holder and outlet_key(name) == outlet_key(holder):
        return display_name(name if not name.isupper() else holder)
    footer_names = {outlet_key(part) for line in article.work.footer_lines for part in segments(line)}
    if outlet_key(name) in footer_names or squashed(name) in page_domain_labels(article):
        return display_name(name)
    return None


def extract_corroborated_site_name(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """An outlet the registry does not know: a site-name-shaped line at the top, confirmed by the copyright line,
    the footer or a domain on the page."""
    for line in site_lines(article, options):
        parts = segments(line)
        if parts and is_site_name_shaped(parts[0], options):
            name = confirmed_site_name(article, parts[0], options)
            if name:
                return name
    return None


def extract_reporter_credit_outlet(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """The outlet of a staff reporter's credit "[Kim Saemi, Edaily Reporter]": a registry outlet, or a name the
    page confirms."""
    for line in article.work.header_lines:
        credit = BRACKET_CREDIT.match(line)
        if credit:
            outlet = registry().lookup(credit["outlet"])
            return outlet.name if outlet else confirmed_site_name(article, credit["outlet"].strip(), options)
    return None


def extract_digest_link_domain(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """A digest whose items all link to one registry outlet's site ("... https://en.yna.co.kr/view/..."): its own."""
    if article.kind != "digest":
        return None
    outlets = {registry().lookup_domain(m["host"]) for m in URL_HOST.finditer(article.text)}
    outlet = outlets.pop() if len(outlets) == 1 else None
    return outlet.name if outlet else None


def extract_agency_masthead(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """An agency named with a date on a short line under the headline ("KYODO NEWS | 2025-12-28 09:00") of a page
    the headline opens (no site name above it): the agency's own page (its site, or a portal's copy of its wire)."""
    if site_lines(article, options):
        return None
    for line in lines_after_title(article)[:options.site_line_window]:
        if len(words(line)) > options.credit_line_max_words or not MASTHEAD_DATE.search(line):
            continue
        for part in segments(line):
            outlet = registry().lookup(part)
            if outlet and outlet.is_agency:
                return outlet.name
    return None


def extract_copyright_holder(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    holder = copyright_holder(article, options)
    return display_name(holder) if holder else None


def extract_email_domain(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    for line in [*article.work.header_lines, *article.work.footer_lines]:
        for domain in email_domains(line) if "@" in line else ():
            outlet = registry().lookup_domain(domain)
            if outlet:
                return outlet.name
    return None


PUBLISHER_EXTRACTORS = (
    extract_registry_site_name,
    extract_registry_copyright,
    extract_registry_publisher_below_title,
    extract_corroborated_site_name,
    extract_copyright_holder,
    extract_reporter_credit_outlet,
    extract_agency_masthead,
    extract_email_domain,
    extract_digest_link_domain,
)


def first_found(extractors: tuple, article: Article, options: SourcesOptions) -> str | None:
    """The first answer of a cascade of ``extract_*`` functions (each returns None on a miss)."""
    return next((name for name in (extract(article, options) for extract in extractors) if name), None)


def extract_publisher(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    return first_found(PUBLISHER_EXTRACTORS, article, options)


# --- agency ------------------------------------------------------------------------------------------------


def registry_agency(credit: str) -> Outlet | None:
    """The registry entry of a credit, also of a joint credit's first part ("AFP-Jiji"); none for a photo credit."""
    if PHOTO_CREDIT_WORDS.search(credit):
        return None
    outlet = registry().lookup(credit)
    if outlet is None and re.search(r"[-/]", credit):
        outlet = registry().lookup(re.split(r"\s*[-/]\s*", credit)[0])
    return outlet


def extract_dateline_agency(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """The dateline credit "SEOUL (Yonhap) --": a registry agency, or an unknown credit not naming the page."""
    dateline = parse_dateline(article.text)
    if not dateline or not dateline.credit:
        return None
    credit = dateline.credit.strip()
    outlet = registry_agency(credit)
    if outlet:
        return outlet.credit_name if outlet.is_agency else None
    if article.publisher and outlet_key(credit) == outlet_key(article.publisher):
        return None
    return credit if len(words(credit)) <= 4 and credit[:1].isupper() else None


def extract_closing_credit(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """A credit closing the body ("... said. (Yonhap)") or on a line right after it ("(Yonhap)", "==Kyodo")."""
    last = article.text.rsplit("\n", 1)[-1].strip()
    trailing = TRAILING_CREDIT.search(last)
    photo = trailing is not None and is_caption_paragraph(article, last, options)
    credits = [trailing["paren"] or trailing["dash"]] if trailing and not photo else []
    for line in article.work.footer_lines[:options.closing_credit_lines]:
        bare = BARE_CREDIT.match(line.strip())
        credits.extend([bare["credit"]] if bare else [])
    for credit in credits:
        outlet = registry_agency(credit.strip())
        if outlet and outlet.is_agency:
            return outlet.credit_name
    return None


def extract_header_credit(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """A short line under the headline naming an agency: "KYODO", "By Reuters", "Oct 30, 2018 | KYODO NEWS"."""
    for line in lines_after_title(article):
        if len(words(line)) > options.credit_line_max_words or is_caption(line):
            continue
        for part in segments(line):
            byline = find_byline(part)
            outlet = registry_agency(byline["name"] if byline else part)
            if outlet and outlet.is_agency:
                return outlet.credit_name
    return None


def present_tense_action(article: Article, paragraph: str) -> bool:
    """The paragraph's first verb is a present-tense action ("enters", "speaks", "is seen"), as in a caption; read
    from the spaCy tags of the page, False without them."""
    start = article.text.rfind(paragraph)
    if article.work.doc is None or start < 0:
        return False
    tokens = [t for t in article.work.doc if start <= t.idx < start + len(paragraph)]
    for i, token in enumerate(tokens):
        if not token.tag_.startswith(("VB", "MD")):
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.lemma_ == "be":
            return following is not None and following.lower_ in CAPTION_PASSIVE
        return token.tag_ in ("VBZ", "VBP") and token.lemma_ not in ("have", "say") and (
            following is None or following.lower_ != "to"
        )
    return False


def is_caption_paragraph(article: Article, paragraph: str, options: SourcesOptions = SOURCES_DEFAULTS) -> bool:
    """A closing paragraph that captions a photo ("Kim enters the court on Monday. (Yonhap)"): its credit is the
    photo's, not the story's."""
    body = TRAILING_CREDIT.sub("", paragraph).strip()
    if len(words(body)) > options.caption_max_words or has_sentence_break(body):
        return False
    if CAPTION_CUE.search(body):
        return True
    return bool(DAY_CUE.search(body)) and not SCHEDULE_CUE.search(body) and present_tense_action(article, paragraph)


def credited_elsewhere(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> bool:
    """The page carries another outlet's piece ("(EDITORIAL from The Korea Times on Dec. 30)" in its title, slug
    or lead): its masthead names the carrier, not the source of the text."""
    slugs = [line for reason, line in article.work.removed if reason == "wire_slug"]
    for text in (article.title or "", *slugs, article.text[:options.lead_chars]):
        for match in CARRIED_FROM.finditer(text):
            outlet = registry().lookup(match["outlet"])
            if outlet and not outlet.is_agency:
                return True
    return False


def extract_own_story_agency(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """A wire agency's page of its own story: the publisher is an agency (it writes its own wire)."""
    outlet = registry().lookup(article.publisher)
    return outlet.credit_name if outlet and outlet.is_agency else None


AGENCY_EXTRACTORS = (extract_dateline_agency, extract_closing_credit, extract_header_credit, extract_own_story_agency)
# A piece carried from another outlet is credited only by its own text (dateline, closing credit).
CARRIED_AGENCY_EXTRACTORS = (extract_dateline_agency, extract_closing_credit)


def extract_agency(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    extractors = CARRIED_AGENCY_EXTRACTORS if credited_elsewhere(article, options) else AGENCY_EXTRACTORS
    return next((name for name in (f(article, options) for f in extractors) if name), None)


# --- author ------------------------------------------------------------------------------------------------


def as_person(text: str, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """A byline name in display form, or None when it is not a person ("admin", "NK News desk", "Reuters")."""
    name = NAME_CUT.sub("", EMAIL_ADDRESS.sub("", text)).strip(" .:-–—")
    tokens = name.split()
    if not 2 <= len(tokens) <= options.byline_max_words or re.search(r"\d", name):
        return None
    if any(t.lower().strip(".") in NOT_PERSON_WORDS for t in tokens) or registry().lookup(name):
        return None
    if not all(t[:1].isupper() or t.lower() in NAME_PARTICLES or not t.islower() for t in tokens):
        return None
    return display_name(name)


def extract_byline(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """A byline line above or below the body: "By Choi Si-young", "BY PARK YU-NA [park.yuna@...]"."""
    for line in [*article.work.header_lines, *article.work.footer_lines]:
        match = find_byline(line.strip())
        person = as_person(match["name"], options) if match else None
        if person:
            return person
    return None


def extract_labelled_author(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """A labelled credit: "Reporter : Park Se-rin", "Reporting by ...", "(Japanese original by Akira Nomura, ...)"."""
    for line in [*article.work.header_lines, *article.work.footer_lines]:
        for match in LABELLED_AUTHOR.finditer(line.strip(" ()")):
            person = as_person(match["name"], options)
            if person:
                return person
    return None


def extract_signoff(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """A broadcast reporter's sign-off under the body: "Park Se-rin, Arirang News." (the outlet in the registry)."""
    for line in article.work.footer_lines[:options.closing_credit_lines]:
        match = SIGNOFF.match(line.strip())
        if match and registry().lookup(match["outlet"]):
            person = as_person(match["name"], options)
            if person:
                return person
    return None


def extract_reporter_credit(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """A staff reporter's credit in brackets: "[Kim Saemi, Edaily Reporter]"."""
    for line in article.work.header_lines:
        credit = BRACKET_CREDIT.match(line)
        person = as_person(credit["name"], options) if credit else None
        if person:
            return person
    return None


def extract_email_signoff(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """A name before an e-mail address closing the body: "Lee Yoon-seo yoonseo@heraldcorp.com"."""
    for line in article.work.footer_lines[:options.closing_credit_lines]:
        match = NAMED_EMAIL.match(line.strip())
        if not match or squashed(match["name"]) in {label.lower() for label in re.split(r"[@.]", line)}:
            continue  # "Northport Gazette news@northportgazette.com": the outlet's address
        person = as_person(match["name"], options)
        if person:
            return person
    return None


AUTHOR_EXTRACTORS = (
    extract_byline,
    extract_reporter_credit,
    extract_labelled_author,
    extract_signoff,
    extract_email_signoff,
)


def extract_author(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    return first_found(AUTHOR_EXTRACTORS, article, options)


def metadata_publisher(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """The corpus record's publisher field: its registry name, else the name as given when it is name-shaped."""
    value = article.work.metadata.get("publisher")
    if not value:
        return None
    outlet = lookup_holder(value)
    if outlet:
        return outlet.name
    name_shaped = len(words(value)) <= options.name_max_words and re.search(r"[^\W\d_]", value)
    return display_name(value) if name_shaped else None


def metadata_author(article: Article, options: SourcesOptions = SOURCES_DEFAULTS) -> str | None:
    """The corpus record's author field, when it names a person ("BY ANN LEE [ann@x.com]" -> "Ann Lee")."""
    value = article.work.metadata.get("author")
    byline = find_byline(value.strip()) if value else None
    return as_person(byline["name"] if byline else value, options) if value else None


def same_outlet(a: str, b: str) -> bool:
    return outlet_key(a) == outlet_key(b) or lookup_holder(a) is not None and lookup_holder(a) == lookup_holder(b)


class SourceAnnotator(Annotator):
    """Publisher (canonical outlet name), wire agency credited, and the byline person; the corpus record's
    publisher and author fields win over the page, and a page that says otherwise is counted
    (``metadata_contradicts_page_publisher`` / ``_author``)."""

    name = "sources_v2"
    options_type = SourcesOptions

    def annotate(self, article: Article) -> None:
        if reads_page_structure(article):
            article.publisher = extract_publisher(article, self.options)
            article.author = extract_author(article, self.options)
        self.apply_metadata(article)
        if reads_page_structure(article):
            article.agency = extract_agency(article, self.options)
        for field in ("publisher", "agency", "author"):
            self.stats[f"{field}_found" if getattr(article, field) else f"{field}_missing"] += 1

    def apply_metadata(self, article: Article) -> None:
        for field, value, same in (
            ("publisher", metadata_publisher(article, self.options), same_outlet),
            ("author", metadata_author(article, self.options), lambda a, b: a.lower() == b.lower()),
        ):
            if value is None:
                continue
            page = getattr(article, field)
            if page and not same(page, value):
                self.stats[f"metadata_contradicts_page_{field}"] += 1
            setattr(article, field, value)
            self.stats[f"{field}_from_metadata"] += 1
