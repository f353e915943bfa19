"""What a metric page says about its numbers is true and readable: two numbers that answer nearly the
same question are explained beside both; the coverage names only years with figures; the checks are
told in words, their rule names kept to the technical details; and a metric too small for halves is
shown by whole years, with why values are withheld said once per table, not on every row."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page

from pipeline.lib.metrics.catalogue import load_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LANGUAGES = ["en", "ky"]
PAIR = ("government_demands_refused_share", "government_demands_outcome_share")


def _page(browser: Browser, url: str) -> Page:
    page = browser.new_context().new_page()
    page.goto(url, wait_until="load")
    return page


@pytest.mark.parametrize("language", LANGUAGES)
def test_two_shares_of_refusals_are_explained_beside_both(browser: Browser, site_url: str, language: str) -> None:
    said = set()
    for metric, other in (PAIR, PAIR[::-1]):
        page = _page(browser, f"{site_url}/{language}/{metric}.html")
        related = page.locator("p.related")
        assert related.count() == 1, metric
        assert related.locator("a").get_attribute("href") == f"{other}.html"
        # beside the number: before the page's first table and before "How this number is made"
        assert page.evaluate(
            "() => !!(document.querySelector('p.related').compareDocumentPosition("
            "document.querySelector('table')) & Node.DOCUMENT_POSITION_FOLLOWING)"
        )
        said.add(related.inner_text().rsplit(".", 1)[0])
        page.context.close()
    assert len(said) == 1, "one explanation, the same on both pages"


FACTS = """(note) => {
  const text = (e) => e.textContent.trim();
  return {
    coverage: text(document.querySelector('.about dd.coverage')),
    values: [...document.querySelectorAll('main td.num')].map(text),
    years: [...document.querySelectorAll('section[aria-labelledby=trend] tr.year')]
      .map((r) => [text(r.querySelector('th')), text(r.querySelector('td.num'))]),
    codes: [...document.querySelectorAll('.about dd code')].filter((c) => !c.closest('details')).map(text)
      .filter((t) => !t.startsWith('sql/')),
    told: document.querySelectorAll('ul.told li').length,
    tables: document.querySelectorAll('main table').length,
    legends: document.querySelectorAll('main p.legend').length,
    rowNotes: [...document.querySelectorAll('main td')].filter((e) => text(e).includes(note)).length,
  };
}"""
NO_DATA = {"en": "no data", "ky": "маалымат жок"}
WITHHELD = {"en": "withheld to protect small numbers", "ky": "кичине сандарды коргоо үчүн жашырылган"}
YEAR = {"en": r"FY(\d{4})", "ky": r"(\d{4}) каржы жылы"}  # a fiscal year's label, as each language writes it


@pytest.mark.parametrize("language", LANGUAGES)
def test_coverage_checks_and_withheld_notes_read_true(browser: Browser, site_url: str, language: str) -> None:
    page = browser.new_context().new_page()
    problems: list[str] = []
    for metric in load_catalogue().public_metrics:
        page.goto(f"{site_url}/{language}/{metric.id}.html", wait_until="load")
        facts = page.evaluate(FACTS, WITHHELD[language])
        covered = re.findall(YEAR[language], facts["coverage"])
        if any(re.search(r"\d", v) for v in facts["values"]) and not covered:
            problems.append(f"{metric.id}: shows numbers but covers no year: {facts['coverage']!r}")
        shown = {re.findall(YEAR[language], label)[0]: value for label, value in facts["years"]}
        if covered and shown and shown.get(covered[-1], NO_DATA[language]) == NO_DATA[language]:
            problems.append(f"{metric.id}: said to cover {covered[-1]}, which has no data")
        if facts["codes"]:
            problems.append(f"{metric.id}: rule names outside the technical details: {facts['codes']}")
        if not facts["told"]:
            problems.append(f"{metric.id}: the checks are not told in words")
        if facts["legends"] > facts["tables"] or facts["rowNotes"]:
            problems.append(f"{metric.id}: why values are withheld is repeated ({facts['rowNotes']} rows say it)")
    page.context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_metric_too_small_for_halves_is_shown_by_whole_years(browser: Browser, site_url: str, language: str) -> None:
    page = _page(browser, f"{site_url}/{language}/crisis_protocol_activations.html")
    rows = page.locator("section[aria-labelledby=trend] tbody tr")
    assert rows.count() >= 3
    assert all((rows.nth(i).get_attribute("class") or "") == "year" for i in range(rows.count()))
    values = page.locator("section[aria-labelledby=trend] td.num").all_inner_texts()
    assert sum(bool(re.fullmatch(r"\d+", v.strip())) for v in values) >= 3, values
    assert page.locator("figure.chart img").count() == 1
    assert page.locator("main section table").count() == 1, "no category table of withheld cells"
    page.context.close()
