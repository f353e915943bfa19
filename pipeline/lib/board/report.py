"""The annual board report: what it shows, gathered from the warehouse and the catalogue.

One page with every commitment's status, trend and change since last year; a section per
commitment with each metric against its target, the management commentary beside the number, and a
sentence where a year is not the sum of its halves; appendices summarised, their full tables
attached as files (``board_files``). One self-contained HTML file, and a PDF printed from it.

Board members may see exact small counts; the report never contains names, person ids or free
text. Everything in it is computed from the warehouse and the catalogue, so rebuilding a year from
the same inputs gives the same file, apart from the one line that says when it was generated.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from pipeline.lib.board import commentary
from pipeline.lib.board.breakdowns import order_words, ordered_members, short_by
from pipeline.lib.board.figures import chart_figures, yearly_series
from pipeline.lib.board.sparkline import sparkline
from pipeline.lib.board.transparency import board_tables
from pipeline.lib.board.views import STATUS_ORDER, BoardReport, CommitmentView, MetricView
from pipeline.lib.common.fiscal import FiscalCalendar, key, today_from_env
from pipeline.lib.common.version import code_version
from pipeline.lib.ingest.quarantine import rows_set_aside
from pipeline.lib.metrics.catalogue import Catalogue, Metric, targets_for
from pipeline.lib.metrics.incomplete import Missing, annotate, missing_rows
from pipeline.lib.metrics.standing import Standing, format_value, standing
from pipeline.lib.render import charts
from pipeline.lib.render.explain import year_versus_halves
from pipeline.lib.render.labels import dimension_label
from pipeline.lib.warehouse import sql


def _rows(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[dict[str, Any]]:
    return sql.records(con, f"reports/{name}.sql", params)


def gather(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    calendar: FiscalCalendar,
    fiscal_year: int,
    run_id: str,
    generated_at: datetime,
) -> BoardReport:
    """Everything the report shows, read from the warehouse."""
    totals: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in _rows(con, "metric_totals", fiscal_year=fiscal_year):
        totals[row["metric_id"]][row["period_id"]] = row
    members: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    missing = missing_rows(con, catalogue)
    for row in annotate(_rows(con, "metric_members", fiscal_year=fiscal_year), missing):
        members[row["metric_id"]][row["dimension_1"]].append(row)
    statuses: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _rows(con, "metric_period_statuses", fiscal_year=fiscal_year):
        statuses[row["metric_id"]][row["period_id"]] = row["status"]
    delivered = {row["source"] for row in _rows(con, "delivered_sources")}
    targets = targets_for(fiscal_year)
    notes = commentary.load(key(fiscal_year), catalogue)
    views = []
    for commitment in catalogue.commitments:
        metric_views = [
            _metric_view(
                m,
                totals[m.id],
                members[m.id],
                fiscal_year,
                targets.get(m.id),
                calendar,
                statuses[m.id],
                delivered,
                {c[1]: n for c, n in missing.items() if c[0] == m.id and c[2] == ""},
            )
            for m in catalogue.metrics_of(commitment.id)
        ]
        for view in metric_views:
            view.commentary = notes.metrics.get(view.metric.id)
        views.append(CommitmentView(commitment, metric_views))
    counts = {s: sum(1 for c in views for m in c.metrics if m.standing.status == s) for s in STATUS_ORDER}
    quality = {
        name: _rows(con, name)
        for name in ("deliveries_by_status", "unresolved_deliveries", "quarantine_by_rule", "latest_checks")
    }
    quality["rows_set_aside"] = [r.as_dict() for r in rows_set_aside(con)]
    start, end = calendar.year_start(fiscal_year), calendar.year_end(fiscal_year)
    period = f"{start:%-d %B %Y} to {end:%-d %B %Y}"
    if end >= today_from_env():
        period += " (to date: the year has not ended, so no figure is compared with its target yet)"
    report = BoardReport(
        fiscal_year,
        period,
        views,
        quality,
        _rows(con, "input_files"),
        code_version(),
        run_id,
        generated_at,
        counts,
        notes.example,
    )
    report.transparency = board_tables(con, catalogue, calendar, fiscal_year, missing)
    report.held_back = _held_back(con)
    return report


def _held_back(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The periods of each metric the public site's last release held back (a late correction to a
    figure already released, not yet safe to publish): read from the release record, never guessed
    from a missing public figure."""
    if not _rows(con, "release_record_kept")[0]["kept"]:
        return {}
    held: dict[str, list[str]] = defaultdict(list)
    for row in sql.records(con, "disclosure/held_back.sql"):
        held[row["metric_id"]].append(row["period_id"])
    return dict(held)


