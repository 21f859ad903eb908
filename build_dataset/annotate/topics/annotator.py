"""Topics from a versioned taxonomy (``schema/topics.yaml``): a multi-label classifier that explains itself.

The taxonomy is data. Besides its ids and definitions it holds each topic's evidence: weighted ``terms``,
the cue sets a sentence ``requires`` (all of them, e.g. a Korea cue and a Japan cue) and the cue sets that
``excludes`` a sentence. The decision rule, written out in ``decide``:

- a sentence's weight for a topic is the largest weight among the topic's terms it contains, counted only when
  every required cue set occurs in that sentence and no excluding cue set does (a topic with no terms gives a
  weight of 1 to every sentence meeting its requirements);
- the evidence ``mass`` is the sum of the sentence weights, the title counting ``title_weight`` times and the
  lead (the first ``lead_sentences`` sentences) ``lead_weight`` times, scaled down by
  ``reference_sentences / sentences`` in articles longer than ``reference_sentences`` (a density);
- the ``score`` is ``1 - exp(-mass / saturation)``, in [0, 1);
- the topic applies when ``score >= threshold`` (the taxonomy's default threshold, or the topic's own) and the
  evidence is in topical context: in the title or the lead, or in at least ``min_sentences`` distinct
  sentences. A single passing mention deep in the text never applies a topic, however specific its term. A
  topic's ``lead_threshold`` (when it has one) replaces its threshold when a full-weight term is in the title or
  lead: its own, higher threshold is then set against body evidence only (security-defense: a missile in the lead
  is the story). A topic without one keeps its threshold there too (summit-diplomacy: a summit named in the lead
  is often only the occasion or the timing of another story);
- a topic's ``lead_excludes`` cue sets rule it out when one is the article's context: in the title or lead and
  in at least ``min_sentences`` places (a weather report naming Dokdo), not one word ("arrest the slide");
- a topic's ``body_min_weight``: without title or lead evidence, one sentence must reach this weight; the topic's
  weaker words alone are background there ("military sites" she visited, in a story about a leader's daughter);
- a topic's ``context_needs`` maps a cue set to another: where the first is the article's subject (in the title or
  its ``OPENING_SENTENCES``), the topic applies only if the second occurs somewhere in the article (a chief
  executive's New Year message is economic news only with figures in it: an amount or a percentage; a message
  quoted deep in another story does not count);
- a topic's ``dominant_share``: when at least this share of the article's sentences are evidence for the topic (and
  at least ``DOMINANT_SENTENCES`` of them; a sentence naming one of its ``lead_excludes`` cues does not count: "named
  a successor" is the appointment, not the topic), the topic is what the article is about, and neither a
  ``lead_excludes`` cue nor a ``context_needs`` pair rules it out (a New Year address on export support whose every
  sentence is about trade; an editorial on a nominee that spends most of its paragraphs on the national debt);
- a topic's ``closing_share``: without title or lead evidence, a topic whose first evidence sentence lies past this
  share of the article's sentences is a closing aside, not the story (an airline's bankruptcy fears in the last
  paragraphs of a story about a blogger it fired).

English articles are read in full, except their wire dateline ("SEOUL, Dec. 30 (Yonhap) --": where the story was
filed, not what it is about; no phrase in it counts). A table or list with no language of its own (``und``:
numbers and names, such as a bond-yield table) is decided on its title alone; other languages get no topics.

Phrases are matched with spaCy's ``PhraseMatcher`` on lemmas (``build_dataset.annotate.topics.phrases``): "export
control" also matches "export controls"; a phrase word in capitals is an acronym matched case-sensitively.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from build_dataset.annotate.kind import reads_page_structure
from build_dataset.annotate.sources import parse_dateline
from build_dataset.annotate.spacy_parse import load_nlp
from build_dataset.annotate.topics.phrases import Hit, Lexicon, Phrasebook, Sentence, phrase_words
from build_dataset.core.article import Article
from build_dataset.core.options import read_yaml
from build_dataset.core.settings import DEFAULT_MODEL
from build_dataset.core.steps import Annotator
from build_dataset.schema import DEFAULT_TAXONOMY

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from build_dataset.core.settings import Settings

# Defaults of the decision rule; a taxonomy's `decision:` block overrides them (the shipped one repeats them).
# Tuned by benchmarks/topics_tune.py on the TUNE half of benchmarks/topics_real only (92 real Naver/BBC articles;
# micro-F1 0.965 there, taxonomy 2.1.0); the report half, the seeds and the dev set were not used. Ties in the grid
# went to the point nearest the constants before (threshold 0.5, title x2, no lead weight, reference 30); with
# taxonomy 2.1.0 the grid is flat around these values and they were kept. Re-run on the tune half grown to 262
# articles (taxonomy 2.2.0, micro-F1 0.911): still flat (lead weight 1.5 one label pair better), kept; and with
# taxonomy 2.3.0 (micro-F1 0.943): flat, kept; and with taxonomy 2.4.0 on all 400 labelled articles (the tune set
# once the first draw's report half joined it; micro-F1 0.942): still the best point, kept; and with taxonomy 2.5.0 on
# all 520 (the fifth draw joined; micro-F1 0.945): flat (title weight 2.5 one label better), kept; and with taxonomy
# 2.6.0 on all 670 (the sixth draw joined; micro-F1 0.943): flat (the same label), kept.
DEFAULT_DECISION = {
    "threshold": 0.6,  # tuned
    "saturation": 2.0,  # not tuned: only rescales the threshold
    "title_weight": 2.0,  # tuned (flat on the tune half, kept)
    "lead_weight": 2.0,  # tuned
    "lead_sentences": 1,  # tuned
    # the news articles we target run 10-30 sentences; longer ones are scaled down to this density (tuned, kept)
    "reference_sentences": 30,
    # the rule, not a tuned constant: without title or lead evidence, two distinct sentences at least
    "min_sentences": 2,
}
# The taxonomy's scale: a phrase of this weight says a sentence is about the topic. In the title or lead it is the
# article's context, and a topic's `lead_threshold` applies instead of its threshold.
FULL_WEIGHT = 1.0
# The opening of a story, where its subject is named: the title and the first two sentences (not one: a photo
# caption glued to the lead, or a one-line summary before it, pushes the lead's subject into the second sentence).
OPENING_SENTENCES = 2
# A topic that dominates an article (a topic's `dominant_share`) fills at least this many sentences. Not tuned on the
# corpora: on draws 1-7 of benchmarks/topics_real no article moves for any value from 2 to 4. Set so that a short
# story opened by an exclusion cue, with the topic's words in two or three sentences (the hand-written cases of the
# labelling rules in tests/test_topics_rules.py: a data leak with a share price, a New Year message, an appointment
# with last year's profit), stays excluded.
DOMINANT_SENTENCES = 4
TOPIC_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SCORE_DIGITS = 4


# ------------------------------------------------------------------------------------------------- the taxonomy


def _fail(message: str) -> None:
    raise ValueError(f"bad taxonomy: {message}")


def _check_phrase(where: str, phrase: Any) -> bool:
    if isinstance(phrase, str) and "*" in phrase:
        _fail(f"{where}: {phrase!r} has a wildcard; list the words instead (phrases match on lemmas)")
    return isinstance(phrase, str) and bool(phrase_words(phrase))


def _check_phrases(where: str, phrases: Any) -> None:
    if not isinstance(phrases, list) or not all(_check_phrase(where, p) for p in phrases):
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


# The optional `benchmark:` block of a taxonomy: its held-out figure, which a card shows labelled as a benchmark.
BENCHMARK_KEYS = {"set", "step", "articles", "labels", "micro_precision", "micro_recall", "micro_f1"}


def _check_benchmark(benchmark: Any) -> None:
    if not isinstance(benchmark, dict) or set(benchmark) != BENCHMARK_KEYS:
        _fail(f"`benchmark` must be a mapping with the keys {sorted(BENCHMARK_KEYS)}")
    for key in ("micro_precision", "micro_recall", "micro_f1"):
        value = benchmark[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            _fail(f"benchmark.{key} must be a number from 0 to 1, got {value!r}")


def _check_clause(where: str, clause: Any, cue_names: set[str]) -> None:
    if not isinstance(clause, dict) or not (clause.get("terms") or clause.get("requires")):
        _fail(f"{where} needs `terms` (phrase: weight) and/or `requires` (cue names)")
    unknown = set(clause) - {"terms", "unless", "requires", "excludes"}
    if unknown:
        _fail(f"{where} has unknown keys {sorted(unknown)} (allowed: terms, unless, requires, excludes)")
    _check_phrases(f"{where} unless", clause.get("unless", []))
    terms = clause.get("terms", {})
    if not isinstance(terms, dict) or not all(
        _check_phrase(where, p) and isinstance(w, int | float) and not isinstance(w, bool) and w > 0
        for p, w in terms.items()
    ):
        _fail(f"{where} terms must map non-empty phrases to positive weights")
    for key in ("requires", "excludes"):
        _check_cue_names(f"{where} {key}", clause.get(key, []), cue_names)


def _check_cue_names(where: str, items: Any, cue_names: set[str]) -> None:
    if not isinstance(items, list):
        _fail(f"{where} must be a list of cue names")
    names = [n for item in items for n in (item if isinstance(item, list) else [item])]
    if not all(isinstance(n, str) for n in names):
        _fail(f"{where} must list cue names (or lists of cue names, any of which will do)")
    missing = [n for n in names if n not in cue_names]
    if missing:
        _fail(f"{where} names unknown cues {missing}; define them under `cues`")


def _check_context_needs(topic_id: str, needs: Any, cue_names: set[str]) -> None:
    if not isinstance(needs, dict) or not all(isinstance(v, str) for v in needs.values()):
        _fail(f"topic {topic_id!r} context_needs must map a cue name to the cue name it needs")
    _check_cue_names(f"topic {topic_id!r} context_needs", [*needs, *needs.values()], cue_names)


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
    if "benchmark" in taxonomy:
        _check_benchmark(taxonomy["benchmark"])
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
        for key in ("threshold", "lead_threshold", "dominant_share", "closing_share"):
            if key in topic:
                _check_fraction(f"topic {topic_id!r} {key}", topic[key])
        weight = topic.get("body_min_weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            _fail(f"topic {topic_id!r} body_min_weight must be a positive number, got {weight!r}")
        _check_cue_names(f"topic {topic_id!r} lead_excludes", topic.get("lead_excludes", []), set(cues))
        _check_context_needs(topic_id, topic.get("context_needs", {}), set(cues))
        _check_evidence(topic_id, topic.get("evidence"), set(cues))
    return taxonomy


def load_taxonomy(path: Path = DEFAULT_TAXONOMY) -> dict:
    """Read and validate a taxonomy YAML file; ValueError names the problem."""
    with open(path, encoding="utf-8") as handle:
        try:
            taxonomy = read_yaml(handle.read())
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
    position: int = 0  # 0 for the title, n for the n-th sentence of the text


@dataclass
class TopicEvidence:
    """What an article holds for one topic: the sentences that count, and per ``lead_excludes`` cue set the
    positions (0 = title) where it occurs."""

    sentences: list[SentenceEvidence]
    excluders: dict[str, list[int]] = field(default_factory=dict)
    # per ``context_needs`` pair "cue without needed": True when the cue is in the title or opening sentences and the
    # needed cue is nowhere in the article
    unmet: dict[str, bool] = field(default_factory=dict)


@dataclass
class TopicDecision:
    topic: str
    score: float
    threshold: float
    mass: float
    evidence: list[SentenceEvidence] = field(default_factory=list)
    # evidence in topical context: in the title or lead, or in `min_sentences` distinct sentences
    in_context: bool = False
    excluded_by: str | None = None  # a lead_excludes cue set in the title or lead, or "cue without needed cue"

    @property
    def applies(self) -> bool:
        return self.in_context and self.score >= self.threshold


@dataclass(frozen=True)
class Clause:
    """One way a sentence can be evidence: terms (not inside an ``unless`` phrase), cue sets required together
    (each any-of) and cue sets that veto the sentence."""

    terms: Lexicon | None
    requires: tuple[tuple[str, ...], ...]
    excludes: tuple[str, ...]
    # match ids a sentence holds one of whenever the clause weighs it: its terms', else its first required cue set's
    triggers: frozenset[str] = frozenset()

    @classmethod
    def from_yaml(cls, clause: dict, book: Phrasebook, cues: dict[str, Lexicon]) -> Clause:
        requires = tuple(tuple(item) if isinstance(item, list) else (item,) for item in clause.get("requires", []))
        terms = clause.get("terms")
        lexicon = Lexicon(book, terms, clause.get("unless", [])) if terms else None
        triggers = lexicon.keys if lexicon else frozenset().union(*(cues[n].keys for n in requires[0]))
        return cls(lexicon, requires, tuple(clause.get("excludes", [])), triggers)

    def weigh(self, sentence: Sentence, cues: dict[str, list[Hit]]) -> tuple[float, list[str], list[str]]:
        """(weight, matched terms, matched cues) of a sentence under this clause."""
        if self.triggers.isdisjoint(sentence.spans):
            return 0.0, [], []  # most sentences for most clauses
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
    threshold: float | None  # the topic's own threshold, else the decision's
    lead_excludes: tuple[str, ...] = ()  # cue sets that, in the title or lead, rule the topic out
    body_min_weight: float = 0.0  # without title or lead evidence, the weight one sentence must reach
    lead_threshold: float | None = None  # the threshold with a full-weight term in the title or lead
    context_needs: tuple[tuple[str, str], ...] = ()  # (cue, needed cue): where the first opens, the second must occur
    dominant_share: float | None = None  # this share of the sentences as evidence: no exclusion applies
    closing_share: float | None = None  # body evidence starting past this share of the sentences: a closing aside

    @property
    def triggers(self) -> frozenset[str]:
        """Match ids a sentence holds one of whenever the topic weighs it."""
        return frozenset().union(*(clause.triggers for clause in self.clauses))

    def weigh(self, part: tuple[int, str, Sentence], cues: dict[str, list[Hit]]) -> SentenceEvidence | None:
        """What the sentence contributes to the topic; None when it weighs nothing."""
        position, where, sentence = part
        best = max((c.weigh(sentence, cues) for c in self.clauses), key=lambda found: found[0])
        return SentenceEvidence(where, sentence.text, *best, position=position) if best[0] > 0 else None


def _cue_lexicon(book: Phrasebook, cue: Any) -> Lexicon:
    if isinstance(cue, dict):
        return Lexicon(book, dict.fromkeys(cue["phrases"], 1.0), cue.get("unless", []))
    return Lexicon(book, dict.fromkeys(cue, 1.0))


def taxonomy_phrases(taxonomy: dict) -> list[str]:
    """Every phrase of a taxonomy: cue phrases, terms and unless-phrases."""
    found = []
    for cue in taxonomy.get("cues", {}).values():
        found += [*cue.get("phrases", []), *cue.get("unless", [])] if isinstance(cue, dict) else list(cue)
    for topic in taxonomy["topics"]:
        for clause in topic["evidence"] if isinstance(topic["evidence"], list) else [topic["evidence"]]:
            found += [*clause.get("terms", {}), *clause.get("unless", [])]
    return found


def dateline_span(text: str) -> tuple[int, int] | None:
    """(start, end) of the wire dateline opening the text ("SEOUL, Dec. 30 (Yonhap) --", "WASHINGTON (Reuters) -",
    "TOKYO --"), read by ``annotate.sources.parse_dateline``: where a story was filed and who sent it, not what it
    is about. Only a dateline with a credit, a date or a place in capitals counts; a lead opening "Japan: ..." or
    "North Korea - ..." is prose."""
    dateline = parse_dateline(text)
    if dateline is None or not (dateline.credit or dateline.monthday or dateline.place.isupper()):
        return None
    start = text.find(dateline.text)
    return None if start < 0 else (start, start + len(dateline.text))


def _emphasis(position: int, decision: dict) -> float:
    if position == 0:
        return decision["title_weight"]
    return decision["lead_weight"] if position <= decision["lead_sentences"] else 1.0


def excludes(positions: list[int], decision: dict) -> bool:
    """A ``lead_excludes`` cue rules a topic out when it is the article's context: in the title or lead, and in
    ``min_sentences`` distinct places (a forecast, a trial), not one word ("arrest the won's slide")."""
    in_lead = bool(positions) and positions[0] <= decision["lead_sentences"]
    return in_lead and len(positions) >= decision["min_sentences"]


def dominates(rule: TopicRule, found: TopicEvidence, sentence_count: int, decision: dict) -> bool:
    """The topic's evidence is in at least ``rule.dominant_share`` of the article's sentences (and in
    ``DOMINANT_SENTENCES`` at least), not counting the sentences that name one of its ``lead_excludes`` cues: the
    article is about the topic, whatever else its opening names."""
    if rule.dominant_share is None:
        return False
    excluding = {at for positions in found.excluders.values() for at in positions}
    sentences = {e.position for e in found.sentences if e.position > 0} - excluding
    if len(sentences) < max(DOMINANT_SENTENCES, decision["min_sentences"]):
        return False
    return len(sentences) / max(1, sentence_count) >= rule.dominant_share


def decide(rule: TopicRule, found: TopicEvidence, sentence_count: int, decision: dict) -> TopicDecision:
    """The decision rule of the module docstring over one topic's evidence."""
    evidence = found.sentences
    density = min(1.0, decision["reference_sentences"] / max(1, sentence_count))
    mass = sum(e.weight * _emphasis(e.position, decision) for e in evidence) * density
    score = round(1.0 - math.exp(-mass / decision["saturation"]), SCORE_DIGITS)
    sentences = {e.position for e in evidence if e.position > 0}
    in_lead = any(e.position <= decision["lead_sentences"] for e in evidence)
    strong = any(e.weight >= rule.body_min_weight for e in evidence)
    closing = bool(sentences) and rule.closing_share is not None
    closing = closing and min(sentences) > rule.closing_share * sentence_count
    in_context = in_lead or (len(sentences) >= decision["min_sentences"] and strong and not closing)
    excluded = next((name for name, at in found.excluders.items() if excludes(at, decision)), None)
    excluded = excluded or next((pair for pair, unmet in found.unmet.items() if unmet), None)
    if excluded and dominates(rule, found, sentence_count, decision):
        excluded = None
    threshold = decision["threshold"] if rule.threshold is None else rule.threshold
    if rule.lead_threshold is not None and any(
        e.position <= decision["lead_sentences"] and e.weight >= FULL_WEIGHT for e in evidence
    ):
        threshold = rule.lead_threshold
    return TopicDecision(
        rule.id, score, threshold, mass, evidence, in_context and not excluded, excluded
    )


