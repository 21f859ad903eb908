"""What the words around a name say about the person: a title before it ("Japanese Foreign Minister X",
"lawmakers X and Y", "defense secretary nominee X"), an apposition after it ("X, first deputy director of the
National Security Office," / "X, a researcher at ..."), an appointment after it ("X as veterans affairs
minister", "X was named ambassador"); the role, the country served and whether that makes the person an
official. The words themselves are data: ``resources/roles.yaml`` through ``officials_lexicon``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from build_dataset.annotate.officials.lexicon import EX_PREFIX, lexicon

CONNECTORS = frozenset({"of", "for", "and", "the", "&", "–", "-", ",", "'s", "’s"})
# "ambassador to Japan", "special representative for North Korea": the place after to/for is not the
# government served.
_TARGET_PLACE = re.compile(
    r"\b(?:to|for|in|with|on|at)\s+(?:the\s+)?(?:(?:south|north)\s+)?[A-Z][\w.']*(?:\s+[A-Z][\w.']*)?"
)
_WORD = re.compile(r"[\w'’.\-–&]+|[,()\[\]\"“”]")
APPOSITION_END = re.compile(
    r"[,;:()\"“”]|(?<![A-Z])\.(?:\s|$)| (?:said|says|told|added|who|which|was|is|has|had|will|would)\b"
)
# An appointment's office ends where the sentence goes on ("X as minister and Y as ...", "X as minister — ...").
APPOINTMENT_END = re.compile(
    APPOSITION_END.pattern + r"| (?:and|or|but|while|after|before|since|—|–)\s|\s[—–-]{1,2}\s"
)
# "newly appointed", "recently named": a fresh appointment, said before the office.
FRESHLY = r"(?:newly|recently|just)\s+"
# "X as veterans affairs minister", "X was named ambassador to Japan", "X, who serves as ...". A comma right after
# the name only goes on with "who": "Y, chairman of startup X, was named ..." is Y's appointment, not X's.
APPOINTED_AS = re.compile(
    r"^\s*(?:,?\s*who\s+)?(?:(?:was|is|has been|had been|will be|were|would be)\s+)?"
    rf"(?:(?:{FRESHLY})?(?:named|appointed|nominated|tapped|picked|chosen|elected|designated|confirmed|"
    r"sworn in|serves|served|serving|installed|reappointed)\s+)?(?P<as>as\s+)?(?:the\s+|a\s+|an\s+)?"
    r"(?:new\s+|next\s+|acting\s+)?"
)
# "X, 45, the ..." and "X (45), ...": an age between a name and its apposition.
AGE = re.compile(r"^\s*(?:,\s*\d{1,3}\s*(?=,)|\(\s*\d{1,3}\s*\))")
MAX_TITLE_WORDS = 12
MAX_APPOSITION_CHARS = 150
# An appointment's verb, when "as" does not say it ("X was named ambassador").
APPOINTMENT_VERB = re.compile(r"named|appointed|nominated|elected|tapped|picked|chosen|designated|confirmed|installed")
# "X, chairman of a startup, was named ...": a description between commas before the clause goes on.
PARENTHETICAL = re.compile(
    r"\s*,([^,;()]{1,%d}),(?=\s*(?:was|is|has|had|will|would|were|as)\b)" % MAX_APPOSITION_CHARS
)
WHO = re.compile(r"\s*who\b")
COMMA = re.compile(r"\s*,\s*")
POSSESSIVE_END = re.compile(r"['’]s$")


@dataclass(frozen=True, slots=True)
class TitleContext:
    """A title or apposition next to a name. ``official`` is True (a government title), False (a
    non-government description: analyst, professor, company) or None (a bare title that settles nothing).
    ``igo``: the title names an intergovernmental organisation (its officials serve no country)."""

    text: str
    official: bool | None
    country: str | None
    role_class: str | None
    igo: bool = False
    plural: bool = False


def role_class(text: str | None) -> str | None:
    if not text or lexicon().igo_orgs.search(text):
        return None
    for name, pattern in lexicon().role_classes:
        if pattern.search(text):
            return name
    return None


def _earliest_country(text: str) -> tuple[int, str | None] | None:
    """(position, code) of the first country word or IGO name; the code is None for an IGO."""
    lex = lexicon()
    country = lex.countries.search(text)
    igo = lex.igo_orgs.search(text)
    found = [(m.start(), lex.country_code(m.group(0))) for m in (country,) if m]
    found += [(m.start(), None) for m in (igo,) if m]
    return min(found, key=lambda f: f[0]) if found else None


def country_of(text: str) -> str | None:
    """ISO code of the first country named in a title, ignoring the place after "to"/"for"; else the
    country a title only one government uses implies ("Chief Cabinet Secretary" -> JP)."""
    stripped = _TARGET_PLACE.sub(" ", text)
    earliest = _earliest_country(stripped)
    if earliest:
        return earliest[1]
    return next((code for code, pattern in lexicon().title_countries if pattern.search(stripped)), None)


def is_igo(text: str) -> bool:
    earliest = _earliest_country(_TARGET_PLACE.sub(" ", text))
    return earliest is not None and earliest[1] is None


def names_organisation(text: str) -> bool:
    """A capitalized word the lexicon does not know ("Samsung", "KCTU", "Coupang"): an organisation's name.
    Possessives ("Lee's chief of staff") name a person, not an organisation."""
    known = lexicon().known_words
    for word in _WORD.findall(text):
        if word[:1].isupper() and not POSSESSIVE_END.search(word) and word.lower() not in known:
            if not lexicon().countries.fullmatch(word):
                return True
    return False


def _mask(pattern: re.Pattern, text: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _outranked(description: re.Match, head: re.Match | None, text: str) -> bool:
    """Whether a non-official description ("economist", "wife") decides against a government head: it comes
    first and the head is its complement ("wife of former President X"), not a second, coordinated
    description ("a veteran economist and former lawmaker", "... and the leader's sister")."""
    if head is None:
        return True
    if head.start() < description.start():
        return False
    return not re.search(r"\band\b|,|/|;", text[description.end(): head.start()])


def judge(text: str) -> bool | None:
    """True when a title makes its holder a government official, False when it says otherwise."""
    lex = lexicon()
    government = lex.government_orgs.search(text) or lex.igo_orgs.search(text)
    masked = _mask(lex.countries, _mask(lex.igo_orgs, _mask(lex.government_orgs, text)))
    organisation = lex.non_government_orgs.search(masked)
    if organisation and not government:
        return False  # "Samsung Electronics chairman"; not "the ministry's network policy division"
    strong, weak = lex.strong.search(text), lex.weak.search(text)
    head = min((m for m in (strong, weak) if m), key=lambda m: m.start(), default=None)
    people_words = ((lex.non_government, _mask(lex.non_government_orgs, masked)), (lex.relations, text))
    for pattern, where in people_words:
        found = pattern.search(where)
        if found and _outranked(found, head, text):
            return False  # "a researcher at ...", "wife of former President X"
    if head is None:
        return None
    if not government and lex.shared_heads.search(text) and names_organisation(text):
        if not (strong and not lex.shared_heads.search(strong.group(0))):
            return None
    if strong or government or lex.portfolios.search(text) or country_of(text):
        return True
    return True if _capitalized_alone(text) else None


def _capitalized_alone(text: str) -> bool:
    """"President", "Former President": a capitalized head that names an office with nothing else."""
    words = [w for w in text.split() if w.lower() not in lexicon().title_words or w[:1].isupper()]
    heads = [w for w in words if w.lower() in lexicon().capitalized_alone]
    return len(heads) == 1 and heads[0][:1].isupper() and len(words) <= 2


@functools.lru_cache(maxsize=65536)
def context(text: str) -> TitleContext:
    return TitleContext(
        text, judge(text), country_of(text), role_class(text), is_igo(text),
        bool(lexicon().plural_heads.search(re.split(r"\s+of\s+", text)[0])),
    )


@functools.lru_cache(maxsize=65536)
def _has_head(text: str) -> bool:
    lex = lexicon()
    return bool(lex.strong.search(text) or lex.weak.search(text) or lex.non_government.search(text)
                or lex.relations.search(text))


def _is_title_word(word: str) -> bool:
    return word[:1].isupper() or word.lower() in lexicon().title_words


def _is_persons_possessive(word: str) -> bool:
    """"Lee's", "Samsung's": a title after it is that one's, and whatever stands before it is not part of it."""
    if not POSSESSIVE_END.search(word) or not word[:1].isupper():
        return False
    return word[:-2].lower() not in lexicon().known_words and not lexicon().countries.fullmatch(word[:-2])


