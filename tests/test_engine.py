"""The per-article stage: same rows for any worker count, incremental cache, corpus inputs."""

from __future__ import annotations

import filecmp
import gzip
import json
import multiprocessing
import os
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import SEEDS, WarmedWhere, build_into, warmed_and_annotated_in, warmed_where_steps

from build_dataset.clean.reflow import is_hard_wrapped, unwrap
from build_dataset.core.article import Article, Work
from build_dataset.core.steps import Annotator
from build_dataset.io.formats import (
    CorpusFields,
    count_records,
    html_to_page,
    input_count,
    page_from_record,
    read_corpus,
    record_metadata,
)
from build_dataset.run.cache import ArticleCache
from build_dataset.run.engine import PerArticleStage, batched, start_pool

WRAPPED = (
    "    SEOUL, March 3 - The two governments agreed on Tuesday to resume\n"
    "talks on the dispute over export controls, officials from both\n"
    "ministries said after a meeting that lasted for several hours.\n"
    "    The next round is planned for April in Tokyo, they said, and\n"
    "the agenda will include the reform of the trade rules.\n"
    " Reuter\n"
)


def article_files(out):
    return sorted(p.relative_to(out).as_posix() for p in (out / "articles").glob("*.parquet"))


def test_two_workers_give_the_same_files_as_one(seeds_build, tmp_path):
    out = tmp_path / "two"
    build_into(SEEDS, out, workers=2, batch_size=2)
    files = article_files(seeds_build)
    assert files == article_files(out)
    _, mismatch, errors = filecmp.cmpfiles(seeds_build, out, files + ["stats.json", "README.md"], shallow=False)
    assert not mismatch and not errors


def test_workers_renewed_after_every_batch_give_the_same_files(seeds_build, tmp_path, monkeypatch):
    from build_dataset.run import engine

    renewed, renew = [], engine.renewed_pool
    monkeypatch.setattr(engine, "BATCHES_PER_PROCESS", 1)  # a pool of two renewed every two batches
    monkeypatch.setattr(engine, "renewed_pool", lambda pool: renewed.append(pool) or renew(pool))
    out = tmp_path / "renewed"
    build_into(SEEDS, out, workers=2, batch_size=1)
    assert renewed
    files = article_files(seeds_build)
    _, mismatch, errors = filecmp.cmpfiles(seeds_build, out, files + ["stats.json", "README.md"], shallow=False)
    assert not mismatch and not errors


def test_cache_reuses_articles_and_gives_the_same_output(seeds_build, tmp_path):
    cache = tmp_path / "cache"
    first = build_into(SEEDS, tmp_path / "a", cache_dir=cache)
    second = build_into(SEEDS, tmp_path / "b", cache_dir=cache)
    assert first.cache_hits == 0
    assert second.cache_hits == first.stats["rows"]
    files = article_files(seeds_build)
    _, mismatch, _ = filecmp.cmpfiles(seeds_build, tmp_path / "b", files + ["stats.json"], shallow=False)
    assert not mismatch
    for result in (first, second):  # the wall-clock phases, in order, add up to the build's seconds
        assert list(result.phases) == ["start", "read_and_annotate", "corpus_steps", "validate_and_write", "finish"]
        assert all(seconds >= 0 for seconds in result.phases.values())
        assert sum(result.phases.values()) == pytest.approx(result.seconds)


def test_an_incremental_build_with_workers_gives_the_full_builds_files(seeds_build, tmp_path):
    """The last seed is new to the cache: the scan ahead submits it before the cached seeds are read."""
    import shutil

    some = tmp_path / "some"
    shutil.copytree(SEEDS, some)
    last = sorted(some.glob("*.txt"))[-1]
    last.unlink()
    cache = tmp_path / "cache"
    build_into(some, tmp_path / "a", cache_dir=cache, workers=2, batch_size=2)
    again = build_into(SEEDS, tmp_path / "b", cache_dir=cache, workers=2, batch_size=2)
    assert again.cache_hits == again.stats["inputs"] - 1
    files = article_files(seeds_build)
    _, mismatch, errors = filecmp.cmpfiles(seeds_build, tmp_path / "b", files + ["stats.json"], shallow=False)
    assert not mismatch and not errors


def test_a_changed_version_key_empties_the_cache(tmp_path):
    from build_dataset.core.article import Article

    article = Article(id="0123456789abcdef", source_file="a.txt", text="body")
    old = ArticleCache(tmp_path / "c.sqlite", "v1")
    old.put(article)
    old.close()
    assert ArticleCache(tmp_path / "c.sqlite", "v1").get_many([article]) != [None]
    assert ArticleCache(tmp_path / "c.sqlite", "v2").get_many([article]) == [None]


