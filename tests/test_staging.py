"""Staged rows: articles kept on disk between the per-article stage and the writer, written back streaming."""

from __future__ import annotations

import filecmp

import polars as pl
import pytest
from conftest import REPO, SEEDS, build_into

from build_dataset.annotate.topics.annotator import TopicAnnotator
from build_dataset.core.article import Article, Official
from build_dataset.publish import parquet
from build_dataset.run import engine
from build_dataset.run.staging import BlobStore, StagedArticle, staged_corpus
from build_dataset.schema.arrow import SORT_KEY

SEEDS_ARTICLES = REPO / "data" / "articles" / "train-00000-of-00001.parquet"


@pytest.mark.parametrize("values", [[], [""], ["a", "", "Séoul ■ 4,466,006", "\ud800 lone surrogate", "x" * 10_000]])
def test_blob_store_gives_back_every_string_by_number(tmp_path, values):
    store = BlobStore(tmp_path / "blobs.bin")
    numbers = [store.append(v) for v in values]
    store.seal()
    assert [store.get(n) for n in numbers] == values
    assert [store.size(n) for n in numbers] == [len(v.encode("utf-8", "surrogatepass")) for v in values]
    assert len(store) == len(values)
    store.close()


def _article(n: int, reject: str | None = None) -> Article:
    article = Article(id=f"{n:016x}", source_file=f"p{n}.html", text=f"Body {n}.\nSecond.")
    article.work.raw = "<html>" * 100
    article.work.dedup_units = f"body {n}\nsecond line words"
    article.officials = [Official(name=f"Minister {n}", country="KR", role="minister")]
    candidate = Official(name=f"Kim Min-{n}", country=None, role=None, mentions=[f"Kim Min-{n}"])
    article.work.official_candidates = [candidate] if n == 1 else []
    article.topic_scores = {"trade-economy": 0.25 * n, "security-defense": 0.0}
    article.work.header_lines, article.work.doc = ["menu"], object()
    article.work.step_counts = {"clean_v2": {"seen": 1, "removed_menu": n}}
    if reject:
        article.reject(reject, "too short")
        article.work.failed_step = "clean_v2"
    return article


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 0, 4, 1, 3]])
def test_records_staged_in_any_order_end_in_input_order(tmp_path, order):
    inputs = [_article(1), _article(2, reject="too_short"), _article(3), _article(4, reject="empty"), _article(5)]
    with staged_corpus(tmp_path / "out") as corpus:
        corpus.add_all((k, inputs[k]) for k in order)
        assert [a.id for a in corpus.kept] == [inputs[k].id for k in (0, 2, 4)]
        assert [a.text for a in corpus.kept] == [inputs[k].text for k in (0, 2, 4)]
        assert [a.id for a in corpus.rejects] == [inputs[k].id for k in (1, 3)]
        assert corpus.inputs == 5


def test_staged_corpus_keeps_annotations_reads_bulk_back_and_slims_rejects(tmp_path):
    inputs = [_article(1), _article(2, reject="too_short"), _article(3)]
    with staged_corpus(tmp_path / "out") as corpus:
        folder = corpus.folder
        corpus.add_all(enumerate(inputs))
        kept = corpus.kept
        assert [type(a) for a in kept] == [StagedArticle, StagedArticle]
        assert [a.text for a in kept] == ["Body 1.\nSecond.", "Body 3.\nSecond."]
        assert [a.has_text for a in kept] == [True, True]
        assert kept[1].work.dedup_units == "body 3\nsecond line words"
        assert kept[0].officials[0].name == "Minister 1"
        work = kept[0].work
        assert (work.raw, work.doc, list(work.header_lines), dict(work.step_counts)) == ("", None, [], {})
        with pytest.raises((AttributeError, TypeError)):  # one shared read-only empty, never filled by mistake
            work.header_lines.append("a line")
        with pytest.raises(TypeError):
            work.step_counts["clean_v2"] = {}
        assert [a.topic_scores for a in kept] == [{"trade-economy": 0.25, "security-defense": 0.0},
                                                  {"trade-economy": 0.75, "security-defense": 0.0}]
        assert kept[0]._score_topics is kept[1]._score_topics  # one tuple of topic ids for the corpus
        assert [a.work.official_candidates for a in kept] == [[Official("Kim Min-1", None, None, ["Kim Min-1"])], []]
        candidates = kept[0].work.official_candidates
        candidates[0] = Official("Kim Min-one", None, None)  # the officials' corpus pass renames in place
        assert kept[0].work.official_candidates == [Official("Kim Min-one", None, None)]
        kept[0].work.dedup_units = None  # the grouper frees them
        assert kept[0].work.dedup_units is None and kept[1].work.dedup_units is not None
        with pytest.raises(AttributeError):
            kept[0].work.dedup_units = "other words"
        (reject,) = corpus.rejects
        assert (reject.id, reject.reject_reason, reject.work.failed_step, reject.text) == (f"{2:016x}", "too_short",
                                                                                     "clean_v2", "")
        assert (list(reject.officials), dict(reject.topic_scores), dict(reject.work.metadata)) == ([], {}, {})
        assert corpus.tally.step_counts["clean_v2"] == {"seen": 3, "removed_menu": 6}
        assert corpus.inputs == 3
    assert not folder.exists()


