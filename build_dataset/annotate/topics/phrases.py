"""Phrase matching for the topic classifier: sentences as sequences of word forms, and weighted phrase lists.

A word matches a phrase word on its lowercase form, its spaCy lemma or a cheap singular ("export controls"
matches "export control"); dots, hyphens and possessives do not matter ("U.S." = "US", "Kim Jong-un" =
"Kim Jong Un"); the lowercase pronoun "us" is not the country "US"; a phrase word ending in ``*`` matches any
word starting with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

WORD = re.compile(r"[\w.]+(?:['’]\w+)?")
PHRASE_WORD = re.compile(r"[\w.*]+(?:['’]\w+)?")  # a phrase word may end in * (a stem)
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"“'‘(]?[A-Z0-9])|\n+")
STEM_KEY = 3  # letters of a stem* phrase's first word used to index it
# Candidate lists remembered per word (its set of forms): a corpus repeats words, so lookups are mostly hits;
# the memo is emptied when it reaches this many words, which bounds a worker's memory.
MAX_MEMO_WORDS = 4096


def normalize_word(text: str) -> str:
    """A token's comparable form: lowercase, no dots (U.S. -> us), no possessive; the pronoun "us" is "we"."""
    if text in ("us", "Us"):
        return "we"
    word = text.lower().replace(".", "")
    return re.sub(r"['’]s?$", "", word)


def plural_stem(word: str) -> str:
    """A cheap singular for words the lemmatizer did not see (titles, text without a parse)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Sentence:
    """One sentence as the matcher sees it: its text and, per word, the forms it can match."""

    text: str
    words: tuple[frozenset[str], ...]


@lru_cache(maxsize=65536)
def _forms(*variants: str) -> frozenset[str]:
    words = {normalize_word(v) for v in variants}
    return frozenset(w for word in words if word for w in (word, plural_stem(word)))


def sentence_from_tokens(text: str, tokens: Iterable[Any]) -> Sentence:
    """A sentence from spaCy tokens: each word matches on its text and its lemma; punctuation is skipped."""
    words = tuple(_forms(t.text, t.lemma_) for t in tokens if not (t.is_punct or t.is_space))
    return Sentence(text, tuple(w for w in words if w))


def sentence_from_text(text: str) -> Sentence:
    words = (_forms(w) for w in WORD.findall(text) if w.strip("."))
    return Sentence(text, tuple(w for w in words if w))


def split_sentences(text: str) -> list[str]:
    """Sentences of a text with no spaCy parse (tests, explain without a model): a rule-based split."""
    return [s.strip() for s in SENTENCE_END.split(text or "") if s and s.strip()]


def _phrase_word(word: str) -> str:
    return normalize_word(word[:-1]) + "*" if word.endswith("*") else normalize_word(word)


def phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in map(_phrase_word, PHRASE_WORD.findall(phrase)) if w.strip("*"))


def _word_matches(pattern: str, forms: frozenset[str]) -> bool:
    if pattern.endswith("*"):
        stem = pattern[:-1]
        return any(f.startswith(stem) for f in forms)
    return pattern in forms or plural_stem(pattern) in forms


@dataclass(frozen=True)
class Hit:
    phrase: str
    weight: float
    start: int
    end: int


class PhraseIndex:
    """Phrases indexed by their first word, so a sentence is only checked against phrases that can start at
    each of its words (a stem* first word is indexed by its first letters)."""

    def __init__(self, patterns: Iterable[tuple[tuple[str, ...], Any]]) -> None:
        self.exact: dict[str, list] = {}
        self.stems: dict[str, list] = {}
        self.short: list = []
        self.memo: dict[frozenset[str], list] = {}
        for pattern, payload in patterns:
            entry = (pattern, payload)
            first = pattern[0]
            if not first.endswith("*"):
                for key in {first, plural_stem(first)}:
                    self.exact.setdefault(key, []).append(entry)
            elif len(first) > STEM_KEY:
                self.stems.setdefault(first[:STEM_KEY], []).append(entry)
            else:
                self.short.append(entry)

    def _candidates(self, forms: frozenset[str]) -> list:
        known = self.memo.get(forms)
        if known is not None:
            return known
        found = {id(e): e for f in forms for e in (*self.exact.get(f, ()), *self.stems.get(f[:STEM_KEY], ()))}
        candidates = [*found.values(), *self.short]
        if len(self.memo) >= MAX_MEMO_WORDS:
            self.memo.clear()
        self.memo[forms] = candidates
        return candidates

    def spans(self, words: tuple[frozenset[str], ...]) -> Iterator[tuple[int, int, Any]]:
        memo = self.memo
        for start, forms in enumerate(words):
            candidates = memo.get(forms)
            if candidates is None:
                candidates = self._candidates(forms)
            for pattern, payload in candidates:
                end = start + len(pattern)
                if end <= len(words) and all(_word_matches(p, words[start + i]) for i, p in enumerate(pattern)):
                    yield start, end, payload


class Lexicon:
    """Weighted phrases found in a sentence; a phrase inside a longer ``unless`` phrase does not count
    (the cue "korea" inside "north korea")."""

    def __init__(self, weighted: dict[str, float], unless: Iterable[str] = ()) -> None:
        self.phrases = PhraseIndex((phrase_words(p), (p, float(w))) for p, w in weighted.items() if phrase_words(p))
        self.unless = PhraseIndex((words, None) for words in map(phrase_words, unless) if words)

    def find(self, sentence: Sentence) -> list[Hit]:
        found = list(self.phrases.spans(sentence.words))
        if not found:
            return []
        blocked = [(s, e) for s, e, _ in self.unless.spans(sentence.words)]
        hits = []
        for start, end, (phrase, weight) in found:
            if not any(bs <= start and end <= be and (be - bs) > (end - start) for bs, be in blocked):
                hits.append(Hit(phrase, weight, start, end))
        return hits
