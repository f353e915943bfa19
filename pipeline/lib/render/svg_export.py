"""Plotly figures drawn to SVG in the process's browser, all of a build's figures in one call.

kaleido 1.5 draws with the right plotly.js and the right export script, but runs a Chromium of its
own beside the one that prints the PDFs, and reloads its page (plotly.js is 4.8 MB of script) after
every figure: most of a full build's time went there. Here kaleido's own page (``PageGenerator``:
the plotly.js shipped with plotly.py and kaleido's ``kaleido_scopes`` script) is loaded once in a
page of the process's browser and kept open, and every figure is drawn by that same script, so the
SVG is the one kaleido would write, without the reloads and without a second browser.
"""

from __future__ import annotations

import atexit
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.lib.render import browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PAGE = "charts"  # the name the chart page is kept under in the browser session
DRAW_ALL = """async (specs) => {
    const drawn = [];
    for (const spec of specs) {
        try {
            drawn.push(await kaleido_scopes.plotly(spec, null, false));
        } catch (error) {
            drawn.push({code: 525, message: String(error)});
        }
    }
    return drawn;
}"""
DEFAULT_SIZE = (700, 500)  # kaleido's, for a figure whose layout gives none


class DrawingError(RuntimeError):
    """plotly.js refused a figure (its message says why)."""


def prepare() -> None:
    """Start the browser and load the chart page in the background (the page takes seconds: plotly.js)."""
    browser.session().start(lambda b: _chart_page(b, wait=False))


def draw(figures: Sequence[Mapping[str, Any]]) -> list[bytes]:
    """Each figure as SVG text, in order (a figure's random id is left for the caller to make stable)."""
    return start_drawing(figures).result(timeout=browser.TIMEOUT_SECONDS)


def start_drawing(figures: Sequence[Mapping[str, Any]]) -> Future[list[bytes]]:
    """``draw``, started: the browser draws while the caller does other work."""
    specs = [spec(f) for f in figures]
    return browser.session().submit(lambda b: _draw(b, specs) if specs else [])


def spec(figure: Mapping[str, Any]) -> dict[str, Any]:
    """What kaleido's script takes: the figure, its format and its size in pixels (kaleido's defaults)."""
    layout = figure.get("layout", {})
    return {
        "format": "svg",
        "width": layout.get("width") or DEFAULT_SIZE[0],
        "height": layout.get("height") or DEFAULT_SIZE[1],
        "scale": 1,
        "data": dict(figure),
    }


def _draw(b: Browser, specs: list[dict[str, Any]]) -> list[bytes]:
    drawn = _chart_page(b).evaluate(DRAW_ALL, specs)
    failed = [d for d in drawn if d["code"] != 0]
    if failed:
        raise DrawingError(f"plotly.js could not draw {len(failed)} chart(s): {failed[0]['message']}")
    return [str(d["result"]).encode() for d in drawn]


def _chart_page(b: Browser, wait: bool = True) -> Page:
    kept = browser.session().kept
    page: Page | None = kept.get(PAGE)
    if page is None or page.is_closed():
        page = b.new_page()
        page.goto(_index().as_uri(), wait_until="commit")
        kept[PAGE] = page
    if wait:
        page.wait_for_load_state("load")
    return page


@cache
def _index() -> Path:
    """kaleido's page, written once per process to a folder removed at exit."""
    from kaleido import PageGenerator

    folder = tempfile.TemporaryDirectory(prefix="hrp-charts-")
    atexit.register(folder.cleanup)
    index = Path(folder.name) / "index.html"
    index.write_text(PageGenerator(mathjax=False).generate_index(), encoding="utf-8")
    return index
