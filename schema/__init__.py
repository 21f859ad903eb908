"""Column definitions, checks and the topic taxonomy: the single source of truth for the output."""

__all__ = ["ArticleSchema"]


def __getattr__(name: str):
    # lazy, so light users (schema.limits in worker processes) do not import pandera and polars
    if name == "ArticleSchema":
        from schema.articles import ArticleSchema

        return ArticleSchema
    raise AttributeError(name)
