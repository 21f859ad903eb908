"""Parquet and JSON outputs, written deterministically with explicit schemas.

Layout of an output folder (a split is ``train`` unless ``--splits`` says otherwise):
  articles/<split>-00000-of-00001.parquet   the articles table (schema from ``schema/``)
  officials/<split>-00000-of-00001.parquet  one row per official per article (the ``officials`` config)
  rejects.parquet                           inputs that are not rows, with a named reason
  stats.json                                counts per step and reason; the card and DATASHEET read it
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from build_dataset.publish import hf_features
from build_dataset.schema.arrow import SORT_KEY, arrow_schema
from build_dataset.schema.rejects import RejectSchema

# datasets' own house style caps row groups at 100 MB uncompressed (datasets/config.py MAX_ROW_GROUP_SIZE);
# the Hub viewer reads row groups of up to ~300 MB. One shard is at most MAX_SHARD_BYTES uncompressed.
MAX_ROW_GROUP_BYTES = 100 * 1024 * 1024
MAX_SHARD_BYTES = 500 * 1024 * 1024
# Rows turned into one Arrow table at a time when a split is written without holding all its rows (a few MB).
STREAM_CHUNK_ROWS = 2000
ZSTD_LEVEL = 3

REJECTS_SCHEMA = arrow_schema(RejectSchema)

# The ``officials`` config: the articles' officials column unnested, with the article fields analysts
# count by, so "how often was X named per year/outlet" needs no unnesting and no join.
OFFICIALS_COLUMNS = (
    ("article_id", pa.string(), False, "Id of the article (joins articles.id)"),
    ("name", pa.string(), False, "Canonical name of the official"),
    ("country", pa.string(), True, "ISO 3166-1 alpha-2 country the official serves"),
    ("role", pa.string(), True, "Office or title as the article gives it"),
    ("wikidata_id", pa.string(), True, "Wikidata QID when the registry knows the person"),
    ("mentions", pa.list_(pa.string()), False, "Surface forms of the name in the article"),
    ("evidence", pa.string(), True, "Why the person is an official and how the name was linked"),
    ("date", pa.date32(), True, "Publication date of the article"),
    ("publisher", pa.string(), True, "Outlet of the article"),
    ("duplicate_group", pa.string(), False, "Duplicate group of the article (count stories, not copies)"),
    ("is_canonical", pa.bool_(), False, "The article is its group's representative"),
)
OFFICIALS_SCHEMA = pa.schema(
    [pa.field(name, kind, nullable=null, metadata={"description": doc}) for name, kind, null, doc in OFFICIALS_COLUMNS]
)
OFFICIALS_SORT_KEY = ("article_id", "name")


def _rows_per_group(table: pa.Table, max_bytes: int) -> int:
    per_row = max(1, table.nbytes // max(1, table.num_rows))
    return max(1, max_bytes // per_row)


def with_hf_features(table: pa.Table) -> pa.Table:
    """The table with the Hugging Face features of its own Arrow schema in the schema metadata (key
    ``huggingface``, ``{"info": {"features": ...}}`` as ``datasets`` writes and reads it), so ``datasets``
    loads each file with those features even without the card."""
    features, _ = hf_features.of(table.schema)
    metadata = dict(table.schema.metadata or {})
    metadata[b"huggingface"] = json.dumps({"info": {"features": features}}, sort_keys=True).encode()
    return table.replace_schema_metadata(metadata)


def write_parquet(table: pa.Table, path: Path, sort_key: tuple[str, ...] = ()) -> None:
    """zstd, statistics, page index, content-defined chunking; sorted by ``sort_key`` and recorded as such;
    the Hugging Face features embedded in the schema (``with_hf_features``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = with_hf_features(table)
    if not table.num_rows:
        # no row group at all: `datasets` reads a file with one empty row group as "BatchSize must be > 0"
        pq.ParquetWriter(path, table.schema, compression="zstd").close()
        return
    order = [(name, "ascending") for name in sort_key]
    if order:
        table = table.sort_by(order)
    rows_per_group = _rows_per_group(table, MAX_ROW_GROUP_BYTES)
    pq.write_table(table, path, row_group_size=rows_per_group, **_writer_options(table.schema, order))


def articles_table(frame: pl.DataFrame) -> pa.Table:
    """The validated frame as Arrow, cast to the one explicit schema."""
    return frame.to_arrow().cast(arrow_schema())


def write_articles_streamed(
    ids: dict[str, list[str]],
    out: Path,
    table_of: Callable[[list[str]], pa.Table],
    before_large_writes: Callable[[], object] = lambda: None,
) -> dict[str, list[str]]:
    """Each split's shards as ``articles/<split>-NNNNN-of-MMMMM.parquet`` (their relative paths returned), for
    rows that are not all in memory: each split's ids, in id order, are turned into tables ``STREAM_CHUNK_ROWS``
    at a time (``table_of``) and written shard by shard, row group by row group, with shard and row-group sizes
    derived from the whole split's bytes (measured in a first pass over the chunks). The files are those
    ``write_parquet`` writes from one whole table of the same rows (tests/test_staging.py), except that
    Arrow counts a few bytes more per chunk than on one table (offsets, validity bitmaps): a split within those
    bytes of a row-group or shard limit may have its boundary a row earlier. The same rows still give the same
    files, whatever the order of ``ids``. ``before_large_writes`` runs at most once: before the first file of a
    split larger than one row group is written (once that split is measured: a corpus that large has its writer
    wait for its side jobs rather than hold their process beside its row groups)."""
    written: dict[str, list[str]] = {}
    waiting: Callable[[], object] | None = before_large_writes
    for split, split_ids in ids.items():
        ordered = sorted(split_ids)
        chunks = [ordered[k : k + STREAM_CHUNK_ROWS] for k in range(0, len(ordered), STREAM_CHUNK_ROWS)]
        if not chunks:
            written[split] = [f"articles/{split}-00000-of-00001.parquet"]
            write_parquet(table_of([]), out / written[split][0], SORT_KEY)
            continue
        sizes, kept = _measured_chunks(chunks, table_of)
        if waiting is not None and not kept:  # more than one row group: its rows are made again, a group at a time
            waiting()
            waiting = None
        per_row = max(1, sum(sizes) // len(ordered))
        rows_per_shard = max(1, MAX_SHARD_BYTES // per_row)
        shards = [ordered[k : k + rows_per_shard] for k in range(0, len(ordered), rows_per_shard)]
        written[split] = []
        made = _kept_or_made(kept, table_of)
        for index, shard in enumerate(shards):
            relative = f"articles/{split}-{index:05d}-of-{len(shards):05d}.parquet"
            _write_streamed(shard, max(1, MAX_ROW_GROUP_BYTES // per_row), made, out / relative)
            written[split].append(relative)
    return written


def _measured_chunks(chunks: list[list[str]], table_of: Callable[[list[str]], pa.Table]) -> tuple[list[int], dict]:
    """Each chunk's table bytes, and the tables themselves by first id while they add up to one row group (which
    is held whole while it is encoded anyway), so a split of one row group is not made twice."""
    sizes, kept = [], {}
    for chunk in chunks:
        table = table_of(chunk)
        sizes.append(table.nbytes)
        if kept is not None and sum(sizes) <= MAX_ROW_GROUP_BYTES:
            kept[chunk[0]] = table
        else:
            kept = None
    return sizes, kept or {}


def _kept_or_made(kept: dict, table_of: Callable[[list[str]], pa.Table]) -> Callable[[list[str]], pa.Table]:
    """``table_of``, answered from ``kept`` where a kept table holds exactly the chunk asked for."""

    def table(chunk: list[str]) -> pa.Table:
        found = kept.pop(chunk[0], None) if chunk else None
        return found if found is not None and found.num_rows == len(chunk) else table_of(chunk)

    return table


def _write_streamed(ids: list[str], rows_per_group: int, table_of, path: Path) -> None:
    """One file of the rows ``ids`` (sorted), a row group of ``rows_per_group`` rows at a time, as
    ``write_parquet`` writes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = None
    for start in range(0, len(ids), rows_per_group):
        group_ids = ids[start : start + rows_per_group]
        parts = [table_of(group_ids[k : k + STREAM_CHUNK_ROWS]) for k in range(0, len(group_ids), STREAM_CHUNK_ROWS)]
        # the parts' own buffers, not a contiguous copy (``combine_chunks`` held each row group twice: +131 MB of
        # RSS at 100k articles, a probe); the column chunks written are the same bytes (tests/test_staging.py)
        group = with_hf_features(pa.concat_tables(parts))
        del parts
        if writer is None:
            order = [(name, "ascending") for name in SORT_KEY]
            writer = pq.ParquetWriter(path, group.schema, **_writer_options(group.schema, order))
        writer.write_table(group, row_group_size=rows_per_group)
    writer.close()


def _writer_options(schema: pa.Schema, order: list[tuple[str, str]]) -> dict:
    return {
        "compression": "zstd",
        "compression_level": ZSTD_LEVEL,
        "write_statistics": True,
        "write_page_index": True,
        "use_content_defined_chunking": True,
        "sorting_columns": pq.SortingColumn.from_ordering(schema, order) if order else None,
    }


def officials_frame(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per (article, official), the article's date, publisher and duplicate group alongside."""
    names = [name for name, *_ in OFFICIALS_COLUMNS]
    return (
        articles.select("id", "date", "publisher", "duplicate_group", "is_canonical", "officials")
        .rename({"id": "article_id"})
        .explode("officials")
        .drop_nulls("officials")
        .unnest("officials")
        .select(names)
    )


def officials_frames(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Each split's ``officials_frame``."""
    return {split: officials_frame(f) for split, f in frames.items()}


def officials_table(officials: pl.DataFrame) -> pa.Table:
    if not officials.height:
        return OFFICIALS_SCHEMA.empty_table()
    return officials.to_arrow().cast(OFFICIALS_SCHEMA)


def write_officials(officials: dict[str, pl.DataFrame], out: Path) -> dict[str, list[str]]:
    """The ``officials`` config (``officials``: each split's ``officials_frames``), split like the articles:
    ``officials/<split>-00000-of-00001.parquet``.

    A split without officials gets no file: ``datasets`` cannot load a split of zero rows."""
    written: dict[str, list[str]] = {}
    for split, frame in officials.items():
        table = officials_table(frame)
        if table.num_rows:
            relative = f"officials/{split}-00000-of-00001.parquet"
            write_parquet(table, out / relative, OFFICIALS_SORT_KEY)
            written[split] = [relative]
    return written


def write_rejects(rows: list[dict], out: Path) -> None:
    """``rows``: the rejects table's rows, validated (``validate_rows.reject_rows``)."""
    table = pa.Table.from_pylist(rows, schema=REJECTS_SCHEMA)
    write_parquet(table, out / "rejects.parquet", ("source_file",))


def write_json(data: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
