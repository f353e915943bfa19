"""Exact figures that bound numbers about people from below (``at_least`` in the relations file).

Requests are published exactly (they count demands, not people), and every user-data request names
one account or more: a reader who sees 8 user-data requests from a country knows its withheld
accounts are at least 8, and with the total minus the other countries may pin them down. A hostile
reading found 46 hidden cells of the sample narrowed below k that way. Each accounts cell therefore
carries, as ``at_least``, the exact figure that bounds it, and the problem writes the bound where
the data obeys it. The bound is kept with the release (``public_release.released_values``), so an
earlier release is attacked with the exact figures published beside it.
"""

from __future__ import annotations

from typing import Any

from pipeline.lib.inference.relations import Relations

Rows = list[dict[str, Any]]


def with_bounds(people: Rows, exact: Rows, relations: Relations) -> Rows:
    """The rows about people, each with ``at_least``: the exact figure bounding it, or None (no rule
    for its metric, no matching exact cell, or not every tally row behind it states the measure)."""
    cells = {(r["metric_id"], r["period_id"], r["breakdown"], r["member_1"], r["member_2"]): r for r in exact}
    rules = {quantity: (by, where) for quantity, by, where in relations.at_least}
    bounded = []
    for row in people:
        rule = rules.get(row["metric_id"])
        stated = row["value"] is not None and not (row["not_reported"] or row["reported_for_year"])
        bound = _exact_cell(cells, rule, row) if rule is not None and stated else None
        bounded.append({**row, "at_least": None if bound is None else float(bound)})
    return bounded


def _exact_cell(
    cells: dict[tuple[Any, ...], dict[str, Any]], rule: tuple[str, tuple[tuple[str, str], ...]], row: dict[str, Any]
) -> float | None:
    """The value of the exact cell a rule matches to ``row``: same period, the rule's members first,
    then the row's own (none when the exact metric has no such breakdown, or it was not stated)."""
    by, where = rule
    own = [(row[f"dimension_{i}"], row[f"member_{i}"]) for i in (1, 2) if row[f"dimension_{i}"]]
    dimensions, members = zip(*[*where, *own], strict=True)
    if len(members) > 2:
        return None
    match = cells.get((by, row["period_id"], ",".join(dimensions), *[*members, None][:2]))
    if match is None or match["value"] is None or match["reported_for_year"]:
        return None
    return float(match["value"])
