"""What the words around a name say about the person: a title before it ("Japanese Foreign Minister X",
"presidential spokesman X", "his Japanese counterpart, X"), an apposition after it ("X, first deputy
director of the National Security Office," / "X, a researcher at ..."), the role, the country served and
whether that makes the person an official.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Role classes, most specific first: a registry office and a title match when their classes are equal.
ROLE_CLASSES = (
    ("first_vice_foreign_minister", r"first vice[- ](?:foreign minister|minister (?:of|for) foreign affairs)"
                                    r"|first deputy (?:foreign minister|(?:minister )?of foreign affairs)"),
    ("vice_foreign_minister", r"vice[- ](?:foreign minister|minister (?:of|for) foreign affairs)"
                              r"|deputy (?:foreign minister|secretary of state)"),
    ("foreign_minister", r"foreign minister|minister (?:of|for) foreign affairs|secretary of state"
                         r"|foreign secretary|foreign affairs minister"),
    ("defense_minister", r"defen[cs]e minister|minister (?:of|for) (?:national )?defen[cs]e"
                         r"|secretary of defen[cs]e|defen[cs]e secretary"),
    ("chief_cabinet_secretary", r"chief cabinet secretary|secretary[- ]general of the cabinet"),
    ("deputy_prime_minister", r"deputy prime minister|vice[- ]premier"),
    ("head_of_government", r"prime minister|premier"),
    ("vice_president", r"vice[- ]president"),
    ("head_of_state", r"\bpresident\b|\bleader\b|\bchairman\b"),
    ("deputy_security_adviser", r"deputy (?:director of the (?:presidential )?national security office"
                                r"|national security advis[eo]r)"),
    ("security_adviser", r"national security (?:advis[eo]r|office)"),
    ("special_representative", r"special representative|special envoy"),
    ("ambassador", r"ambassador"),
    ("spokesperson", r"spokes(?:man|woman|person)|press secretary"),
    ("director_general", r"director[\s\-–]*general"),
    ("minister", r"\bminister\b|\bsecretary of\b"),
)
_ROLE_CLASS_PATTERNS = tuple((name, re.compile(pattern, re.I)) for name, pattern in ROLE_CLASSES)

# Title words that make whoever they precede an official on their own.
STRONG_HEADS = (
    r"prime minister", r"premier", r"minister", r"ministers", r"secretary of state", r"secretary of defen[cs]e",
    r"secretary[- ]general of the cabinet", r"chief cabinet secretary", r"ambassador", r"envoy",
    r"spokes(?:man|woman|person)", r"press secretary", r"director[\s\-–]*general", r"senator", r"sen\.",
    r"lawmaker", r"congress(?:man|woman)", r"governor", r"mayor", r"admiral", r"lt\. gen\.", r"gen\.",
    r"special representative", r"national security advis[eo]r", r"vice[- ]president", r"diplomat",
    r"negotiator", r"consul[- ]general",
)
# Title words that need a government qualifier (a country, "presidential", a ministry ...): "Director Bong",
# "CJ Group vice chairwoman" and "Samsung president" are not officials, "North Korean leader" is.
WEAK_HEADS = (
    r"president", r"leader", r"chairman", r"chairwoman", r"chair", r"director", r"deputy", r"chief", r"head",
    r"commander", r"general", r"secretary", r"representative", r"counterpart", r"official", r"adviser",
    r"advisor", r"aide", r"speaker",
)
_STRONG = re.compile(r"\b(?:%s)\b" % "|".join(STRONG_HEADS), re.I)
# "President" written as a title before a name is a head of state unless a company or school is named with it.
_HEAD_OF_STATE = re.compile(r"\bPresident\b")
_WEAK = re.compile(r"\b(?:%s)\b" % "|".join(WEAK_HEADS), re.I)

GOVERNMENT_WORDS = re.compile(
    r"\b(?:minist(?:er|ry|ries)|government|presidential|president's|cabinet|parliament\w*|national assembly|"
    r"congress|senate|lawmaker|party|central committee|politburo|state affairs|state council|embassy|"
    r"consulate|diplomat\w*|foreign affairs|national security|security council|security office|"
    r"military|army|navy|air force|marine corps|joint chiefs|armed forces|cheong wa dae|blue house|"
    r"white house|state department|pentagon|kremlin|bureau|agency|administration|ambassador|envoy|"
    r"spokes(?:man|woman|person)|director[\s\-–]*general|secretary|minister|premier|official|"
    r"special representative|unification|intelligence service|state security|vice[- ]president|president)\b",
    re.I,
)
NON_GOVERNMENT_WORDS = re.compile(
    r"\b(?:analysts?|researchers?|research|professors?|fellow|scholar|experts?|economists?|lecturer|"
    r"institute|university|college|school|academy|cent(?:er|re)|think tank|foundation|forum|reporters?|"
    r"correspondents?|journalists?|columnist|editor|anchor|news|times|herald|company|firm|co\.|corp\.|"
    r"inc\.|ltd|group|ceo|executive|founder|securities|investment|bank|capital|electronics|motors?|"
    r"telecom|airlines|entertainment|activists?|lawyers?|attorney|plaintiffs?|victims?|actor|actress|"
    r"singer|player|pitcher|coach|film|producer|star|students?|commentator|pastor|priest|agent|defector)\b",
    re.I,
)
# Lower-case words that may sit inside a title ("presidential spokesman", "first deputy of foreign affairs").
TITLE_VOCABULARY = frozenset(
    "minister ministers ministry foreign affairs vice deputy first second chief secretary general director "
    "director-general spokesman spokeswoman spokesperson president presidential prime premier leader "
    "ambassador envoy counterpart special representative senior top cabinet defense defence trade industry "
    "energy economy finance national security adviser advisor of for and the & – - former then acting newly "
    "appointed state party committee central department office bureau council chairman chairwoman lawmaker "
    "opposition ruling unification justice culture sports tourism interior safety health welfare labor "
    "labour environment science education land infrastructure transport agriculture fisheries gender "
    "equality commerce treasury press chief-of-staff executive administrative policy planning head "
    "commander military spokesperson's ministry's government's vice-minister deputy-director".split()
)
CONNECTORS = frozenset({"of", "for", "and", "the", "&", "–", "-", ","})

# Country of the government a title refers to, most specific first.
COUNTRY_PATTERNS = (
    ("KP", r"north korea\w*|n\. ?korea\w*|pyongyang\w*|\bdprk\b|workers'? party|supreme people's assembly"),
    ("KR", r"south korea\w*|s\. ?korea\w*|\bkorea(?:n|'s|’s)?\b|seoul\w*|cheong wa dae|blue house"),
    ("JP", r"japan\w*|tokyo\w*"),
    ("CN", r"\bchin(?:a|ese)\w*|beijing\w*|chinese communist party"),
    ("US", r"\bu\.\s?s\.|\bus\b|united states|america\w*|washington\w*|white house|state department|pentagon"),
    ("RU", r"russia\w*|kremlin|moscow"),
    ("TW", r"taiwan\w*|taipei"),
    ("GB", r"british|britain\w*|\bu\.?k\.?\b|united kingdom"),
    ("FR", r"\bfrench\b|\bfrance\w*"),
    ("DE", r"german\w*"),
    ("IN", r"\bindia(?:n|'s)?\b"),
    ("AU", r"australia\w*"),
    ("CA", r"canad\w*"),
    ("PH", r"philippin\w*"),
    ("VN", r"vietnam\w*"),
    ("MN", r"mongolia\w*"),
    ("SG", r"singapore\w*"),
    ("ID", r"indonesia\w*"),
    ("TH", r"\bthai\w*"),
    ("UA", r"ukrain\w*"),
)
_COUNTRIES = tuple((code, re.compile(pattern, re.I)) for code, pattern in COUNTRY_PATTERNS)
# Titles that name one government's office by themselves.
TITLE_COUNTRIES = (
    ("US", r"secretary of state|state department|secretary of defen[cs]e|white house"),
    ("JP", r"chief cabinet secretary|secretary[- ]general of the cabinet"),
    ("KR", r"cheong wa dae|blue house|national security office"),
    ("KP", r"workers'? party|state affairs commission"),
)
_TITLE_COUNTRIES = tuple((code, re.compile(pattern, re.I)) for code, pattern in TITLE_COUNTRIES)
# "ambassador to Japan", "special representative for North Korea": the place after to/for is not the
# government served.
_TARGET_PLACE = re.compile(r"\b(?:to|for|in|with|on)\s+(?:the\s+)?(?:(?:south|north)\s+)?[A-Z][\w.']*(?:\s+[A-Z]\w*)?")
_WORD = re.compile(r"[\w'’.\-–&]+|[,()\[\]\"“”]")
APPOSITION_END = re.compile(r"[,;:()\"“”]|(?<![A-Z])\.(?:\s|$)| (?:said|says|told|added|who|which|was|is|has|had)\b")
MAX_TITLE_WORDS = 12
MAX_APPOSITION_CHARS = 150


@dataclass(frozen=True, slots=True)
class TitleContext:
    """A title or apposition next to a name. ``official`` is True (a government title), False (a
    non-government description: analyst, professor, company) or None (a bare title that settles nothing)."""

    text: str
    official: bool | None
    country: str | None
    role_class: str | None


def role_class(text: str | None) -> str | None:
    if not text:
        return None
    for name, pattern in _ROLE_CLASS_PATTERNS:
        if pattern.search(text):
            return name
    return None


def country_of(text: str) -> str | None:
    """ISO code of the first country named in a title, ignoring the place after "to"/"for"; else the
    country a title only one government uses implies ("Chief Cabinet Secretary" -> JP)."""
    stripped = _TARGET_PLACE.sub(" ", text)
    found = [(m.start(), code) for code, pattern in _COUNTRIES if (m := pattern.search(stripped))]
    if found:
        return min(found)[1]
    return next((code for code, pattern in _TITLE_COUNTRIES if pattern.search(stripped)), None)


def _judge(text: str) -> bool | None:
    if NON_GOVERNMENT_WORDS.search(text):
        return False
    if _STRONG.search(text) or _HEAD_OF_STATE.search(text):
        return True
    if _WEAK.search(text) and (GOVERNMENT_WORDS.search(_WEAK.sub(" ", text)) or country_of(text)):
        return True
    return None


def _is_title_word(word: str) -> bool:
    return word[:1].isupper() or word.lower() in TITLE_VOCABULARY


def title_before(prefix: str) -> TitleContext | None:
    """The title phrase that ends right before a name ("... Japanese Foreign Minister", "his spokesman,")."""
    words = _WORD.findall(prefix)[-MAX_TITLE_WORDS:]
    if words and words[-1] == ",":
        words.pop()
    taken: list[str] = []
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if word in ("and", ",") and taken:
            left = words[index - 1] if index else ""
            if left.lower() not in TITLE_VOCABULARY:
                break
        elif word not in CONNECTORS and not _is_title_word(word):
            break
        taken.insert(0, word)
    while taken and taken[0].lower() in CONNECTORS | {"the", "a", "an"}:
        taken.pop(0)
    text = " ".join(taken).replace(" ,", ",")
    if not text or not (_STRONG.search(text) or _WEAK.search(text) or NON_GOVERNMENT_WORDS.search(text)):
        return None
    return TitleContext(text, _judge(text), country_of(text), role_class(text))


def apposition_after(suffix: str) -> TitleContext | None:
    """The description after a name and a comma ("X, director-general of the ministry's ... Bureau,")."""
    match = re.match(r"\s*,\s*", suffix)
    if not match:
        return None
    rest = suffix[match.end():]
    end = APPOSITION_END.search(rest)
    text = rest[: end.start() if end else len(rest)].strip()
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    text = re.sub(r"^newly appointed\s+", "", text, flags=re.I)
    if not text or len(text) > MAX_APPOSITION_CHARS:
        return None
    if text[:1].isupper() and not (_STRONG.match(text) or _WEAK.match(text) or country_of(text.split()[0])):
        return None  # a capitalized word after the comma starts a list of names or a new clause
    verdict = _judge(text)
    if verdict is None and not (_STRONG.search(text) or _WEAK.search(text)):
        return None
    return TitleContext(text, verdict, country_of(text), role_class(text))


def clean_role(text: str, country: str | None) -> str:
    """The title as a role: nationality words and leading determiners dropped, first letter upper-cased."""
    role = text
    if country:
        for code, pattern in _COUNTRIES:
            if code == country:
                role = pattern.sub(" ", role, count=1)
    role = re.sub(r"^(?:\s|,|['’]s\b|\b(?:the|a|an|his|her|its|their|in|at|on)\b)+", "", role, flags=re.I)
    role = re.sub(r"\s+", " ", role).strip(" ,")
    return role[:1].upper() + role[1:] if role else text
