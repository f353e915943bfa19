"""Every chart label of the public site measured where readers see it: each metric page in both
languages on a desktop (1280 px) and a phone (390 px). A chart is an image, so its SVG is fetched as
the page chose it (the phone's drawing on a phone) and laid over the image at the image's size; then
every text's box must lie inside the drawing (an image cuts off what falls outside it) and the
screen, overlap no other label, and lie level (turned past 45° a label is read with a tilted head,
turned 90° not at all)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from pipeline.lib.metrics.catalogue import load_catalogue
from tests.browser.conftest import screen

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTHS = [1280, 390]
SLACK = 1  # px: a box's edge may round beyond the drawing's by this much

MEASURE = """
async ([slack]) => {
  const problems = [];
  for (const img of document.querySelectorAll('figure.chart img')) {
    const box = img.getBoundingClientRect();
    const name = img.currentSrc.split('/charts/')[1];
    if (box.left < -slack || box.right > window.innerWidth + slack) {
      problems.push(`${name}: the chart runs ${Math.round(box.left)}..${Math.round(box.right)}, off the screen`);
    }
    const holder = document.createElement('div');
    holder.innerHTML = await (await fetch(img.currentSrc)).text();
    holder.style.cssText = `position:absolute;left:${box.left + scrollX}px;top:${box.top + scrollY}px`;
    document.body.appendChild(holder);
    const svg = holder.querySelector('svg');
    if (!svg.getAttribute('viewBox')) {
      svg.setAttribute('viewBox', `0 0 ${svg.getAttribute('width')} ${svg.getAttribute('height')}`);
    }
    svg.setAttribute('width', box.width);  // drawn at the image's size, as the image shows it
    svg.setAttribute('height', box.height);
    const frame = svg.getBoundingClientRect();
    const labels = [...svg.querySelectorAll('text')]
      .filter((t) => t.textContent.trim() && t.getBBox().width > 0)
      .map((t) => [t.textContent.trim(), t.getBoundingClientRect(), t.getCTM()]);
    for (const [text, r, m] of labels) {
      if (r.left < frame.left - slack || r.right > frame.right + slack
          || r.top < frame.top - slack || r.bottom > frame.bottom + slack) {
        problems.push(`${name}: "${text}" is cut off by the chart's edge`);
      }
      if (r.right > window.innerWidth + slack) problems.push(`${name}: "${text}" is off the screen`);
      const angle = Math.abs(Math.atan2(m.b, m.a) * 180 / Math.PI);
      if (angle > 45) problems.push(`${name}: "${text}" is turned ${Math.round(angle)}°`);
    }
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
      const [a, r] = labels[i], [b, s] = labels[j];
      const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
      const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
      if (w > 2 && h > 2) problems.push(`${name}: "${a}" overlaps "${b}"`);
    }
    holder.remove();
  }
  return problems;
}
"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["en", "ky"])
def test_no_chart_label_is_cut_off_turned_or_on_another(
    browser: Browser, site_url: str, sample_site: Path, language: str, width: int
) -> None:
    problems: list[str] = []
    measured = 0
    with screen(browser, width) as page:
        for metric in load_catalogue().public_metrics:
            page.goto(f"{site_url}/{language}/{metric.id}.html", wait_until="load")
            measured += page.locator("figure.chart img").count()
            problems += [f"{metric.id}: {problem}" for problem in page.evaluate(MEASURE, [SLACK])]
    assert measured > 5, "the sample site draws charts"
    assert problems == [], "\n".join(problems)
