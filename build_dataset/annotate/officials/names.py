"""Person names as comparable keys: romanization folding, name-order rotation and fuzzy similarity.

The same official turns up as "Chung Eui-yong", "Jeong Ui-yong", "Chung-yu-yong"; "Taro Kono", "Kono Taro",
"Taro Kouno"; "Toshimitsu Modeki". ``fold`` maps a word onto a spelling-insensitive key (Korean
romanization pairs such as eo/o, eu/u, k/g, ch/j; Japanese long vowels ou/oh/uu; voiced/voiceless
consonants), ``surname_key`` merges the spellings of common Korean family names, and ``similarity``
compares two names part by part (family-name slot and the rest) in every word order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

# Romanizations of one Korean family name (McCune-Reischauer, Revised, North Korean, common English forms).
KOREAN_SURNAME_SPELLINGS = {
    "kim": ("kim", "gim"),
    "lee": ("lee", "yi", "rhee", "ri", "i", "rhie", "yee", "lie"),
    "park": ("park", "pak", "bak", "bahk", "pahk"),
    "choi": ("choi", "choe", "chwe"),
    "jung": ("jung", "chung", "jeong", "cheong", "chong", "joung"),
    "cho": ("cho", "jo", "joh"),
    "kang": ("kang", "gang"),
    "jang": ("jang", "chang"),
    "yoon": ("yoon", "yun"),
    "moon": ("moon", "mun"),
    "lim": ("lim", "im", "rim", "yim"),
    "oh": ("oh", "o"),
    "seo": ("seo", "suh", "so"),
    "shin": ("shin", "sin"),
    "kwon": ("kwon", "gwon"),
    "ahn": ("ahn", "an"),
    "yoo": ("yoo", "yu", "ryu", "you"),
    "jeon": ("jeon", "jun", "chun", "chon"),
    "ko": ("ko", "go", "koh"),
    "son": ("son", "sohn"),
    "bae": ("bae", "pae"),
    "baek": ("baek", "paek", "paik"),
    "heo": ("heo", "huh", "hur"),
    "noh": ("noh", "roh", "no", "rho"),
    "kwak": ("kwak", "gwak"),
    "sung": ("sung", "seong"),
    "joo": ("joo", "ju", "choo", "chu"),
    "koo": ("koo", "ku", "gu"),
    "hyun": ("hyun", "hyon", "hyeon"),
    "byun": ("byun", "byeon", "pyon"),
}
SURNAME_CANON = {spelling: canon for canon, spellings in KOREAN_SURNAME_SPELLINGS.items() for spelling in spellings}
KOREAN_SURNAMES = frozenset(SURNAME_CANON) | {
    "han", "hwang", "song", "hong", "nam", "ha", "cha", "min", "yang", "won", "bang", "chae", "ban", "jin", "ji",
    "um", "pyo", "woo", "na", "yeo", "kye", "goh", "suk", "ra", "tak", "gil", "ju", "wi", "wee", "yeom", "yum", "eom",
    "seok", "gong", "maeng", "do", "doh", "sim", "shim", "ki", "gi", "cheon", "bong", "yook", "yuk", "chey", "ann",
    "hahm", "ham", "roh", "ryoo", "ryu", "bu", "boo", "in", "ok", "pi", "jegal", "namgung", "hur", "kook", "guk",
}
# Chinese family names in pinyin, to tell a Chinese name's shape from a Japanese or Korean one.
PINYIN_SURNAMES = frozenset(
    "wang li zhang liu chen yang zhao huang zhou wu xu sun hu zhu gao lin he guo ma luo liang song zheng xie han "
    "tang feng yu dong xiao cheng cao yuan deng fu shen zeng peng lu su jiang cai jia ding wei xue ye yan qin xi "
    "hua geng mao qiu xing dai cui kong le zhan bo qian".split()
)
# Ordered spelling folds: (pattern, replacement). Korean you/yu before the Japanese ou->o fold.
VOWEL_FOLDS = (
    ("you", "yu"), ("wh", "hw"), ("eo", "o"), ("eu", "u"), ("oo", "u"), ("ou", "o"), ("uu", "u"), ("ei", "e"),
    ("ye", "e"),
)
OH_BEFORE_CONSONANT = re.compile(r"oh(?![aeiou])")  # Japanese "Kohno" -> "Kono"
REPEATED_LETTER = re.compile(r"(.)\1+")
CONSONANT_FOLDS = (("ch", "j"), ("sh", "s"), ("ts", "s"), ("k", "g"), ("t", "d"), ("p", "b"))
# Per-syllable likeness of two Korean given names: spelling variants of one syllable score 67-100
# ("jung"/"jong" 75, "gyong"/"gyung" 80), different syllables 50 and below ("ui"/"bu", "yu"/"ui").
KOREAN_SYLLABLE_MIN = 60
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@lru_cache(maxsize=65536)
def ascii_letters(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.lower() if "a" <= c <= "z")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Spelling-insensitive key of one name word: "Kouno", "Kohno", "Kono" -> "gono"; syllables of a
    hyphenated word fold one by one, so "Jae-in" and "Jae In" agree."""
    return "".join(_fold_syllable(part) for part in word.split("-"))


def _fold_syllable(word: str) -> str:
    key = ascii_letters(word)
    for old, new in VOWEL_FOLDS:
        key = key.replace(old, new)
    key = OH_BEFORE_CONSONANT.sub("o", key)
    for old, new in CONSONANT_FOLDS:
        key = key.replace(old, new)
    return REPEATED_LETTER.sub(r"\1", key)


