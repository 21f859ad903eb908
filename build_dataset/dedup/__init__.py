"""Duplicate groups: content units per sentence, corpus index, LSH candidates, alignment scores, clustering."""
