"""The rejects table: columns from ``schema/rejects.py``, each read from its record field, validated."""

import pyarrow.parquet as pq
import pytest

from build_dataset.core.article import Article
from build_dataset.core.errors import ValidationFailed
from build_dataset.publish.parquet import write_rejects
from build_dataset.publish.validate_rows import reject_rows
from build_dataset.schema.arrow import arrow_schema
from build_dataset.schema.rejects import RejectSchema


def _reject(reason="too_short", detail="12 words", size=90, article_id="0123456789abcdef"):
    article = Article(id=article_id, source_file="pages/a.txt", raw_bytes=size)
    return article.reject(reason, detail)


def test_each_column_is_read_from_its_record_field():
    (row,) = reject_rows([_reject()])
    assert row == {"source_file": "pages/a.txt", "id": "0123456789abcdef", "reason": "too_short",
                   "detail": "12 words", "bytes": 90}


@pytest.mark.parametrize(
    "bad",
    [
        {"reason": "Too Short"},  # a reason is a step's snake_case name
        {"size": -1},
        {"article_id": "not-an-id"},
    ],
)
def test_a_malformed_reject_fails_validation(bad):
    with pytest.raises(ValidationFailed):
        reject_rows([_reject(**bad)])


def test_the_written_table_has_the_schema_derived_from_the_model(tmp_path):
    write_rejects(reject_rows([_reject(), _reject(article_id="fedcba9876543210")]), tmp_path)
    table = pq.read_table(tmp_path / "rejects.parquet")
    assert table.schema.names == list(RejectSchema.to_schema().columns)
    assert table.schema.equals(arrow_schema(RejectSchema))
    assert table.num_rows == 2


def test_no_rejects_still_writes_an_empty_table(tmp_path):
    write_rejects(reject_rows([]), tmp_path)
    assert pq.read_table(tmp_path / "rejects.parquet").num_rows == 0
