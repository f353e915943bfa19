"""Which parts of a metric the Board reads first: where the problem is, not where things go well.

A Board reading an at-risk or missed metric asks which departments, severities or request types
pull it down, so a metric with a direction lists its parts worst first: the lowest share where
higher is better, the highest count or longest wait where lower is (for one that is off target,
these are the parts furthest from the target). A context metric (no target) lists its largest
parts: a count by its value, a share or a median by how many it is of (its base), so a share of
two requests does not come before one of two hundred.

Every share or median shows its base, and a base smaller than the disclosure policy's floor of k
is flagged: the figure the site would not even publish about so few people is one that a single
person moves a long way, so its place at the top says little on its own. The threshold is the
policy's (``pipeline/catalogue/disclosure_policy.yaml``), not a number of this module's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.lib.disclosure.policy import load_policy
from pipeline.lib.metrics.catalogue import Metric
from pipeline.lib.metrics.incomplete import Missing
from pipeline.lib.metrics.standing import Status, format_value
from pipeline.lib.render.labels import member_label

OFF_TARGET: tuple[Status, ...] = ("at_risk", "missed")


@dataclass
class Member:
    """One part of a metric's breakdown as the board prints it."""

    label: str
    value: str
    raw: float | None
    basis: float  # what a share or median is based on: the denominator, or the number of observations
    small: bool = False  # a share or median of a base too small to say much on its own


def small_base() -> int:
    """A base below this is flagged: the disclosure policy's floor of k."""
    return load_policy().k_floor


def order_words(metric: Metric, status: Status) -> str:
    """How the parts are ordered, as the table's caption says it."""
    if metric.direction == "none":
        return "largest first"
    if status in OFF_TARGET:
        return "furthest from the target first"
    return "lowest first (higher is better)" if metric.direction == "higher" else "highest first (lower is better)"


def ordered_members(metric: Metric, dimension: str, rows: list[dict[str, Any]]) -> list[Member]:
    """A breakdown's rows as members, in the order the Board reads them (the module says which)."""
    floor = small_base()
    members = [_member(metric, dimension, r, floor) for r in rows]
    return sorted(members, key=lambda m: _rank(metric, m))


def _member(metric: Metric, dimension: str, row: dict[str, Any], floor: int) -> Member:
    basis = float((row["denominator"] if metric.aggregate == "ratio" else row["units"]) or 0)
    missing = Missing(int(row.get("missing_rows") or 0), int(row.get("accepted_rows") or 0))
    return Member(
        member_label(dimension, row["member_1"]),
        format_value(row["value"], metric.unit) + short_by(missing),
        row["value"],
        basis,
        small=metric.aggregate != "sum" and basis < floor,  # a count is its own size: no base to flag
    )


def _rank(metric: Metric, member: Member) -> tuple[bool, float, float, str]:
    """Sort key: a part with no value last; then worst (or largest) first; the larger base, then the
    label, break ties so that the order never depends on the order rows were read in."""
    value = member.raw if member.raw is not None else 0.0
    if metric.direction == "higher":
        first = value
    elif metric.direction == "lower" or metric.aggregate == "sum":
        first = -value
    else:  # a context share or median: the largest base first, then the largest value
        return (member.raw is None, -member.basis, -value, member.label)
    return (member.raw is None, first, -member.basis, member.label)


def short_by(missing: Missing) -> str:
    """What a value misses, said beside it: rows set aside or held that it does not count, or that an
    operator accepted it without (never a clean-looking number that is short)."""
    if missing.rows:
        return f" (incomplete: {_rows(missing.rows)} not counted)"
    if missing.accepted:
        return f" (accepted as incomplete: {_rows(missing.accepted)} not counted)"
    return ""


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")
