"""Publisher, wire agency and author of a page.

Each field is filled by a cascade of small ``extract_*`` functions that return None on a miss (as in
trafilatura's metadata.py). Outlet names are put in canonical form by the registry in
``resources/outlets.yaml``; an outlet the registry does not know is still reported, as the page writes it,
when the page names it in its copyright line.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

import yaml

from build_dataset.clean.page import is_caption, words
from build_dataset.core.article import Article
from build_dataset.core.steps import Annotator

# Site names are among the first lines of a page, above the headline (at most 4 lines down in the seeds and
# dev pages: skip links and menus come first on some sites).
SITE_LINE_WINDOW = 5
# A line under the headline that credits an outlet ("KYODO", "Oct 30, 2018 | KYODO NEWS") is short;
# captions that end in a credit ("... - Reuters") are longer than this many words.
CREDIT_LINE_MAX_WORDS = 12
# Closing credits ("(Yonhap)", "==Kyodo") come right after the body, before lists of other headlines.
CLOSING_CREDIT_LINES = 3
# The dateline opens the first paragraph, or the second when a short standfirst precedes it.
DATELINE_PARAGRAPHS = 2
# A copyright holder or site name longer than this many words is a sentence, not a name.
NAME_MAX_WORDS = 6
BYLINE_MAX_WORDS = 5

_MONTHS = sorted({*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept"}, key=len, reverse=True)
MONTH = r"(?i:" + "|".join(_MONTHS) + r")\.?"
# A wire dateline opening the first paragraph: "SEOUL, Aug. 22 (Yonhap) --", "TOKYO (Kyodo) --",
# "NAGOYA, Japan (Kyodo) --", "HANOI/SEOUL, Feb. 28, 2019 (Yonhap) --".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'-]*(?:[ ,/]{1,3}[A-Z][A-Za-z.'-]*){0,4}?)"
    rf"(?:,\s*(?P<monthday>{MONTH}\s*\d{{1,2}})(?:,\s*(?P<year>(?:19|20)\d{{2}}))?)?"
    r"\s*(?:\((?P<credit>[^()]{2,40})\))?"
    r"\s*(?:--|[–—-]|:)\s"
)
SEPARATORS = re.compile(r"\s+[|\-–—»>•·]\s+|\s*\|\s*|\s{2,}")
LEADING_DATE = re.compile(r"^(?:date\b\s*:?\s*)?[\d\s/.:-]*", re.IGNORECASE)
COPYRIGHT_MARK = re.compile(r"copyright\s*(?:©|ⓒ|\(c\))?|©|ⓒ|\(c\)", re.IGNORECASE)
ALL_RIGHTS = re.compile(r"all rights reserved\.?", re.IGNORECASE)
YEARS = re.compile(r"\b(?:19|20)\d{2}\b(?:\s*[-–]\s*(?:19|20)\d{2}\b)?")
CORPORATE_SUFFIX = re.compile(r"[,\s]+(?:ltd|inc|llc|co|limited|plc)\.?$", re.IGNORECASE)
PARENTHETICAL = re.compile(r"\s*\(([^()]*)\)")
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
BARE_CREDIT = re.compile(r"^(?:\(|==\s*|--\s*|[–—]\s*)?(?P<credit>[A-Za-z][\w .&'-]{1,40}?)\)?\.?$")
TRAILING_CREDIT = re.compile(
    r"(?:\((?P<paren>[A-Za-z][\w .&'-]{1,40})\)|\s(?:--|[–—])\s*(?P<dash>[A-Za-z][\w .&'-]{1,40}))\s*$"
)
BYLINE = re.compile(r"^by[\s:]+(?P<name>.+)$", re.IGNORECASE)
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
    tokens = re.findall(r"[^\W_]+", unicodedata.normalize("NFKD", text).lower())
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
        entries = yaml.safe_load(text)["outlets"]
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
    match = next(filter(None, (DATELINE.match(p) for p in paragraphs)), None)
    if not match:
        return None
    return Dateline(match.group(0).strip(), match["place"], match["monthday"], match["year"], match["credit"])


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


def site_lines(article: Article) -> list[str]:
    """Header lines above the headline, where site names are."""
    header = article.header_lines[:SITE_LINE_WINDOW]
    if article.title in header:
        header = header[: header.index(article.title)]
    return header


def lines_after_title(article: Article) -> list[str]:
    header = article.header_lines
    if article.title in header:
        return header[header.index(article.title) + 1 :]
    return header[1:]


def copyright_lines(article: Article) -> list[str]:
    removed = [line for reason, line in article.removed if reason == "copyright"]
    candidates = [*article.footer_lines, *removed, *article.header_lines]
    return [line for line in candidates if COPYRIGHT_MARK.search(line) or ALL_RIGHTS.search(line)]


# --- publisher ---------------------------------------------------------------------------------------------


def clean_holder(text: str) -> str | None:
    text = YEARS.sub(" ", text)
    text = re.split(r"\.\s", text + " ", maxsplit=1)[0]
    text = text.strip(" -–—.,:;©ⓒ")
    text = CORPORATE_SUFFIX.sub("", text).strip(" -–—.,:;")
    n = len(words(text))
    looks_like_name = text[:1].isupper() or text[:1].isdigit() or bool(re.fullmatch(r"[\w-]+(\.[\w-]+)+", text))
    return text if 1 <= n <= NAME_MAX_WORDS and re.search(r"[A-Za-z]", text) and looks_like_name else None


def holder_from_line(line: str) -> str | None:
    """The copyright holder: "© 2019 Korea Risk Group. All rights reserved." -> "Korea Risk Group"."""
    for part in line.split("|"):
        mark, rights = COPYRIGHT_MARK.search(part), ALL_RIGHTS.search(part)
        if not mark and not rights:
            continue
        after = ALL_RIGHTS.split(part[mark.end() :])[0] if mark else ""
        before = ALL_RIGHTS.split(part[: mark.start()] if mark else part[: rights.start()])[-1]
        for candidate in (after, before):
            holder = clean_holder(candidate)
            if holder:
                return holder
    return None


def copyright_holder(article: Article) -> str | None:
    return next(filter(None, map(holder_from_line, copyright_lines(article))), None)


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


def extract_registry_site_name(article: Article) -> str | None:
    for line in site_lines(article):
        for part in (*segments(line), line):
            outlet = registry().lookup(part)
            if outlet:
                return outlet.name
    return None


def extract_registry_publisher_below_title(article: Article) -> str | None:
    """A publisher (not an agency: that is a credit) named on a short line just under the headline."""
    for line in lines_after_title(article)[:SITE_LINE_WINDOW]:
        if len(words(line)) > CREDIT_LINE_MAX_WORDS:
            continue
        for part in segments(line):
            outlet = registry().lookup(part)
            if outlet and not outlet.is_agency:
                return outlet.name
    return None


def extract_registry_copyright(article: Article) -> str | None:
    outlet = lookup_holder(copyright_holder(article))
    return outlet.name if outlet else None


def extract_corroborated_site_name(article: Article) -> str | None:
    """An outlet the registry does not know: the site name at the top, repeated in the copyright line."""
    holder = copyright_holder(article)
    if not holder:
        return None
    for line in site_lines(article):
        parts = segments(line)
        if parts and outlet_key(parts[0]) == outlet_key(holder):
            return display_name(parts[0] if not parts[0].isupper() else holder)
    return None


def extract_copyright_holder(article: Article) -> str | None:
    holder = copyright_holder(article)
    return display_name(holder) if holder else None


def extract_email_domain(article: Article) -> str | None:
    for line in [*article.header_lines, *article.footer_lines]:
        for domain in EMAIL.findall(line):
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
    extract_email_domain,
)


def extract_publisher(article: Article) -> str | None:
    return next((name for name in (f(article) for f in PUBLISHER_EXTRACTORS) if name), None)


# --- agency ------------------------------------------------------------------------------------------------


def registry_agency(credit: str) -> Outlet | None:
    """The registry entry of a credit, also of a joint credit's first part ("AFP-Jiji")."""
    outlet = registry().lookup(credit)
    if outlet is None and re.search(r"[-/]", credit):
        outlet = registry().lookup(re.split(r"\s*[-/]\s*", credit)[0])
    return outlet


