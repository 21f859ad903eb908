"""The units the duplicate grouper compares: the content words of an article body, grouped by sentence.

Function words carry no story, so they are dropped (scikit-learn's English stop list); word order inside a
sentence is dropped too, because machine-translated copies reorder clauses and words. What is left of a
sentence is the set of its content words, and a copy of a story is a text whose sentences match these sets.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from pathlib import Path

from build_dataset.core.article import Article
from build_dataset.core.steps import Annotator
from build_dataset.core.text import EMAIL, split_sentences, words
from build_dataset.dedup.options import DEDUP_DEFAULTS

# Web and mail addresses name where a text was posted, not what it says.
ADDRESS = re.compile(rf"(?:https?://|www\.)\S+|{EMAIL}")


def _sklearn_stop_words() -> frozenset[str]:
    """scikit-learn's English stop list, read from its one-constant module without importing the sklearn
    package (2 s and ~60 MB in every worker, which computes these units; the corpus stage imports it anyway)."""
    package = importlib.util.find_spec("sklearn")
    path = Path(next(iter(package.submodule_search_locations))) / "feature_extraction" / "_stop_words.py"
    if not path.is_file():  # another scikit-learn layout: take the public constant, at the cost of the import
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        return frozenset(ENGLISH_STOP_WORDS)
    spec = importlib.util.spec_from_file_location("_sklearn_stop_words", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.ENGLISH_STOP_WORDS)


STOP_WORDS = _sklearn_stop_words()
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
    return _content_words(ADDRESS.sub(" ", text))


def _content_words(text: str) -> list[str]:
    """``content_words`` of a text without addresses."""
    found = (NUMBER_WORDS.get(word, word) for word in words(normalize(text), terms=True))
    return [word for word in found if word not in STOP_WORDS and (len(word) > 1 or word.isdigit())]


def is_number(word: str) -> bool:
    return word[0].isdigit() and all(ch.isdigit() or ch in "-/.," for ch in word)


def sentence_words(text: str) -> list[list[str]]:
    """The content words of each sentence, in text order with repeats: everything the grouper reads of a text
    (the words of the whole text are these, concatenated, since sentence breaks fall on non-word characters).
    Once the addresses are out of the text, none is left in any of its sentences."""
    return [_content_words(part) for part in split_sentences(ADDRESS.sub(" ", text))]


def encode_units(sentences: list[list[str]]) -> str:
    """``sentence_words`` as one compact string (a line per sentence), the form an article carries and caches."""
    return "\n".join(" ".join(words) for words in sentences)


def decode_units(units: str) -> list[list[str]]:
    return [line.split() for line in units.split("\n")]


def doc_words(sentences: list[list[str]]) -> list[str]:
    return [word for words in sentences for word in words]


def word_sets(sentences: list[list[str]], min_words: int = DEDUP_DEFAULTS.min_sentence_words) -> list[list[str]]:
    """Each sentence's distinct content words (sorted), for sentences with at least ``min_words`` of them.

    A text with no such sentence but some content words counts as one sentence, so short texts still compare.
    """
    distinct = [sorted(set(words)) for words in sentences]
    kept = [words for words in distinct if len(words) >= min_words]
    if kept:
        return kept
    everything = sorted(set(doc_words(sentences)))
    return [everything] if everything else []


def sentence_word_sets(text: str) -> list[list[str]]:
    return word_sets(sentence_words(text))


class DedupUnitsAnnotator(Annotator):
    """Sets ``Work.dedup_units`` from the cleaned text, in the per-article stage: in parallel, and cached
    with the article, so the corpus-wide grouping only indexes them."""

    name = "dedup_units_v2"

    def annotate(self, article: Article) -> None:
        article.work.dedup_units = encode_units(sentence_words(article.text))
