"""Phrase matching for the topic classifier: spaCy's ``PhraseMatcher`` on lemmas, one pass per article.

Every phrase of a taxonomy is compiled once (``Phrasebook``). A parsed article is matched once, on a light copy
of its tokens (``match_doc``) whose LEMMA is the token's lemma in lowercase without dots, so:

- a phrase matches any inflection the lemmatizer knows ("export control" matches "export controls", "meet"
  matches "met") and any case ("Kospi" matches "KOSPI");
- a phrase word written in capitals is an acronym and the phrase matches case-sensitively on ORTH ("SOFA" is
  not "sofa", "US" is not the pronoun "us"; "U.S." and "US" are the same, "ICBMs" is "ICBM"); write a word
  capitalised ("Kospi", "Covid-19") to match it in any case;
- hyphens do not matter ("Kim Jong-un" = "Kim Jong Un", "cost sharing" = "cost-sharing", "U.S.-Japan" =
  "US Japan").

There are no wildcards: list the derived words ("relation", "relationship"); inflections come with the lemma.

A title is not tagged on its own: its words take their lemmas from the article's text (``Phrasebook.title``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy

if TYPE_CHECKING:  # spaCy is imported where it is used: a build's driver reads taxonomies without loading it
    from spacy.language import Language
    from spacy.strings import StringStore
    from spacy.tokens import Doc

# where a token splits: at hyphens, and at a bracket or parenthesis glued to a word ("[LEAD]Illegal", "(Yonhap)South":
# a broadcast script's section mark or a photo credit, run into the next word without a space)
TOKEN_SPLIT = re.compile(r"[-‐‑]+|(?<=\w)[\[\]()]+|[\[\]()]+(?=\w)")
# two capitals or more and no lowercase letter but a plural "s": SOFA, USFK, ICBMs (not "G7", not "I")
ACRONYM = re.compile(r"^([A-Z0-9&]*[A-Z][A-Z0-9&]*[A-Z][A-Z0-9&]*)s?$")
# Pipes that do not change a phrase's lemmas, left out when phrases are compiled.
PIPES_NOT_FOR_LEMMAS = ("ner", "parser", "senter", "sentencizer")
# Token keys remembered per (orth, lemma); emptied at this size, which bounds a worker's memory.
MAX_MEMO_TOKENS = 65536


def acronym(text: str) -> str | None:
    """The acronym a token or phrase word spells ("U.S." -> "US", "ICBMs" -> "ICBM"), or None."""
    match = ACRONYM.match(text.replace(".", ""))
    return match.group(1) if match else None


def lemma_key(text: str, lemma: str) -> str:
    """What a token matches on: its lemma in lowercase without dots ("U.S." -> "us"; the pronoun "us" has the
    lemma "we")."""
    key = (lemma or text).lower().replace(".", "")
    return key or text.lower()


def singular(word: str) -> str:
    """A cheap singular for a title word the text does not lemmatize ("Yields" -> "yield", "Tariffs" ->
    "tariff"); words ending in -ss, -us, -is, -ics and "news" stay as they are."""
    lower = word.lower()
    if len(lower) > 4 and lower.endswith("ies"):
        return lower[:-3] + "y"
    keep = lower.endswith(("ss", "us", "is", "ics")) or lower == "news"
    return lower[:-1] if len(lower) > 3 and lower.endswith("s") and lower.isalpha() and not keep else lower


def phrase_words(phrase: str) -> list[str]:
    """The words of a phrase as written, hyphens removed ("Kim Jong-un" -> Kim, Jong, un)."""
    return [w for w in re.split(r"[\s\-‐‑]+", phrase.strip()) if re.search(r"\w", w)]


def token_parts(text: str) -> list[str]:
    """A token split at hyphens ("U.S.-Japan" -> "U.S.", "Japan"; a bare hyphen -> nothing) and at brackets glued to
    a word ("[LEAD]Illegal" -> "LEAD", "Illegal"; "(Yonhap)South" -> "Yonhap", "South")."""
    return [part for part in TOKEN_SPLIT.split(text) if part] if TOKEN_SPLIT.search(text) else [text]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token offsets of the doc's sentences that hold more than whitespace."""
    flags = doc.to_array(["SENT_START", "IS_SPACE"]).tolist()
    starts = [i for i, (start, _) in enumerate(flags) if start == 1 or i == 0]
    bounds = zip(starts, [*starts[1:], len(flags)])
    return [(a, b) for a, b in bounds if not all(space for _, space in flags[a:b])]


