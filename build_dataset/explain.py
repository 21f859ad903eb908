"""``build-dataset explain ID``: why a row has its topics (scores, decision, matched sentences) and officials.

The topic evidence is recomputed from the row's title and text with the same classifier the build ran
(``build_dataset.annotate.topics.annotator``), under the taxonomy given with ``--taxonomy``; the scores stored in the
row are shown next to the recomputed ones, so a build made with another taxonomy shows up as a difference.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import polars as pl
import spacy
from spacy.language import Language

from build_dataset.annotate.spacy_parse import DEFAULT_MODEL, ModelNotInstalledError, load_nlp
from build_dataset.annotate.topics.annotator import TopicDecision, TopicScorer, load_taxonomy
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


def pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The build's spaCy pipeline, or a blank English one (no lemmas: phrases then match word forms only)
    when the model is missing."""
    try:
        return load_nlp(model)
    except ModelNotInstalledError:
        blank = spacy.blank("en")
        blank.add_pipe("sentencizer")
        return blank


def _stored_scores(row: dict) -> dict[str, float]:
    return {item["topic"]: item["score"] for item in row.get("topic_scores") or []}


def _decision_table(decisions: list[TopicDecision], row: dict) -> list[str]:
    stored = _stored_scores(row)
    stored_topics = set(row.get("topics") or [])
    width = max(len("topic"), *(len(d.topic) for d in decisions))
    lines = [f"{'topic':<{width}}  score  threshold  mass   context  applies  stored"]
    for d in decisions:
        was = stored.get(d.topic)
        mark = "" if was is None or abs(was - d.score) <= SCORE_TOLERANCE else "  (differs)"
        kept = "yes" if d.topic in stored_topics else "no"
        was_text = "-" if was is None else f"{kept} {was:.3f}"
        context = "yes" if d.in_context else f"no ({d.excluded_by})" if d.excluded_by else "no"
        applies = "yes" if d.applies else "no"
        lines.append(
            f"{d.topic:<{width}}  {d.score:.3f}  {d.threshold:<9.2f}  {d.mass:<5.2f}  {context:<7}  {applies:<7}"
            f"  {was_text}{mark}"
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
        f" (title x{d['title_weight']}, first {d['lead_sentences']} sentence(s) x{d['lead_weight']})"
        f" scaled by min(1, {d['reference_sentences']} / {sentence_count} sentences);"
        f" a topic applies when score >= threshold and its evidence is in context (title, lead,"
        f" or {d['min_sentences']}+ sentences)"
    )


def explain_row(row: dict, taxonomy: dict, taxonomy_path: Path) -> str:
    header = [
        f"article {row['id']}  {row['source_file']}",
        f"title: {row.get('title')}",
        f"taxonomy: {taxonomy.get('name', '?')} v{taxonomy['version']} ({taxonomy_path})",
    ]
    if row.get("language") != "en":
        note = f"language {row.get('language')!r}: not English, so no topics"
        return "\n".join([*header, note, *_officials_lines(row)])
    scorer = TopicScorer(taxonomy, pipeline())
    title, sentences = scorer.read(row.get("title"), row["text"])
    decisions = scorer.score(title, sentences)
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
