"""A real Chromium (Debian's, through Playwright) for the page and PDF tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from pipeline.lib.render.browser import chromium
from tests.static_server import serve


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
