"""The benchmarks' memory sampler (benchmarks/measure.py): a short swing of the tree's memory between two of the
periodic PSS reads is still in the peak PSS, and the peaks are of the whole process tree."""

from __future__ import annotations

import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import measure  # noqa: E402

MB = 2**20
# A child that holds SWING_MB for about a second, between two periodic PSS reads, then idles past the next one.
SWING_MB = 200
SWING = f"""
import time
time.sleep(0.3)
held = bytearray({SWING_MB} * {MB})  # zero-filled: every page touched
time.sleep(1.2)
del held
time.sleep({measure.PSS_POLL_SECONDS} + 0.5)
"""


def test_a_short_swing_between_periodic_reads_is_in_the_peak_pss():
    assert 1.5 < measure.PSS_POLL_SECONDS  # the swing falls between the first read and the next periodic one
    measured = measure.run_measured([sys.executable, "-c", SWING])
    assert measured["peak_pss_mb"] >= SWING_MB
    assert measured["peak_rss_mb"] >= measured["peak_pss_mb"]


def test_the_peaks_count_a_child_of_the_command():
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {SWING!r}], check=True)"
    measured = measure.run_measured([sys.executable, "-c", child])
    assert measured["peak_pss_mb"] >= SWING_MB
    assert measured["driver_peak_rss_mb"] < SWING_MB  # the command's own process never held the swing
