"""A real Chromium (Debian's, through Playwright) for the page and PDF tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from pipeline.lib.browser import chromium


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b
