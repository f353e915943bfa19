"""The pictures in ``docs/images``: taken from a real publication, so the docs show what readers get.

Each page is shot at a desktop and a phone width, in every language the site is published in, from
the files as a static host serves them; the board report (English only, for the Board) at both widths.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.lib.common import paths
from pipeline.lib.render.browser import chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser, FloatRect

WIDTHS = (1280, 390)
HEIGHT = {1280: 800, 390: 844}  # a laptop screen; an iPhone 12-14
BOARD_SCREENS = 3  # "the board's pages 1-3": the first three screens a Board member scrolls through


@dataclass(frozen=True)
class Shot:
    name: str  # the image's name in docs/images, without the width and extension
    page: Path
    width: int
    screens: int = 1  # how many screen heights from the top (one is what a reader sees first)

    @property
    def image(self) -> str:
        return f"{self.name}-{self.width}.png"


def shots(site: Path, board_html: Path, metric_id: str) -> Iterator[Shot]:
    """The pictures the docs need, per language and width: index, a metric page, the transparency
    table, then the board report's first screens."""
    for locale in sorted(p.name for p in site.iterdir() if (p / "index.html").exists()):
        folder = site / locale
        for width in WIDTHS:
            yield Shot(f"index-{locale}", folder / "index.html", width)
            yield Shot(f"metric-{locale}", folder / f"{metric_id}.html", width, screens=2)
            yield Shot(f"transparency-{locale}", _fullest_year(folder), width, screens=2)
    for width in WIDTHS:
        yield Shot("board-en", board_html, width, screens=BOARD_SCREENS)


def _fullest_year(folder: Path) -> Path:
    """The transparency page of the fiscal year with the most countries (its page is the largest)."""
    return max(folder.glob("transparency-FY????.html"), key=lambda p: p.stat().st_size)


def take(site: Path, board_html: Path, metric_id: str, out: Path = paths.DOCS / "images") -> list[Path]:
    """Shoot every picture of ``shots`` into ``out``; returns the files written."""
    with chromium() as browser:
        return shoot(browser, site, board_html, metric_id, out)


def shoot(browser: Browser, site: Path, board_html: Path, metric_id: str, out: Path) -> list[Path]:
    """``take`` with a browser already open (a test's)."""
    written: list[Path] = []
    for shot in shots(site, board_html, metric_id):
        page = browser.new_page(viewport={"width": shot.width, "height": HEIGHT[shot.width]})
        page.goto(shot.page.as_uri())
        target = out / shot.image
        height = min(HEIGHT[shot.width] * shot.screens, page.evaluate("document.documentElement.scrollHeight"))
        clip: FloatRect = {"x": 0, "y": 0, "width": shot.width, "height": height}
        page.screenshot(path=str(target), clip=clip, full_page=True)
        page.close()
        written.append(target)
    return written
