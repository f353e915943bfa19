"""The board pack as executives read it: short, no near-blank page, the why beside every number
that is off target, and value labels that never collide with a target line (FY2026 of the sample)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from markupsafe import escape
from playwright.sync_api import Browser
from pypdf import PdfReader

from pipeline.lib.board import files as board_files
from pipeline.lib.board.views import BoardReport
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.render.browser import print_pdfs
from tests.browser.conftest import write_board_report

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MAIN_BODY_PAGES = 12
NEAR_BLANK_CHARACTERS = 300  # a page with less text than this (footer aside) is a wasted sheet

Pack = tuple[Path, Path, BoardReport]
OVERLAPS = """
(svg) => {
  const box = (e) => e.getBoundingClientRect();
  const lines = [...svg.querySelectorAll('.shapelayer path')].map(box);
  const labels = [...svg.querySelectorAll('text.bartext, .annotation text')]
    .filter((t) => t.textContent.trim() !== '').map((t) => [t.textContent, box(t)]);
  const hits = [];
  for (const line of lines) for (const [text, label] of labels) {
    if (label.left < line.right && line.left < label.right && label.top < line.bottom && line.top < label.bottom)
      hits.push(text);
  }
  return {lines: lines.length, labels: labels.length, hits};
}
"""


@pytest.fixture(scope="module")
def pack(sample_world: DataPaths, tmp_path_factory: pytest.TempPathFactory) -> Pack:
    html, report = write_board_report(sample_world, 2026, "pack-run", tmp_path_factory.mktemp("pack") / "FY2026")
    print_pdfs({html: html.with_suffix(".pdf")})
    return html, html.with_suffix(".pdf"), report


def _pages(pdf: Path) -> list[str]:
    texts = [unicodedata.normalize("NFKC", p.extract_text()) for p in PdfReader(pdf).pages]
    return [" ".join(line for line in t.splitlines() if "Page " not in line) for t in texts]


def test_the_main_body_fits_twelve_pages_and_no_page_is_near_blank(pack: Pack) -> None:
    pages = _pages(pack[1])
    appendix = next(i for i, text in enumerate(pages) if "Appendix A: data quality" in text)
    assert appendix <= MAIN_BODY_PAGES, f"the main body takes {appendix} pages"
    assert len(pages) - appendix <= 4, "appendices are summaries; the full tables are attached"
    thin = {i + 1: len(text) for i, text in enumerate(pages) if len(text) < NEAR_BLANK_CHARACTERS}
    assert thin == {}, f"near-blank pages: {thin}"


def test_the_first_page_shows_every_metric_with_status_change_and_trend(pack: Pack) -> None:
    first = " ".join(_pages(pack[1])[0].split())
    for metric in load_catalogue().metrics:
        assert " ".join(metric.title.split()[:3]) in first, metric.id
    assert "Change" in first and "Trend" in first


def test_every_metric_off_target_shows_its_commentary(pack: Pack) -> None:
    html, _, report = pack
    text = html.read_text(encoding="utf-8")
    off_target = [m for m in report.metrics if m.standing.status in ("at_risk", "missed")]
    assert off_target, "the sample has metrics off target"
    for view in off_target:
        assert view.commentary is not None, f"{view.metric.id} has no commentary in reports/commentary/FY2026.yaml"
        assert escape(view.commentary.next_step) in text
    assert "no management commentary" not in text.lower()
    assert "example text" in text.lower(), "the demo's commentary says it is an example"


def test_the_full_tables_are_attached_and_linked(pack: Pack) -> None:
    html = pack[0]
    text = html.read_text(encoding="utf-8")
    for name in [*board_files.attachments(pack[2]), "board-report-appendices.json"]:
        assert (html.parent / name).is_file()
        assert f'href="{name}"' in text
    inputs = json.loads((html.parent / "board-report-appendices.json").read_text())["board-report-inputs"]
    assert inputs and all(len(row["sha256"]) == 64 for row in inputs)
    assert "sha256" not in text.lower().replace("sha-256", ""), "hashes live in the attachment, not the report"


def test_value_labels_never_cross_a_target_line(browser: Browser, pack: Pack) -> None:
    page = browser.new_page()
    page.goto(pack[0].as_uri())
    charts = page.locator("figure.chart > svg")
    checked = 0
    for i in range(charts.count()):
        found = charts.nth(i).evaluate(OVERLAPS)
        assert found["hits"] == [], f"chart {i}: labels {found['hits']} cross the target line"
        checked += found["lines"] > 0 and found["labels"] > 0
    assert checked >= 5, "charts with targets and value labels were checked"
    page.close()


BREAKS = """
(cell) => {
  const text = cell.firstChild ? cell.textContent : '';
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const chars = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      chars.push([node.data[i], rect.top]);
    }
  }
  const bad = [];
  for (let i = 1; i < chars.length; i++)
    if (chars[i][1] > chars[i - 1][1] + 2 && !'_.'.includes(chars[i - 1][0])) bad.push(text);
  return bad;
}
"""


def test_rule_names_wrap_only_after_an_underscore(browser: Browser, pack: Pack) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 800})  # narrow: names must wrap somewhere
    page.goto(pack[0].as_uri())
    cells = page.locator("td.rule, th.rule")
    assert cells.count() > 0
    broken = [bad for i in range(cells.count()) for bad in cells.nth(i).evaluate(BREAKS)]
    assert broken == []
    page.close()
