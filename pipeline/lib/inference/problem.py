"""The publication about people as one set of quantities and the relations a reader knows between them.

A quantity is a number of people behind a published figure: a count cell, or a share's numerator or
denominator. The same number published in two metrics (``cases_affecting_defenders_and_volunteers``
by group is ``cases_opened`` by group; a remedy share's denominators are ``cases_closed``) is one
quantity, so it is protected once and consistently. Relations across metrics and periods are data:
``pipeline/catalogue/disclosure_relations.yaml``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from pipeline.lib.inference.relations import Halves, Relations
from pipeline.lib.inference.relations import QKey as QKey  # a quantity, named as the relations name it
from pipeline.lib.metrics.catalogue import Metric

Status = Literal["published", "small", "secondary", "withheld"]
Key = tuple[str, str, str | None, str | None]  # period, breakdown, member 1, member 2
ViewKey = tuple[str, Key]  # a published figure: metric (or "<metric>.denominator" for "of n"), cell


@dataclass(frozen=True)
class Constraint:
    """lower <= sum(coefficient * quantity) <= upper, true whatever is published."""

    terms: tuple[tuple[QKey, float], ...]
    lower: float
    upper: float


@dataclass(frozen=True)
class Share:
    numerator: QKey
    denominator: QKey
    value: float | None  # as published: rounded to one decimal of a percent


@dataclass
class Problem:
    values: dict[QKey, float] = field(default_factory=dict)
    structure: list[Constraint] = field(default_factory=list)
    counts: dict[QKey, list[ViewKey]] = field(default_factory=lambda: defaultdict(list))  # published counts
    shares: dict[ViewKey, Share] = field(default_factory=dict)
    # numbers of the previous fiscal year a relation reaches (a stock at its end), with the status its
    # publication gave them: fixed when published, to be kept uncertain when hidden, never re-decided here
    carried: dict[QKey, Status] = field(default_factory=dict)


def equations(
    keys: Iterable[Key],
    breakdowns: Iterable[tuple[str, ...]],
    flow: bool,
    halves: Halves,
    partial_halves: frozenset[Key] = frozenset(),
) -> list[tuple[Key, list[Key], bool]]:
    """Within one metric: members add up to the total, two-way cells to their one-way margins, and
    (for flows) halves to a year where the table has halves. Cells missing from the table are zero.
    Each comes with whether it is an equation: a year whose half-year cells leave out rows reported for
    the whole year only (``partial_halves``) is at least the sum of its halves, not equal to it."""
    cells = set(keys)
    periods = {c[0] for c in cells}
    by_breakdown: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for cell in cells:
        by_breakdown[(cell[0], cell[1])].append(cell)
    found: list[tuple[Key, list[Key], bool]] = []
    for period in periods:
        total: Key = (period, "", None, None)
        for name in (",".join(b) for b in breakdowns):
            members = by_breakdown.get((period, name), [])
            if name and "," not in name and total in cells:
                found.append((total, members, True))
            if "," in name:
                first, second = name.split(",")
                for margin_name, index in ((first, 2), (second, 3)):
                    for margin in by_breakdown.get((period, margin_name), []):
                        found.append((margin, [m for m in members if m[index] == margin[2]], True))
    if flow:
        for year, (first_half, second_half) in halves.items():
            for cell in (c for c in cells if c[0] == year and {first_half, second_half} & periods):
                parts: list[Key] = [p for p in ((first_half, *cell[1:]), (second_half, *cell[1:])) if p in cells]
                found.append((cell, parts, partial_halves.isdisjoint(parts)))
    return found


def cell_key(row: dict[str, Any]) -> Key:
    return (row["period_id"], row["breakdown"], row["member_1"], row["member_2"])


def published_share(value: float | None) -> float | None:
    """A share as every output shows it: one decimal of a percent."""
    return None if value is None else round(float(value), 3)


def build_problem(
    metrics: Iterable[Metric], rows: Iterable[dict[str, Any]], halves: Halves, relations: Relations
) -> Problem:
    """Every quantity about people behind one fiscal year's publication, and what relates them within
    the year (``inference.stocks`` adds the stock-flows, which reach into the year before)."""
    problem = Problem()
    by_metric: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_metric[row["metric_id"]].append(row)

    apart = _stocks_apart_from_their_second_half(by_metric, halves, relations)

    def quantity(name: str, key: Key, value: float) -> QKey:
        q = (name, *key) if (name, *key) in apart else relations.canonical((name, *key), halves)
        known = problem.values.setdefault(q, value)
        if not math.isclose(known, value):
            raise ValueError(f"disclosure relations: {name} {key} is said to be {q} but differs")
        return q

    fields_of: dict[str, tuple[tuple[str, str], ...]] = {}
    for metric in metrics:
        metric_rows = by_metric.get(metric.id, [])
        if metric.aggregate == "sum":
            fields_of[metric.id] = ((metric.id, "value"),)
        elif metric.aggregate == "ratio":
            fields_of[metric.id] = (
                (f"{metric.id}.numerator", "numerator"),
                (f"{metric.id}.denominator", "denominator"),
            )
        else:
            continue  # medians publish no count
        for name, column in fields_of[metric.id]:
            cells = {cell_key(r): quantity(name, cell_key(r), float(r[column] or 0)) for r in metric_rows}
            flow = metric.periods_add_up or name in relations.flows
            partial = frozenset(cell_key(r) for r in metric_rows if r.get("reported_for_year"))
            for total, parts, exact in equations(cells, metric.public_breakdowns, flow, halves, partial):
                terms = ((cells[total], 1.0), *((cells[p], -1.0) for p in parts))
                problem.structure.append(Constraint(terms, 0.0, 0.0 if exact else math.inf))
        for row in metric_rows:
            key = cell_key(row)
            if metric.aggregate == "sum":
                problem.counts[cells[key]].append((metric.id, key))
                bound = row.get("at_least")
                if bound is not None and problem.values[cells[key]] >= bound:  # only what the truth obeys
                    problem.structure.append(Constraint(((cells[key], 1.0),), float(bound), math.inf))
                continue
            numerator = relations.canonical((f"{metric.id}.numerator", *key), halves)
            denominator = relations.canonical((f"{metric.id}.denominator", *key), halves)
            problem.structure.append(Constraint(((denominator, 1.0), (numerator, -1.0)), 0.0, math.inf))
            if row["denominator"]:
                problem.shares[(metric.id, key)] = Share(numerator, denominator, published_share(row["value"]))
                if key[1] == "":  # a total share says what it is "of"
                    problem.counts[denominator].append((f"{metric.id}.denominator", key))
    for name, bigger in relations.within:
        for q in [q for q in problem.values if q[0] == name]:
            outer = relations.canonical((bigger, *q[1:]), halves)
            if outer in problem.values:
                problem.structure.append(Constraint(((outer, 1.0), (q, -1.0)), 0.0, math.inf))
    _people_in_period(problem, relations, halves)
    return problem


def _people_in_period(problem: Problem, relations: Relations, halves: Halves) -> None:
    """A year's number of distinct people beside its halves' (``people_in_period``): each half at
    most the year, the year at most the two together. Written where the year's halves are both in the
    publication (a cell one of them lacks is 0 there) and where the true values obey it (a person who
    moved group can leave a first half's group larger than the year's)."""
    periods = {(q[0], q[1]) for q in problem.values}
    for q in [q for q in problem.values if q[0] in relations.people_in_period and q[1] in halves]:
        parts = [(q[0], half, *q[2:]) for half in halves[q[1]]]
        if not all((q[0], half) in periods for half in halves[q[1]]):
            continue
        value = problem.values[q]
        present = [p for p in parts if p in problem.values]
        for part in present:
            if problem.values[part] <= value:
                problem.structure.append(Constraint(((q, 1.0), (part, -1.0)), 0.0, math.inf))
        if value <= sum(problem.values[p] for p in present):
            terms = ((q, 1.0), *((p, -1.0) for p in present))
            problem.structure.append(Constraint(terms, -math.inf, 0.0))


def _stocks_apart_from_their_second_half(
    by_metric: dict[str, list[dict[str, Any]]], halves: Halves, relations: Relations
) -> set[QKey]:
    """A stock's fiscal year is its second half (the same number, one quantity) unless the two
    differ as measured: a second half nothing was delivered for reads "no data" while the year
    still counts what is open at its end. Then a reader sees two numbers, and each is its own."""
    values = {
        (metric_id, *cell_key(r)): float(r["value"] or 0)
        for metric_id in relations.stocks
        for r in by_metric.get(metric_id, [])
    }
    apart: set[QKey] = set()
    for q, value in values.items():
        if q[1] in halves:
            second = (q[0], halves[q[1]][1], *q[2:])
            if second in values and not math.isclose(values[second], value):
                apart.add(q)
    return apart


def components(problem: Problem) -> list[set[QKey]]:
    """Groups of quantities no relation connects to each other: each is attacked on its own."""
    parent = {q: q for q in problem.values}

    def root(q: QKey) -> QKey:
        while parent[q] != q:
            parent[q] = parent[parent[q]]
            q = parent[q]
        return q

    pairs = [[q for q, _ in c.terms] for c in problem.structure]
    pairs += [[s.numerator, s.denominator] for s in problem.shares.values()]
    for members in pairs:
        for q in members[1:]:
            parent[root(q)] = root(members[0])
    groups: dict[QKey, set[QKey]] = {}
    for q in problem.values:
        groups.setdefault(root(q), set()).add(q)
    return list(groups.values())
