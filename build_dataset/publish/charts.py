"""PNG charts for the card (articles per year, topics, top officials), drawn from stats.json.

Byte-identical for identical stats: the Agg backend, no PNG metadata (matplotlib otherwise stamps its
version into ``Software``), a fixed size and DPI, and hashing-independent label order (stats are sorted).
"""

from __future__ import annotations

import functools
from pathlib import Path

CHART_DIR = "charts"
DPI = 100
WIDTH_INCHES = 7.0
BAR_HEIGHT_INCHES = 0.32  # one horizontal bar; labels stay readable at the Hub's card width
NO_PNG_METADATA = {"Software": None}
BAR_COLOR = "#3b6ea5"


@functools.cache
def _pyplot():
    """matplotlib's pyplot on the Agg backend, imported when a chart is first drawn: a build draws them in its side
    process (``publish.side_process``), so the driver, which imports this module for ``ranked``, never pays for it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # the backend must be chosen first

    return plt


def _save(figure, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.tight_layout()
    figure.savefig(path, format="png", dpi=DPI, metadata=NO_PNG_METADATA)
    _pyplot().close(figure)


def ranked(counts: dict) -> dict[str, int]:
    """Largest count first, ties by name (stats.json stores keys sorted, so rank order must be rebuilt)."""
    return dict(sorted(((str(k), v) for k, v in counts.items()), key=lambda kv: (-kv[1], kv[0])))


def _plain(label: str) -> str:
    """Text from the data must not switch matplotlib into mathtext (``$...$``)."""
    return label.replace("$", r"\$")


def _bars(counts: dict[str, int], title: str, path: Path) -> None:
    """Horizontal bars, largest on top."""
    top = ranked(counts)
    labels, values = [_plain(k) for k in top][::-1], list(top.values())[::-1]
    figure, axes = _pyplot().subplots(figsize=(WIDTH_INCHES, 1.2 + BAR_HEIGHT_INCHES * len(labels)))
    axes.barh(labels, values, color=BAR_COLOR)
    axes.set_title(title)
    axes.set_xlabel("articles")
    axes.xaxis.get_major_locator().set_params(integer=True)
    _save(figure, path)


def _columns(counts: dict[str, int], title: str, path: Path) -> None:
    figure, axes = _pyplot().subplots(figsize=(WIDTH_INCHES, 3.5))
    keys = sorted(counts, key=str)
    axes.bar([_plain(str(k)) for k in keys], [counts[k] for k in keys], color=BAR_COLOR)
    axes.set_title(title)
    axes.set_ylabel("articles")
    axes.yaxis.get_major_locator().set_params(integer=True)
    _save(figure, path)


def _charts(stats: dict) -> dict[str, tuple]:
    return {
        "articles_per_year": (_columns, stats["articles_per_year"], "Articles per year (dated articles)"),
        "topics": (_bars, stats["topics"], "Articles per topic"),
        "top_officials": (_bars, stats["top_officials"], "Articles naming each official (top)"),
    }


def chart_files(stats: dict) -> dict[str, str]:
    """{chart name: path relative to the output} of the charts that have data: what ``write_charts`` draws, known
    before they are drawn (the card names them while another process draws them)."""
    return {name: f"{CHART_DIR}/{name}.png" for name, (_, counts, _) in _charts(stats).items() if counts}


def write_charts(out: Path, stats: dict) -> dict[str, str]:
    """Draw the charts that have data; return ``chart_files``."""
    charts = _charts(stats)
    written = chart_files(stats)
    for name, relative in written.items():
        draw, counts, title = charts[name]
        draw(counts, title, out / relative)
    return written
