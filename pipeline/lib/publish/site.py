"""The public progress site: static pages anyone can read, download and trust, that single out no one.

One folder per language, each with an index (every commitment and its headline numbers) and a page
per public metric: a chart drawn at build time as SVG (readable without JavaScript), the same numbers
as tables, CSV and JSON downloads, the definition, the source and what was suppressed and why.
Interactive charts load plotly.js from the site itself, and only when a reader asks. Nothing is
fetched from anywhere else; every page says so in its Content-Security-Policy.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from pipeline.lib.common.fiscal import FiscalCalendar, key
from pipeline.lib.metrics.catalogue import Catalogue
from pipeline.lib.publish import charts, svg_export, transparency
from pipeline.lib.publish.disclosure import Status
from pipeline.lib.publish.explain import year_versus_halves
from pipeline.lib.publish.i18n import Translation, available_locales, language_name, translation
from pipeline.lib.publish.labels import dimension_label, member_label, source_label
from pipeline.lib.publish.public_values import (
    PublicCell,
    PublicMetric,
    data_rows,
    load_rows,
    protect,
    safe_cell,
    to_csv,
    to_json,
)
from pipeline.lib.publish.render import REPORTS_DIR, environment
from pipeline.lib.publish.site_charts import chart_description, site_chart
from pipeline.lib.publish.traceability import load_inputs

__all__ = ["Localised", "PublicCell", "PublicMetric", "SiteReport", "build", "protect", "safe_cell"]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'"
)


# ---------------------------------------------------------------------------------------- pages


@dataclass
class Localised:
    """Numbers, periods and names in one reader's language."""

    locale: str
    messages: Translation
    k: int
    today: date

    def _(self, text: str, **values: Any) -> str:
        translated = self.messages.gettext(text)
        return str(translated % values) if values else translated

    def value(self, cell: PublicCell | None, unit: str) -> str:
        if cell is None:
            return self._("no data")
        if cell.public_status != "published":
            return self._("withheld")
        if cell.reporting == "no data":
            return self._("no data")
        if cell.reporting == "for the year":
            return self._("reported for the whole year")
        if cell.reporting == "not reported":
            return self._("not reported")
        return self.number(cell.value, unit)

    def reporting(self, cell: PublicCell | None) -> str:
        """The note a value needs when not everything behind it was reported."""
        if cell is None or cell.reporting != "partly":
            return ""
        if cell.reported_for_year:
            return self._("partly: some figures were reported for the whole year only")
        return self._("partly reported: some figures are not stated")

    def cell_note(self, cell: PublicCell, with_base: bool = False) -> str:
        """The table's note for a value: why it is withheld, how it was reported, what it is "of";
        the parts kept apart so that they never run into each other."""
        parts = [self.note(cell.status), self.reporting(cell)]
        if with_base and cell.based_on:
            parts.append(self._("of %(n)s", n=self.number(cell.based_on, "count")))
        return "; ".join(part for part in parts if part)

    def number(self, value: float | None, unit: str) -> str:
        if value is None:
            return "–"
        if unit == "share":
            return str(format_percent(value, "#,##0.0%", locale=self.locale))
        shown = str(format_decimal(round(value, 1), "#,##0.#", locale=self.locale))
        return self._("%(n)s days", n=shown) if unit == "days" else shown

    def period(self, period_id: str, calendar: FiscalCalendar) -> str:
        fiscal_year = int(period_id[2:6])
        if period_id.endswith(("-H1", "-H2")):
            half = calendar.halves(fiscal_year)[int(period_id[-1]) - 1]
            label = self._(
                "%(start)s – %(end)s",
                start=format_date(half.start, "MMM y", locale=self.locale),
                end=format_date(half.end, "MMM y", locale=self.locale),
            )
            return self._("%(period)s (to date)", period=label) if half.end >= self.today else label
        label = self._("FY%(year)s", year=fiscal_year)
        if calendar.year_end(fiscal_year) >= self.today:
            return self._("%(period)s (to date)", period=label)
        return label

    @staticmethod
    def sentence(text: str) -> str:
        """Sentence case for a heading that starts with a placeholder (a translation may put it first)."""
        return text[:1].upper() + text[1:]

    def source(self, source: str) -> str:
        return source_label(source, self.messages.gettext)

    def day(self, moment: datetime | date | None) -> str:
        return "–" if moment is None else str(format_date(moment, "d MMMM y", locale=self.locale))

    def member(self, dimension: str | None, code: str | None) -> str:
        return member_label(dimension or "", code or "unknown", self.locale, self.messages.gettext)

    def dimension(self, name: str) -> str:
        return dimension_label(name, self.messages.gettext)

    def note(self, status: Status) -> str:
        """One neutral note for every hidden figure, whatever the reason inside the protection."""
        if status == "published":
            return ""
        return self._(
            "withheld to protect small numbers (fewer than %(k)s, or a number that would reveal one)", k=self.k
        )


