"""The operators' validation page opens offline: every value escaped, nothing requested from any host."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.ingest.setup import initialise
from pipeline.lib.ops import validation_page
from pipeline.lib.warehouse.connection import connect

HOSTILE = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>"


@pytest.mark.browser
def test_the_validation_page_escapes_everything_and_loads_nothing(browser: Browser, paths: DataPaths) -> None:
    with connect(paths.warehouse) as con:
        initialise(con)
        con.execute(
            "INSERT INTO audit.validation_results VALUES "
            "('run-1', 'training_records', ?, 'expect_column_values_to_be_in_set', ?, 'row', false, 10, 3, 1, "
            "TIMESTAMP '2026-11-25 02:00:00', NULL)",
            [HOSTILE, HOSTILE],
        )
        page_path = validation_page.write(con, paths.validation, datetime(2026, 11, 25, 2, 5))
    assert "<img src=x" not in page_path.read_text(encoding="utf-8")
    requested: list[str] = []

    def intercept(route: Route) -> None:
        requested.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    context = browser.new_context(offline=True)
    page = context.new_page()
    page.route("**/*", intercept)
    page.goto(Path(page_path).as_uri())
    assert page.title() == "Validation results"
    assert HOSTILE in page.inner_text("body"), "the value is shown as text"
    assert page.locator("img").count() == 0
    assert requested == [Path(page_path).as_uri()], "no request but the page itself"
    context.close()
