"""The public site's charts: what to draw for a metric, the static SVG's figure, and the same figure
embedded in the page for the interactive chart.

Withheld without emptiness: a chart is never drawn empty. When every half-year is withheld the
chart shows the whole years that can be published (and the page says why the halves are not
shown); when nothing can be published there is no chart, only the sentence saying why. The
interactive chart is the static chart's own figure, embedded in the page as JSON (no fetch, so it
works from disk), so its period labels and number formatting are the same by construction.

Bars lie on their side: a period's label then has the chart's width to itself, so it is never
slanted, turned or cut however long its words are (Kyrgyz labels are about twice as long as English
ones). A phone gets its own narrower drawing, with the labels broken into more lines, instead of the
desktop's drawing shrunk until its text cannot be read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from markupsafe import Markup

from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.render import charts

if TYPE_CHECKING:
    from pipeline.lib.disclosure.values import PublicCell, PublicMetric
    from pipeline.lib.site.localised import Localised

Mode = Literal["halves", "years", "none"]


WIDE, NARROW = 640, 360  # the page's column on a desktop, and on a 390 px phone


@dataclass(frozen=True)
class SiteChart:
    mode: Mode
    cells: list[PublicCell]
    figure: dict[str, Any] | None
    narrow: dict[str, Any] | None = None  # the same chart drawn for a phone

    @staticmethod
    def size(figure: dict[str, Any]) -> tuple[int, int]:
        """The drawing's width and height in pixels, for the page to reserve its room."""
        return figure["layout"]["width"], figure["layout"]["height"]

    @property
    def incomplete(self) -> bool:
        """Some bar is short of rows set aside (hatched): the caption says what that means."""
        return any(c.public_status == "published" and c.missing > 0 for c in self.cells)

    @property
    def embedded(self) -> Markup:
        """The figure as JSON safe inside a <script type="application/json"> element."""
        text = json.dumps(self.figure, ensure_ascii=False, sort_keys=True)
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S704


def chart_mode(public: PublicMetric) -> tuple[Mode, list[PublicCell]]:
    """Half-years when at least half of them can be shown; else whole years when any can; else nothing."""
    halves = [c for c in public.totals() if c.period_kind == "half"]
    if halves and 2 * sum(c.value is not None for c in halves) >= len(halves):
        return "halves", halves
    years = [c for c in public.totals() if c.period_kind == "year"]
    if any(c.value is not None for c in years):
        return "years", years
    return "none", []


def site_chart(public: PublicMetric, loc: Localised, calendar: FiscalCalendar) -> SiteChart:
    mode, cells = chart_mode(public)
    if mode == "none":
        return SiteChart(mode, cells, None)
    values = [c.value for c in cells]
    texts = [loc.value(c, public.metric.unit) for c in cells]  # a withheld slot says so
    # a bar short of rows set aside is hatched and pale (the caption and the table say by how many)
    short = [c.public_status == "published" and c.missing > 0 for c in cells]

    def drawn(width: int) -> dict[str, Any]:
        labels = [_lines(loc.period(c.period_id, calendar), narrow=width < WIDE) for c in cells]
        series = charts.Series(labels, values, texts, incomplete=short)
        return charts.bars(series, public.metric.unit, locale=loc.locale, horizontal=True, width=width)

    return SiteChart(mode, cells, drawn(WIDE), drawn(NARROW))


def _lines(label: str, narrow: bool) -> str:
    """A period label broken where it reads naturally: "(to date)" on a line of its own, and on a
    phone the end of a half-year on its own line too."""
    label = label.replace(" (", "<br>(")
    return label.replace(" – ", " –<br>") if narrow else label


def chart_description(public: PublicMetric, chart: SiteChart, *, loc: Localised, calendar: FiscalCalendar) -> str:
    shown = {id(c): " ".join(filter(None, [loc.value(c, public.metric.unit), loc.shortfall(c)])) for c in chart.cells}
    points = "; ".join(f"{loc.period(c.period_id, calendar)}: {shown[id(c)]}" for c in chart.cells)
    return f"{loc._(public.metric.title)}. {points}."
