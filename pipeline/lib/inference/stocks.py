"""Stocks and the flows that move them: the one relation that crosses fiscal years.

The open backlog at the end of a half-year is the backlog at its start plus the cases opened minus
the cases closed in it (``stock_flows`` in ``pipeline/catalogue/disclosure_relations.yaml``). A
reader who knows it recovered withheld half-year totals of cases opened exactly, and a year's first
backlog below k, from the sample's figures. A fiscal year's first half starts from the previous
year's closing stock, so a year's problem carries that number as the previous year's publication
showed it (``Carried``): protecting years oldest first, each year's is known when the next is built.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from pipeline.lib.inference.problem import Constraint, Problem, QKey, Status, ViewKey, build_problem, cell_key
from pipeline.lib.inference.relations import Halves, Relations
from pipeline.lib.metrics.catalogue import Metric

Carried = dict[QKey, tuple[float, Status]]  # the previous year's stocks at its end: value and status


def build_year(
    metrics: Iterable[Metric],
    rows: Iterable[dict[str, Any]],
    halves: Halves,
    relations: Relations,
    carried: Carried | None = None,
) -> Problem:
    """One fiscal year's problem with its stock-flows; ``carried``: the previous year's closing
    stocks as published (empty when that year was not published)."""
    problem = build_problem(metrics, rows, halves, relations)
    _stock_flows(problem, relations, halves, carried or {})
    return problem


def previous_end(half: str) -> str:
    """The period that ends where a half-year starts: FY2026-H1 -> FY2025-H2, FY2026-H2 -> FY2026-H1."""
    year, which = half.split("-")
    return f"{year}-H1" if which == "H2" else f"FY{int(year[2:]) - 1}-H2"


def _stock_flows(problem: Problem, relations: Relations, halves: Halves, carried: Carried) -> None:
    """A stock at a half-year's end is the stock at its start plus what flowed in minus what flowed out
    (the backlog: the previous backlog + cases opened - cases closed), for every cell the three share.
    At the start of the fiscal year the stock is the previous year's: a known number when that year
    published it, kept uncertain when it withheld it; before the first period shown, known (a reader
    may guess it: "none open" was right). Written where the true values obey it (an identity the data
    broke would mislead the reader, not inform them); cells absent from a breakdown are 0."""
    for stock, inflow, outflow in relations.stock_flows:
        for q in [q for q in problem.values if q[0] == stock and any(q[1] in pair for pair in halves.values())]:
            start = (stock, previous_end(q[1]), *q[2:])
            ins, outs = (relations.canonical((name, *q[1:]), halves) for name in (inflow, outflow))
            if ins not in problem.values or outs not in problem.values:
                continue  # the flows are not broken down by this stock's breakdown
            if start not in problem.values:
                if start not in carried:
                    value = problem.values[q] - problem.values[ins] + problem.values[outs]
                    if value < 0:
                        continue
                    problem.values[start], problem.carried[start] = value, "published"  # a reader may guess it
                else:
                    problem.values[start], problem.carried[start] = carried[start]
            flow = problem.values[start] + problem.values[ins] - problem.values[outs]
            if math.isclose(flow, problem.values[q]):
                terms = ((q, 1.0), (start, -1.0), (ins, -1.0), (outs, 1.0))
                problem.structure.append(Constraint(terms, 0.0, 0.0))


def carried_from(rows: Iterable[dict[str, Any]], statuses: dict[ViewKey, Status], relations: Relations) -> Carried:
    """A fiscal year's stocks at its end (its second half), as its publication showed them."""
    stocks = {stock for stock, _, _ in relations.stock_flows}
    return {
        (r["metric_id"], *cell_key(r)): (
            float(r["value"] or 0),
            statuses.get((r["metric_id"], cell_key(r)), "published"),
        )
        for r in rows
        if r["metric_id"] in stocks and r["period_id"].endswith("-H2")
    }
