"""Every page type of the public site looked at the way readers see it: both languages, a desktop
(1280 px) and a phone (390 px); no sideways scrolling, no text on top of other text, no empty chart,
no English sentence on a Kyrgyz page unless marked as English; and the interactive chart working
from disk as well as over HTTP, with the static chart's own period labels."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from pipeline.lib.metrics.catalogue import load_catalogue
from tests.browser.conftest import screen, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTHS = [1280, 390]

OVERLAPS = """
() => {
  const items = [...document.querySelectorAll('h1,h2,h3,p,li,dt,dd,th,td,caption,figcaption,button,summary')]
    .filter((e) => e.offsetParent !== null && [...e.childNodes].some((n) => n.nodeType === 3 && n.data.trim()))
    .map((e) => [e, e.getBoundingClientRect()]);
  const hits = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const [a, r] = items[i], [b, s] = items[j];
    if (a.contains(b) || b.contains(a)) continue;
    const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
    const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
    if (w > 2 && h > 2) hits.push(a.textContent.trim().slice(0, 40) + ' / ' + b.textContent.trim().slice(0, 40));
  }
  return hits;
}
"""
ENGLISH = r"[A-Za-z]{2,}(?:[\\s,.'’-]+[A-Za-z]{2,})+"
UNMARKED_ENGLISH = (
    """
() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent.closest('[lang="en"], script, style, code')) continue;
    const match = node.data.match(/"""
    + ENGLISH
    + """/);
    if (match) found.push(match[0]);
  }
  if (document.title.match(/"""
    + ENGLISH
    + """/)) found.push(document.title);
  return found;
}
"""
)


def _pages(site: Path, language: str) -> list[str]:
    """Every page of one language: the index, each metric's page and any other page type the site has."""
    names = sorted(p.name for p in (site / language).glob("*.html"))
    assert {"index.html", *(f"{m.id}.html" for m in load_catalogue().public_metrics)} <= set(names)
    return names


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["en", "ky"])
def test_every_page_fits_overlaps_nothing_and_speaks_its_language(
    browser: Browser, site_url: str, sample_site: Path, language: str, width: int
) -> None:
    problems: list[str] = []
    with screen(browser, width) as page:
        for name in ["../index.html", *_pages(sample_site, language)]:
            page.goto(f"{site_url}/{language}/{name}", wait_until="load")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                problems.append(f"{name}: {overflow}px wider than the screen")
            problems += [f"{name}: overlapping {hit}" for hit in page.evaluate(OVERLAPS)]
            if language == "ky" and name != "../index.html":  # the language chooser names both languages
                problems += [f"{name}: English not marked as such: {t!r}" for t in page.evaluate(UNMARKED_ENGLISH)]
            for image in page.locator("figure.chart img").all():
                if not image.evaluate("img => img.complete && img.naturalWidth > 0"):
                    problems.append(f"{name}: a chart did not load")
    assert problems == []


BAR = re.compile(r'class="point"><path d="M[\d.]+,([\d.]+)V([\d.]+)')


def test_no_chart_is_empty(sample_site: Path) -> None:
    charts = sorted(sample_site.glob("*/charts/*.svg"))
    assert charts
    for chart in charts:
        heights = [abs(float(a) - float(b)) for a, b in BAR.findall(chart.read_text(encoding="utf-8"))]
        assert any(h > 0 for h in heights), f"{chart.relative_to(sample_site)} has no visible bar"
    for page in sample_site.glob("*/*.html"):
        for name in re.findall(r'src="charts/([a-z_]+)\.svg"', page.read_text(encoding="utf-8")):
            assert (page.parent / "charts" / f"{name}.svg").is_file()


def _interactive_labels(page: Page) -> tuple[list[str], list[str]]:
    figure = json.loads(page.locator("#chart-figure").text_content() or "{}")
    page.locator("button[data-interactive]").click()
    page.locator("#interactive-chart .main-svg").first.wait_for()
    shown = page.locator("#interactive-chart .ytick text").all_text_contents()  # bars lie on their side
    return [label.replace("<br>", "") for label in figure["data"][0]["y"]], shown


@pytest.mark.parametrize("language", ["en", "ky"])
def test_the_interactive_chart_works_from_disk_and_over_http(
    browser: Browser, site_url: str, sample_site: Path, language: str
) -> None:
    for url in (
        f"{site_url}/{language}/training_completion_rate.html",
        (sample_site / language / "training_completion_rate.html").as_uri(),
    ):
        page = browser.new_context().new_page()
        errors, _ = watch(page)
        page.goto(url, wait_until="load")
        expected, shown = _interactive_labels(page)
        # plotly writes the ticks of a reversed axis in its own order: the labels matter, not their order
        assert sorted(shown) == sorted(expected), (
            f"{url}: the interactive chart labels its periods as the static chart does"
        )
        assert not any(label.startswith("FY20") and "-H" in label for label in shown)
        assert errors == [], f"{url}: {errors}"
        page.context.close()
