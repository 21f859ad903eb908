"""The options object: every tunable threshold declared once, overridable by file, recorded with the build."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import yaml

from build_dataset.annotate.officials.annotator import DEFAULTS, OfficialsOptions
from build_dataset.cli import main
from build_dataset.core.options import Options, describe, load_options, read_yaml
from build_dataset.core.settings import Settings
from build_dataset.core.versions import build_config, cache_versions
from build_dataset.pipeline import declared_options


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"oficials": {"full_name_min": 85}}, "unknown step family 'oficials'"),
        ({"officials": {"full_name": 85}}, "officials has no threshold 'full_name'"),
        ({"officials": {"full_name_min": "high"}}, "must be a int"),
        ({"officials": {"full_name_min": 85.5}}, "must be a int"),
        ({"officials": {"full_name_min": True}}, "must be a int"),
    ],
)
def test_bad_overrides_are_named(overrides, message):
    with pytest.raises(ValueError, match=message):
        Options(overrides).check(declared_options())


def test_an_override_changes_only_its_threshold():
    options = Options({"officials": {"byline_min": 95}}).of(OfficialsOptions)
    assert options.byline_min == 95
    assert dataclasses.replace(options, byline_min=DEFAULTS.byline_min) == DEFAULTS


def test_every_declared_threshold_is_documented_and_listed():
    listed = yaml.safe_load(describe(declared_options()))
    resolved = Options().resolved(declared_options())
    assert listed == resolved
    for declared in declared_options():
        assert all(f.metadata.get("doc") for f in dataclasses.fields(declared)), declared


def test_options_are_recorded_and_part_of_the_cache_key():
    base = {"pipeline": "x"}
    plain = build_config(Settings())
    tuned = build_config(Settings(options=Options({"officials": {"full_name_min": 85}})))
    assert tuned["options"]["officials"]["full_name_min"] == 85
    assert plain["options"]["officials"]["full_name_min"] == DEFAULTS.full_name_min
    assert cache_versions({**base, "config": plain}) != cache_versions({**base, "config": tuned})


def test_a_corpus_steps_thresholds_leave_the_article_cache_alone():
    base = {"pipeline": "x"}
    plain = build_config(Settings())
    tuned = build_config(Settings(options=Options({"officials_corpus": {"period_days": 60}})))
    assert tuned["options"]["officials_corpus"]["period_days"] == 60
    assert cache_versions({**base, "config": plain}) == cache_versions({**base, "config": tuned})


@pytest.mark.parametrize(
    ("text", "problem"),
    [("- a\n- b\n", "must map each step family"), ("officials: 3\n", "must map each step family"),
     ("officials: [\n", "cannot read")],
)
def test_unreadable_options_files(tmp_path, text, problem):
    path = tmp_path / "options.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        load_options(path)


def test_cli_refuses_an_unknown_threshold_before_building(tmp_path, capsys):
    options = tmp_path / "options.yaml"
    options.write_text("officials:\n  nonsense: 1\n", encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("A title\n\nSome body text of a page.\n", encoding="utf-8")
    code = main(["build", "--input", str(pages), "--output", str(tmp_path / "out"), "--options", str(options),
                 "--no-progress"])
    assert code == 2
    assert "no threshold 'nonsense'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("share", "kind"), [(0.3, "table"), (0.9, "article")])
def test_a_step_uses_the_thresholds_it_is_given(share, kind):
    from build_dataset.annotate.kind import KindAnnotator, KindOptions
    from build_dataset.core.article import Article, Work

    text = "Rates on Friday: 3.25 3.50 3.75 4.00 and the index at 2,450.1 against 2,431.8 the day before, up 0.7%."
    article = Article(id="t", source_file="t.txt", text=text, work=Work(raw=text), word_count=len(text.split()))
    KindAnnotator(options=KindOptions(table_min_numeric_share=share)).annotate(article)
    assert article.kind == kind


@pytest.mark.parametrize(("family", "threshold", "value", "cached"), [
    ("clean", "min_article_words", 10, True),
    ("dates", "label_reach_chars", 40, True),
    ("sources", "site_line_window", 8, True),
    ("dedup", "match_threshold", 0.6, False),
])
def test_only_per_article_families_are_in_the_cache_key(family, threshold, value, cached):
    base = {"pipeline": "x"}
    plain = build_config(Settings())
    tuned = build_config(Settings(options=Options({family: {threshold: value}})))
    assert tuned["options"][family][threshold] == value
    assert (cache_versions({**base, "config": plain}) != cache_versions({**base, "config": tuned})) is cached


def test_every_step_family_is_listed():
    families = {declared.family for declared in declared_options()}
    assert {"clean", "kind", "language", "dates", "sources", "officials", "officials_corpus", "dedup"} <= families


@pytest.mark.parametrize(("min_words", "kept"), [(5, True), (40, False)])
def test_the_cleaner_thresholds_reach_the_filter(min_words, kept):
    from build_dataset.clean.options import CleanOptions
    from build_dataset.clean.page import NotArticleFilter, PageCleaner
    from build_dataset.core.article import Article, Work

    raw = "A short notice\n\nThe office opens at nine on weekdays and closes at five in the afternoon.\n"
    options = CleanOptions(min_article_words=min_words)
    article = Article(id="t", source_file="t.txt", work=Work(raw=raw))
    done = list(NotArticleFilter(options).run(PageCleaner(options).run([article])))
    assert (done[0].reject_reason is None) is kept


@pytest.mark.parametrize(("as_of", "found"), [(dt.date(2020, 1, 1), None), (dt.date(2024, 1, 1), dt.date(2023, 5, 2))])
def test_the_as_of_day_is_the_date_steps_own(as_of, found):
    from build_dataset.annotate.dates import DateAnnotator
    from build_dataset.core.article import Article, Work

    article = Article(id="t", source_file="t.txt", text="Body.", language="en",
                      work=Work(header_lines=["Published : 2023-05-02 10:00"]))
    DateAnnotator(as_of=as_of).annotate(article)
    assert article.date == found


def test_a_looser_lsh_shape_finds_every_default_candidate_pair():
    from build_dataset.dedup.candidates import candidate_pairs
    from build_dataset.dedup.index import build_index
    from build_dataset.dedup.options import DedupOptions

    texts = [
        "The ministry said exports of chips rose sharply in March. Shipments to China fell for a third month.",
        "Exports of chips rose sharply in March, the ministry said. Shipments to China fell again.",
        "A storm closed the port on Friday. Ferries to the islands were cancelled until Sunday.",
        "Ferries to the islands were cancelled until Sunday after a storm closed the port.",
        "The central bank kept its policy rate unchanged and signalled one cut later this year.",
    ]
    index = build_index(texts)
    default = {tuple(p) for p in candidate_pairs(index).tolist()}
    looser = {tuple(p) for p in candidate_pairs(index, DedupOptions(lsh_bands=24, lsh_rows=1)).tolist()}
    assert default and default <= looser


def test_every_declared_family_is_a_steps_and_every_steps_family_is_declared():
    from build_dataset.core.options import declarations

    assert {d.family for d in declared_options()} == set(declarations())


@pytest.mark.parametrize("declared", declared_options(), ids=lambda d: d.family)
def test_a_familys_thresholds_pickle_and_carry_their_provenance(declared):
    import pickle

    options = declared()
    assert pickle.loads(pickle.dumps(options)) == options
    assert all(f.metadata["doc"].strip() for f in dataclasses.fields(declared)), "every threshold has a provenance"


@pytest.mark.parametrize("name", ["officials.yaml", "options.yaml", "outlets.yaml", "roles.yaml"])
def test_read_yaml_reads_the_packaged_resources_as_safe_load_does(name):
    from importlib import resources

    text = resources.files("build_dataset").joinpath("resources", name).read_text("utf-8")
    assert read_yaml(text) == yaml.safe_load(text)


@pytest.mark.parametrize("text", ["a: [1, 2", "a: b: c", "- x\n y: 1"])
def test_read_yaml_raises_what_safe_load_raises(text):
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError) as raised:
        read_yaml(text)
    assert str(raised.value) == str(expected.value)