def test_cache_answers_a_batch_larger_than_one_query_in_order(tmp_path):
    from build_dataset.core.article import Article
    from build_dataset.run.cache import MAX_QUERY_KEYS

    articles = [Article(id=f"{i:016x}", source_file=f"{i}.txt", text=f"body {i}") for i in range(2000)]
    cache = ArticleCache(tmp_path / "c.sqlite", "v1")
    for article in articles[::2]:
        cache.put(article)
    asked = [Article(id=a.id, source_file=f"new/{a.source_file}") for a in articles]
    found = cache.get_many(asked)
    assert len(asked) > 2 * MAX_QUERY_KEYS
    assert [f.text if f else None for f in found] == [a.text if i % 2 == 0 else None for i, a in enumerate(articles)]
    assert all(f.source_file == a.source_file for f, a in zip(found, asked) if f)  # renamed files keep the new name


def test_one_worker_makes_the_steps_only_when_the_cache_cannot_answer(tmp_path):
    """A rebuild the cache answers whole loads no model in this process; one new article makes the steps once."""
    articles = [Article(id=f"{i:016x}", source_file=f"{i}.txt", text=f"body {i}") for i in range(5)]
    cache = ArticleCache(tmp_path / "c.sqlite", "v1")
    for article in articles:
        cache.put(article)
    made = []

    def factory():
        made.append(1)
        return []

    assert len(list(PerArticleStage(factory, 1, batch_size=2, cache=cache).run(articles))) == 5
    assert made == []
    new = Article(id="f" * 16, source_file="new.txt", text="new body")
    assert len(list(PerArticleStage(factory, 1, batch_size=2, cache=cache).run([*articles, new, new]))) == 7
    assert made == [1]


@pytest.mark.parametrize(
    ("rejected", "n_batches", "expected_calls"),
    [
        (False, 5, ["busy"]),  # the window (2) fills: while_busy then; a long stage: no after_reading
        (True, 5, []),  # no batch has work: no pool, no hook
        (False, 2, ["busy", "read"]),  # every batch fits the window: both once the last is in flight
        (False, 1, ["busy", "read"]),  # fewer batches than the window (an incremental build's few new pages)
        (True, 1, []),
    ],
)
def test_hooks_run_once_while_workers_have_work_and_never_without_a_pool(
    monkeypatch, rejected, n_batches, expected_calls
):
    from concurrent.futures import ThreadPoolExecutor

    from build_dataset.run import engine

    def page(i):
        article = Article(id=f"{i:016x}", source_file=f"{i}.txt", work=Work(raw=f"page {i}"))
        return article.reject("empty") if rejected else article

    calls = []
    monkeypatch.setattr(engine, "start_pool", lambda factory, workers: ThreadPoolExecutor(workers))
    monkeypatch.setattr(engine, "_worker_steps", [])
    hooks = {"while_busy": lambda: calls.append("busy"), "after_reading": lambda: calls.append("read")}
    stage = PerArticleStage(list, workers=1, batch_size=2, **hooks)
    stage.workers = 2  # a pool of threads, with a window of 2 batches (IN_FLIGHT_PER_WORKER 1)
    monkeypatch.setattr(engine, "IN_FLIGHT_PER_WORKER", 1)
    done = list(stage.run([page(k) for k in range(2 * n_batches)]))
    assert [a.source_file for a in done] == [f"{k}.txt" for k in range(2 * n_batches)]
    assert calls == expected_calls


@pytest.mark.parametrize(("size", "batch", "expected"), [(5, 2, [2, 2, 1]), (4, 4, [4]), (0, 3, [])])
def test_batched(size, batch, expected):
    assert [len(b) for b in batched(range(size), batch)] == expected


def test_stage_keeps_input_order_and_drops_heavy_fields():
    from build_dataset.core.article import Article, Work
    from build_dataset.core.steps import Annotator

    class Upper(Annotator):
        name = "upper_v1"

        def annotate(self, article):
            article.text = article.work.raw.upper()
            article.work.header_lines, article.work.footer_lines = ["Seoul Daily"], ["MOST POPULAR"]
            article.work.removed = [("page_header", "Seoul Daily"), ("page_footer", "MOST POPULAR")]
            article.work.evidence = {"topic:x": ["s1: x"]}

    articles = [Article(id=f"{i:016x}", source_file=f"{i}.txt", work=Work(raw=f"page {i}")) for i in range(7)]
    done = list(PerArticleStage(lambda: [Upper()], workers=1, batch_size=3).run(articles))
    assert [a.text for a in done] == [f"PAGE {i}" for i in range(7)]
    # what the corpus stage and the build never read is dropped from the working state
    assert all(a.work.raw == "" and a.work.doc is None for a in done)
    assert all(not (a.work.header_lines or a.work.footer_lines or a.work.evidence or a.work.removed) for a in done)
    assert all(a.work.step_counts == {"upper_v1": {"seen": 1}} for a in done)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"text": "Body."}, "Body."),
        ({"text": "Body.", "title": "A title", "date": "2019-08-22"}, "A title\ndate 2019-08-22\n\nBody."),
        ({"text": "Body.", "url": "https://example.com/a"}, "url https://example.com/a\n\nBody."),
        ({"body": "Body."}, None),
        # a title field holding a web address is no title; publisher and author are labelled
        ({"text": "Body.", "title": "https://example.com/a", "url": "https://example.com/a"},
         "url https://example.com/a\n\nBody."),
        ({"text": "Body.", "publisher": "Northport Gazette", "author": "Ann Lee"},
         "publisher Northport Gazette\nauthor Ann Lee\n\nBody."),
    ],
)
def test_page_from_record(record, expected):
    assert page_from_record(record, CorpusFields()) == expected


