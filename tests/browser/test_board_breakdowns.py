"""The board report's breakdown tables, read in a browser: an off-target metric's table lists its
parts worst first, says so in its caption, and flags every base smaller than the policy's k."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from pipeline.lib.board.breakdowns import small_base
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.metrics.catalogue import load_catalogue
from tests.browser.conftest import write_board_report

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def report_html(small_world_root: DataPaths, tmp_path_factory: pytest.TempPathFactory) -> Path:
    html, _ = write_board_report(small_world_root, 2025, "run", tmp_path_factory.mktemp("board-breakdowns"))
    return html


def _number(text: str) -> float:
    return float(text.replace("%", "").replace(",", "").replace("days", "").strip())


def test_off_target_breakdowns_list_the_worst_parts_first_with_small_bases_flagged(
    browser: Browser, report_html: Path
) -> None:
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(report_html.as_uri(), wait_until="load")
    checked = 0
    for metric in load_catalogue().metrics:
        article = page.locator(f"article#{metric.id}")
        status = article.locator(".badge").inner_text()
        table = article.locator("table.members")
        if status not in ("At risk", "Missed") or table.count() == 0:
            continue
        assert "furthest from the target first" in table.locator("caption").inner_text(), metric.id
        values = [_number(v) for v in table.locator("tbody td.num:nth-of-type(1)").all_inner_texts()]
        assert values == sorted(values, reverse=metric.direction == "lower"), f"{metric.id}: {values}"
        if metric.aggregate != "sum":
            for row in table.locator("tbody tr").all():
                base = row.locator("td.num").nth(1)
                small = int(base.inner_text().split()[0].replace(",", "")) < small_base()
                assert (base.locator(".small-base").count() == 1) == small, f"{metric.id}: {base.inner_text()}"
            if table.locator(".small-base").count():
                assert f"fewer than {small_base()}" in table.locator("tfoot").inner_text()
        checked += 1
    assert checked >= 1, "the small world has an off-target metric with a breakdown"
    page.context.close()
