"""Annotators: one module per field family, each a small versioned step."""
