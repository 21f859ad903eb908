"""Step.run: what each article added to the step's counts, and the running totals."""

from __future__ import annotations

import pytest

from build_dataset.core.article import Article
from build_dataset.core.steps import Annotator


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
