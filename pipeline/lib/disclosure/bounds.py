"""Exact figures that bound numbers about people from below (``at_least`` in the relations file).

Requests are published exactly (they count demands, not people), and every user-data request names
one account or more: a reader who sees 8 user-data requests from a country knows its withheld
accounts are at least 8, and with the total minus the other countries may pin them down. A hostile
reading found 46 hidden cells of the sample narrowed below k that way. Each accounts cell therefore
carries, as ``at_least``, the exact figure that bounds it, and the problem writes the bound where
the data obeys it. The bound is kept with the release (``public_release.released_values``), so an
earlier release is attacked with the exact figures published beside it.

A bound can also leave a count beyond any withholding's help: a country's 9 user-data requests
naming 9 accounts. Withheld, the accounts are at least 9 to every reader, and to one who learns
which withheld counts are the small ones (the audit's margin: 1 to k-1) exactly 9. Hiding other
figures changes neither fact, so such a count is not published at all: ``beyond_withholding``.
"""

from __future__ import annotations

from typing import Any

from pipeline.lib.common.fiscal import key
from pipeline.lib.disclosure.relations import Relations

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


def beyond_withholding(rows: Rows, k: int) -> set[tuple[str, str]]:
    """The (metric, period)s that hold a count from 1 to k-1 whose exact bound is k-1 or more (so it
    is k-1, and "small" tells which): held back to a later release, with the fiscal year of a half
    (the year less its other half would give the half). They come out at a later release only if
    the data changes (a late record, a corrected export)."""
    found: set[tuple[str, str]] = set()
    for row in rows:
        bound, value = row.get("at_least"), row["value"]
        if bound is not None and value is not None and 1 <= value <= k - 1 and k - 1 <= bound <= value:
            found.add((row["metric_id"], row["period_id"]))
            found.add((row["metric_id"], key(row["fiscal_year"])))
    return found


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
