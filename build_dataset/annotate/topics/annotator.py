"""Topics from a versioned taxonomy (``schema/topics.yaml``): a multi-label classifier that explains itself.

The taxonomy is data. Besides its ids and definitions it holds each topic's evidence: weighted ``terms``,
the cue sets a sentence ``requires`` (all of them, e.g. a Korea cue and a Japan cue) and the cue sets that
``excludes`` a sentence. The decision rule, written out in ``TopicScorer.score``:

- a sentence's weight for a topic is the largest weight among the topic's terms it contains, counted only when
  every required cue set occurs in that sentence and no excluding cue set does (a topic with no terms gives a
  weight of 1 to every sentence meeting its requirements);
- the evidence ``mass`` is the sum of the sentence weights, the title counting ``title_weight`` times, scaled
  down by ``reference_sentences / sentences`` in articles longer than ``reference_sentences`` (a density);
- the ``score`` is ``1 - exp(-mass / saturation)``, in [0, 1); the topic applies when ``score >= threshold``
  (the taxonomy's default threshold, or the topic's own).

A passing mention (one sentence of ordinary weight) stays below the default threshold; two sentences of full
weight, or a headline, reach it. Phrases match word by word on a token's lowercase form or its lemma (so
"export control" also matches "export controls"); a trailing ``*`` matches any word starting with the stem.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from build_dataset.annotate.topics.phrases import (
    Hit,
    Lexicon,
    Sentence,
    phrase_words,
    sentence_from_text,
    sentence_from_tokens,
    split_sentences,
)
from build_dataset.core.article import Article
from build_dataset.core.steps import Annotator
from build_dataset.schema import DEFAULT_TAXONOMY

if TYPE_CHECKING:
    from build_dataset.core.settings import Settings


# Defaults of the decision rule; a taxonomy's `decision:` block overrides them. Chosen on the seeds and the dev
# gold (35 pages, 2018-2023): a topic needs about two sentences of full-weight evidence (mass >= 1.39 with
# saturation 2.0 and threshold 0.5), so one passing sentence (mass 1, score 0.39) never applies a topic alone.
DEFAULT_DECISION = {
    "threshold": 0.5,
    "saturation": 2.0,
    "title_weight": 2.0,
    # the news articles we target run 10-30 sentences; longer ones are scaled down to this density
    "reference_sentences": 30,
}
TOPIC_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SCORE_DIGITS = 4


# ------------------------------------------------------------------------------------------------- the taxonomy


def _fail(message: str) -> None:
    raise ValueError(f"bad taxonomy: {message}")


def _check_phrases(where: str, phrases: Any) -> None:
    if not isinstance(phrases, list) or not all(isinstance(p, str) and phrase_words(p) for p in phrases):
        _fail(f"{where} must be a list of non-empty phrases")


def _check_cues(cues: Any) -> None:
    if not isinstance(cues, dict):
        _fail("`cues` must map cue names to phrase lists")
    for name, cue in cues.items():
        if isinstance(cue, dict):
            unknown = set(cue) - {"phrases", "unless"}
            if unknown:
                _fail(f"cue {name!r} has unknown keys {sorted(unknown)} (allowed: phrases, unless)")
            _check_phrases(f"cue {name!r} phrases", cue.get("phrases"))
            _check_phrases(f"cue {name!r} unless", cue.get("unless", []))
        else:
            _check_phrases(f"cue {name!r}", cue)


def _check_fraction(where: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
        _fail(f"{where} must be a number between 0 and 1, got {value!r}")


def _check_decision(decision: Any) -> None:
    if not isinstance(decision, dict) or set(decision) - set(DEFAULT_DECISION):
        _fail(f"`decision` must be a mapping with keys among {sorted(DEFAULT_DECISION)}")
    for key, value in decision.items():
        if key == "threshold":
            _check_fraction("decision.threshold", value)
        elif isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            _fail(f"decision.{key} must be a positive number, got {value!r}")


def _check_clause(where: str, clause: Any, cue_names: set[str]) -> None:
    if not isinstance(clause, dict) or not (clause.get("terms") or clause.get("requires")):
        _fail(f"{where} needs `terms` (phrase: weight) and/or `requires` (cue names)")
    unknown = set(clause) - {"terms", "unless", "requires", "excludes"}
    if unknown:
        _fail(f"{where} has unknown keys {sorted(unknown)} (allowed: terms, unless, requires, excludes)")
    _check_phrases(f"{where} unless", clause.get("unless", []))
    terms = clause.get("terms", {})
    if not isinstance(terms, dict) or not all(
        isinstance(p, str) and phrase_words(p) and isinstance(w, int | float) and not isinstance(w, bool) and w > 0
        for p, w in terms.items()
    ):
        _fail(f"{where} terms must map non-empty phrases to positive weights")
    for key in ("requires", "excludes"):
        items = clause.get(key, [])
        if not isinstance(items, list):
            _fail(f"{where} {key} must be a list of cue names")
        names = [n for item in items for n in (item if isinstance(item, list) else [item])]
        if not all(isinstance(n, str) for n in names):
            _fail(f"{where} {key} must list cue names (or lists of cue names, any of which will do)")
        missing = [n for n in names if n not in cue_names]
        if missing:
            _fail(f"{where} {key} names unknown cues {missing}; define them under `cues`")


def _check_evidence(topic_id: str, evidence: Any, cue_names: set[str]) -> None:
    clauses = evidence if isinstance(evidence, list) else [evidence]
    if not clauses:
        _fail(f"topic {topic_id!r} needs `evidence`")
    for number, clause in enumerate(clauses, start=1):
        where = f"topic {topic_id!r} evidence" + (f" #{number}" if len(clauses) > 1 else "")
        _check_clause(where, clause, cue_names)


def validate_taxonomy(taxonomy: Any) -> dict:
    """Check a parsed taxonomy; raise ValueError saying what is wrong. Returns it unchanged."""
    if not isinstance(taxonomy, dict):
        _fail("the file must be a YAML mapping with `version` and `topics`")
    if not isinstance(taxonomy.get("version"), str | int | float) or isinstance(taxonomy.get("version"), bool):
        _fail("`version` is required (e.g. version: 1.0.0)")
    _check_decision(taxonomy.get("decision", {}))
    cues = taxonomy.get("cues", {})
    _check_cues(cues)
    topics = taxonomy.get("topics")
    if not isinstance(topics, list) or not topics:
        _fail("`topics` must be a non-empty list")
    seen: set[str] = set()
    for topic in topics:
        if not isinstance(topic, dict) or not isinstance(topic.get("id"), str) or not TOPIC_ID.match(topic["id"]):
            _fail(f"every topic needs an `id` of lowercase letters, digits and dashes; got {topic!r:.80}")
        topic_id = topic["id"]
        if topic_id in seen:
            _fail(f"topic id {topic_id!r} appears twice")
        seen.add(topic_id)
        if not isinstance(topic.get("definition"), str) or not topic["definition"].strip():
            _fail(f"topic {topic_id!r} needs a one-line `definition`")
        if "threshold" in topic:
            _check_fraction(f"topic {topic_id!r} threshold", topic["threshold"])
        _check_evidence(topic_id, topic.get("evidence"), set(cues))
    return taxonomy


def load_taxonomy(path: Path = DEFAULT_TAXONOMY) -> dict:
    """Read and validate a taxonomy YAML file; ValueError names the problem."""
    with open(path, encoding="utf-8") as handle:
        try:
            taxonomy = yaml.safe_load(handle)
        except yaml.YAMLError as error:
            raise ValueError(f"bad taxonomy: {path} is not valid YAML: {error}") from None
    return validate_taxonomy(taxonomy)


# ------------------------------------------------------------------------------------------------- the scorer


@dataclass
class SentenceEvidence:
    """What one sentence (or the title) contributed to a topic."""

    where: str  # "title" or "s<n>" (1-based sentence number)
    text: str
    weight: float
    terms: list[str]
    cues: list[str]


@dataclass
class TopicDecision:
    topic: str
    score: float
    threshold: float
    mass: float
    evidence: list[SentenceEvidence] = field(default_factory=list)

    @property
    def applies(self) -> bool:
        return self.score >= self.threshold


@dataclass(frozen=True)
class Clause:
    """One way a sentence can be evidence: terms (not inside an ``unless`` phrase), cue sets required together
    (each any-of) and cue sets that veto the sentence."""

    terms: Lexicon | None
    requires: tuple[tuple[str, ...], ...]
    excludes: tuple[str, ...]

    @classmethod
    def from_yaml(cls, clause: dict) -> Clause:
        requires = tuple(tuple(item) if isinstance(item, list) else (item,) for item in clause.get("requires", []))
        terms = clause.get("terms")
        lexicon = Lexicon(terms, clause.get("unless", [])) if terms else None
        return cls(lexicon, requires, tuple(clause.get("excludes", [])))

    def weigh(self, sentence: Sentence, cues: dict[str, list[Hit]]) -> tuple[float, list[str], list[str]]:
        """(weight, matched terms, matched cues) of a sentence under this clause."""
        if any(cues[n] for n in self.excludes) or not all(any(cues[n] for n in group) for group in self.requires):
            return 0.0, [], []
        matched_cues = [
            f"{n}={'/'.join(sorted({h.phrase for h in cues[n]}))}" for group in self.requires for n in group if cues[n]
        ]
        if self.terms is None:
            return 1.0, [], matched_cues
        hits = self.terms.find(sentence)
        if not hits:
            return 0.0, [], []
        return max(h.weight for h in hits), sorted({h.phrase for h in hits}), matched_cues


@dataclass(frozen=True)
class TopicRule:
    id: str
    clauses: tuple[Clause, ...]
    threshold: float

    def weigh(self, where: str, sentence: Sentence, cues: dict[str, list[Hit]]) -> SentenceEvidence:
        best = max((c.weigh(sentence, cues) for c in self.clauses), key=lambda found: found[0])
        return SentenceEvidence(where, sentence.text, *best)


def _cue_lexicon(cue: Any) -> Lexicon:
    if isinstance(cue, dict):
        return Lexicon(dict.fromkeys(cue["phrases"], 1.0), cue.get("unless", []))
    return Lexicon(dict.fromkeys(cue, 1.0))


class TopicScorer:
    """The taxonomy compiled for matching; ``score`` applies the decision rule of the module docstring."""

    def __init__(self, taxonomy: dict) -> None:
        validate_taxonomy(taxonomy)
        self.decision = {**DEFAULT_DECISION, **taxonomy.get("decision", {})}
        self.cues = {name: _cue_lexicon(cue) for name, cue in taxonomy.get("cues", {}).items()}
        self.rules = [self._rule(t) for t in taxonomy["topics"]]

    def _rule(self, topic: dict) -> TopicRule:
        evidence = topic["evidence"]
        clauses = tuple(Clause.from_yaml(c) for c in (evidence if isinstance(evidence, list) else [evidence]))
        return TopicRule(topic["id"], clauses, float(topic.get("threshold", self.decision["threshold"])))

    @property
    def topic_ids(self) -> list[str]:
        return [r.id for r in self.rules]

    def score(self, title: str | None, sentences: list[Sentence]) -> list[TopicDecision]:
        """One decision per taxonomy topic, in taxonomy order."""
        parts = [("title", sentence_from_text(title))] if title else []
        parts += [(f"s{i}", s) for i, s in enumerate(sentences, start=1)]
        cue_hits = [{name: lex.find(s) for name, lex in self.cues.items()} for _, s in parts]
        density = min(1.0, self.decision["reference_sentences"] / max(1, len(sentences)))
        decisions = []
        for rule in self.rules:
            evidence = [rule.weigh(where, s, cues) for (where, s), cues in zip(parts, cue_hits)]
            evidence = [e for e in evidence if e.weight > 0]
            raw = sum(e.weight * (self.decision["title_weight"] if e.where == "title" else 1.0) for e in evidence)
            mass = raw * density
            score = round(1.0 - math.exp(-mass / self.decision["saturation"]), SCORE_DIGITS)
            decisions.append(TopicDecision(rule.id, score, rule.threshold, mass, evidence))
        return decisions


def article_sentences(article: Article) -> list[Sentence]:
    """The sentences of the article's spaCy parse, or a rule-based split when it has none."""
    if article.doc is not None:
        return [sentence_from_tokens(s.text.strip(), s) for s in article.doc.sents if s.text.strip()]
    return [sentence_from_text(s) for s in split_sentences(article.text)]


