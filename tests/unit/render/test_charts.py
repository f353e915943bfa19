"""Chart text: numbers grouped like the site's own, and titles that cannot break out of the SVG."""

from __future__ import annotations

import pytest
from babel.numbers import format_decimal

from pipeline.lib.render.charts import accessible, separators
from pipeline.lib.render.i18n import available_locales


@pytest.mark.parametrize("locale", available_locales())
def test_chart_separators_match_the_numbers_on_the_page(locale: str) -> None:
    decimal, group = separators(locale)
    assert format_decimal(12345.5, "#,##0.#", locale=locale) == f"12{group}345{decimal}5"


def test_a_title_with_markup_is_shown_as_text() -> None:
    svg = accessible('<svg width="1"><g/></svg>', 'Cases "closed" <script>&', "Less < more & so on")
    assert "<script>" not in svg
    assert 'aria-label="Cases &#34;closed&#34; &lt;script&gt;&amp;"' in svg
    assert "<title>Cases &#34;closed&#34; &lt;script&gt;&amp;</title>" in svg
    assert "<desc>Less &lt; more &amp; so on</desc>" in svg
    assert svg.endswith("<g/></svg>")