def extract_dateline_agency(article: Article) -> str | None:
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


def extract_closing_credit(article: Article) -> str | None:
    """A credit closing the body ("... said. (Yonhap)") or on a line right after it ("(Yonhap)", "==Kyodo")."""
    last = article.text.rsplit("\n", 1)[-1].strip()
    trailing = TRAILING_CREDIT.search(last)
    credits = [trailing["paren"] or trailing["dash"]] if trailing else []
    for line in article.footer_lines[:CLOSING_CREDIT_LINES]:
        bare = BARE_CREDIT.match(line.strip())
        credits.extend([bare["credit"]] if bare else [])
    for credit in credits:
        outlet = registry_agency(credit.strip())
        if outlet and outlet.is_agency:
            return outlet.credit_name
    return None


def extract_header_credit(article: Article) -> str | None:
    """A short line under the headline naming an agency: "KYODO", "By Reuters", "Oct 30, 2018 | KYODO NEWS"."""
    for line in lines_after_title(article):
        if len(words(line)) > CREDIT_LINE_MAX_WORDS or is_caption(line):
            continue
        for part in segments(line):
            byline = BYLINE.match(part)
            outlet = registry_agency(byline["name"] if byline else part)
            if outlet and outlet.is_agency:
                return outlet.credit_name
    return None


