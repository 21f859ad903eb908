"""Thresholds of the duplicate-group step (``dedup_v3``), declared in ``resources/options.yaml`` (``build-dataset
options`` lists them): the stages of ``dedup/`` read them from the ``DedupOptions`` the step hands down.

Tuning sets named below: bbc_dupsynth (synthetic copies of BBC articles: reposts, trimmed, OCR and
machine-translated copies; dev and test splits), the Naver tuning pairs (real same-story and same-event pairs
of Korean outlets' English pages), the seeds and the 30 dev pages.
"""

from __future__ import annotations

from build_dataset.core.options import declare

DedupOptions = declare("dedup", "DedupOptions", __name__)
DEDUP_DEFAULTS = DedupOptions()