def evidence_lines(decision: TopicDecision) -> Iterator[str]:
    """Compact evidence for ``Article.evidence``: where and which terms, e.g. ``s3: export control``."""
    for e in decision.evidence:
        yield f"{e.where}: {', '.join(e.terms or e.cues)}"


class TopicAnnotator(Annotator):
    """Sets ``topics`` (taxonomy order), ``topic_scores`` (every topic) and ``evidence['topic:<id>']``."""

    name = "topics_v1"

    def __init__(self, taxonomy: dict) -> None:
        super().__init__()
        self.scorer = TopicScorer(taxonomy)

    @classmethod
    def from_settings(cls, settings: Settings, taxonomy: dict) -> TopicAnnotator:
        return cls(taxonomy)

    def annotate(self, article: Article) -> None:
        article.topic_scores = dict.fromkeys(self.scorer.topic_ids, 0.0)
        article.topics = []
        if not article.is_english:
            self.stats["skipped_not_english"] += 1
            return
        for decision in self.scorer.score(article.title, article_sentences(article)):
            article.topic_scores[decision.topic] = decision.score
            if decision.evidence:
                article.evidence[f"topic:{decision.topic}"] = list(evidence_lines(decision))
            if decision.applies:
                article.topics.append(decision.topic)
                self.stats[f"topic_{decision.topic}"] += 1
        if not article.topics:
            self.stats["no_topic"] += 1
