"""Column definitions, checks and the topic taxonomy: the single source of truth for the output."""

from schema.articles import ArticleSchema

__all__ = ["ArticleSchema"]