def _table_of(frame: pl.DataFrame):
    def table_of(ids: list[str]):
        return parquet.articles_table(frame.filter(pl.col("id").is_in(ids)).sort("id"))

    return table_of


def write_whole(frames: dict[str, pl.DataFrame], out) -> dict[str, list[str]]:
    """The reference the streamed writer must equal: each split sorted as one whole table, cut into shards of at
    most ``MAX_SHARD_BYTES`` and each shard written by ``write_parquet``."""
    written: dict[str, list[str]] = {}
    for split, frame in frames.items():
        table = parquet.articles_table(frame).sort_by([(k, "ascending") for k in SORT_KEY])
        rows_per_shard = parquet._rows_per_group(table, parquet.MAX_SHARD_BYTES)
        shards = [table] if table.num_rows <= rows_per_shard else [
            table.slice(start, rows_per_shard) for start in range(0, table.num_rows, rows_per_shard)]
        written[split] = [f"articles/{split}-{i:05d}-of-{len(shards):05d}.parquet" for i in range(len(shards))]
        for relative, shard in zip(written[split], shards):
            parquet.write_parquet(shard, out / relative, SORT_KEY)
    return written


@pytest.mark.parametrize(("group_rows", "shard_rows"), [(100, 100), (2, 100), (1, 100), (2, 3)])
def test_streamed_articles_are_the_files_written_from_the_whole_table(tmp_path, monkeypatch, group_rows, shard_rows):
    """Same bytes as ``write_whole`` on the whole frame: one row group, or several, in one shard or several
    (byte limits of so many rows and a half stand in for a large corpus; see ``write_articles_streamed``)."""
    frame = pl.read_parquet(SEEDS_ARTICLES)
    monkeypatch.setattr(parquet, "STREAM_CHUNK_ROWS", 2)
    per_row = parquet.articles_table(frame).nbytes // frame.height
    monkeypatch.setattr(parquet, "MAX_ROW_GROUP_BYTES", per_row * group_rows + per_row // 2)
    monkeypatch.setattr(parquet, "MAX_SHARD_BYTES", per_row * shard_rows + per_row // 2)
    whole = write_whole({"train": frame.sample(fraction=1.0, shuffle=True, seed=1)}, tmp_path / "whole")
    ids = {"train": frame["id"].to_list()[::-1]}
    streamed = parquet.write_articles_streamed(ids, tmp_path / "streamed", _table_of(frame))
    assert streamed == whole
    files = whole["train"]
    assert len(files) == -(-frame.height // shard_rows)
    assert filecmp.cmpfiles(tmp_path / "whole", tmp_path / "streamed", files, shallow=False)[0] == files


@pytest.mark.parametrize(("group_rows", "made_twice"), [(100, False), (3, True)])
def test_rows_of_one_row_group_are_made_once(tmp_path, monkeypatch, group_rows, made_twice):
    """The size pass keeps its tables while they fit in one row group; a larger split makes them again."""
    frame = pl.read_parquet(SEEDS_ARTICLES)
    monkeypatch.setattr(parquet, "STREAM_CHUNK_ROWS", 2)
    per_row = parquet.articles_table(frame).nbytes // frame.height
    monkeypatch.setattr(parquet, "MAX_ROW_GROUP_BYTES", per_row * group_rows + per_row // 2)
    made, table_of = [], _table_of(frame)

    def counted(chunk):
        made.append(tuple(chunk))
        return table_of(chunk)

    parquet.write_articles_streamed({"train": frame["id"].to_list()}, tmp_path, counted)
    chunks = -(-frame.height // 2)
    assert len(made) == (2 * chunks if made_twice else chunks)


@pytest.mark.parametrize("splits", [{"train": 5}, {"train": 3, "test": 2}, {"test": 0, "train": 5}])
@pytest.mark.parametrize("group_rows", [2, 100])
def test_the_side_jobs_hook_runs_once_before_a_large_split_is_written_else_never(tmp_path, monkeypatch, splits,
                                                                                 group_rows):
    """A split larger than one row group waits for the writer's side jobs before its first file; smaller splits
    are written beside them (the caller waits for them last)."""
    frame = pl.read_parquet(SEEDS_ARTICLES)
    monkeypatch.setattr(parquet, "STREAM_CHUNK_ROWS", 2)
    per_row = parquet.articles_table(frame).nbytes // frame.height
    monkeypatch.setattr(parquet, "MAX_ROW_GROUP_BYTES", per_row * group_rows + per_row // 2)
    events, table_of = [], _table_of(frame)
    monkeypatch.setattr(parquet.pq, "ParquetWriter", _noting(parquet.pq.ParquetWriter, events, "file"))
    all_ids, ids = frame["id"].to_list(), {}
    for split, rows in splits.items():
        ids[split], all_ids = all_ids[:rows], all_ids[rows:]
    parquet.write_articles_streamed(ids, tmp_path, table_of, lambda: events.append("hook"))
    expected, hooked = [], False
    for rows in splits.values():
        if rows > group_rows and not hooked:
            expected.append("hook")
            hooked = True
        expected.append("file")  # one shard each
    assert events == expected


def _noting(kind, events, label):
    def made(*arguments, **options):
        events.append(label)
        return kind(*arguments, **options)

    return made


def test_an_empty_split_is_one_file_without_row_groups(tmp_path):
    frame = pl.read_parquet(SEEDS_ARTICLES).head(0)
    whole = write_whole({"test": frame}, tmp_path / "whole")
    streamed = parquet.write_articles_streamed({"test": []}, tmp_path / "streamed", _table_of(frame))
    assert streamed == whole
    assert filecmp.cmp(tmp_path / "whole" / whole["test"][0], tmp_path / "streamed" / whole["test"][0], shallow=False)


def test_a_killed_build_run_again_resumes_from_the_cache_and_writes_the_same_files(seeds_build, tmp_path, monkeypatch):
    """The cache is committed as batches finish, so a build killed half way (here: interrupted in a step, as by
    Ctrl-C) and run again recomputes only what was not committed, and publishes what an uninterrupted build does."""
    monkeypatch.setattr(engine, "CACHE_COMMIT_BATCHES", 1)
    annotate, done = TopicAnnotator.annotate, []

    def interrupted(self, article):
        if len(done) == 3:
            raise KeyboardInterrupt
        done.append(article.id)
        annotate(self, article)

    monkeypatch.setattr(TopicAnnotator, "annotate", interrupted)
    out, cache = tmp_path / "data", tmp_path / "cache"
    with pytest.raises(KeyboardInterrupt):
        build_into(SEEDS, out, cache_dir=cache, batch_size=1)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if ".rows-" in p.name) == []  # the staged rows are gone
    monkeypatch.setattr(TopicAnnotator, "annotate", annotate)
    resumed = build_into(SEEDS, out, cache_dir=cache, batch_size=1)
    assert resumed.cache_hits == 3
    files = _published(seeds_build)
    assert _published(out) == files
    assert filecmp.cmpfiles(seeds_build, out, files, shallow=False)[0] == files


def _published(folder) -> list[str]:
    """The files of a build (Data Docs aside: GX stamps them with times)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and "datadocs" not in p.parts)