@pytest.mark.parametrize(
    ("record", "fields", "expected"),
    [
        ({"title": " A  title ", "date": "2019-08-22", "n": 3}, CorpusFields(),
         {"title": "A title", "date": "2019-08-22"}),
        ({"headline": "www.example.com/x", "source": "Gazette"}, CorpusFields(title="headline", publisher="source"),
         {"publisher": "Gazette"}),
        ({"author": "Ann Lee", "date": 20190822}, CorpusFields(author=None), {"date": "20190822"}),
        ({"title": None, "date": "", "url": True}, CorpusFields(), {}),
    ],
)
def test_record_metadata(record, fields, expected):
    assert record_metadata(record, fields) == expected


def test_corpus_fields_become_metadata_with_provenance(tmp_path):
    body = " ".join(f"The ministers met in Seoul on day {n} to discuss trade, security and {n} other issues."
                    for n in range(6))
    record = {"id": "a", "text": "# Ministers meet in Seoul\n\n" + body, "title": "Ministers&#x27; meeting",
              "date": "2019-08-22T00:00", "publisher": "연합뉴스", "author": "BY ANN LEE [ann@x.example]"}
    corpus = tmp_path / "in" / "corpus.jsonl"
    corpus.parent.mkdir()
    corpus.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = build_into(corpus.parent, tmp_path / "out")
    row = pq.read_table(tmp_path / "out" / "articles").to_pylist()[0]
    assert (row["title"], str(row["date"]), row["date_source"]) == ("Ministers' meeting", "2019-08-22", "metadata")
    assert (row["publisher"], row["agency"], row["author"]) == ("Yonhap News Agency", "Yonhap", "Ann Lee")
    assert (row["kind"], row["version"]) == ("article", None)
    assert result.step_stats["dates_v2"]["date_from_metadata"] == 1
    # the page's own heading is no contradiction of a title; a stated date would have been
    assert not any(name.startswith("metadata_contradicts") for c in result.stats["steps"].values() for name in c)


def test_a_page_contradicting_its_corpus_fields_is_counted_in_stats(tmp_path, caplog):
    body = " ".join(f"The ministers met in Seoul on day {n} to discuss trade, security and {n} other issues."
                    for n in range(6))
    record = {"text": "Ministers meet in Seoul\nPublished : Aug. 21, 2019\n\n" + body, "date": "2019-08-22"}
    corpus = tmp_path / "in" / "corpus.jsonl"
    corpus.parent.mkdir()
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = build_into(corpus.parent, tmp_path / "out")
    assert result.stats["steps"]["dates_v2"]["metadata_contradicts_page_date"] == 1
    assert "metadata_contradicts_page_date in 1 articles" in caplog.text


def test_jsonl_corpus_records_become_rows_or_rejects(tmp_path):
    body = " ".join(f"The ministers met in Seoul on day {n} to discuss trade, security and {n} other issues."
                    for n in range(6))
    records = [{"id": "a", "text": body, "date": "2019-08-22"}, {"id": "b", "text": "tiny"}, {"no_text": 1}]
    corpus = tmp_path / "in" / "corpus.jsonl.gz"
    corpus.parent.mkdir()
    with gzip.open(corpus, "wt", encoding="utf-8") as handle:
        for r in records:
            handle.write(json.dumps(r) + "\n")
        handle.write("{not json\n")
    result = build_into(corpus.parent, tmp_path / "out", max_reject_share=1.0)  # bad records on purpose
    rejects = pq.read_table(tmp_path / "out" / "rejects.parquet").to_pylist()
    assert result.stats["rows"] == 1
    assert sorted(r["reason"] for r in rejects) == ["bad_json_line", "missing_text_field", "no_body"]
    assert result.stats["inputs"] == 4


def _write_corpus(path, lines: list[str]) -> None:
    if path.name.endswith(".parquet"):
        pq.write_table(pa.table({"text": lines}), path)
        return
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("c.jsonl", ['{"text": "a"}', "", "   ", '{"text": "b"}', "{not json"]),  # blank lines are not records
        ("c.jsonl.gz", ['{"text": "a"}'] * 3),
        ("c.ndjson", []),
        ("c.parquet", ["one", "two", "three", "four"]),
    ],
)
def test_count_records_is_what_read_corpus_yields(tmp_path, name, lines):
    path = tmp_path / name
    _write_corpus(path, lines)
    assert count_records(path) == len(list(read_corpus(path, name, CorpusFields(), 10**6)))


