"""Met, at risk or missed: each metric's standing against its target, with the reason in words.

The rule: a metric *meets* its target when it is on the right side of it; it is *at risk* when it
misses by no more than the catalogue's margin; otherwise it has *missed*. The reason says the value,
the target and the change from the year before, e.g.
"94.1 % against a target of at least 95 %; down 2.3 points on last year (96.4 %)".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from babel.numbers import format_decimal, format_percent

from pipeline.lib.metrics.catalogue import Metric

Status = Literal["met", "at_risk", "missed", "context", "to_date", "incomplete", "no_data"]
LABELS: dict[Status, str] = {
    "met": "Met",
    "at_risk": "At risk",
    "missed": "Missed",
    "context": "For context",
    "to_date": "To date",
    "incomplete": "Incomplete",
    "no_data": "No data",
}


@dataclass(frozen=True)
class Standing:
    status: Status
    reason: str
    value: float | None
    previous: float | None
    target: float | None

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def format_value(value: float | None, unit: str, locale: str = "en") -> str:
    """A metric value as people read it: 94.1 %, 1,234, 19 days."""
    if value is None:
        return "–"
    if unit == "share":
        return str(format_percent(value, "#,##0.0%", locale=locale))
    if unit == "days":
        return f"{format_decimal(round(value, 1), '#,##0.#', locale=locale)} days"
    return str(format_decimal(value, "#,##0.#", locale=locale))


def _format_change(change: float, unit: str) -> str:
    if unit == "share":
        return f"{format_decimal(abs(change) * 100, '#,##0.0', locale='en')} points"
    amount = format_decimal(abs(change), "#,##0.#", locale="en")
    return f"{amount} days" if unit == "days" else str(amount)


def _trend(metric: Metric, value: float, previous: float | None) -> str:
    if previous is None:
        return "no value last year to compare with"
    change = value - previous
    if abs(change) < 1e-9:
        return f"the same as last year ({format_value(previous, metric.unit)})"
    direction = "up" if change > 0 else "down"
    return f"{direction} {_format_change(change, metric.unit)} on last year ({format_value(previous, metric.unit)})"


def standing(
    metric: Metric,
    value: float | None,
    previous: float | None,
    target: float | None,
    period_status: str = "value",
    no_data_reason: str = "No delivery covers this period.",
) -> Standing:
    """The metric's status for a year, given its value, last year's value and the year's target.

    ``period_status`` is the value's status in the marts: ``no data`` (nothing delivered covers the
    period), ``to date`` (the period has not ended: never compared with the target as if complete) and
    ``incomplete`` (delivered rows it does not count: a "met" on an undercount would be the tool's word).
    """
    if period_status == "no data":
        return Standing("no_data", no_data_reason, None, previous, target)
    if value is None:
        return Standing("no_data", "Nothing to measure in this period.", None, previous, target)
    shown = format_value(value, metric.unit)
    trend = _trend(metric, value, previous)
    if period_status == "to date":
        return Standing(
            "to_date",
            f"{shown} so far; {trend}. The period has not ended, so it is not compared with the target yet.",
            value,
            previous,
            target,
        )
    if period_status == "incomplete" and metric.direction != "none" and target is not None:
        return Standing(
            "incomplete",
            f"{shown}; {trend}. Delivered rows are not counted in it (set aside or held), so it is not compared "
            "with the target until they are re-delivered or the figure is accepted as it is.",
            value,
            previous,
            target,
        )
    if metric.direction == "none" or target is None:
        return Standing("context", f"{shown}; {trend}. No target is set: shown for context.", value, previous, target)
    better = value >= target if metric.direction == "higher" else value <= target
    gap = abs(value - target)
    status: Status = "met" if better else "at_risk" if gap <= metric.at_risk_margin + 1e-9 else "missed"
    bound = "at least" if metric.direction == "higher" else "at most"
    reason = f"{shown} against a target of {bound} {format_value(target, metric.unit)}; {trend}."
    return Standing(status, reason[0].upper() + reason[1:], value, previous, target)
