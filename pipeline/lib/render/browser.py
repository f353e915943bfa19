"""Debian's Chromium, driven by Playwright: one browser per process draws the charts and prints the
PDFs (and, in tests and benchmarks, reads pages).

Playwright's own browser download does not work here, so the system Chromium is launched with the
flags a closed network needs (no background networking, no component updates, no first-run work).
Starting Chromium costs seconds, so a build starts it at most once: the first chart or PDF starts
the process's browser, and every later chart and PDF of the board report and of the site uses it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pipeline.lib.common.settings import settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

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
T = TypeVar("T")
TIMEOUT_SECONDS = 600.0  # for one task: every chart of a build, or every PDF


def chromium_path() -> str:
    path = settings().chromium
    if not path.exists():
        raise FileNotFoundError(f"Chromium is needed at {path} (install Debian's `chromium`, or set HRP_CHROMIUM)")
    return str(path)


@contextmanager
def chromium() -> Iterator[Browser]:
    """A browser of its own, closed on leaving (tests and benchmarks read pages with it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Session:
    """The process's browser, on a thread of its own, started on first use and closed at exit.

    Playwright's synchronous API refuses to run where an event loop is already running (a caller's,
    Dagster's, or another Playwright session) and its objects belong to the thread that made them,
    so every use is handed to one worker thread, which owns the browser and whatever it keeps open
    (the chart page). ``start`` launches the browser in the background, so that a build can start
    it before the work that does not need it.
    """

    def __init__(self) -> None:
        self._tasks: queue.Queue[tuple[Callable[[], Any], Future[Any]] | None] = queue.Queue()
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self.kept: dict[str, Any] = {}  # what users keep open in the browser between calls (pages)
        self._closed = False
        threading.Thread(target=self._work, daemon=True, name="chromium").start()
        atexit.register(self.close)

    def run(self, task: Callable[[Browser], T], timeout: float = TIMEOUT_SECONDS) -> T:
        """Run ``task`` with the browser on the browser's thread, and return its result (a task that
        hangs fails the build after ``timeout`` instead of hanging it)."""
        return self.submit(task).result(timeout=timeout)

    def submit(self, task: Callable[[Browser], T]) -> Future[T]:
        """Hand ``task`` to the browser's thread and return at once: the caller works on meanwhile."""
        return self._submit(lambda: task(self._started()))

    def start(self, task: Callable[[Browser], object] | None = None) -> None:
        """Launch the browser now (and run ``task`` with it), without waiting: a build starts it before
        work that does not need it. A failure here is not lost: the next ``run`` meets it again."""
        self._submit(lambda: task(self._started()) if task else self._started())

    def close(self, timeout: float = 10) -> None:
        """Close the browser and end the thread (at exit; a later use would need a new session)."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            self._submit(self._stop).result(timeout=timeout)
        self._tasks.put(None)

    def _submit(self, call: Callable[[], T]) -> Future[T]:
        done: Future[T] = Future()
        self._tasks.put((call, done))
        return done

    def _work(self) -> None:
        while (item := self._tasks.get()) is not None:
            call, done = item
            try:
                done.set_result(call())
            except BaseException as error:  # handed to the caller, who raises it
                done.set_exception(error)

    def _started(self) -> Browser:
        if self._browser is None or not self._browser.is_connected():
            from playwright.sync_api import sync_playwright

            if self._playwright is None:
                self._playwright = sync_playwright().start()
            self.kept.clear()
            self._browser = self._playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        return self._browser

    def _stop(self) -> None:
        self.kept.clear()
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None


_sessions: dict[int, Session] = {}
_sessions_lock = threading.Lock()


def session() -> Session:
    """The process's session (a forked child gets its own: the parent's thread is not in it)."""
    pid = os.getpid()
    with _sessions_lock:
        if pid not in _sessions:
            _sessions[pid] = Session()
        return _sessions[pid]


FOOTER = (
    '<div style="font: 8px system-ui, sans-serif; color: #52606d; width: 100%; padding: 0 14mm; '
    'display: flex; justify-content: space-between;"><span class="title"></span>'
    '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
)


def print_pdfs(pages: dict[Path, Path]) -> None:
    """Print each HTML file to its PDF path with the process's browser (A4, backgrounds, page numbers)."""
    session().run(lambda browser: _print_pdfs(browser, pages))


def _print_pdfs(browser: Browser, pages: dict[Path, Path]) -> None:
    page = browser.new_page()
    try:
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
    finally:
        page.close()