def test_input_count_adds_pages_and_records_and_is_unknown_for_a_broken_corpus(tmp_path):
    corpus, page, broken = tmp_path / "c.jsonl", tmp_path / "p.txt", tmp_path / "b.parquet"
    _write_corpus(corpus, ['{"text": "a"}', '{"text": "b"}'])
    page.write_text("a page")
    broken.write_bytes(b"not parquet")
    assert input_count([corpus, page]) == 3
    assert input_count([corpus, broken]) is None


def test_html_pages_are_reduced_to_their_main_text():
    pytest.importorskip("trafilatura")
    paragraph = "The foreign ministers of both countries met in Tokyo on Monday and agreed to keep talking. " * 3
    html = (
        "<html><head><title>Ministers meet in Tokyo</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>Ministers meet in Tokyo</h1><p>{paragraph}</p><p>{paragraph}</p></article>"
        "<footer>Copyright Example News</footer></body></html>"
    )
    page = html_to_page(html)
    assert page is not None and "agreed to keep talking" in page
    assert "Home | World | Sport" not in page


@pytest.mark.parametrize(
    "head",
    [
        "<title>Talks in Tokyo end in 2025?</title>",
        '<meta property="og:title" content="Talks in Tokyo end in 2025?"><title>Example News</title>',
    ],
)
def test_html_title_is_the_headline_whatever_it_ends_in(head, tmp_path):
    pytest.importorskip("trafilatura")
    paragraph = "The foreign ministers of both countries met in Tokyo on Monday and agreed to keep talking. " * 3
    html = f"<html><head>{head}</head><body><article><p>{paragraph}</p><p>{paragraph}</p></article></body></html>"
    assert "# Talks in Tokyo end in 2025?" in html_to_page(html).split("\n")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text(html, encoding="utf-8")
    build_into(tmp_path / "in", tmp_path / "out")
    assert pq.read_table(tmp_path / "out" / "articles").column("title").to_pylist() == ["Talks in Tokyo end in 2025?"]


def test_hard_wrapped_wire_copy_is_reflowed():
    assert is_hard_wrapped(WRAPPED)
    lines = unwrap(WRAPPED).split("\n")
    assert lines[0].startswith("SEOUL, March 3") and lines[0].endswith("several hours.")
    assert lines[1].startswith("The next round") and lines[-1] == "Reuter"


def test_scraped_pages_are_not_reflowed():
    page = "Headline here\n" + "A long paragraph of a scraped page that runs on. " * 5 + "\nAnother line."
    assert unwrap(page) == page


def test_two_as_of_dates_do_not_share_cache_entries(tmp_path):
    import datetime as dt

    cache = tmp_path / "cache"
    first = build_into(SEEDS, tmp_path / "a", cache_dir=cache, as_of=dt.date(2024, 1, 1))
    again = build_into(SEEDS, tmp_path / "b", cache_dir=cache, as_of=dt.date(2024, 1, 1))
    other = build_into(SEEDS, tmp_path / "c", cache_dir=cache, as_of=dt.date(2024, 1, 2))
    assert first.cache_hits == 0 and again.cache_hits == again.stats["inputs"] and other.cache_hits == 0
    assert other.stats["versions"]["config"]["article"]["as_of"] == "2024-01-02"


def test_cached_articles_count_in_the_step_stats(tmp_path):
    cache = tmp_path / "cache"
    first = build_into(SEEDS, tmp_path / "a", cache_dir=cache)
    second = build_into(SEEDS, tmp_path / "b", cache_dir=cache)
    assert second.cache_hits == second.stats["inputs"]
    assert second.stats["steps"] == first.stats["steps"]


class Warmed(Annotator):
    """Writes whether ``warm_up`` ran in its process before the article came."""

    name = "warmed_v1"

    def __init__(self) -> None:
        super().__init__()
        self.warm = False

    def warm_up(self) -> None:
        self.warm = True

    def annotate(self, article):
        article.text = "warm" if self.warm else "cold"


def warmed_steps():
    return [Warmed()]


