"""The board report's charts: a metric's trend over the fiscal years, or its breakdown when it has no total."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipeline.lib.board.views import BoardReport
from pipeline.lib.common.fiscal import key
from pipeline.lib.metrics.standing import format_value
from pipeline.lib.render import charts


def chart_figures(
    report: BoardReport, totals_by_year: dict[str, list[tuple[str, float | None]]]
) -> dict[str, dict[str, Any]]:
    """One trend chart per metric: its value in every fiscal year up to the report's."""
    figures = {}
    for commitment in report.commitments:
        for view in commitment.metrics:
            if not view.metric.has_total:
                figures[view.chart_name] = charts.bars(
                    charts.Series(
                        [m.label for m in view.members], [m.raw for m in view.members], [m.value for m in view.members]
                    ),
                    view.metric.unit,
                    horizontal=True,
                )
                continue
            series = totals_by_year.get(view.metric.id, [])
            labels = [label for label, _ in series]
            values = [v for _, v in series]
            texts = [format_value(v, view.metric.unit).replace(" days", "") for v in values]
            target = view.standing.target if view.metric.direction != "none" else None
            figures[view.chart_name] = charts.bars(
                charts.Series(labels, values, texts, key(report.fiscal_year)), view.metric.unit, target=target
            )
    return figures


def yearly_series(totals: list[dict[str, Any]]) -> dict[str, list[tuple[str, float | None]]]:
    """Each metric's whole-year totals in order (``sql/reports/metric_totals.sql``): its trend."""
    series: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
    for row in totals:
        if row["period_kind"] == "year":
            series[row["metric_id"]].append((row["period_id"], row["value"]))
    return series
