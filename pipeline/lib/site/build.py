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
from babel.dates import format_datetime

from pipeline.lib.common import paths
from pipeline.lib.common.fiscal import FiscalCalendar, key
from pipeline.lib.disclosure import calendar as calendar_of_releases
from pipeline.lib.disclosure.values import last_release, load_public_rows, released
from pipeline.lib.metrics.catalogue import Catalogue, Metric, targets_for
from pipeline.lib.metrics.incomplete import annotate, missing_rows
from pipeline.lib.quality import described
from pipeline.lib.render import charts, stamps, svg_export
from pipeline.lib.render.explain import calculation, year_versus_halves
from pipeline.lib.render.i18n import available_locales, language_name, translation
from pipeline.lib.render.templates import REPORTS_DIR, environment
from pipeline.lib.site import dictionary, transparency
from pipeline.lib.site.charts import chart_description, site_chart
from pipeline.lib.site.downloads import held_back_rows, median_bases, to_json, write_csvs
from pipeline.lib.site.localised import Localised, Waiting
from pipeline.lib.site.progress import on_index
from pipeline.lib.site.traceability import coverage, load_inputs
from pipeline.lib.warehouse import sql

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'"
)


# ---------------------------------------------------------------------------------------- pages


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
    """Write the whole site into ``out`` (which must not exist: the caller swaps it in whole) from
    what the privacy stage let out (``disclosure.release``): the site protects nothing itself."""
    svg_export.prepare()  # the browser starts and loads its chart page while the values are read
    # what is missing from a value is said beside it, as it stands tonight (metadata: nothing is unprotected)
    public = released(catalogue, annotate(load_public_rows(con), missing_rows(con, catalogue)))
    inputs = load_inputs(con, {m.source for m in catalogue.public_metrics if m.about_people})
    last = last_release(con)
    next_release = calendar_of_releases.next_release(calendar, today, last)
    held = frozenset((r["metric_id"], r["period_id"]) for r in sql.records(con, "disclosure/held_back.sql"))
    latest = calendar.last_complete_year(today)
    targets = targets_for(latest)
    locales = available_locales()
    localised = {locale: Localised(locale, translation(locale), k, today) for locale in locales}
    charts_of = {
        locale: {metric_id: site_chart(p, loc, calendar) for metric_id, p in public.items()}
        for locale, loc in localised.items()
    }
    drawings = {  # the browser draws the charts while the downloads and pages are written
        locale: charts.start_rendering(
            {
                **{m: c.figure for m, c in made.items() if c.figure is not None},
                **{f"narrow/{m}": c.narrow for m, c in made.items() if c.narrow is not None},
            },
            chart_cache,
        )
        for locale, made in charts_of.items()
    }
    out.mkdir(parents=True)
    (out / "data").mkdir()
    bases = median_bases(public)
    for metric_id, p in public.items():
        document = to_json(p, k, updated, bases.get(metric_id), held_back_rows(metric_id, held, calendar))
        (out / "data" / f"{metric_id}.json").write_text(document, encoding="utf-8")
    static = out / "static"
    static.mkdir()
    for name in ("site.css", "interactive.js"):
        shutil.copyfile(REPORTS_DIR / "static" / name, static / name)
    shutil.copyfile(_plotly_js(), static / "plotly.min.js")
    pages = []
    context_of: dict[str, tuple[Any, dict[str, Any]]] = {}
    for locale, loc in localised.items():
        folder = out / locale
        (folder / "charts" / "narrow").mkdir(parents=True)
        write_csvs(out / "data" / locale, public, bases, loc, calendar, held)
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
            "coverage": coverage,
            "FAILED": described.FAILED,
            "year_note": year_versus_halves,
            "calculation": calculation,
            "due": partial(
                release_due, calendar=calendar, last=last, held=held, on_calendar=catalogue.released_on_calendar
            ),
            "progress": partial(on_index, targets=targets, loc=loc, year=loc.period(key(latest), calendar)),
            "last_release": loc.day(last) if last else None,
            "next_release": loc.day(next_release),
            "next_release_on": next_release,
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
    for locale, loc in localised.items():
        dictionary.write(out / "data" / locale, loc, {m: p.metric.title for m, p in public.items()})
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


def release_due(
    metric: Metric,
    period_id: str,
    calendar: FiscalCalendar,
    last: date | None,
    held: frozenset[tuple[str, str]] = frozenset(),
    *,
    on_calendar: frozenset[str],
) -> Waiting | None:
    """The release a period's figures wait for (None: figures published every night, or already out),
    for a metric ``on_calendar`` (``Catalogue.released_on_calendar``: about people, or exact beside
    them). A period the last release held back (``public_release.held_back``: a late correction to a
    figure already released could not yet be published safely) waits for the next release. It is taken
    from the release record, not from a missing figure: a source with no delivery has no figures either."""
    if metric.id not in on_calendar:
        return None
    if last is not None and (metric.id, period_id) in held:
        return Waiting(calendar_of_releases.releases_around(calendar, last)[1], held_back=True)
    due = calendar_of_releases.release_of(calendar, period_id)
    return Waiting(due) if last is None or due > last else None


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def site_key(
    con: duckdb.DuckDBPyConnection, catalogue: Catalogue, calendar: FiscalCalendar, k: int, today: date
) -> str:
    """The key of the public site's inputs: the values the privacy stage let out, the threshold, the
    latest complete year (what "to date" means), the next release day, the catalogue, reference
    labels, and the templates, styles and translations; and the rows each value misses (a row set
    aside, re-delivered or accepted changes what the page says beside the value). Nothing about the
    deliveries of people's data is in it: between releases a night that only brought such deliveries
    rebuilds nothing."""
    # when a value was computed is not what it is: a night recomputing the same values changes nothing
    marked = annotate(load_public_rows(con), missing_rows(con, catalogue))
    rows = [{k: v for k, v in row.items() if k != "computed_at"} for row in marked]
    folders = (paths.REPORTS, paths.CATALOGUE, paths.REFERENCE)
    upcoming = calendar_of_releases.next_release(calendar, today, last_release(con))
    return stamps.inputs_key(rows, k, calendar.last_complete_year(today), upcoming, folders=folders)
