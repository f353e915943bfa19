"""The transparency table in a real browser, on a laptop (1280 px) and a phone (390 px), in every
language: nothing wider than the screen or its container (no sideways scrolling, no clipped cell),
every mark shown in place of a number explained in the legend, the periods a compact selector.

With ``SCREENSHOTS`` set to a folder (``SCREENSHOTS=docs/images``), each view is saved there as
``transparency-<language>-<width>.png``, clipped to the top of the page and the table.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import screen, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTHS = {1280: 800, 390: 844}  # width: height of the screen
NUMBER = re.compile(r"^[\d\s\u00a0\u202f.,%]+$")  # a number as CLDR writes it in either language

MEASURE = """() => {
  const doc = document.documentElement;
  const box = document.querySelector('main .scroll');
  const table = box.querySelector('table').getBoundingClientRect();
  const cells = [...box.querySelectorAll('th, td')]
    .filter(c => c.scrollWidth > c.clientWidth + 1)
    .map(c => c.textContent.trim());
  return {page: [doc.scrollWidth, doc.clientWidth], box: [box.scrollWidth, box.clientWidth],
          table: [table.left, table.right, window.innerWidth], clipped: cells};
}"""


def fullest(site: Path, language: str) -> str:
    """The period page with the most countries (the widest table's most rows)."""
    pages = list((site / language).glob("transparency-FY*.html"))
    assert pages, "a transparency-report page per period"
    return max(pages, key=lambda p: p.read_text(encoding="utf-8").count('<th scope="row">')).name


def overflow(page: Page) -> list[str]:
    """Every way the table is wider than where it is shown."""
    m = page.evaluate(MEASURE)
    problems = []
    if m["page"][0] > m["page"][1]:
        problems.append(f"the page scrolls sideways: {m['page'][0]} px in {m['page'][1]} px")
    if m["box"][0] > m["box"][1]:
        problems.append(f"the table overflows its container: {m['box'][0]} px in {m['box'][1]} px")
    left, right, width = m["table"]
    if left < 0 or right > width:
        problems.append(f"the table runs off the screen: {left:.0f} to {right:.0f} px of {width} px")
    problems += [f"a cell is clipped: {text!r}" for text in m["clipped"]]
    return problems


def unexplained(page: Page) -> list[str]:
    """The marks and words shown in place of a number, or beside one, that the legend does not explain."""
    marks = {t.strip() for t in page.locator("table.transparency td").all_inner_texts()}
    explained = {t.strip() for t in page.locator("dl.legend dt").all_inner_texts()}
    # a number followed by a mark the legend explains ("1,234 (incomplete)") is explained too
    marks = {
        t
        for t in marks
        if t and not NUMBER.match(t) and not any(NUMBER.match(t.removesuffix(" " + e)) for e in explained if t != e)
    }
    assert all(d.strip() for d in page.locator("dl.legend dd").all_inner_texts()), "every entry says something"
    return sorted(marks - explained)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["en", "ky"])
def test_the_table_fits_and_every_mark_is_explained(
    browser: Browser, site_url: str, sample_site: Path, language: str, width: int
) -> None:
    with screen(browser, width, WIDTHS[width]) as page:
        errors, _ = watch(page)
        page.goto(f"{site_url}/{language}/{fullest(sample_site, language)}", wait_until="load")
        assert errors == []
        assert page.locator("table.transparency tbody tr").count() > 10, "a table with many countries"
        assert overflow(page) == []
        assert page.locator("dl.legend dt").count() > 0 and unexplained(page) == []
        periods = page.locator("nav.periods details")
        assert periods.count() == 1 and not periods.evaluate("d => d.open"), "the periods folded away"
        selector_box, table_box = periods.bounding_box(), page.locator("table.transparency").bounding_box()
        assert selector_box and table_box and selector_box["height"] < 80, "the selector is one line until opened"
        periods.locator("summary").click()
        assert page.locator("nav.periods a[aria-current=page]").count() == 1 and overflow(page) == []
        periods.locator("summary").click()
        folder = os.environ.get("SCREENSHOTS")
        if folder:
            height = min(page.evaluate("document.documentElement.scrollHeight"), 1100 if width > 500 else 1500)
            page.screenshot(
                path=str(Path(folder) / f"transparency-{language}-{width}.png"),
                clip={"x": 0, "y": 0, "width": width, "height": height},
                full_page=True,
            )


def test_the_measures_catch_a_table_that_does_not_fit(browser: Browser, site_url: str, sample_site: Path) -> None:
    """The measures themselves: the same table laid out as before (a plain table in a scrolling box)
    overflows at 1280 px, and a mark the legend does not explain is found."""
    with screen(browser, 1280, 800) as page:
        page.goto(f"{site_url}/en/{fullest(sample_site, 'en')}", wait_until="load")
        page.evaluate("document.querySelector('table.transparency td').textContent = '§'")
        assert unexplained(page) == ["§"]
        page.evaluate("for (const e of document.querySelectorAll('.wide, .transparency')) e.className = ''")
        assert any("overflows its container" in problem for problem in overflow(page))
