"""The features the writer embeds and the card lists are ``datasets``' own, whichever process derived them."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from datasets import Features

from build_dataset.publish import hf_features
from build_dataset.publish.parquet import write_parquet

SCHEMAS = [
    *hf_features.written_schemas(),
    pa.schema([("id", pa.string()), ("tags", pa.list_(pa.string())), ("score", pa.float32())]),  # none of the three
]


@pytest.fixture
def nothing_known(monkeypatch):
    monkeypatch.setattr(hf_features, "_known", {})
    monkeypatch.setattr(hf_features, "_pending", [])


@pytest.mark.parametrize("schema", SCHEMAS)
def test_the_features_of_a_schema_are_those_datasets_derives(nothing_known, schema):
    features = Features.from_arrow_schema(schema)
    assert hf_features.of(schema) == (features.to_dict(), features._to_yaml_list())


@pytest.mark.parametrize("schema", SCHEMAS)
def test_the_card_lists_the_features_a_written_file_carries(nothing_known, tmp_path, schema):
    write_parquet(schema.empty_table(), tmp_path / "t.parquet")
    read_back = pq.read_schema(tmp_path / "t.parquet")
    assert hf_features.yaml_list(read_back) == Features.from_arrow_schema(read_back)._to_yaml_list()


def test_features_derived_elsewhere_are_taken_not_derived_again(nothing_known, monkeypatch):
    elsewhere = hf_features.derived()
    hf_features._pending.append(lambda: elsewhere)
    monkeypatch.setattr(hf_features, "derive", lambda schema: pytest.fail("derived again"))
    assert [hf_features.of(schema) for schema in hf_features.written_schemas()] == [f for _, f in elsewhere]
    assert not hf_features._pending


def test_features_are_asked_of_the_side_process_once_until_taken(nothing_known, monkeypatch):
    from build_dataset.publish import side_process

    asked = []
    monkeypatch.setattr(side_process, "later", lambda function: asked.append(function) or function)
    hf_features.derive_beside()
    hf_features.derive_beside()
    assert asked == [hf_features.derived]
    hf_features.of(hf_features.written_schemas()[0])
    hf_features.derive_beside()  # every written schema known now: nothing to ask
    assert asked == [hf_features.derived]