def title_before(prefix: str) -> TitleContext | None:
    """The title phrase that ends right before a name ("... Japanese Foreign Minister", "his spokesman,")."""
    words = _WORD.findall(EX_PREFIX.sub("former ", prefix))[-MAX_TITLE_WORDS:]
    if words and words[-1] == ",":
        words.pop()
    taken: list[str] = []
    stop = ""
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if word in ("and", ",") and taken:
            left = words[index - 1] if index else ""
            if left.lower() not in lexicon().title_words or _has_head(" ".join(taken)):
                break  # "Foreign Minister and his Japanese counterpart X": X's title is the second
        elif (word not in CONNECTORS and not _is_title_word(word)) or _is_persons_possessive(word):
            stop = word
            break
        taken.insert(0, word)
    while taken and taken[0].lower() in CONNECTORS | lexicon().function_words:
        taken.pop(0)
    text = " ".join(taken).replace(" ,", ",")
    last = taken[-1].lower() if taken else ""
    if not text or not _has_head(text) or last in lexicon().function_words | lexicon().modifier_only:
        return None  # a title ends right before its name ("... leader By Kim" is a byline, "indicted X" a verb)
    found = context(text)
    if found.official is not False and lexicon().non_government.fullmatch(re.sub(r"['’]s$", "", stop)):
        return TitleContext(f"{stop} {text}", False, found.country, found.role_class)  # "the church President"
    return found


