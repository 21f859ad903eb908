"""Language of the cleaned text (ISO 639-1), from py3langid's bundled model."""

from __future__ import annotations

import py3langid

from build_dataset.annotate.kind import language_sample
from build_dataset.core.article import Article
from build_dataset.core.options import declare
from build_dataset.core.steps import Annotator
from build_dataset.schema.limits import LANGUAGE_CODES

# py3langid also answers ISO 639-3 codes for languages without a two-letter code, which the schema does not
# accept. Members of a macrolanguage get its ISO 639-1 code (SIL's ISO 639-3 macrolanguage mappings); any
# other such code, and "zxx" (no linguistic content), is "und".
MACROLANGUAGE_CODES = {"yue": "zh", "wuu": "zh", "arz": "ar", "ary": "ar", "uzs": "uz", "gug": "gn"}


LanguageOptions = declare("language", "LanguageOptions", __name__)
LANGUAGE_DEFAULTS = LanguageOptions()


def detect_language(text: str, options: LanguageOptions = LANGUAGE_DEFAULTS) -> str:
    if len(text.strip()) < options.min_chars:
        return "und"
    code, _ = py3langid.classify(text[:options.sample_chars])
    return code if code in LANGUAGE_CODES else MACROLANGUAGE_CODES.get(code, "und")


class LanguageAnnotator(Annotator):
    name = "language_v2"
    options_type = LanguageOptions

    def warm_up(self) -> None:
        py3langid.classify("")  # py3langid reads its model on first use

    def annotate(self, article: Article) -> None:
        article.language = detect_language(language_sample(article, self.options.table_min_words), self.options)
        self.stats[f"language_{article.language}"] += 1