def test_a_started_pool_warms_its_steps_up_and_the_stage_shuts_it_down():
    pool = start_pool(warmed_steps, 2)
    articles = [Article(id=f"{i:016x}", source_file=f"{i}.txt", work=Work(raw=f"page {i}")) for i in range(5)]
    done = list(PerArticleStage(warmed_steps, workers=2, batch_size=2, pool=pool).run(articles))
    assert [a.source_file for a in done] == [f"{i}.txt" for i in range(5)]
    assert [a.text for a in done] == ["warm"] * 5
    with pytest.raises(RuntimeError):
        pool.submit(int)


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here")
def test_the_workers_share_one_warm_up_done_before_they_were_forked():
    pool = start_pool(warmed_where_steps, 2)
    articles = [Article(id=f"{i:016x}", source_file=f"{i}.txt", work=Work(raw=f"page {i}")) for i in range(8)]
    done = list(PerArticleStage(warmed_where_steps, workers=2, batch_size=1, pool=pool).run(articles))
    warmed_in, annotated_in = warmed_and_annotated_in(done)
    assert len(warmed_in) == 1 and not warmed_in & annotated_in and os.getpid() not in warmed_in


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here")
@pytest.mark.parametrize("early_pool", [True, False])
def test_the_workers_are_renewed_every_so_many_batches_from_the_warm_server(early_pool):
    """Every process annotates at most ``renew_after`` batches; the new ones are forked from the same warm server."""
    pool = start_pool(warmed_where_steps, 2) if early_pool else None
    articles = [Article(id=f"{i:016x}", source_file=f"{i}.txt", work=Work(raw=f"page {i}")) for i in range(12)]
    stage = PerArticleStage(warmed_where_steps, workers=2, batch_size=1, pool=pool, renew_after=4)
    done = list(stage.run(articles))
    assert [a.source_file for a in done] == [f"{i}.txt" for i in range(12)]
    warmed_in, annotated_in = warmed_and_annotated_in(done)
    assert len(warmed_in) == 1 and not warmed_in & annotated_in
    per_process = Counter(int(a.text.split()[1]) for a in done)
    assert len(per_process) >= 3 and max(per_process.values()) <= 4


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here")
def test_a_renewed_pool_has_new_processes_and_the_old_one_takes_no_more_tasks():
    from build_dataset.run.engine import renewed_pool, shut_down_pool

    pool = start_pool(warmed_where_steps, 1)
    first = pool.submit(os.getpid).result(timeout=120)
    renewed = renewed_pool(pool)
    try:
        assert renewed.submit(os.getpid).result(timeout=120) != first
        with pytest.raises(RuntimeError):
            pool.submit(os.getpid)
    finally:
        shut_down_pool(renewed, wait=True)


def test_workers_are_spawned_when_the_fork_server_cannot_start(monkeypatch):
    from build_dataset.run import warm_start

    def no_temporary_folder(*args, **kwargs):
        raise PermissionError("read-only temporary folder")

    monkeypatch.setattr(warm_start.tempfile, "mkstemp", no_temporary_folder)
    context, key = warm_start.forkserver_context(warmed_where_steps)
    assert context.get_start_method() == "spawn" and key and warm_start._factory_file is None


def test_a_worker_whose_steps_the_server_did_not_warm_makes_its_own(monkeypatch):
    from build_dataset.run import engine, warm_start

    monkeypatch.setattr(warm_start, "_warmed", ("another factory", [Warmed()]))
    monkeypatch.setattr(engine.gc, "freeze", lambda: None)  # not this test process's objects
    engine._init_worker(warmed_where_steps, "this factory")
    assert [type(step) for step in engine._worker_steps] == [WarmedWhere]
    assert engine._worker_steps[0].warmed_in == os.getpid()
    engine._init_worker(warmed_where_steps, "another factory")
    assert [type(step) for step in engine._worker_steps] == [Warmed]


@pytest.mark.parametrize(
    ("cache_files", "marked", "inputs", "early"),
    [
        ((), None, "abc", True),  # no cache: every article needs the workers
        (("articles.sqlite",), None, "abc", True),  # a cache, but no build said which inputs it saw
        (("articles.sqlite",), "abc", "abc", False),  # the same inputs again: the cache may answer them all
        (("articles.sqlite",), "abc", "abd", True),  # other inputs: new pages need the workers
        ((), "abc", "abc", True),  # the mark without a cache answers nothing
        (("articles.sqlite",), None, None, True),  # inputs that could not all be read: no mark to trust
    ],
)
def test_workers_start_early_unless_the_cache_last_saw_these_inputs(
    tmp_path, monkeypatch, cache_files, marked, inputs, early
):
    from build_dataset.core.settings import Settings
    from build_dataset.run import build as run_build

    monkeypatch.setattr(run_build, "start_pool", lambda factory, workers: "pool")
    settings = Settings(workers=2, cache_dir=tmp_path / "cache")
    settings.cache_dir.mkdir()
    for name in cache_files:
        (settings.cache_dir / name).write_bytes(b"")
    if marked:
        run_build._mark_cached_inputs(settings, marked)
    assert (run_build._early_pool(settings, {}, inputs) == "pool") is early


def test_a_build_marks_the_inputs_its_cache_saw(tmp_path):
    from build_dataset.core.settings import Settings
    from build_dataset.run.build import INPUTS_MARK
    from build_dataset.run.inputs import check_inputs
    from build_dataset.run.ranks import inputs_digest

    cache = tmp_path / "cache"
    build_into(SEEDS, tmp_path / "out", cache_dir=cache)
    root, files, _ = check_inputs(Settings(input_dir=SEEDS, output_dir=tmp_path / "out"))
    assert (cache / INPUTS_MARK).read_text(encoding="utf-8") == inputs_digest(root, files)


