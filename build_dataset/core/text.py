"""Words, sentences and credits as every step reads them, written once: the word tokenizer (``words``), the
sentence splitter (``split_sentences``, ``has_sentence_break``, ``ends_sentence``) and the byline and credit
reader (``find_byline``, ``is_copyright_notice``, the e-mail pattern) that the cleaner, the annotators and the
duplicate grouper share. The spaCy-based annotators (officials, topics) read spaCy's sentences of the same text.
"""

from __future__ import annotations

import re

# A word: letters and digits, inner hyphens and apostrophes kept ("Jae-in", "O'Brien", "don't").
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# A term, the unit texts are compared in: a figure with its separators ("4,466,006", "1.48", "101-1/2"), so different
# figures stay different, or a run of letters and digits (compounds come apart: "Seoul-based" shares "seoul").
TERM = re.compile(r"\d+(?:[-/.,]\d+)+|[^\W_]+")
# Chinese and Japanese write without spaces: on a line that is mostly these characters each one counts as a
# word (as word processors count them).
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Where sentences part (the split points). Loose: after . ! ? (and closing quotes or brackets) and a space, at a
# line break, where a crawler glued sentences together ("investigation.It says"), at a list bullet and at a rule
# of dashes ("----- ■ Nominee for ..."). Strict (abbreviations kept together): only where a word of two lowercase
# letters or more closes the sentence and a capital opens the next, so "U.S. President" and "N. Korea fires"
# are one sentence.
LOOSE_BREAK = re.compile(
    r"(?<=[.!?])[\"'”’)\]]*\s+|\s*\n\s*"
    r"|(?<=[a-z0-9%)][.!?])(?=[\"“]?[A-Z])"
    r"|\s*(?:[■□▷▶►▲△◆◇●○•※]|[-=_~*]{3,})\s*"
)
STRICT_BREAK = re.compile(r"(?:(?<=[a-z]{2}[.!?])|(?<=[a-z]{2}[.!?][\"'”’]))\s+(?=[A-Z])")
# A sentence's last characters: its punctuation with closing quotes or brackets, perhaps a credit ("... said.
# (Yonhap)"), or a Chinese or Japanese full stop.
SENTENCE_END = re.compile(r"([.!?][\"”’')\]]*|[.!?]\s*\([\w-]+\)|[。！？][」』”）)]*)$")

# An e-mail address; a local part has at most 64 characters (RFC 5321).
EMAIL = r"[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+"
EMAIL_ADDRESS = re.compile(EMAIL)
# A copyright notice's marks: the word (perhaps with a sign), a sign (©, ⓒ, "(c)"), and "All rights reserved".
COPYRIGHT_MARK = re.compile(r"copyright\s*(?:©|ⓒ|\(c\))?|©|ⓒ|\(c\)", re.IGNORECASE)
ALL_RIGHTS = re.compile(r"all rights reserved\.?", re.IGNORECASE)
YEAR_AFTER_SIGN = re.compile(r" ?\d{4}")
# A byline: "By Kim Min-ji", "BY PARK YU-NA [park@x.com]", "By: Jane Roe"; labelled, also "Reporter : Park Se-rin",
# "Written by ...", "Reported by ...", "Posted by ...", "Edited by ...".
BYLINE = re.compile(r"^by[\s:]+(?P<name>.+)$", re.IGNORECASE)
CREDIT_LABELS = r"by|reporter\s*:?|reported by|written by|posted by|edited by"
LABELLED_BYLINE = re.compile(rf"^\s*(?:{CREDIT_LABELS})\s*:?\s+(?P<name>.+)$", re.IGNORECASE)
# A byline closing a run of wire furniture ("... (ATTN: UPDATES with details)By Kim Soo-yeon"): capitalized words.
BYLINE_AT_END = re.compile(r"(?:By|BY)\s+(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})\s*$")


def words(text: str, terms: bool = False) -> list[str]:
    """The words of ``text`` (``WORD``), a Chinese or Japanese character counting as one word on a line mostly
    written in them; with ``terms``, the terms texts are compared in (``TERM``: figures whole, compounds split)."""
    if terms:
        return TERM.findall(text)
    found = WORD.findall(text)
    cjk = CJK_CHAR.findall(text) if not text.isascii() else []
    if not cjk or 2 * len(cjk) <= sum(map(len, found)):
        return found
    return [w for w in found if not CJK_CHAR.search(w)] + cjk


def count_words(text: str) -> int:
    """Whitespace-separated words, a Chinese or Japanese character counting as one word."""
    if text.isascii() or CJK_CHAR.search(text) is None:
        return len(text.split())
    return sum(max(1, len(CJK_CHAR.findall(token))) for token in text.split())


def split_sentences(text: str, keep_abbreviations: bool = False) -> list[str]:
    """The sentences of ``text``, split at ``LOOSE_BREAK`` (pieces may be empty where breaks meet), or with
    ``keep_abbreviations`` only at ``STRICT_BREAK`` (an abbreviation or an initial never ends a sentence)."""
    return (STRICT_BREAK if keep_abbreviations else LOOSE_BREAK).split(text)


def ends_sentence(text: str) -> bool:
    """Whether ``text`` closes like a sentence (``SENTENCE_END``), trailing spaces aside."""
    return SENTENCE_END.search(text.rstrip()) is not None


def has_sentence_break(text: str) -> bool:
    """Whether ``text`` holds more than one sentence (``split_sentences`` keeping abbreviations together)."""
    return STRICT_BREAK.search(text) is not None


def email_domains(text: str) -> list[str]:
    """The domain of every e-mail address in ``text`` ("bird@edaily.co.kr" -> "edaily.co.kr")."""
    return [m.group(0).partition("@")[2] for m in EMAIL_ADDRESS.finditer(text)]


def is_copyright_notice(line: str) -> bool:
    """A line holding a copyright notice: "All rights reserved", the word "copyright", a sign opening the line
    ("© 2024 Daily News") or "(c)" before a year; a "(c)" elsewhere is a list item's letter, not a notice."""
    if ALL_RIGHTS.search(line):
        return True
    for mark in COPYRIGHT_MARK.finditer(line):
        sign = mark.group(0).lower()
        if sign.startswith("copyright") or (sign != "(c)" and not line[: mark.start()].strip()):
            return True
        if sign == "(c)" and YEAR_AFTER_SIGN.match(line, mark.end()):
            return True
    return False


def find_byline(text: str, labelled: bool = False, at_end: bool = False) -> re.Match | None:
    """The byline a line opens with, its name in the ``name`` group: "By ..." (``BYLINE``), also after another
    credit label when ``labelled`` (``LABELLED_BYLINE``); with ``at_end``, a "By" and capitalized name closing
    ``text`` (``BYLINE_AT_END``)."""
    if at_end:
        return BYLINE_AT_END.search(text)
    return (LABELLED_BYLINE if labelled else BYLINE).match(text)
