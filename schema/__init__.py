"""Column definitions, checks and the topic taxonomy: the single source of truth for the output.

The folder is the ``schema/`` at the top of the repository; it is installed as ``build_dataset.schema``
(``package-dir`` in pyproject.toml), so it never collides with the ``schema`` package on PyPI.
"""

from pathlib import Path

__all__ = ["ArticleSchema", "DEFAULT_TAXONOMY"]

DEFAULT_TAXONOMY = Path(__file__).resolve().parent / "topics.yaml"


def __getattr__(name: str):
    # lazy, so light users (build_dataset.schema.limits in worker processes) do not import pandera and polars
    if name == "ArticleSchema":
        from build_dataset.schema.articles import ArticleSchema

        return ArticleSchema
    raise AttributeError(name)