def _slow_start():
    import time

    time.sleep(60)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_an_abandoned_pool_stops_its_processes_while_they_still_load():
    """A build that fails early (a configuration error) does not wait for its workers to load their models."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from build_dataset.run.engine import _ready, abandon_pool

    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"), initializer=_slow_start)
    for _ in range(2):
        pool.submit(_ready)
    pids = list(pool._processes)
    assert pids and all(_running(pid) for pid in pids)
    abandon_pool(pool)
    deadline = time.monotonic() + 30
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(pid) for pid in pids)
    abandon_pool(None)  # no pool: nothing to do


class SlowToWarm(Annotator):
    name = "slow_to_warm_v1"

    def warm_up(self) -> None:
        time.sleep(60)

    def annotate(self, article):
        pass


def slow_to_warm_steps():
    return [SlowToWarm()]


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here")
def test_abandoned_workers_stop_their_fork_server_while_it_still_warms_up():
    from multiprocessing import forkserver

    from build_dataset.run.engine import abandon_workers

    pool = start_pool(slow_to_warm_steps, 2)
    server = forkserver._forkserver._forkserver_pid
    assert server is not None and _running(server)
    started = time.monotonic()
    abandon_workers(pool)
    assert time.monotonic() - started < 30 and not _running(server)
    abandon_workers(None)  # no pool: nothing to do


def test_a_worker_leaves_once_the_build_that_started_it_is_gone(monkeypatch):
    import subprocess
    import sys
    import threading

    from build_dataset.run import engine

    left = threading.Event()
    monkeypatch.setattr(engine, "DRIVER_CHECK_SECONDS", 0.05)
    never = threading.Event()
    monkeypatch.setattr(engine.os, "_exit", lambda code: left.set() or never.wait())  # the watcher stops there
    driver = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    threading.Thread(target=engine._leave_with_driver, args=(driver.pid,), daemon=True).start()
    assert not left.wait(0.5)  # the driver still runs
    driver.kill()
    driver.wait()
    assert left.wait(10)


def test_an_abandoned_pool_uses_terminate_workers_where_python_has_it():
    from build_dataset.run.engine import abandon_pool

    class NewerPool:  # Python 3.14's ProcessPoolExecutor
        calls: list = []

        def terminate_workers(self):
            self.calls.append("terminate_workers")

        def shutdown(self, *args, **kwargs):
            self.calls.append("shutdown")

    pool = NewerPool()
    abandon_pool(pool)
    assert pool.calls == ["terminate_workers"]


def _running(pid: int) -> bool:
    """The process exists and is not a zombie (the pool's own thread may reap it first, so ``Process.is_alive``
    cannot tell)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class LoggedPool:
    """A stand-in pool that runs each batch at once, logging it (``_work`` uses the steps monkeypatched in)."""

    def __init__(self, log: list) -> None:
        self.log = log

    def submit(self, fn, *args):
        from concurrent.futures import Future

        self.log.append(("submit", tuple(a.source_file for a in args[0])))
        future = Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, wait=True, cancel_futures=False):
        pass


class LoggedCache(ArticleCache):
    def __init__(self, path, key, log):
        super().__init__(path, key)
        self.log = log

    def get_many(self, articles):
        self.log.append(("read", tuple(a.source_file for a in articles)))
        return super().get_many(articles)


@pytest.mark.parametrize(
    ("cached", "lost", "expected_submits", "reads_after"),
    [
        (range(6), None, [("6.txt", "7.txt")], 1),  # the new pages come last: submitted before any cached one is read
        (range(8), None, [], 0),  # the cache answers everything: nothing to submit
        ([0, 2, 4, 6], None, [("1.txt",), ("3.txt",), ("5.txt",), ("7.txt",)], 4),  # a batch each, up to the window
        ([], None, [("0.txt", "1.txt"), ("2.txt", "3.txt"), ("4.txt", "5.txt"), ("6.txt", "7.txt")], None),
        ([6], None, [("0.txt", "1.txt"), ("2.txt", "3.txt"), ("4.txt", "5.txt"), ("7.txt",)], 4),
        # the cache loses a held page before it is read back (a build with other versions cleared it): computed
        (range(6), 2, [("6.txt", "7.txt"), ("2.txt",)], 1),
    ],
)
def test_uncached_pages_go_to_the_workers_before_the_cached_ones_are_read_back(
    tmp_path, monkeypatch, cached, lost, expected_submits, reads_after
):
    from build_dataset.run import engine

    class Upper(Annotator):
        name = "upper_v1"

        def annotate(self, article):
            article.text = article.work.raw.upper()

    pages = [Article(id=f"{i:016x}", source_file=f"{i}.txt", work=Work(raw=f"page {i}")) for i in range(8)]
    log: list = []
    cache = LoggedCache(tmp_path / "c.sqlite", "v1", log)
    for i in cached:
        cache.put(Article(id=f"{i:016x}", source_file=f"{i}.txt", text=f"PAGE {i}"))
    if lost is not None:
        has_many = cache.has_many

        def has_then_lose(articles):  # once the last batch is asked about, the lost page was held earlier
            if pages[-1] in articles:
                cache.connection.execute("DELETE FROM articles WHERE key = ?", (cache._key(pages[lost]),))
            return has_many(articles)

        monkeypatch.setattr(cache, "has_many", has_then_lose)
    monkeypatch.setattr(engine, "_worker_steps", [Upper()])
    stage = PerArticleStage(lambda: [Upper()], workers=2, batch_size=2, cache=cache, pool=LoggedPool(log))
    done = list(stage.run(pages))
    assert [(a.source_file, a.text) for a in done] == [(f"{i}.txt", f"PAGE {i}") for i in range(8)]
    assert [files for event, files in log if event == "submit"] == expected_submits
    first_read = next((k for k, (event, _) in enumerate(log) if event == "read"), None)
    assert first_read == reads_after
    assert stage.cache_hits == len(cached) - (lost is not None)


