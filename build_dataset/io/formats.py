"""Input formats: folders of ``.txt``/``.html`` pages and JSON Lines / Parquet corpora, all as ``Article``.

A corpus record becomes a page: the optional title, date, url, publisher and author fields are written as
header lines above the text ("date 2019-08-22", "url https://..."), so that a record's id (a hash of its page)
changes with them, and are kept apart in ``Work.metadata``: the annotators read them as evidence of their
own kind (``date_source = "metadata"``), checked like the page's own (a title that is a URL is no title), never
copied blindly. HTML pages go through trafilatura (optional extra ``html``) for the main text and metadata first;
the page title becomes a markdown heading ("# ..."), which the cleaner reads as the headline.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from build_dataset.core.article import Article
from build_dataset.io.files import article_from_bytes, article_id, read_article

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
CORPUS_SUFFIXES = JSONL_SUFFIXES + PARQUET_SUFFIXES
ALL_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + CORPUS_SUFFIXES
PARQUET_BATCH_ROWS = 1024
# A field value that is a web address or a bare domain: never a title or a name, whatever the field is called.
URL_VALUE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*://|www\.)\S*\s*$|^\s*[\w-]+(?:\.[\w-]+)+/\S*\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class CorpusFields:
    """Which fields of a JSONL/Parquet record hold the text and the optional evidence."""

    text: str = "text"
    id: str | None = "id"
    title: str | None = "title"
    date: str | None = "date"
    url: str | None = "url"
    publisher: str | None = "publisher"
    author: str | None = "author"

    def roles(self) -> tuple[tuple[str, str | None], ...]:
        """(role, field name) of every evidence field, in the order they are written above the text."""
        return (
            ("title", self.title),
            ("date", self.date),
            ("url", self.url),
            ("publisher", self.publisher),
            ("author", self.author),
        )


# Header line written for each role: the title bare (as on a page), the others labelled.
METADATA_LABELS = {"title": "", "date": "date ", "url": "url ", "publisher": "publisher ", "author": "author "}


def record_metadata(record: dict, fields: CorpusFields) -> dict[str, str]:
    """The record's evidence fields by role, as one-line strings; a URL is kept only as the url."""
    found = {}
    for role, key in fields.roles():
        value = record.get(key) if key else None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            value = " ".join(str(value).split())
            if role == "url" or not URL_VALUE.match(value):
                found[role] = value
    return found


def metadata_lines(metadata: dict[str, str]) -> list[str]:
    return [f"{label}{metadata[role]}" for role, label in METADATA_LABELS.items() if role in metadata]


def page_from_record(record: dict, fields: CorpusFields, metadata: dict[str, str] | None = None) -> str | None:
    """The record as a page: its evidence fields (``metadata``: ``record_metadata``, computed when not given) as
    labelled lines above its text; None without a string text field."""
    text = record.get(fields.text)
    if not isinstance(text, str):
        return None
    header = metadata_lines(record_metadata(record, fields) if metadata is None else metadata)
    return "\n".join([*header, "", text]) if header else text


def _record_article(record: dict, fields: CorpusFields, source: str, position: int, max_bytes: int) -> Article:
    record_id = record.get(fields.id) if fields.id else None
    relative = f"{source}#{record_id if record_id not in (None, '') else position}"
    metadata = record_metadata(record, fields)
    page = page_from_record(record, fields, metadata)
    if page is None:
        return Article(id=article_id(relative.encode()), source_file=relative).reject(
            "missing_text_field", f"record has no string field {fields.text!r}"
        )
    raw = page.encode("utf-8")
    if len(raw) > max_bytes:
        return Article(id=article_id(relative.encode()), source_file=relative, raw_bytes=len(raw)).reject(
            "too_large", f"{len(raw)} bytes > limit {max_bytes}"
        )
    article = article_from_bytes(raw, relative)
    article.work.metadata = metadata
    return article


def _jsonl_records(path: Path) -> Iterator[dict | None]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                yield None
                continue
            yield record if isinstance(record, dict) else None


