"""Step.run: what each article added to the step's counts, and the running totals."""

from __future__ import annotations

import pytest

from build_dataset.core.article import Article
from build_dataset.core.steps import Annotator, CorpusStep


class Tally(Annotator):
    """Adds the counts its article's text names ("a=2 b=-1"), or raises on "boom"."""

    name = "tally_v1"

    def annotate(self, article: Article) -> None:
        if article.text == "boom":
            raise ValueError("boom")
        for pair in article.text.split():
            key, _, value = pair.partition("=")
            self.stats[key] += int(value)


@pytest.mark.parametrize(
    ("texts", "per_article", "totals"),
    [
        (["a=1"], [{"seen": 1, "a": 1}], {"seen": 1, "a": 1}),
        (["a=1", "a=2 b=1"], [{"seen": 1, "a": 1}, {"seen": 1, "a": 2, "b": 1}], {"seen": 2, "a": 3, "b": 1}),
        (["a=0"], [{"seen": 1}], {"seen": 1, "a": 0}),  # a zero count is in the totals, not on the article
        (["a=2", "a=-1"], [{"seen": 1, "a": 2}, {"seen": 1}], {"seen": 2, "a": 1}),
        (["", "boom"], [{"seen": 1}, {"seen": 1, "errors": 1}], {"seen": 2, "errors": 1}),
    ],
)
def test_run_counts_each_article_and_keeps_the_totals(texts, per_article, totals):
    step = Tally()
    articles = [Article(id=f"{i:016x}", source_file=f"{i}.txt", text=t) for i, t in enumerate(texts)]
    done = list(step.run(articles))
    assert [a.work.step_counts["tally_v1"] for a in done] == per_article
    assert dict(step.stats) == totals
    assert list(step.stats) == list(totals)


def test_run_passes_rejected_articles_through_uncounted():
    step = Tally()
    article = Article(id="0" * 16, source_file="a.txt", text="a=1").reject("empty")
    assert list(step.run([article])) == [article]
    assert article.work.step_counts == {} and not step.stats


class Noted(CorpusStep):
    """A corpus step that notes its name in ``events`` when it runs."""

    def __init__(self, name: str, large: bool, events: list[str]) -> None:
        super().__init__()
        self.name, self.holds_large_transient, self.events = name, large, events

    def process_all(self, articles: list[Article]) -> None:
        self.events.append(self.name)


@pytest.mark.parametrize(
    ("large", "order"),
    [
        ([], ["hook"]),
        ([False], ["hook", "s0"]),
        ([True], ["s0", "hook"]),
        ([True, False, False], ["s0", "hook", "s1", "s2"]),
        ([False, True, False], ["s0", "s1", "hook", "s2"]),
        ([True, False, True], ["s0", "s1", "s2", "hook"]),  # after the last large one, once
        ([False, False], ["hook", "s0", "s1"]),
    ],
)
def test_the_corpus_steps_run_their_hook_once_after_the_last_large_transient(large, order):
    from build_dataset.run.build import _run_corpus_steps

    events: list[str] = []
    steps = [Noted(f"s{k}", flag, events) for k, flag in enumerate(large)]
    articles = [Article(id="0" * 16, source_file="a.txt", text="x")]
    assert _run_corpus_steps(steps, articles, {}, lambda: events.append("hook")) == articles
    assert events == order


def test_the_duplicate_stage_is_the_corpus_steps_large_transient():
    from build_dataset.core.settings import Settings
    from build_dataset.pipeline import CORPUS, make_steps

    steps = make_steps(CORPUS, Settings(), {"topics": []})
    assert [s.name for s in steps if s.holds_large_transient] == ["dedup_v3"]