def _phrase_after(rest: str, end_at: re.Pattern = APPOSITION_END) -> str | None:
    end = end_at.search(rest)
    text = rest[: end.start() if end else len(rest)].strip()
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    text = re.sub(rf"^{FRESHLY}(?:appointed|named|nominated|elected)\s+", "", text, flags=re.I)
    return text if text and len(text) <= MAX_APPOSITION_CHARS else None


def apposition_after(suffix: str) -> TitleContext | None:
    """The description after a name and a comma ("X, director-general of the ministry's ... Bureau,")."""
    suffix = suffix[AGE.match(suffix).end():] if AGE.match(suffix) else suffix
    match = COMMA.match(suffix)
    if not match:
        return None
    text = _phrase_after(suffix[match.end():])
    if text is None:
        return None
    first = text.split()[0]
    if not _starts_noun_phrase(first) or lexicon().plural_heads.match(first):
        return None  # "X, as well as ...", "X, visited China to ...", "X, prosecutors said": not a description
    if first[:1].isupper() and first.lower() not in lexicon().known_words and not lexicon().countries.match(text):
        return None  # a capitalized word after the comma starts a list of names or a new clause
    if not _has_head(text):
        return None
    found = context(text)
    if found.official and re.search(r"(?:\s[A-Z][\w'’\-]+){2}$", _unknown_tail(text)):
        return None  # "X, U.S. Secretary of State Jane Doe and ...": a list of names, each with its own title
    return found


def _unknown_tail(text: str) -> str:
    """The text with its last words kept only while they are capitalized words the lexicon does not know."""
    words = text.split()
    tail = []
    while words and words[-1][:1].isupper() and words[-1].lower() not in lexicon().known_words:
        tail.insert(0, words.pop())
    return " " + " ".join(tail) if tail else ""


def _starts_noun_phrase(word: str) -> bool:
    """A description starts with a word the lexicon knows (a title, portfolio, organisation, nationality or a
    non-government description), or any capitalized word; function words and verbs start clauses."""
    lex = lexicon()
    lower = word.lower()
    if lower in lex.function_words:
        return False
    if word[:1].isupper() or lower in lex.known_words:
        return True
    return bool(lex.non_government.fullmatch(lower) or lex.relations.fullmatch(lower) or lex.strong.fullmatch(lower)
                or lex.weak.fullmatch(lower) or re.fullmatch(r"\d[\w-]*|\w+-(?:year|term)-old|\w+-term", lower))


def _past_parenthetical(suffix: str) -> str:
    """The clause after a comma-enclosed description ("X, chairman of a startup, was named ..." goes on at
    "was named"); the suffix itself when none opens right after the name."""
    match = PARENTHETICAL.match(suffix)
    return suffix[match.end():] if match and not WHO.match(match.group(1)) else suffix


def appointment_after(suffix: str) -> TitleContext | None:
    """The office a sentence gives a name after it: "X as veterans affairs minister", "X was named
    ambassador to Japan". Only a government title counts (an appointment says nothing otherwise)."""
    suffix = _past_parenthetical(suffix)
    match = APPOINTED_AS.match(suffix)
    if not match or match.end() == 0 or not (match["as"] or APPOINTMENT_VERB.search(match.group(0))):
        return None
    text = _phrase_after(suffix[match.end():], APPOINTMENT_END)
    if text is None or not _has_head(text):
        return None
    found = context(text)
    return found if found.official else None


def clean_role(text: str, country: str | None) -> str:
    """The title as a role: nationality words and leading determiners dropped, first letter upper-cased."""
    role = re.sub(r"^(?:the|a|an|his|her|its|their)\s+", "", text, flags=re.I)
    leading = lexicon().countries.match(role)
    if country and leading and lexicon().country_code(leading.group(0)) == country:
        role = role[leading.end():]
    role = re.sub(r"^(?:\s|,|['’]s\b|\b(?:the|a|an|his|her|its|their|in|at|on)\b)+", "", role, flags=re.I)
    role = re.sub(r"\s+", " ", role).strip(" ,")
    return role[:1].upper() + role[1:] if role else text