def _six_cached_of(count: int, tmp_path, monkeypatch) -> tuple[list[Article], list, LoggedCache]:
    """``count`` pages of 100 characters, the first six of them in a logged cache; no steps."""
    from build_dataset.run import engine

    pages = [Article(id=f"{i:016x}", source_file=f"{i}.txt", work=Work(raw="x" * 100)) for i in range(count)]
    log: list = []
    cache = LoggedCache(tmp_path / "c.sqlite", "v1", log)
    for page in pages[:6]:
        cache.put(Article(id=page.id, source_file=page.source_file, text="cached"))
    monkeypatch.setattr(engine, "_worker_steps", [])
    return pages, log, cache


def test_the_older_half_of_the_cached_pages_is_read_back_once_more_than_the_held_bytes_wait(tmp_path, monkeypatch):
    from build_dataset.run import engine

    pages, log, cache = _six_cached_of(8, tmp_path, monkeypatch)
    monkeypatch.setattr(engine, "HELD_ARTICLE_BYTES", 50)
    monkeypatch.setattr(engine, "HELD_BYTES", 450)  # three pages
    stage = PerArticleStage(list, workers=2, batch_size=2, cache=cache, pool=LoggedPool(log))
    assert [a.source_file for a in stage.run(pages)] == [p.source_file for p in pages]
    # each batch that takes the held pages past the bound (four held) has the older half read back; the new pages
    # go out before the last two held are read
    assert [(event, files) for event, files in log if event == "read"] == [
        ("read", ("0.txt", "1.txt")), ("read", ("2.txt", "3.txt")), ("read", ("4.txt", "5.txt"))]
    assert [event for event, _ in log] == ["read", "read", "submit", "read"]


@pytest.mark.parametrize(
    ("starts", "expected"),
    [
        ("before", ["submit 6.txt", "read 0.txt", "read 2.txt", "read 4.txt"]),  # the new pages go out first
        ("after one step", ["read 0.txt", "submit 6.txt", "read 2.txt", "read 4.txt"]),
        ("never", ["read 0.txt", "read 2.txt", "read 4.txt", "submit 6.txt"]),  # nothing left to read back: it waits
    ],
)
def test_held_pages_are_read_back_while_the_workers_start(tmp_path, monkeypatch, starts, expected):
    """Until the pool's processes have started, a submitted batch would wait for them (``engine.has_started``):
    the driver reads back held pages meanwhile, a step at a time."""
    import threading

    from build_dataset.run import engine

    pages, log, cache = _six_cached_of(8, tmp_path, monkeypatch)
    monkeypatch.setattr(engine, "READ_BACK_STEP", 2)
    pool, started = LoggedPool(log), threading.Event()
    monkeypatch.setitem(engine._STARTED, pool, started)
    if starts == "before":
        started.set()
    elif starts == "after one step":
        get_many = cache.get_many
        monkeypatch.setattr(cache, "get_many", lambda articles: started.set() or get_many(articles))
    stage = PerArticleStage(list, workers=2, batch_size=2, cache=cache, pool=pool)
    assert [a.source_file for a in stage.run(pages)] == [p.source_file for p in pages]
    assert [f"{event} {files[0]}" for event, files in log] == expected


class LaterPool(LoggedPool):
    """A ``LoggedPool`` whose batches are seen done only once a cached page has been read back after they were
    submitted (workers busy while the driver reads back), or once asked about many times (so a driver that never
    reads back again does not wait for ever)."""

    def submit(self, fn, *args):
        from concurrent.futures import Future

        self.log.append(("submit", tuple(a.source_file for a in args[0])))
        log, submitted, asked = self.log, len(self.log), []

        class Later(Future):
            def done(self):
                asked.append(True)
                return any(event == "read" for event, _ in log[submitted:]) or len(asked) > 20

        future = Later()
        future.set_result(fn(*args))  # ``wait`` returns at once: the driver asks ``done`` again
        return future


