"""``reports/expectations.html``: the great-expectations result of a build (``reports/expectations.json``) as
one self-contained page, our Data Docs.

GX's own Data Docs site loads Bootstrap, jQuery and fonts from CDNs (unstyled offline), ships ~4 MB of assets
and stamps render times and random ids into every page. This page has its styles inline and no scripts, no
external links and no clock: it is dated by the build's as-of day, so the same build gives the same bytes,
and it is listed in the manifest and uploaded with the data. Rendered with jinja2 (HTML autoescaping on) from
``templates/expectations.html.j2``.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).parent / "templates"


def _kwargs_text(kwargs: dict) -> str:
    return json.dumps(kwargs, sort_keys=True, ensure_ascii=False, default=str)


def _observed_text(observed: object) -> str:
    if isinstance(observed, float):
        return f"{observed:.4g}"
    return json.dumps(observed, sort_keys=True, ensure_ascii=False, default=str) if observed is not None else "-"


def page_context(summary: dict, stats: dict) -> dict:
    """Per suite: its expectations with their status (passed, failed, or warned for a warn-only suite)."""
    warn_only = set(summary.get("warn_only", []))
    suites = []
    for name, results in sorted(summary["suites"].items()):
        failed = "warned" if name in warn_only else "failed"
        rows = [
            {
                "type": r["type"],
                "kwargs": _kwargs_text(r["kwargs"]),
                "observed": _observed_text(r["observed"]),
                "status": "passed" if r["success"] else failed,
            }
            for r in results
        ]
        suites.append({"name": name, "warn_only": name in warn_only, "rows": rows})
    config = stats.get("versions", {}).get("config", {}).get("article", {})
    return {
        "title": (stats.get("dataset") or {}).get("pretty_name") or "Dataset",
        "as_of": config.get("as_of") or "not recorded",
        "pipeline": stats.get("versions", {}).get("pipeline", ""),
        "rows": stats.get("rows", 0),
        "success": summary["success"],
        "suites": suites,
    }


def render_page(summary: dict, stats: dict) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.get_template("expectations.html.j2").render(page_context(summary, stats))


def write_page(summary: dict, stats: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(summary, stats), encoding="utf-8")