AGENCY_EXTRACTORS = (extract_dateline_agency, extract_closing_credit, extract_header_credit)


def extract_agency(article: Article) -> str | None:
    return next((name for name in (f(article) for f in AGENCY_EXTRACTORS) if name), None)


# --- author ------------------------------------------------------------------------------------------------


def as_person(text: str) -> str | None:
    """A byline name in display form, or None when it is not a person ("admin", "NK News desk", "Reuters")."""
    name = NAME_CUT.sub("", EMAIL.sub("", text)).strip(" .:-–—")
    tokens = name.split()
    if not 2 <= len(tokens) <= BYLINE_MAX_WORDS or re.search(r"\d", name):
        return None
    if any(t.lower().strip(".") in NOT_PERSON_WORDS for t in tokens) or registry().lookup(name):
        return None
    if not all(t[:1].isupper() or t.lower() in NAME_PARTICLES or not t.islower() for t in tokens):
        return None
    return display_name(name)


def extract_byline(article: Article) -> str | None:
    """A byline line above or below the body: "By Choi Si-young", "BY PARK YU-NA [park.yuna@...]"."""
    for line in [*article.header_lines, *article.footer_lines]:
        match = BYLINE.match(line.strip())
        person = as_person(match["name"]) if match else None
        if person:
            return person
    return None


def extract_labelled_author(article: Article) -> str | None:
    """A labelled credit: "Reporter : Park Se-rin", "Reporting by ...", "(Japanese original by Akira Nomura, ...)"."""
    for line in [*article.header_lines, *article.footer_lines]:
        for match in LABELLED_AUTHOR.finditer(line.strip(" ()")):
            person = as_person(match["name"])
            if person:
                return person
    return None


def extract_signoff(article: Article) -> str | None:
    """A broadcast reporter's sign-off under the body: "Park Se-rin, Arirang News." (the outlet in the registry)."""
    for line in article.footer_lines[:CLOSING_CREDIT_LINES]:
        match = SIGNOFF.match(line.strip())
        if match and registry().lookup(match["outlet"]):
            person = as_person(match["name"])
            if person:
                return person
    return None


AUTHOR_EXTRACTORS = (extract_byline, extract_labelled_author, extract_signoff)


def extract_author(article: Article) -> str | None:
    return next((name for name in (f(article) for f in AUTHOR_EXTRACTORS) if name), None)


class SourceAnnotator(Annotator):
    """Publisher (canonical outlet name), wire agency credited, and the byline person."""

    name = "sources_v1"

    def annotate(self, article: Article) -> None:
        if not article.is_english:
            return
        article.publisher = extract_publisher(article)
        article.agency = extract_agency(article)
        article.author = extract_author(article)
        for field in ("publisher", "agency", "author"):
            self.stats[f"{field}_found" if getattr(article, field) else f"{field}_missing"] += 1
