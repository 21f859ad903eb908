"""Topics from the taxonomy: phrase matching and the explainable multi-label classifier."""