def _spans(doc: Doc, text: str) -> bool:
    """Whether the parse covers ``text`` to its last character (as the parse of that text does)."""
    return doc[-1].idx + len(doc[-1].text_with_ws) == len(text) if len(doc) else not text


def _optional_float(topic: dict, key: str) -> float | None:
    value = topic.get(key)
    return None if value is None else float(value)


class TopicScorer:
    """The taxonomy compiled for matching with a spaCy pipeline's vocabulary and lemmatizer; ``score`` applies
    the decision rule of the module docstring."""

    def __init__(self, taxonomy: dict, nlp: Language) -> None:
        validate_taxonomy(taxonomy)
        self.nlp = nlp
        self.decision = {**DEFAULT_DECISION, **taxonomy.get("decision", {})}
        self.book = Phrasebook(nlp)
        self.book.add(taxonomy_phrases(taxonomy))  # all at once: one pass of the pipeline
        self.cues = {name: _cue_lexicon(self.book, cue) for name, cue in taxonomy.get("cues", {}).items()}
        self.rules = [self._rule(t) for t in taxonomy["topics"]]
        self.triggers = [rule.triggers for rule in self.rules]

    def _rule(self, topic: dict) -> TopicRule:
        evidence = topic["evidence"] if isinstance(topic["evidence"], list) else [topic["evidence"]]
        clauses = tuple(Clause.from_yaml(c, self.book, self.cues) for c in evidence)
        excludes = tuple(topic.get("lead_excludes", []))
        needs = tuple(topic.get("context_needs", {}).items())
        body_min = float(topic.get("body_min_weight", 0.0))
        threshold, lead, dominant, closing = (
            _optional_float(topic, key) for key in ("threshold", "lead_threshold", "dominant_share", "closing_share")
        )
        return TopicRule(topic["id"], clauses, threshold, excludes, body_min, lead, needs, dominant, closing)

    @property
    def topic_ids(self) -> list[str]:
        return [r.id for r in self.rules]

    def read(
        self, title: str | None, text: str | Doc, parsed_from: str | None = None
    ) -> tuple[Sentence | None, list[Sentence]]:
        """The title (None when there is none) and the sentences of the text (a parse, or parsed here), matched;
        the text's wire dateline is not read (``dateline_span``). ``parsed_from``: the string a given parse was
        made from, read for the dateline instead of joining the parse's tokens again."""
        doc = self.nlp(text) if isinstance(text, str) else text
        heading = self.book.title(title, doc) if title and title.strip() else None
        plain = parsed_from if parsed_from is not None and _spans(doc, parsed_from) else doc.text
        return heading, self.book.sentences(doc, dateline_span(plain), plain)

    def read_article(self, article: Article) -> tuple[Sentence | None, list[Sentence]] | None:
        """What is read of an article: its title and sentences when it is English; its title alone when it is a
        table or list with no language of its own (numbers and names: the title is its one line of prose);
        None for other languages."""
        if article.is_english:
            return self.read(article.title, article.work.doc or article.text, article.text)
        if article.title and reads_page_structure(article):
            return self.book.title(article.title), []
        return None

    def evidence(self, title: Sentence | None, sentences: list[Sentence]) -> list[TopicEvidence]:
        """Per topic (taxonomy order), the sentences that count towards it."""
        parts = [(0, "title", title)] if title is not None else []
        parts += [(i, f"s{i}", s) for i, s in enumerate(sentences, start=1) if s.spans]
        cue_hits = [{name: lex.find(s) for name, lex in self.cues.items()} for _, _, s in parts]
        found = []
        for rule, triggers in zip(self.rules, self.triggers):
            weighed = [
                e for part, cues in zip(parts, cue_hits)
                if not triggers.isdisjoint(part[2].spans) and (e := rule.weigh(part, cues)) is not None
            ]  # fmt: skip
            excluders = {n: [part[0] for part, cues in zip(parts, cue_hits) if cues[n]] for n in rule.lead_excludes}
            opening = [c for part, c in zip(parts, cue_hits) if part[0] <= OPENING_SENTENCES]
            unmet = {
                f"{cue} without {needed}": any(c[cue] for c in opening) and not any(c[needed] for c in cue_hits)
                for cue, needed in rule.context_needs
            }
            found.append(TopicEvidence(weighed, excluders, unmet))
        return found

    def score(self, title: Sentence | None, sentences: list[Sentence]) -> list[TopicDecision]:
        """One decision per taxonomy topic, in taxonomy order."""
        found = self.evidence(title, sentences)
        return [decide(rule, e, len(sentences), self.decision) for rule, e in zip(self.rules, found)]

    def score_text(self, title: str | None, text: str | Doc) -> list[TopicDecision]:
        return self.score(*self.read(title, text))