@lru_cache(maxsize=65536)
def surname_key(word: str) -> str:
    """Fold a word in the family-name slot, merging Korean spellings ("Yi", "Ri", "Rhee" -> "lee")."""
    plain = ascii_letters(word)
    return fold(SURNAME_CANON.get(plain, plain))


def name_words(name: str) -> list[str]:
    """The words of a name without initials and suffixes; "Chung-Eui-yong" splits off its Korean surname."""
    return list(_name_words(name))


@lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    name = name.replace("’", "'").replace("‐", "-").replace("–", "-")
    words = [w.strip(".,'\"") for w in name.split()]
    words = [w for w in words if len(ascii_letters(w)) > 1 and ascii_letters(w) not in NAME_SUFFIXES]
    if len(words) == 1 and words[0].count("-") >= 2:
        head, rest = words[0].split("-", 1)
        if ascii_letters(head) in KOREAN_SURNAMES:
            words = [head, rest]
    return tuple(words)


@dataclass(frozen=True, slots=True)
class NameKey:
    """A name as folded parts: every rotation of its words as (family-slot key, rest key)."""

    words: tuple[str, ...]
    rotations: tuple[tuple[str, str], ...]

    @property
    def flat(self) -> str:
        return self.rotations[0][0] + self.rotations[0][1] if self.rotations else ""


@lru_cache(maxsize=65536)
def name_key(name: str) -> NameKey:
    words = tuple(name_words(name))
    rotations = []
    for i in range(len(words)):
        rotated = words[i:] + words[:i]
        rotations.append((surname_key(rotated[0]), "".join(fold(w) for w in rotated[1:])))
    return NameKey(words, tuple(dict.fromkeys(rotations)))


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    """0-100: the worse of family-slot and rest similarity, in the best word order of the two names.

    Taking the worse part keeps "Kim Jong-nam" away from "Kim Jong-un" (same surname, different given
    name) while "Jo Se-yeong" still meets "Cho Sei-young"."""
    ka, kb = name_key(a), name_key(b)
    best = 0.0
    for head_a, rest_a in ka.rotations:
        for head_b, rest_b in kb.rotations[:1]:
            if bool(rest_a) != bool(rest_b):
                continue
            score = min(fuzz.ratio(head_a, head_b), fuzz.ratio(rest_a, rest_b) if rest_a else 100.0)
            best = max(best, score)
    if best and not _korean_syllables_agree(a, b):
        return 0.0
    return best


def _given_syllables(name: str) -> list[str]:
    return [fold(s) for s in "-".join(name_words(name)[1:]).split("-") if s]


def _korean_syllables_agree(a: str, b: str) -> bool:
    """Two Korean names with as many given-name syllables must be alike syllable by syllable: "Eui-kyeom"
    and "Bu-gyeom" share most letters but not their first syllable."""
    if not (is_korean_shaped(a) and is_korean_shaped(b)):
        return True
    mine, theirs = _given_syllables(a), _given_syllables(b)
    if len(mine) != len(theirs):
        return True
    return all(fuzz.ratio(x, y) >= KOREAN_SYLLABLE_MIN for x, y in zip(mine, theirs))


def word_similarity(a: str, b: str) -> float:
    """0-100 between two single name words. Two Korean family names are equal or not at all: "Choe" and
    "Cho", "Sung" and "Chung" are different families however alike they look."""
    plain_a, plain_b = ascii_letters(a), ascii_letters(b)
    if plain_a in KOREAN_SURNAMES and plain_b in KOREAN_SURNAMES:
        return 100.0 if surname_key(a) == surname_key(b) else 0.0
    return fuzz.ratio(surname_key(a), surname_key(b))


def is_clan_name(family: str) -> bool:
    """A Korean or Chinese family name, shared by too many people to identify anyone alone."""
    plain = ascii_letters(family)
    return plain in KOREAN_SURNAMES or plain in PINYIN_SURNAMES


def family_splits(name: str) -> list[tuple[str, str]]:
    """(family word, folded rest) with the family name first and, for two or more words, last."""
    words = name_words(name)
    if len(words) < 2:
        return [(words[0], "")] if words else []
    splits = [(words[0], "".join(fold(w) for w in words[1:])), (words[-1], "".join(fold(w) for w in words[:-1]))]
    return list(dict.fromkeys(splits))


@lru_cache(maxsize=65536)
def is_korean_shaped(name: str) -> bool:
    """Korean surname first, then one or two short given-name syllables ("Sung Yun Mo", "Lee Sang-ryeol")."""
    words = name_words(name)
    if len(words) < 2 or ascii_letters(words[0]) not in KOREAN_SURNAMES:
        return False
    given = "-".join(words[1:]).split("-")
    return 1 <= len(given) <= 2 and all(len(ascii_letters(s)) <= 6 for s in given)


def is_chinese_shaped(name: str) -> bool:
    words = name_words(name)
    return len(words) == 2 and "-" not in name and ascii_letters(words[0]) in PINYIN_SURNAMES


# A word made only of Japanese syllables (kana in Hepburn romanization), ending in a vowel or n.
KANA_WORD = re.compile(r"^(?:(?:[kgsztdnhbpmr]y?|sh|ch|ts|j|f|w|y)?[aiueo]|n)+$")


# Syllables Hepburn romanization never writes (it has chi, tsu, shi, ji, fu, zu instead): a word with one
# is not Japanese ("Monti", "Dudu", "Yiannis").
NOT_HEPBURN = re.compile(r"t[iu]|si|d[iu]|zi|hu|y[ie]|w[iue]")


def is_japanese_shaped(name: str) -> bool:
    words = [ascii_letters(w) for w in name_words(name)]
    return len(words) == 2 and all(len(w) >= 3 and KANA_WORD.match(w) and not NOT_HEPBURN.search(w) for w in words)
