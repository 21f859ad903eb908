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


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants right now."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
        stack += _children(current)
    return total


def own_peak_rss(pid: int) -> int:
    """The high-water mark of ``pid``'s own resident memory (VmHWM), without its children; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_measured(command: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """Wall time, the peak RSS of the whole process tree (driver and workers) and of the driver alone."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = driver_peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        driver_peak = max(driver_peak, own_peak_rss(process.pid))
        time.sleep(POLL_SECONDS)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(peak / 2**20, 1),
            "driver_peak_rss_mb": round(driver_peak / 2**20, 1), "stdout": stdout, "stderr": stderr}