def input_files(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The delivered files whose rows are in the warehouse, with their hashes (provenance)."""
    return _rows(con, "input_files")


def _metric_view(
    metric: Metric,
    totals: dict[str, dict[str, Any]],
    by_dimension: dict[str, list[dict[str, Any]]],
    fiscal_year: int,
    target: float | None,
    calendar: FiscalCalendar,
    statuses: dict[str, str],  # period -> status, from any row (a metric with no total row has them too)
    delivered_sources: set[str],
    missing: dict[str, Missing] | None = None,  # period -> the rows its total misses
) -> MetricView:
    def value_of(period: str) -> float | None:
        row = totals.get(period)
        return None if row is None else row["value"]

    def status_of(period: str) -> str:
        row = totals.get(period)
        return statuses.get(period, "no data") if row is None else str(row.get("status") or "value")

    def shown_at(period: str) -> str:
        status = status_of(period)
        if status == "no data":
            return "no data"
        text = format_value(value_of(period), metric.unit)
        text = f"{text} (to date)" if status == "to date" else text
        return text + short_by((missing or {}).get(period, Missing()))

    year = key(fiscal_year)
    value, previous = value_of(year), value_of(key(fiscal_year - 1))
    never = f"No data: nothing has ever been delivered by {metric.source.replace('_', ' ')}."
    reason = never if metric.source not in delivered_sources else "No data: no delivery covers this period."
    if metric.has_total:
        bar = target if metric.direction != "none" else None
        short = (missing or {}).get(year, Missing()).incomplete and status_of(year) == "value"
        result = standing(metric, value, previous, bar, "incomplete" if short else status_of(year), reason)
    elif status_of(year) == "no data":
        result = Standing("no_data", reason, None, None, None)
    else:  # a split with no single headline (outcome shares): the breakdown is the figure
        result = Standing("context", "Shown by its parts below: they add up to the whole.", None, None, None)
    halves = [(f"{p.start:%b %Y} – {p.end:%b %Y}", shown_at(p.id)) for p in calendar.halves(fiscal_year)]
    dimension = next((b[0] for b in metric.breakdowns if len(b) == 1), None)
    shown = ordered_members(metric, dimension, by_dimension.get(dimension, [])) if dimension else []
    return MetricView(
        metric,
        result,
        shown_at(year),
        "no data" if status_of(key(fiscal_year - 1)) == "no data" else format_value(previous, metric.unit),
        format_value(target, metric.unit) if target is not None and metric.direction != "none" else "",
        halves,
        dimension_label(dimension) if dimension else None,
        shown,
        chart_name=f"{metric.id}-{key(fiscal_year)}",
        order=order_words(metric, result.status),
        change=_change(result, metric.unit),
        change_class=_change_class(result, metric.direction),
        note=year_versus_halves(metric) if metric.has_total else None,
    )


def _change(result: Standing, unit: str) -> str:
    change = result.change
    if change is None:
        return "–"
    if abs(change) < 1e-9:
        return "no change"
    sign = "+" if change > 0 else "−"
    if unit == "share":
        return f"{sign}{abs(change) * 100:.1f} pts"
    amount = format_value(abs(change), unit)
    return f"{sign}{amount}"


def _change_class(result: Standing, direction: str) -> str:
    change = result.change
    if change is None or abs(change) < 1e-9 or direction == "none":
        return ""
    return "better" if (change > 0) == (direction == "higher") else "worse"


def build(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    calendar: FiscalCalendar,
    fiscal_year: int,
    run_id: str,
    generated_at: datetime,
    chart_cache: Path,
) -> BoardReport:
    report = gather(con, catalogue, calendar, fiscal_year, run_id, generated_at)
    series = yearly_series(_rows(con, "metric_totals", fiscal_year=fiscal_year))
    svgs = charts.render_svgs(chart_figures(report, series), chart_cache)
    for commitment in report.commitments:
        for view in commitment.metrics:
            if view.metric.has_total:
                years = series.get(view.metric.id, [])
                first = years[0][0] if years else ""
                view.spark = sparkline(
                    [v for _, v in years],
                    view.standing.target if view.metric.direction != "none" else None,
                    f"{view.metric.title}, {first} to {key(fiscal_year)}",
                )
            view.chart = charts.accessible(
                svgs[view.chart_name],
                view.metric.title,
                f"{view.metric.title} by fiscal year up to {key(fiscal_year)}; {view.standing.reason}",
            )
    return report
