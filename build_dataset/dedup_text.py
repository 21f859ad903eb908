"""The units the duplicate grouper compares: the content words of an article body, grouped by sentence.

Function words carry no story, so they are dropped (scikit-learn's English stop list); word order inside a
sentence is dropped too, because machine-translated copies reorder clauses and words. What is left of a
sentence is the set of its content words, and a copy of a story is a text whose sentences match these sets.
"""

from __future__ import annotations

import re
import unicodedata

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# A number keeps its separators ("4,466,006", "1.48", "101-1/2"), so different figures stay different words.
WORD = re.compile(r"\d+(?:[-/.,]\d+)+|[^\W_]+")
# A sentence ends at . ! ? (and any closing quotes or brackets) followed by a space, or at a line break.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\s*\n\s*")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS)
# Sentences with fewer content words ("He said so.", "Reuter") match almost anything, so they are not units;
# 3 keeps every sentence of the seeds and dev bodies that names who did what.
MIN_SENTENCE_WORDS = 3
# Number words are written as figures, so "six cts" and "6 cts" are one word (and "eight" is not a stop word).
NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
} | {word: str(10 * tens) for tens, word in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)}


def normalize(text: str) -> str:
    """Case-folded, with accents stripped, so "Séoul" and "seoul" are one word."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def content_words(text: str) -> list[str]:
    """Words that are not stop words and longer than one character, in text order."""
    words = (NUMBER_WORDS.get(word, word) for word in WORD.findall(normalize(text)))
    return [word for word in words if word not in STOP_WORDS and (len(word) > 1 or word.isdigit())]


def is_number(word: str) -> bool:
    return word[0].isdigit() and all(ch.isdigit() or ch in "-/.," for ch in word)


def sentence_word_sets(text: str) -> list[list[str]]:
    """Each sentence's distinct content words (sorted), for sentences with enough of them.

    A text with no such sentence but some content words counts as one sentence, so short texts still compare.
    """
    sentences = [sorted(set(content_words(part))) for part in SENTENCE_BREAK.split(text)]
    kept = [words for words in sentences if len(words) >= MIN_SENTENCE_WORDS]
    if kept:
        return kept
    everything = sorted(set(content_words(text)))
    return [everything] if everything else []
