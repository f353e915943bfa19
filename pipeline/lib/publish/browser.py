"""Debian's Chromium, driven by Playwright, for printing PDFs (and, in tests and
benchmarks, for reading pages).

Playwright's own browser download does not work here, so the system Chromium is launched with the
flags a closed network needs (no background networking, no component updates, no first-run work).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    path = os.environ.get("HRP_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists():
        raise FileNotFoundError(f"Chromium is needed at {path} (install Debian's `chromium`, or set HRP_CHROMIUM)")
    return path


@contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


FOOTER = (
    '<div style="font: 8px system-ui, sans-serif; color: #52606d; width: 100%; padding: 0 14mm; '
    'display: flex; justify-content: space-between;"><span class="title"></span>'
    '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
)


def print_pdfs(pages: dict[Path, Path]) -> None:
    """Print each HTML file to its PDF path, in one browser session (A4, backgrounds, page numbers).

    Playwright's synchronous API refuses to run where an event loop is already running (a caller's,
    or another Playwright session), so printing happens on a thread of its own.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_print_pdfs, pages).result()


def _print_pdfs(pages: dict[Path, Path]) -> None:
    with chromium() as browser:
        page = browser.new_page()
        for html, pdf in pages.items():
            page.goto(html.resolve().as_uri(), wait_until="load")
            tmp = pdf.with_suffix(".pdf.tmp")
            page.pdf(
                path=str(tmp),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=FOOTER,
                margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
            )
            tmp.replace(pdf)
