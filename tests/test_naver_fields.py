"""Page-structure fields on real crawled pages (benchmarks/naver_fields.py) against the outlets' own metadata.

Runs on a fixed third of the 498 Naver articles to keep the suite fast (the benchmark measures them all).
Skipped when ../shared (the crawl) is absent.
"""

from __future__ import annotations

import sys

import pytest
from conftest import REPO, SHARED

sys.path.insert(0, str(REPO / "benchmarks"))
import naver_fields  # noqa: E402

CORPUS = SHARED / "corpora" / "korea_en_naver_2025"
SAMPLE_STRIDE = 3
# The acceptance bars of issue 13 (the whole crawl is measured by the benchmark).
AS_IS_FLOORS = {
    "date_coverage": 0.97,
    "date_precision": 0.99,
    "publisher_coverage": 0.97,
    "publisher_precision": 0.99,
    "title_equal": 0.95,
}
BODY_ONLY_FLOORS = {"date_precision": 0.99, "yonhap_agency": 0.90, "title_equal": 0.95}


@pytest.fixture(scope="module")
def measured():
    if not (CORPUS / "articles.jsonl.gz").is_file():
        pytest.skip("../shared/corpora/korea_en_naver_2025 is not present")
    records = naver_fields.load_articles(CORPUS)[::SAMPLE_STRIDE]
    results, _ = naver_fields.measure(records)
    return results


@pytest.mark.parametrize(("form", "floors"), [("as_is", AS_IS_FLOORS), ("body_only", BODY_ONLY_FLOORS)])
def test_crawled_fields_meet_the_floors(measured, form, floors):
    below = {metric: measured[form][metric] for metric, floor in floors.items() if measured[form][metric] < floor}
    assert below == {}, measured[form]


def test_body_only_strips_the_crawl_header_and_footer():
    text = (
        "\n# Headline here\n\n**연합뉴스** | 2024-03-19 07:45 | \n\n---\n\nBody text.\n\n---\n\n"
        "*Crawled at: 2024-03-20*\n*Source: [원문 보기](https://example.com/1)*\n"
    )
    stripped = naver_fields.body_only(text)
    assert "# Headline here" in stripped and "Body text." in stripped
    assert all(mark not in stripped for mark in ("연합뉴스", "Crawled at", "Source:", "---"))