def _parquet_records(path: Path) -> Iterator[dict]:
    import pyarrow.parquet as pq  # here, not at the top: the CLI's --help imports this module

    for batch in pq.ParquetFile(path).iter_batches(batch_size=PARQUET_BATCH_ROWS):
        yield from batch.to_pylist()


def count_records(path: Path) -> int | None:
    """How many records ``read_corpus`` will yield (for the progress bar's ETA), or None when unknown: the
    Parquet footer says it; JSON Lines cost one extra read, counting the lines that are not blank."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        if path.name.endswith(PARQUET_SUFFIXES):
            return pq.ParquetFile(path).metadata.num_rows
        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    except (OSError, EOFError, ValueError, pa.ArrowException):
        return None


def input_count(files: list[Path]) -> int | None:
    """Records in ``files``: one per page, ``count_records`` per corpus file; None if any is unknown."""
    total = 0
    for path in files:
        count = count_records(path) if path.name.lower().endswith(CORPUS_SUFFIXES) else 1
        if count is None:
            return None
        total += count
    return total


def _records_or_failure(records: Iterator[dict | None]) -> Iterator[dict | None | Exception]:
    """The records, then the error that stopped them when the file stops being readable part way (a truncated
    gzip, a damaged Parquet file: pyarrow's errors are OSError or ValueError)."""
    try:
        yield from records
    except (OSError, EOFError, ValueError, zlib.error) as error:
        yield error


def read_corpus(path: Path, relative: str, fields: CorpusFields, max_bytes: int) -> Iterator[Article]:
    """Every record of a corpus file as an Article. A file that stops being readable part way gives the records
    before the damage and one ``unreadable`` reject for the rest."""
    records = _parquet_records(path) if path.name.endswith(PARQUET_SUFFIXES) else _jsonl_records(path)
    for position, record in enumerate(_records_or_failure(records)):
        where = f"{relative}#{position}"
        if isinstance(record, Exception):
            yield Article(id=article_id(where.encode()), source_file=where).reject(
                "unreadable", f"the file cannot be read from record {position} on: {record}"
            )
        elif record is None:
            yield Article(id=article_id(where.encode()), source_file=where).reject(
                "bad_json_line", "not a JSON object"
            )
        else:
            yield _record_article(record, fields, relative, position, max_bytes)


def html_to_page(html: str) -> str | None:
    """Main text and metadata of an HTML page as a plain page (title, byline and date lines above the text)."""
    try:
        import trafilatura
    except ImportError as error:
        raise ImportError("reading .html needs trafilatura: pip install 'news-dataset-publisher[html]'") from error
    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    extracted = document.as_dict() if hasattr(document, "as_dict") else document  # a dict before trafilatura 2
    if not extracted or not extracted.get("text"):
        return None
    title = extracted.get("title")
    header = [extracted.get("sitename"), f"# {title}" if title else None]
    if extracted.get("author"):
        header.append(f"By {extracted['author']}")
    if extracted.get("date"):
        header.append(f"date {extracted['date']}")
    return "\n".join([*(h for h in header if h), "", extracted["text"]])


def read_html(path: Path, root: Path, max_bytes: int) -> Article:
    article = read_article(path, root, max_bytes)
    if article.reject_reason:
        return article
    page = html_to_page(article.work.raw)
    if page is None:
        return article.reject("no_main_text", "trafilatura found no main text")
    article.work.raw = page
    return article


def iter_articles(root: Path, files: list[Path], fields: CorpusFields, max_bytes: int) -> Iterator[Article]:
    """Every input record under ``root`` (a folder, or one corpus file) as an Article, in a stable order."""
    for path in files:
        relative = path.relative_to(root).as_posix() if path != root else path.name
        name = path.name.lower()
        if name.endswith(JSONL_SUFFIXES + PARQUET_SUFFIXES):
            yield from read_corpus(path, relative, fields, max_bytes)
        elif name.endswith(HTML_SUFFIXES):
            yield read_html(path, root, max_bytes)
        else:
            yield read_article(path, root, max_bytes)
