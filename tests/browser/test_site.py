"""The public site in a real browser: readable without JavaScript, nothing fetched from elsewhere,
light on the first view, accessible, in two languages, and its downloads say what the page says."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.metrics.catalogue import load_catalogue
from tests.browser.conftest import watch
from tests.builders import CANARY_PERSON, CANARY_SUMMARY, INJECTION_SUBJECT
from tests.conftest import build_site_into

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PAGES = ["index.html", "training_completion_rate.html", "cases_opened.html", "government_demands_outcome_share.html"]


def _open(browser: Browser, url: str, javascript: bool = True) -> tuple[Page, list[str], list[str]]:
    page = browser.new_context(java_script_enabled=javascript).new_page()
    errors, requests = watch(page)
    page.goto(url, wait_until="networkidle")
    return page, errors, requests


@pytest.mark.parametrize("language", ["en", "ky"])
def test_every_page_renders_cleanly_and_stays_on_its_origin(browser: Browser, site_url: str, language: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors, requests = watch(page)
    names = ["index.html", *(f"{m.id}.html" for m in load_catalogue().public_metrics)]
    assert len(names) > 1
    for name in names:
        errors.clear()
        requests.clear()
        page.goto(f"{site_url}/{language}/{name}", wait_until="load")
        assert errors == [], f"{name}: {errors}"
        assert requests and all(r.startswith(site_url) for r in requests), f"{name}: {requests}"
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1
    context.close()


def test_the_first_view_of_the_index_is_light(browser: Browser, site_url: str) -> None:
    page, _, _ = _open(browser, f"{site_url}/en/index.html")
    sizes = page.evaluate(
        "performance.getEntriesByType('navigation').concat(performance.getEntriesByType("
        "'resource')).map(e => e.transferSize || e.encodedBodySize)"
    )
    assert 0 < sum(sizes) < 300 * 1024, sizes
    assert page.evaluate("typeof window.Plotly") == "undefined", "plotly.js is not loaded up front"
    page.context.close()


def test_without_javascript_every_number_is_readable(browser: Browser, site_url: str) -> None:
    page, errors, _ = _open(browser, f"{site_url}/en/cases_opened.html", javascript=False)
    assert errors == []
    assert page.locator("figure.chart img").evaluate("img => img.complete && img.naturalWidth > 0")
    table = page.locator("table").first
    assert table.locator("tbody tr").count() >= 9
    assert re.search(r"\d", page.locator(".headline .figure").inner_text())
    assert page.locator("button[data-interactive]").is_hidden(), "no button that would do nothing"
    page.context.close()


def test_the_interactive_chart_loads_plotly_from_the_site_only_on_request(browser: Browser, site_url: str) -> None:
    page, errors, requests = _open(browser, f"{site_url}/en/cases_opened.html")
    assert not any("plotly" in r for r in requests)
    page.get_by_role("button", name="Show an interactive chart").click()
    page.locator("#interactive-chart .main-svg").first.wait_for()
    assert any(r.endswith("/static/plotly.min.js") for r in requests)
    assert all(r.startswith(site_url) for r in requests)
    assert errors == []
    page.context.close()


def test_the_language_switch(browser: Browser, site_url: str) -> None:
    page, _, _ = _open(browser, f"{site_url}/en/training_completion_rate.html")
    page.get_by_role("link", name="Кыргызча").click()
    page.wait_for_load_state()
    assert page.url.endswith("/ky/training_completion_rate.html")
    assert page.locator("h1").inner_text() == "Бардык милдеттүү курстарды аяктаган адамдар"
    assert page.get_by_role("link", name="English").get_attribute("lang") == "en"
    page.context.close()


def test_kyrgyz_numbers_dates_and_country_names_come_from_cldr(browser: Browser, site_url: str) -> None:
    page, _, _ = _open(browser, f"{site_url}/ky/government_demands_received.html")
    text = page.locator("main").inner_text()
    assert "Кошмо Штаттар" in text or "Америка Кошмо Штаттары" in text, "country names in Kyrgyz"
    assert "2026 каржы жылы" in text
    page.context.close()


def test_kyrgyz_pages_never_fall_back_to_english(browser: Browser, site_url: str) -> None:
    page, _, _ = _open(browser, f"{site_url}/ky/cases_closed.html")
    assert page.locator("main [lang=en]:not(code)").count() == 0, "the shipped catalogue is complete"
    assert page.locator("h2#how").inner_text() == "Бул сан кантип эсептелет"
    page.context.close()


def test_the_csv_download_says_what_the_page_says(browser: Browser, site_url: str) -> None:
    page, _, _ = _open(browser, f"{site_url}/en/cases_closed.html")
    download = page.request.get(f"{site_url}/data/en/cases_closed.csv").body().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(download)))
    totals = {r["period"]: r for r in rows if r["breakdown"] == ""}
    shown = page.locator("table").first.locator("tbody tr")
    compared = []
    for i in range(shown.count()):
        label, value = shown.nth(i).locator("th, td").all_inner_texts()[:2]
        if label.startswith("FY"):
            period = label.split()[0]
            published = totals[period]["value"]
            if published == "":  # no data, or withheld: the page says so in words, the CSV in its status
                assert totals[period]["status"] and not any(c.isdigit() for c in value), (period, value)
            else:
                assert value.replace(",", "") == published
            compared.append(period)
    assert len(compared) >= 2, f"the page's table showed fiscal years {compared}"
    page.context.close()


def test_no_csv_cell_can_run_as_a_spreadsheet_formula(sample_site: Path) -> None:
    cells = 0
    for path in (sample_site / "data").rglob("*.csv"):
        for row in csv.reader(path.open(encoding="utf-8-sig")):
            for cell in row:
                cells += 1
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (path.name, cell)
    assert cells > 1000


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", ["en", "ky"])
def test_no_serious_accessibility_violations(browser: Browser, site_url: str, name: str, language: str) -> None:
    page, _, _ = _open(browser, f"{site_url}/{language}/{name}")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"]) for v in serious]
    page.context.close()


def test_keyboard_navigation(browser: Browser, site_url: str) -> None:
    page, _, _ = _open(browser, f"{site_url}/en/index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.tagName + ' ' + (document.activeElement.href || '')")
    assert focused.startswith("A ") and ".html" in focused
    page.context.close()


def test_no_person_id_free_text_or_subject_name_on_the_site(small_world_root: DataPaths, tmp_path: Path) -> None:
    site = build_site_into(small_world_root, tmp_path / "site")
    checked = {".html": 0, ".csv": 0, ".json": 0, ".svg": 0}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in checked:
            text = path.read_text(encoding="utf-8")
            for canary in (CANARY_PERSON, CANARY_SUMMARY, "Айгүл", INJECTION_SUBJECT, "pwned"):
                assert canary not in text, (path.name, canary)
            checked[path.suffix] += 1
    assert all(checked.values()), f"files of every kind were read: {checked}"


@pytest.mark.parametrize("language", ["en", "ky"])
def test_the_transparency_report_page_is_accessible(
    browser: Browser, site_url: str, sample_site: Path, language: str
) -> None:
    pages = list((sample_site / language).glob("transparency-FY*.html"))
    assert pages, "a transparency-report page per period"
    fullest = max(pages, key=lambda p: p.stat().st_size).name  # the period with the most countries
    page, errors, requests = _open(browser, f"{site_url}/{language}/{fullest}")
    assert errors == [] and all(r.startswith(site_url) for r in requests)
    assert page.locator("h1").count() == 1 and page.locator("table.transparency tbody tr").count() > 1
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"]) for v in serious]
    page.context.close()