def evidence_lines(decision: TopicDecision) -> Iterator[str]:
    """Compact evidence for ``Work.evidence``: where and which terms, e.g. ``s3: export control``."""
    for e in decision.evidence:
        yield f"{e.where}: {', '.join(e.terms or e.cues)}"


class TopicAnnotator(Annotator):
    """Sets ``topics`` (taxonomy order), ``topic_scores`` (every topic) and ``evidence['topic:<id>']``."""

    name = "topics_v10"

    def __init__(self, taxonomy: dict, model: str = DEFAULT_MODEL) -> None:
        super().__init__()
        self.taxonomy = validate_taxonomy(taxonomy)
        self.model = model
        self.topic_ids = [t["id"] for t in taxonomy["topics"]]
        self._scorer: TopicScorer | None = None

    @property
    def scorer(self) -> TopicScorer:
        """Compiled on first use, in the process that annotates (a worker), with the parse's pipeline."""
        if self._scorer is None:
            self._scorer = TopicScorer(self.taxonomy, load_nlp(self.model))
        return self._scorer

    def warm_up(self) -> None:
        self._scorer = self.scorer

    @classmethod
    def from_settings(cls, settings: Settings, taxonomy: dict) -> TopicAnnotator:
        return cls(taxonomy, settings.spacy_model)

    def annotate(self, article: Article) -> None:
        article.topic_scores = dict.fromkeys(self.topic_ids, 0.0)
        article.topics = []
        reading = self.scorer.read_article(article)
        if reading is None:
            self.stats["skipped_not_english"] += 1
            return
        for decision in self.scorer.score(*reading):
            article.topic_scores[decision.topic] = decision.score
            if decision.evidence:
                article.work.evidence[f"topic:{decision.topic}"] = list(evidence_lines(decision))
            if decision.applies:
                article.topics.append(decision.topic)
                self.stats[f"topic_{decision.topic}"] += 1
        if not article.topics:
            self.stats["no_topic"] += 1