@dataclass(frozen=True)
class Hit:
    phrase: str
    weight: float
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """One sentence as the matcher saw it: its text, and the spans (token offsets) of every phrase found.
    A sentence without any phrase keeps no text (no evidence will quote it)."""

    text: str
    spans: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)


def _grouped(spans: dict[str, list[tuple[int, int]]]) -> dict[str, tuple[tuple[int, int], ...]]:
    return {key: tuple(found) for key, found in spans.items()}


class Phrasebook:
    """All phrases of a taxonomy in two ``PhraseMatcher``s, on LEMMA and, for acronym phrases, on ORTH;
    ``sentences`` and ``title`` match a doc once and group the hits by sentence."""

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp
        self.vocab = nlp.vocab
        self.by_lemma = PhraseMatcher(self.vocab, attr="LEMMA")
        self.by_orth = PhraseMatcher(self.vocab, attr="ORTH")
        self.registered: set[tuple[str, tuple[str, ...]]] = set()
        self.ids: dict[str, str] = {}  # phrase -> match id
        self.memo: dict[tuple[int, int], tuple[tuple[str, int], ...]] = {}

    def add(self, phrases: Iterable[str]) -> dict[str, str]:
        """Compile phrases; return each phrase's match id. A phrase is added in two forms, its words' lemmas and
        its words as written, since a word alone may get another lemma than in a sentence ("shipbuilding" alone
        is taken for a verb)."""
        phrases = list(dict.fromkeys(phrases))
        new = [p for p in phrases if p not in self.ids]
        skip = [name for name in self.nlp.pipe_names if name in PIPES_NOT_FOR_LEMMAS]
        for phrase, doc in zip(new, self.nlp.pipe((" ".join(phrase_words(p)) for p in new), disable=skip)):
            exact = any(acronym(t.text) for t in doc)
            lemmas = tuple((exact and acronym(t.text)) or lemma_key(t.text, t.lemma_) for t in doc)
            written = tuple((exact and acronym(t.text)) or lemma_key(t.text, "") for t in doc)
            self.ids[phrase] = match_id = ("=" if exact else "~") + " ".join(lemmas)
            for keys in dict.fromkeys((lemmas, written)):
                if (match_id, keys) not in self.registered:
                    self.registered.add((match_id, keys))
                    matcher = self.by_orth if exact else self.by_lemma
                    matcher.add(match_id, [self._doc(list(keys), [self.vocab.strings.add(k) for k in keys])])
        return {p: self.ids[p] for p in phrases}

    def _doc(self, words: list[str], lemmas: list[int]) -> Doc:
        from spacy.tokens import Doc

        doc = Doc(self.vocab, words=words)
        if words:
            doc.from_array(["LEMMA"], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc

    def _parts(self, strings: StringStore, orth: int, lemma: int) -> tuple[tuple[str, int], ...]:
        """(ORTH key, LEMMA key hash) of each match token a token becomes: one, several for a hyphenated token,
        none for a hyphen."""
        known = self.memo.get((orth, lemma))
        if known is not None:
            return known
        text, lemma_text = strings[orth], strings[lemma] if lemma else ""
        parts = token_parts(text)
        lemmas = [lemma_key(text, lemma_text)] if parts == [text] else [lemma_key(p, "") for p in parts]
        found = tuple((acronym(p) or k, self.vocab.strings.add(k)) for p, k in zip(parts, lemmas))
        if len(self.memo) >= MAX_MEMO_TOKENS:
            self.memo.clear()
        self.memo[(orth, lemma)] = found
        return found

    def match_doc(self, rows: list[tuple[int, int]], strings: StringStore) -> tuple[Doc, list[int]]:
        """The tokens given as (ORTH, LEMMA) hashes as the matchers see them, and each match token's index."""
        words, lemmas, origin = [], [], []
        for i, (orth, lemma) in enumerate(rows):
            for word, key in self._parts(strings, orth, lemma):
                words.append(word)
                lemmas.append(key)
                origin.append(i)
        return self._doc(words, lemmas), origin

    def matches(self, rows: list[tuple[int, int]], strings: StringStore) -> list[tuple[str, int, int]]:
        """(match id, start, end) of every phrase in the tokens, as token offsets."""
        shadow, origin = self.match_doc(rows, strings)
        if not len(shadow):
            return []
        ids = self.vocab.strings
        found = sorted([*self.by_lemma(shadow), *self.by_orth(shadow)], key=lambda m: (m[1], m[2], m[0]))
        return [(ids[match_hash], origin[start], origin[end - 1] + 1) for match_hash, start, end in found]

    def sentences(self, doc: Doc, skip: tuple[int, int] | None = None, text: str | None = None) -> list[Sentence]:
        """The doc's sentences (spaCy's, whitespace-only ones left out), each with the phrases found in it; no
        phrase touching the characters ``skip`` (start, end) counts (a dateline: a place and a credit). ``text``:
        the doc's text when the caller has it (``Doc.text`` joins every token again)."""
        text = doc.text if text is None else text
        bounds = sentence_bounds(doc)
        starts = [start for start, _ in bounds]
        grouped: list[dict[str, list[tuple[int, int]]]] = [{} for _ in bounds]
        skipped = doc.char_span(*skip, alignment_mode="expand") if skip else None
        for match_id, start, end in self.matches(doc.to_array(["ORTH", "LEMMA"]).tolist(), doc.vocab.strings):
            if skipped is not None and start < skipped.end and end > skipped.start:
                continue
            index = bisect.bisect_right(starts, start) - 1
            if index >= 0 and end <= bounds[index][1]:
                grouped[index].setdefault(match_id, []).append((start, end))
        ends = [*starts[1:], len(doc)]  # a sentence's text runs to the next one's first token: the same once stripped
        return [
            Sentence(text[doc[a].idx : doc[end].idx if end < len(doc) else len(text)].strip(), _grouped(g))
            if g else Sentence("")
            for (a, _), end, g in zip(bounds, ends, grouped)
        ]  # fmt: skip

    def title(self, title: str, text: Doc | None = None) -> Sentence:
        """The title as one sentence. It is not tagged on its own (that would cost more than all the matching):
        its words take the lemma they have in the article's ``text``; words the text lacks match as written or,
        for a plural, as its ``singular``. A title in capitals is read in lowercase, so none of its words counts
        as an acronym."""
        doc = self.nlp.make_doc(title if any(c.islower() for c in title) else title.lower())
        known = self._text_lemmas(text, {t.lower for t in doc}) if text is not None else {}
        rows = [(t.orth, known.get(t.lower) or self.vocab.strings.add(singular(t.text))) for t in doc]
        spans: dict[str, list[tuple[int, int]]] = {}
        for match_id, start, end in self.matches(rows, doc.vocab.strings):
            spans.setdefault(match_id, []).append((start, end))
        return Sentence(title, _grouped(spans))

    def _text_lemmas(self, text: Doc, wanted: set[int]) -> dict[int, int]:
        """Lowercase form -> lemma (hashes in this vocab) of the wanted words, as they first occur in ``text``."""
        found: dict[int, int] = {}
        for lower, lemma in text.to_array(["LOWER", "LEMMA"]).tolist():
            if lower in wanted and lower not in found:
                found[lower] = self.vocab.strings.add(text.vocab.strings[lemma]) if lemma else 0
        return found


class Lexicon:
    """Weighted phrases found in a sentence; a phrase inside a longer ``unless`` phrase does not count
    (the cue "Korea" inside "North Korea")."""

    def __init__(self, book: Phrasebook, weighted: dict[str, float], unless: Iterable[str] = ()) -> None:
        ids = book.add(weighted)
        self.phrases: dict[str, tuple[str, float]] = {}
        for phrase, weight in weighted.items():
            known = self.phrases.get(ids[phrase])
            if known is None or float(weight) > known[1]:
                self.phrases[ids[phrase]] = (phrase, float(weight))
        self.keys = frozenset(self.phrases)
        self.unless = frozenset(book.add(unless).values())

    def find(self, sentence: Sentence) -> list[Hit]:
        if self.keys.isdisjoint(sentence.spans):
            return []
        hits = [
            Hit(*self.phrases[key], start, end)
            for key, spans in sentence.spans.items()
            if key in self.phrases
            for start, end in spans
        ]
        if not self.unless:
            return hits
        blocked = [span for key in self.unless for span in sentence.spans.get(key, ())]
        return [
            h for h in hits if not any(a <= h.start and h.end <= b and (b - a) > (h.end - h.start) for a, b in blocked)
        ]
