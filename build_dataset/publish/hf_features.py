"""The Hugging Face ``Features`` of the tables a build writes, as ``datasets`` derives them from their Arrow schemas
(``Features.from_arrow_schema``): the dict embedded in each Parquet file and the list in the card's YAML header.

Importing ``datasets`` costs ~1 s of CPU, and the schemas of the tables written (``written_schemas``) come from
``schema/``, not from the data. So the side process derives their features (``derived``) as soon as it has started,
while the driver runs the corpus steps (``derive_beside``), and the writer takes them from it; a schema not among
them is derived in this process when asked (``of``). The features are the same whichever process derived them.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pyarrow as pa

_known: dict[bytes, tuple[dict, list]] = {}
_pending: list[Callable[[], list]] = []  # results of ``derived`` still to come from the side process


def _key(schema: pa.Schema) -> bytes:
    return schema.remove_metadata().serialize().to_pybytes()


def derive(schema: pa.Schema) -> tuple[dict, list]:
    """``schema``'s features as a dict (``Features.to_dict``) and as the card's YAML list."""
    from datasets import Features

    features = Features.from_arrow_schema(schema.remove_metadata())
    return features.to_dict(), features._to_yaml_list()


def written_schemas() -> list[pa.Schema]:
    """The schemas of the articles, officials and rejects tables."""
    from build_dataset.publish.parquet import OFFICIALS_SCHEMA, REJECTS_SCHEMA
    from build_dataset.schema.arrow import arrow_schema

    return [arrow_schema(), OFFICIALS_SCHEMA, REJECTS_SCHEMA]


def derived() -> list[tuple[bytes, tuple[dict, list]]]:
    """Each written schema's key and features (a job for the side process)."""
    return [(_key(schema), derive(schema)) for schema in written_schemas()]


def derive_beside() -> None:
    """Have the side process derive the written schemas' features now (``side_process.later``: in this process,
    when first asked, if there is none); once, until they are taken."""
    from build_dataset.publish import side_process

    if not _pending and not all(_key(schema) in _known for schema in written_schemas()):
        _pending.append(side_process.later(derived))


def _collect() -> None:
    while _pending:
        _known.update(_pending.pop()())


def of(schema: pa.Schema) -> tuple[dict, list]:
    """``derive(schema)``, derived once per schema."""
    _collect()
    key = _key(schema)
    if key not in _known:
        _known[key] = derive(schema)
    return _known[key]


def yaml_list(schema: pa.Schema) -> list:
    """The card's YAML list of a written file's features (``schema``, read back from the file): the list of the
    features the writer embedded in it, as ``Features.from_arrow_schema`` reads them."""
    _collect()
    embedded = json.loads((schema.metadata or {}).get(b"huggingface", b"{}")).get("info", {}).get("features")
    for as_dict, as_yaml in _known.values():
        if embedded is not None and as_dict == embedded:
            return as_yaml
    from datasets import Features

    return Features.from_arrow_schema(schema)._to_yaml_list()
