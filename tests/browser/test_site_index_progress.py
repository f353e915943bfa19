"""The public index, read in a browser: every metric says which way is good, those with a public
target whether they are on track, and none whose figure is not wholly out is called on track."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from pipeline.lib.metrics.catalogue import load_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WORDS = {
    "en": {
        "higher": "Higher is better.",
        "lower": "Lower is better.",
        "none": "For context: no target.",
        "internal": "No public target.",
        "assessed": {"On track", "At risk: close to the target, not on it", "Off track"},
        "not assessed": "Not assessed",
        "not out": ("withheld", "not yet released", "no data", "partly", "reported for the whole year"),
        "why not": ("so it is not compared with the target", "There is no figure to compare"),
    },
    "ky": {
        "higher": "Канчалык жогору болсо, ошончолук жакшы.",
        "lower": "Канчалык төмөн болсо, ошончолук жакшы.",
        "none": "Маалымат үчүн: максат коюлган эмес.",
        "internal": "Ачык максат коюлган эмес.",
        "assessed": {"Максатка ылайык", "Тобокелде: максатка жакын, бирок жеткен жок", "Максаттан артта"},
        "not assessed": "Бааланган жок",
        "not out": ("жашырылган", "жарыялана элек", "маалымат жок", "жарым-жартылай", "бүтүндөй жыл"),
        "why not": ("максат менен салыштырылбайт", "максат менен азырынча салыштырылбайт", "салыштыра турган сан жок"),
    },
}


@pytest.mark.parametrize("language", ["en", "ky"])
def test_every_metric_on_the_index_says_its_direction_and_standing(
    browser: Browser, site_url: str, language: str
) -> None:
    words = WORDS[language]
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(f"{site_url}/{language}/index.html", wait_until="load")
    assessed = 0
    for metric in load_catalogue().public_metrics:
        card = page.locator(f'li.card:has(h3 a[href="{metric.id}.html"])')
        progress = card.locator("p.progress").inner_text()
        status = card.locator("p.progress .track")
        if metric.direction == "none":
            assert progress == words["none"], metric.id
            continue
        assert words[metric.direction] in progress, metric.id
        if not metric.public_target:
            assert words["internal"] in progress and status.count() == 0, metric.id
            continue
        figure = card.locator(".headline .figure").inner_text()
        label = status.inner_text()
        if any(word in figure for word in words["not out"]):
            assert label == words["not assessed"], f"{metric.id}: {figure!r} called {label!r}"
        if label == words["not assessed"]:  # withheld, not yet released, incomplete (partly reported), no data
            assert any(reason in progress for reason in words["why not"]), f"{metric.id}: {progress!r}"
        else:
            assert label in words["assessed"], f"{metric.id}: {label!r}"
            assessed += 1
    assert assessed >= 2, "the sample's published figures are compared with their public targets"
    page.context.close()