def test_held_pages_are_read_back_a_step_at_a_time_while_a_done_worker_gets_its_next_batch(tmp_path, monkeypatch):
    from build_dataset.run import engine

    pages, log, cache = _six_cached_of(12, tmp_path, monkeypatch)
    monkeypatch.setattr(engine, "READ_BACK_STEP", 1)
    stage = PerArticleStage(list, workers=2, batch_size=1, cache=cache, pool=LaterPool(log))
    assert [a.source_file for a in stage.run(pages)] == [p.source_file for p in pages]
    # the window (four batches) full: one held page is read back, the batches found done make room for the next
    # new pages, and the other held pages are read back after them
    assert [(event, files[0]) for event, files in log] == [
        *(("submit", f"{k}.txt") for k in range(6, 10)), ("read", "0.txt"), ("submit", "10.txt"),
        ("submit", "11.txt"), *(("read", f"{k}.txt") for k in range(1, 6))]


@pytest.mark.parametrize("order", [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]])
def test_records_done_in_any_order_come_out_in_input_order(order):
    from build_dataset.run.engine import in_input_order

    assert list(in_input_order((k, f"record {k}") for k in order)) == [f"record {k}" for k in range(4)]


def _damaged(path, kind: str) -> None:
    if kind == "truncated gzip":
        lines = "".join(json.dumps({"id": str(i), "text": f"Story number {i}. " * 20}) + "\n" for i in range(400))
        data = gzip.compress(lines.encode())
        path.write_bytes(data[: len(data) // 2])
    else:  # not what its name says
        path.write_bytes(b"PAR1 this is no parquet or gzip data at all" * 10)


@pytest.mark.parametrize(
    ("name", "kind", "some_records"),
    [("c.jsonl.gz", "truncated gzip", True), ("c.jsonl.gz", "garbage", False), ("c.parquet", "garbage", False)],
)
def test_a_damaged_corpus_file_gives_its_records_then_one_unreadable_reject(tmp_path, name, kind, some_records):
    path = tmp_path / name
    _damaged(path, kind)
    found = list(read_corpus(path, name, CorpusFields(), 10**6))
    *records, last = found
    assert (last.reject_reason, last.source_file) == ("unreadable", f"{name}#{len(records)}")
    assert f"from record {len(records)} on" in last.reject_detail
    assert bool(records) is some_records
    assert [a.source_file for a in records] == [f"{name}#{i}" for i in range(len(records))]
    assert all(a.reject_reason is None for a in records)


def test_a_truncated_corpus_builds_with_a_named_reject_not_a_traceback(tmp_path):
    (tmp_path / "in").mkdir()
    _damaged(tmp_path / "in" / "c.jsonl.gz", "truncated gzip")
    result = build_into(tmp_path / "in", tmp_path / "out", max_reject_share=1.0)
    reasons = pq.read_table(tmp_path / "out" / "rejects.parquet").column("reason").to_pylist()
    assert reasons.count("unreadable") == 1 and result.stats["inputs"] == len(reasons) + result.stats["rows"]


def test_only_reading_errors_become_unreadable_rejects(tmp_path, monkeypatch):
    """A record the reader read whole but the code then fails on is a bug to see, not damage to hide."""
    from build_dataset.io import formats

    path = tmp_path / "c.jsonl"
    _write_corpus(path, ['{"text": "a"}'])

    def broken(*args):
        raise ValueError("a bug")

    monkeypatch.setattr(formats, "_record_article", broken)
    with pytest.raises(ValueError, match="a bug"):
        list(read_corpus(path, "c.jsonl", CorpusFields(), 10**6))


class _ReapedServer:
    """A fork server whose process something else already reaped: stopping it fails part way."""

    def __init__(self) -> None:
        self._forkserver_pid, self._forkserver_alive_fd, self._forkserver_address = 123456, 7, "/tmp/gone"

    def _stop(self) -> None:
        raise ChildProcessError("no child process")


def test_a_fork_server_that_cannot_be_stopped_is_forgotten_so_the_next_build_starts_its_own(monkeypatch):
    from multiprocessing import forkserver

    from build_dataset.run import warm_start

    server = _ReapedServer()
    monkeypatch.setattr(forkserver, "_forkserver", server)
    warm_start._stop_fork_server()
    assert (server._forkserver_pid, server._forkserver_alive_fd, server._forkserver_address) == (None, None, None)
    warm_start._stop_fork_server()  # none left: nothing to stop


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here")
def test_the_fork_server_removes_the_steps_file_it_warmed_from_while_the_pool_still_runs():
    from build_dataset.run import warm_start
    from build_dataset.run.engine import shut_down_pool

    pool = start_pool(warmed_where_steps, 1)
    factory_file = warm_start._factory_file
    try:
        assert factory_file is not None
        pool.submit(os.getpid).result(timeout=120)  # a worker forked from the server: it has read the file
        assert not factory_file.exists()
    finally:
        shut_down_pool(pool, wait=True)


def test_a_pool_tells_when_its_processes_have_started():
    from build_dataset.run import engine

    pool = engine.start_pool(list, 1)  # steps made by ``list()``: none
    try:
        assert engine._STARTED[pool].wait(timeout=120) and engine.has_started(pool)
    finally:
        pool.shutdown()
    assert engine.has_started(None) and engine.has_started(LoggedPool([]))  # no ``start_pool`` pool: no wait
