"""Thresholds of the cleaning steps (``clean_v2`` and ``not_article_v2``): page split, reflow and wire furniture,
declared in ``resources/options.yaml`` (``build-dataset options`` lists them)."""

from __future__ import annotations

from build_dataset.core.options import declare

CleanOptions = declare("clean", "CleanOptions", __name__)
CLEAN_DEFAULTS = CleanOptions()
