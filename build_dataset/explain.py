"""``build-dataset explain ID``: why a row has its topics (scores, decision, matched sentences) and officials.

The topic evidence is recomputed from the row's title and text with the same classifier the build ran
(``build_dataset.annotate.topics.annotator``), under the taxonomy given with ``--taxonomy``; the scores stored in the
row are shown next to the recomputed ones, so a build made with another taxonomy shows up as a difference.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import polars as pl

from build_dataset.annotate.spacy_parse import DEFAULT_MODEL, ModelNotInstalledError, load_nlp
from build_dataset.annotate.topics.annotator import TopicDecision, TopicScorer, load_taxonomy
from build_dataset.annotate.topics.phrases import Sentence, sentence_from_text, sentence_from_tokens, split_sentences
from build_dataset.core.errors import ConfigError

MAX_SENTENCE_CHARS = 300
SCORE_TOLERANCE = 1e-3  # stored scores are float32


def find_row(data: Path, article_id: str) -> dict:
    files = sorted((data / "articles").glob("*.parquet"))
    if not files:
        raise ConfigError(f"no articles/*.parquet under {data}; build the dataset first or pass --data DIR")
    frame = pl.concat([pl.read_parquet(p) for p in files])
    hits = frame.filter(pl.col("id").str.starts_with(article_id))
    if hits.height != 1:
        raise ConfigError(f"{hits.height} articles match id {article_id!r} in {data}")
    return hits.row(0, named=True)


def row_sentences(text: str, model: str = DEFAULT_MODEL) -> list[Sentence]:
    """The row's sentences as the build saw them (spaCy), or a rule-based split when the model is missing."""
    try:
        nlp = load_nlp(model)
    except ModelNotInstalledError:
        return [sentence_from_text(s) for s in split_sentences(text)]
    return [sentence_from_tokens(s.text.strip(), s) for s in nlp(text).sents if s.text.strip()]


def _stored_scores(row: dict) -> dict[str, float]:
    return {item["topic"]: item["score"] for item in row.get("topic_scores") or []}


def _decision_table(decisions: list[TopicDecision], row: dict) -> list[str]:
    stored = _stored_scores(row)
    stored_topics = set(row.get("topics") or [])
    width = max(len("topic"), *(len(d.topic) for d in decisions))
    lines = [f"{'topic':<{width}}  score  threshold  mass   applies  stored"]
    for d in decisions:
        was = stored.get(d.topic)
        mark = "" if was is None or abs(was - d.score) <= SCORE_TOLERANCE else "  (differs)"
        kept = "yes" if d.topic in stored_topics else "no"
        was_text = "-" if was is None else f"{kept} {was:.3f}"
        applies = "yes" if d.applies else "no"
        lines.append(
            f"{d.topic:<{width}}  {d.score:.3f}  {d.threshold:<9.2f}  {d.mass:<5.2f}  {applies:<7}  {was_text}{mark}"
        )
    return lines


def _evidence_lines(decision: TopicDecision) -> list[str]:
    lines = [f"{decision.topic}: {len(decision.evidence)} sentence(s), mass {decision.mass:.2f}"]
    for e in decision.evidence:
        found = "; ".join(part for part in (", ".join(e.terms), ", ".join(e.cues)) if part)
        lines.append(f"  {e.where:<6} weight {e.weight:.1f}  {found}")
        lines.append(textwrap.indent(textwrap.shorten(e.text, MAX_SENTENCE_CHARS), "         "))
    return lines


def _officials_lines(row: dict) -> list[str]:
    officials = row.get("officials") or []
    if not officials:
        return ["officials: none"]
    lines = ["officials:"]
    for o in officials:
        details = ", ".join(x for x in (o.get("country"), o.get("role"), o.get("wikidata_id")) if x)
        lines.append(f"  {o['name']} ({details}) as {', '.join(o.get('mentions') or [])}")
        if o.get("evidence"):
            lines.append(f"    evidence: {o['evidence']}")
    return lines


def _rule_line(scorer: TopicScorer, sentence_count: int) -> str:
    d = scorer.decision
    return (
        f"rule: score = 1 - exp(-mass / {d['saturation']}), mass = sum of sentence weights"
        f" (title x{d['title_weight']}) scaled by min(1, {d['reference_sentences']} / {sentence_count} sentences);"
        " a topic applies when score >= threshold"
    )


def explain_row(row: dict, taxonomy: dict, taxonomy_path: Path) -> str:
    scorer = TopicScorer(taxonomy)
    header = [
        f"article {row['id']}  {row['source_file']}",
        f"title: {row.get('title')}",
        f"taxonomy: {taxonomy.get('name', '?')} v{taxonomy['version']} ({taxonomy_path})",
    ]
    if row.get("language") != "en":
        note = f"language {row.get('language')!r}: not English, so no topics"
        return "\n".join([*header, note, *_officials_lines(row)])
    sentences = row_sentences(row["text"])
    decisions = scorer.score(row.get("title"), sentences)
    evidence = [line for d in decisions if d.evidence for line in _evidence_lines(d)]
    parts = [
        *header,
        _rule_line(scorer, len(sentences)),
        "",
        *_decision_table(decisions, row),
        "",
        "evidence (sentences that count towards a topic):",
        *(evidence or ["  none"]),
        "",
        *_officials_lines(row),
    ]
    return "\n".join(parts)


def explain(data: Path, article_id: str, taxonomy_path: Path) -> str:
    try:
        taxonomy = load_taxonomy(taxonomy_path)
    except OSError as error:
        raise ConfigError(f"cannot read taxonomy {taxonomy_path}: {error}") from None
    return explain_row(find_row(data, article_id), taxonomy, taxonomy_path)
