"""A real Chromium (Debian's, through Playwright) for the page and PDF tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from pipeline.lib.board import files as board_files
from pipeline.lib.board import report as board_report
from pipeline.lib.board.views import BoardReport
from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.render.browser import chromium
from pipeline.lib.warehouse.connection import connect
from tests.static_server import serve

GENERATED = datetime(2026, 11, 25, 9, 30)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    """The sample site served over HTTP on localhost, as a static host would serve it."""
    with serve(sample_site) as url:
        yield url


def watch(page: Page) -> tuple[list[str], list[str]]:
    """The page's console and script errors, and every URL it requests, as they happen."""
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    return errors, requests


@contextmanager
def screen(browser: Browser, width: int, height: int = 900) -> Iterator[Page]:
    """One page in a fresh context of the given screen size, closed afterwards (pages never share
    cookies, storage or zoom between tests)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield context.new_page()
    finally:
        context.close()


def write_board_report(world: DataPaths, fiscal_year: int, run_id: str, folder: Path) -> tuple[Path, BoardReport]:
    """A fiscal year's board report built from a world's warehouse and written as the night writes
    it (HTML with its charts), for the tests that print or measure it."""
    with connect(world.warehouse) as con:
        report = board_report.build(
            con, load_catalogue(), FiscalCalendar(7), fiscal_year, run_id, GENERATED, folder / "charts"
        )
    return board_files.write(report, folder), report
