"""Documented check: the expectations page (our Data Docs, ``reports/expectations.html``) renders with its
styles offline. It is screenshotted in headless Chromium with networking off, and the pixels must show the
page's own colours (the header band, the page background), which an unstyled page -- black text on white, as
GX's CDN-styled Data Docs render offline -- does not have.

Usage: python benchmarks/data_docs_screenshot.py [BUILT_FOLDER] [--screenshot PNG]   (default folder: data)
Needs Chromium (``apt-get install -y chromium``); CI does not. ``tests/test_data_docs.py`` runs it on the seeds
build and skips when /usr/bin/chromium is absent. Exit 0 when styled, 1 when not, 2 without Chromium.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = "chromium"
PAGE = "reports/expectations.html"
# Colours the page's inline CSS sets (templates/expectations.html.j2): header band and page background, RGB 0-255.
HEADER = (0x1F, 0x3B, 0x5C)
BACKGROUND = (0xEE, 0xF1, 0xF5)
# Share of the screenshot each colour must cover: the header band is ~10% of a 1200x900 window and the background
# most of the rest; an unstyled page has neither (0%).
MIN_SHARE = {"header": 0.05, "background": 0.2}
TOLERANCE = 6  # per channel, for anti-aliasing at the edges


def screenshot(page: Path, png: Path, chromium: str = CHROMIUM) -> None:
    """Headless Chromium, no network, no profile left behind: ``page`` as a 1200x900 PNG."""
    with tempfile.TemporaryDirectory() as profile:
        command = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
            "--window-size=1200,900", f"--screenshot={png}", page.resolve().as_uri(),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)


def colour_shares(png: Path) -> dict[str, float]:
    """Share of the pixels within TOLERANCE of each of the page's colours."""
    import matplotlib.image
    import numpy as np

    pixels = np.rint(matplotlib.image.imread(png)[..., :3] * 255).astype(int)
    shares = {}
    for name, colour in (("header", HEADER), ("background", BACKGROUND)):
        close = (np.abs(pixels - np.array(colour)) <= TOLERANCE).all(axis=-1)
        shares[name] = float(close.mean())
    return shares


def is_styled(shares: dict[str, float]) -> bool:
    return all(shares[name] >= share for name, share in MIN_SHARE.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", default=Path("data"), help="a built folder (default: data)")
    parser.add_argument("--screenshot", type=Path, default=None, help="keep the PNG here (default: a temp file)")
    args = parser.parse_args(argv)
    if shutil.which(CHROMIUM) is None:
        print("chromium is not installed (apt-get install -y chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        png = args.screenshot or Path(work) / "page.png"
        screenshot(args.folder / PAGE, png)
        shares = colour_shares(png)
    print(f"{args.folder / PAGE}: header {shares['header']:.1%}, background {shares['background']:.1%} of the pixels")
    return 0 if is_styled(shares) else 1


if __name__ == "__main__":
    sys.exit(main())
