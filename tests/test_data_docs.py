"""The expectations page (our Data Docs) renders offline with its styles: a screenshot in headless Chromium
shows the page's colours, and the same page stripped of its styles does not. Skipped without Chromium."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import data_docs_screenshot as check  # noqa: E402

needs_chromium = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium is absent")


@needs_chromium
def test_the_page_is_styled_in_headless_chromium(seeds_build, tmp_path):
    check.screenshot(seeds_build / check.PAGE, tmp_path / "styled.png")
    assert check.is_styled(check.colour_shares(tmp_path / "styled.png"))


@needs_chromium
def test_an_unstyled_page_fails_the_check(seeds_build, tmp_path):
    page = (seeds_build / check.PAGE).read_text(encoding="utf-8")
    bare = tmp_path / "bare.html"
    bare.write_text(re.sub(r"<style>.*?</style>", "", page, flags=re.S), encoding="utf-8")
    check.screenshot(bare, tmp_path / "bare.png")
    assert not check.is_styled(check.colour_shares(tmp_path / "bare.png"))


@needs_chromium
def test_the_script_reports_a_styled_build(seeds_build):
    assert check.main([str(seeds_build)]) == 0
