"""Thresholds of the duplicate-group step (``dedup_v3``), declared once for ``core.options`` (``build-dataset
options`` lists them): the stages of ``dedup/`` read them from the ``DedupOptions`` the step hands down.

Tuning sets named below: bbc_dupsynth (synthetic copies of BBC articles: reposts, trimmed, OCR and
machine-translated copies; dev and test splits), the Naver tuning pairs (real same-story and same-event pairs
of Korean outlets' English pages), the seeds and the 30 dev pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from build_dataset.core.options import tunable


@dataclass(frozen=True)
class DedupOptions:
    """Thresholds of the duplicate grouper (``units``, ``candidates``, ``furniture``, ``score``, ``relation``,
    ``cluster``, ``facts``)."""

    family: ClassVar[str] = "dedup"
    min_sentence_words: int = tunable(3, (
        "Units: sentences with fewer content words ('He said so.', 'Reuter') match almost anything, so they are "
        "not units; 3 keeps every sentence of the seeds and dev bodies that names who did what."))
    lsh_bands: int = tunable(8, (
        "Candidates: LSH bands of lsh_rows MinHash rows each. With 8 bands of 3 rows a pair of sentences whose "
        "word sets have Jaccard similarity s collides with probability 1 - (1 - s^3)^8, 50% at s = 0.45 and 95% at "
        "s = 0.68; on the cleaned bbc_dupsynth dev split 38.5k candidate pairs holding 2,255 of the 2,259 "
        "original-copy pairs."))
    lsh_rows: int = tunable(3, (
        "Candidates: MinHash rows per LSH band. 2 rows per band hold all of bbc_dupsynth dev's original-copy pairs "
        "at 4.5 times the candidates; the few that 3 rows miss are one-sentence copies the group joins via other "
        "copies."))
    max_bucket_docs: int = tunable(20, (
        "Candidates: an LSH bucket holding more articles is boilerplate or a formula; its members are linked only "
        "to their neighbours in id order. On Reuters (17k stories) 50 gave 604k candidate pairs and 20 gave 348k; "
        "the bbc_dupsynth dev ARI was the same (0.990 vs 0.989)."))
    furniture_min_docs: int = tunable(4, (
        "Furniture: a sentence in at least this many documents is a furniture candidate. Naver tuning pairs and "
        "bbc_dupsynth dev (benchmarks/dedup_benchmark.py --tune): 3, 4 and 5 gave the same pair precision and "
        "recall and dev ARIs within 0.001; 4 is the middle."))
    max_holder_similarity: float = tunable(0.25, (
        "Furniture: a candidate is furniture when its holders' mean pairwise TF-IDF cosine is under this. "
        "bbc_dupsynth dev: holders that are copies of one story 0.35 and more; repost boilerplate under different "
        "stories under 0.15; the Naver promo under KBS stories 0.1."))
    sentence_match: float = tunable(0.4, (
        "Score: share of the smaller sentence's idf weight two sentences must share to match. bbc_dupsynth dev "
        "ARI 0.987 / 0.991 / 0.992 at 0.35 / 0.4 / 0.45; on the seeds and dev pages the lowest copy pair scores "
        "0.79 / 0.76 / 0.66 against the highest different-story pair 0.62 / 0.40 / 0.29: 0.4 leaves the widest "
        "gap."))
    verbatim_match: float = tunable(0.8, (
        "Score: share two sentences must share to be the same sentence word for word (the verbatim covers). An "
        "independent write-up of one press release almost never matches verbatim (Naver tuning pairs: verbatim "
        "cover under 0.15 for every pair of outlets)."))
    in_order_match: float = tunable(0.5, (
        "Score: share two sentences must share to be aligned in the in-order share. At 0.4 / 0.5 / 0.6 two "
        "outlets' same-day write-ups of one story reach 0.44 / 0.40 / 0.27 (Naver tuning pairs), bbc_dupsynth dev "
        "machine translations keep 0.50 / 0.48 / 0.43 at their 5th percentile; 0.6 separated translated copies "
        "of the dev pages (dup pair recall 0.82), 0.5 keeps them."))
    cos_floor: float = tunable(0.1, (
        "Score: candidate pairs below this TF-IDF cosine are not aligned (score 0); with a loose cover under "
        "share_nothing they share nothing. On bbc_dupsynth dev 0.1 skips 51k of the 69k candidate pairs and no "
        "same-story pair (0.15 would lose one original-copy pair, 0.2 five)."))
    match_threshold: float = tunable(0.55, (
        "Relation and clustering: alignment score from which two articles carry the same story. bbc_dupsynth dev "
        "average linkage cut at 0.45 / 0.5 / 0.55 / 0.6: ARI 0.989 / 0.991 / 0.990 / 0.987; on the seeds and dev "
        "pages copies score 0.76-1.0 and the closest different articles about one event 0.40."))
    contained: float = tunable(0.8, (
        "Relation: one text held word for word by another has a loose cover of at least this (and a verbatim "
        "cover of verbatim_contained)."))
    verbatim_contained: float = tunable(0.9, (
        "Relation: a trimmed copy or an early take inside its update. Naver tuning pairs: follow-ups of another "
        "day that reuse background paragraphs reach 0.73 verbatim, a formula table of another day 0.64, while "
        "copies and early takes are at 0.82-1.0."))
    in_order_copy: float = tunable(0.45, (
        "Relation, two outlets: a copy not held word for word follows its original sentence by sentence (a "
        "translation). Naver tuning pairs: two outlets' write-ups of one story reach 0.40 in order; bbc_dupsynth "
        "dev machine translations 0.48 at their 5th percentile."))
    in_order_other_day: float = tunable(0.7, (
        "Relation, published on another day: the copy must follow its original as closely as three translations "
        "in four do (bbc_dupsynth dev 25th percentile: 0.73)."))
    verbatim_other_outlet: float = tunable(0.5, (
        "Relation, two outlets: a trimmed copy with some words changed is held at least this share verbatim "
        "(Naver tuning pairs: write-ups of one story 0.14; bbc_dupsynth dev trimmed copies 0.65)."))
    version_min: float = tunable(0.7, (
        "Relation, one outlet on the same day: an update carries most of its earlier take. Naver tuning pairs: "
        "versions 0.77 and more, the outlet's other same-day stories on the event 0.65 and less."))
    exact: float = tunable(0.95, "Relation: identical digests carry each other word for word, both ways.")
    share_nothing: float = tunable(0.2, (
        "Relation: pairs under this loose cover (either way) and under cos_floor share nothing and are never in "
        "one group. bbc_dupsynth dev ARI: 0.9915 without the rule, 0.9827 on the cover alone, 0.9912 / 0.9902 / "
        "0.9903 with a cosine of 0.1 / 0.15 / 0.2."))
    max_dense_component: int = tunable(1000, (
        "Clustering: every pair of a component is scored (quadratic); a larger component (formula notices: on "
        "the full Reuters corpus one holds ~1,100 announcements) is star-clustered from its candidate pairs."))
    contains_weight: float = tunable(0.25, (
        "Clustering: weight of 'contains the others' in the canonical key. bbc_dupsynth dev (at sentence_match "
        "0.5): the original picked in 71% of groups with 0, 80% with 0.25, 76% with 0.5; with the final settings "
        "0.25 picks it in 79% of dev groups and 75% of test groups."))
    opening_chars: int = tunable(300, (
        "Facts of a plain text: a version tag is looked for in its first characters (the slug and headline in "
        "front of the dateline); further in, a tag belongs to a quoted item."))
    flash_headline_match: float = tunable(0.67, (
        "Flashes: share of content words a flash's headline and a story's title have in common (of the longer "
        "one's). On the tune half of the Naver pair set (benchmarks/dedup_pairs) the flash-and-story version "
        "pairs score 0.71-1.0 and the one same-outlet, same-day pair labelled different 0.63."))
    flash_text_contained: float = tunable(0.7, (
        "Flashes: share of the flash headline's words found in the story's title and text. On the tune half of the "
        "Naver pair set the flash-and-story versions whose titles differ carry 0.73-0.83 of the flash's words; "
        "same-outlet, same-day stories the flash does not announce at most 0.56 (one labelled different carries "
        "0.83, but its flash's own story carries all of it and wins)."))


DEDUP_DEFAULTS = DedupOptions()
