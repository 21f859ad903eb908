"""Run a command and measure its wall time and the peak resident memory of its whole process tree (Linux)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

POLL_SECONDS = 0.05
# Reading PSS walks every page table of the tree, and the processes walked stall meanwhile: once a second it slowed the
# spaCy floor by ~5% (80.2 s -> 84.5 s at 5k; one ad-hoc run each at dde4853, ``run_floor`` with and without PSS
# reads), so the peak PSS is a sample every 5 s.
PSS_POLL_SECONDS = 5.0
# A sample every 5 s misses most of the workers' short swings (a batch of long texts: ~+80 MB for a few seconds),
# and a longer run samples more of them, so its peak was nearer the true one: the tree's PSS read at 1 s over the
# 100k row's per-article stage peaked at 1140 MB (one ad-hoc timeline at 999073c). PSS is also read, at most this
# often, whenever the tree's RSS is above the RSS at the highest PSS read so far (where a new PSS peak can be).
PSS_HIGH_POLL_SECONDS = 0.5


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _kib(path: Path, key: str) -> int:
    """The ``key:`` line of a /proc file, in bytes (0 when the process is gone)."""
    try:
        for line in path.read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants right now."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack += _children(current)
    return found


def tree_rss(pids: list[int]) -> int:
    """Resident bytes of the processes: a page several of them share (a forked child's copy-on-write pages, shared
    libraries) counts once per process."""
    return sum(_kib(Path(f"/proc/{pid}/status"), "VmRSS:") for pid in pids)


def tree_pss(pids: list[int]) -> int:
    """Proportional set size of the processes: each shared page split among the processes sharing it, so the sum
    is the memory they really hold. Reading it walks every page table (milliseconds per large process)."""
    return sum(_kib(Path(f"/proc/{pid}/smaps_rollup"), "Pss:") for pid in pids)


def own_peak_rss(pid: int) -> int:
    """The high-water mark of ``pid``'s own resident memory (VmHWM), without its children; 0 once it is gone."""
    return _kib(Path(f"/proc/{pid}/status"), "VmHWM:")


def run_measured(command: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """Wall time, the peak RSS and PSS of the whole process tree (driver and workers; ``tree_rss``, ``tree_pss``)
    and the peak RSS of the driver alone. PSS is read every ``PSS_POLL_SECONDS``, or every ``PSS_HIGH_POLL_SECONDS``
    while the tree's RSS is above its RSS at the PSS peak so far, and only while that RSS is above the PSS peak (PSS
    never exceeds RSS), so reading it takes little CPU from the command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = peak_pss = driver_peak = rss_at_peak_pss = 0
    pss_read = 0.0
    while process.poll() is None:
        pids = _tree(process.pid)
        rss = tree_rss(pids)
        peak = max(peak, rss)
        since = time.perf_counter() - pss_read
        due = since >= (PSS_HIGH_POLL_SECONDS if rss > rss_at_peak_pss else PSS_POLL_SECONDS)
        if rss > peak_pss and due:
            pss, pss_read = tree_pss(pids), time.perf_counter()
            if pss > peak_pss:
                peak_pss, rss_at_peak_pss = pss, rss
        driver_peak = max(driver_peak, own_peak_rss(process.pid))
        time.sleep(POLL_SECONDS)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    megabytes = {name: round(value / 2**20, 1) for name, value in
                 (("peak_rss_mb", peak), ("peak_pss_mb", peak_pss), ("driver_peak_rss_mb", driver_peak))}
    return {"seconds": round(seconds, 2), **megabytes, "stdout": stdout, "stderr": stderr}