@dataclass
class SiteReport:
    pages: list[Path]
    suppressed: dict[str, dict[str, int]]  # metric -> status -> cells
    index_bytes: int


def build(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    calendar: FiscalCalendar,
    k: int,
    out: Path,
    chart_cache: Path,
    updated: datetime,
    today: date,
) -> SiteReport:
    """Write the whole site into ``out`` (which must not exist: the caller swaps it in whole)."""
    svg_export.prepare()  # the browser starts and loads its chart page while the protection runs
    # each fiscal year's disclosure protection is kept beside the chart cache, in the data root's cache
    public = protect(catalogue, load_rows(con, catalogue), calendar, k, chart_cache.parent / "disclosure")
    inputs = load_inputs(con)
    latest = calendar.last_complete_year(today)
    locales = available_locales()
    localised = {locale: Localised(locale, translation(locale), k, today) for locale in locales}
    charts_of = {
        locale: {metric_id: site_chart(p, loc, calendar) for metric_id, p in public.items()}
        for locale, loc in localised.items()
    }
    drawings = {  # the browser draws the charts while the downloads and pages are written
        locale: charts.start_rendering({m: c.figure for m, c in made.items() if c.figure is not None}, chart_cache)
        for locale, made in charts_of.items()
    }
    out.mkdir(parents=True)
    (out / "data").mkdir()
    for metric_id, p in public.items():
        rows = data_rows(p)
        (out / "data" / f"{metric_id}.csv").write_text(to_csv(rows), encoding="utf-8")
        (out / "data" / f"{metric_id}.json").write_text(to_json(p, k, updated), encoding="utf-8")
    static = out / "static"
    static.mkdir()
    for name in ("site.css", "interactive.js"):
        shutil.copyfile(REPORTS_DIR / "static" / name, static / name)
    shutil.copyfile(_plotly_js(), static / "plotly.min.js")
    pages = []
    context_of: dict[str, tuple[Any, dict[str, Any]]] = {}
    for locale, loc in localised.items():
        folder = out / locale
        (folder / "charts").mkdir(parents=True)
        site_charts = charts_of[locale]
        context = {
            "loc": loc,
            "calendar": calendar,
            "catalogue": catalogue,
            "public": public,
            "k": k,
            "latest": key(latest),
            "previous": key(latest - 1),
            "updated": updated,
            "updated_text": format_datetime(updated, "d MMMM y, HH:mm", locale=locale) + " UTC",
            "languages": [(code, language_name(code)) for code in locales],
            "csp": CSP,
            "describe": partial(chart_description, loc=loc, calendar=calendar),
            "site_charts": site_charts,
            "inputs": inputs,
            "year_note": year_versus_halves,
        }
        env = environment(locale)
        context_of[locale] = (env, context)
        pages.append(
            _write(folder / "index.html", env.get_template("site/index.html.j2").render(**context, page="index.html"))
        )
        for metric_id, p in public.items():
            pages.append(
                _write(
                    folder / f"{metric_id}.html",
                    env.get_template("site/metric.html.j2").render(**context, page=f"{metric_id}.html", p=p),
                )
            )
    pages += transparency.write_pages(out, public, k, updated, locales, context_of)
    pages.append(
        _write(
            out / "index.html",
            environment("en")
            .get_template("site/languages.html.j2")
            .render(languages=[(code, language_name(code)) for code in locales], csp=CSP),
        )
    )
    for locale, finish in drawings.items():
        for metric_id, svg in finish().items():
            (out / locale / "charts" / f"{metric_id}.svg").write_text(svg, encoding="utf-8")
    suppressed = {metric_id: p.suppressed for metric_id, p in public.items() if p.suppressed}
    return SiteReport(pages, suppressed, (out / "en" / "index.html").stat().st_size)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
