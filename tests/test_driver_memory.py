"""What the driver holds per article in the corpus stage: the duplicate index is built from units decoded one
article at a time, into the same index as from lists."""

from __future__ import annotations

import numpy as np
import pytest

from build_dataset.core.article import Article
from build_dataset.dedup.grouper import ArticleUnits, InOrder
from build_dataset.dedup.index import build_index_from_words
from build_dataset.dedup.units import encode_units, sentence_words

TEXTS = [
    "Prices of rice rose 4,466 tonnes in Seoul. The ministry said exports fell. Farmers protested the plan.",
    "The ministry said exports fell sharply. Prices of rice rose in Seoul. Officials met on Monday.",
    "A storm hit the coast overnight. Ferries stopped running. Nobody was hurt, police said.",
    "",
]


class CountingUnits(ArticleUnits):
    """``ArticleUnits`` that counts the decodings it made."""

    decoded = 0

    def __getitem__(self, k):
        type(self).decoded += 1
        return super().__getitem__(k)


def _articles() -> list[Article]:
    articles = [Article(id=f"{k:016x}", source_file=f"{k}.txt", text=text) for k, text in enumerate(TEXTS)]
    for article in articles[:-1]:
        article.work.dedup_units = encode_units(sentence_words(article.text))
    return articles  # the last one has no units: its text is read instead


@pytest.mark.parametrize("order", [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2]])
def test_index_from_units_decoded_one_at_a_time_equals_index_from_lists(order):
    articles = _articles()
    lists = [sentence_words(articles[k].text) for k in order]
    expected = build_index_from_words(lists)
    units = CountingUnits(articles)
    CountingUnits.decoded = 0
    found = build_index_from_words(InOrder(units, order))
    assert CountingUnits.decoded == len(order)  # one pass, one text at a time
    assert found.vocabulary == expected.vocabulary
    for name in ("tfidf", "sentences", "sentence_numbers"):
        assert (getattr(found, name) != getattr(expected, name)).nnz == 0
    assert found.sentences.dtype == np.float32 and found.tfidf.dtype == np.float64
    for name in ("idf", "sentence_weight", "sentence_start", "unique_word_share"):
        assert getattr(found, name).tobytes() == getattr(expected, name).tobytes()


def test_the_driver_makes_its_steps_and_reads_the_taxonomy_without_importing_spacy():
    """spaCy is the workers' alone: the driver loads the taxonomy, checks the steps'
    options and makes the read and corpus steps without it."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from build_dataset.run.build import load_taxonomy\n"
        "from build_dataset.core.settings import Settings\n"
        "from build_dataset.pipeline import CORPUS, READ, declared_options, make_steps\n"
        "taxonomy = load_taxonomy()\n"
        "declared_options()\n"
        "make_steps(READ + CORPUS, Settings(), taxonomy)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))\n"
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
