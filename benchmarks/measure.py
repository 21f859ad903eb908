"""Run a command and measure its wall time and the peak resident memory of its whole process tree (Linux)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

POLL_SECONDS = 0.05


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


def tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) bytes of ``pid`` and all its descendants right now. RSS counts a page shared by several processes
    (a forked child's copy-on-write pages, shared libraries) once per process; PSS splits it among them, so the
    tree's PSS is the memory the build really holds."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        rss += _kib(Path(f"/proc/{current}/status"), "VmRSS:")
        pss += _kib(Path(f"/proc/{current}/smaps_rollup"), "Pss:")
        stack += _children(current)
    return rss, pss


def own_peak_rss(pid: int) -> int:
    """The high-water mark of ``pid``'s own resident memory (VmHWM), without its children; 0 once it is gone."""
    return _kib(Path(f"/proc/{pid}/status"), "VmHWM:")


def run_measured(command: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """Wall time, the peak RSS and PSS of the whole process tree (driver and workers; see ``tree_memory``) and
    the peak RSS of the driver alone."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = peak_pss = driver_peak = 0
    while process.poll() is None:
        rss, pss = tree_memory(process.pid)
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        driver_peak = max(driver_peak, own_peak_rss(process.pid))
        time.sleep(POLL_SECONDS)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    megabytes = {name: round(value / 2**20, 1) for name, value in
                 (("peak_rss_mb", peak), ("peak_pss_mb", peak_pss), ("driver_peak_rss_mb", driver_peak))}
    return {"seconds": round(seconds, 2), **megabytes, "stdout": stdout, "stderr": stderr}
