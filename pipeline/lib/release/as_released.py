"""A figure once released stands as first released when its revision cannot be published safely.

A release protects the revisions of figures earlier releases showed (``release.record``): a revised
figure whose revision would tell about fewer than k people is withheld in the new release, with the
figures needed to keep it uncertain. Shown as "withheld" where the earlier release showed a number,
it would still point at the cells the late records are in (a half-year released in March, its cell
"defenders, critical" withheld in August). So the site shows, in place of a figure that a release
withholds but an earlier one published, the figure as that earlier release published it: nothing a
reader of the earlier release did not have, and no mark of which figures were revised. The release
record keeps the true statuses (what the protection and its audit reason about) and, in
``shown_from``, which earlier release's figure the site shows instead.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pipeline.lib.common.fiscal import fiscal_year_of_period, key
from pipeline.lib.inference.problem import Status, ViewKey, cell_key
from pipeline.lib.inference.relations import Relations
from pipeline.lib.metrics.catalogue import Metric

Rows = list[dict[str, Any]]
RECORD_ONLY = ("released_on", "shown_from", "at_least")  # what the record keeps and the site does not show


def _figure(row: dict[str, Any]) -> ViewKey:
    """The figure a row is, as the protection names it: its metric and cell."""
    return (row["metric_id"], cell_key(row))


def mark(released: Rows, earlier: Rows) -> Rows:
    """The release's rows, each with ``shown_from``: the earlier release whose figure the site shows
    in its place (its figure there was published, its figure now is not), or None. A breakdown
    member new in a period an earlier release showed (it was absent there: zero) and withheld now
    stands as absent: a new "withheld" row would name the late record's category."""
    latest: dict[ViewKey, dict[str, Any]] = {}
    shown_periods: dict[tuple[str, str], date] = {}
    for row in sorted(earlier, key=lambda r: r["released_on"]):
        latest[_figure(row)] = row
        shown_periods[(row["metric_id"], row["period_id"])] = row["released_on"]
    marked = []
    for row in released:
        before = latest.get(_figure(row))
        shown_from: date | None = None
        if row["status"] != "published":
            if before is None:
                shown_from = shown_periods.get((row["metric_id"], row["period_id"]))
            else:
                shown_from = before["released_on"] if before["status"] == "published" else before.get("shown_from")
        marked.append({**row, "shown_from": shown_from})
    return marked


def as_shown(release: Rows, record: Rows) -> Rows:
    """The release's figures as the site shows them: each row marked ``shown_from`` replaced by that
    earlier release's row of the same figure, or left out where that release had none (the member
    was absent: zero); ``record``: every release's rows, with their dates."""
    by_release = {(r["released_on"], *_figure(r)): r for r in record}
    shown = []
    for row in release:
        source = row if row.get("shown_from") is None else by_release.get((row["shown_from"], *_figure(row)))
        if source is not None:
            shown.append({name: v for name, v in source.items() if name not in RECORD_ONLY})
    return shown


def statuses_of(rows: Rows, metrics: list[Metric]) -> dict[ViewKey, Status]:
    """The statuses a release gave its figures, as the protection names them."""
    ratios = {m.id for m in metrics if m.aggregate == "ratio"}
    statuses: dict[ViewKey, Status] = {}
    for r in rows:
        statuses[_figure(r)] = r["status"]
        if r["metric_id"] in ratios and r["breakdown"] == "":
            statuses[(f"{r['metric_id']}.denominator", cell_key(r))] = r["denominator_status"]
    return statuses


def with_statuses(rows: Rows, statuses: dict[ViewKey, Status]) -> Rows:
    """The rows with the statuses the protection gave them (published where it gave none)."""
    return [
        {
            **r,
            "status": statuses.get(_figure(r), "published"),
            "denominator_status": statuses.get((f"{r['metric_id']}.denominator", cell_key(r)), "published"),
        }
        for r in rows
    ]


def revised_closing_stocks(fresh: Rows, shown: Rows, relations: Relations) -> set[ViewKey]:
    """A fiscal year's stocks at its end (its second half, and the year that is the same number)
    whose value differs from the one a publication showed: where the next year starts from."""
    stocks = {stock for stock, _, _ in relations.stock_flows}
    was = {_figure(r): r["value"] for r in shown if r["metric_id"] in stocks}
    return {
        _figure(r)
        for r in fresh
        if r["metric_id"] in stocks
        and (r["period_kind"] == "year" or r["period_id"].endswith("-H2"))
        and was.get(_figure(r)) != r["value"]
    }


def unrevised_published(shown: Rows, fresh: Rows, metrics: list[Metric]) -> set[ViewKey]:
    """The figures a release published that tonight's values leave unchanged: every reader keeps them,
    so the next release must publish them too (withholding one to hide another hides nothing: a
    half-year's published figure and the year beside it give the other half away)."""
    ratios = {m.id for m in metrics if m.aggregate == "ratio"}
    now = {_figure(r): r for r in fresh}
    pinned: set[ViewKey] = set()
    for row in shown:
        view = _figure(row)
        same = now.get(view)
        if same is None or any(same[f] != row[f] for f in ("value", "numerator", "denominator")):
            continue
        if row["status"] == "published":
            pinned.add(view)
        if row["metric_id"] in ratios and row["breakdown"] == "" and row["denominator_status"] == "published":
            pinned.add((f"{row['metric_id']}.denominator", view[1]))
    return pinned


def beside_standing(fresh: Rows, earlier: Rows, statuses: dict[ViewKey, Status], metrics: list[Metric]) -> set[ViewKey]:
    """The figures to withhold beside figures that will stand as first released.

    A figure an earlier release showed (as a number, or as absent in a period it showed) and that
    this release withholds is shown as the earlier release had it, while its true value moved by a
    revision too small to publish. Two kinds of figure beside it would give that revision away:

    - **the same source's revised figures of the same period**: a group's share, a median or a
      related count that moved while the total stands places the late records (a hostile reading
      saw a group's rate move 0.837 -> 0.842 beside its standing total, which at printed precision
      fits only revisions of 3 to 9 people, all completed). A period's revision of a source is
      published whole or not at all: its revised figures stand with the one that must;
    - **the year of a standing half-year**, its value and its base ("of n"): the year gives the other
      half as year - half as shown - revision (a hidden second half of 8 cases, narrowed below k on a
      bet on a small revision), and a year's number of people is bounded by its halves' (an "of 752"
      beside a first half of 714 as shown and a second of 35 gave a late delivery of 3 people away).

    ``earlier``: the latest earlier release's rows of each year."""
    source = {m.id: m.source for m in metrics}
    before = {_figure(r): r for r in earlier}
    periods = {(r["metric_id"], r["period_id"]) for r in earlier}

    def stands(row: dict[str, Any]) -> bool:
        if statuses.get(_figure(row), "published") == "published":
            return False
        shown = before.get(_figure(row))
        if shown is None:
            return (row["metric_id"], row["period_id"]) in periods
        return shown["status"] == "published" or shown.get("shown_from") is not None

    def revised(row: dict[str, Any]) -> bool:
        shown = before.get(_figure(row))
        if shown is None:
            return (row["metric_id"], row["period_id"]) in periods
        moved = any(shown[f] != row[f] for f in ("value", "numerator", "denominator"))
        return moved or shown.get("shown_from") is not None

    standing = [r for r in fresh if r["metric_id"] in source and stands(r)]
    sources = {(source[r["metric_id"]], r["period_id"]) for r in standing}
    alongside = [r for r in fresh if (source.get(r["metric_id"]), r["period_id"]) in sources and revised(r)]
    found = {_figure(r) for r in alongside}  # a share stands with its base: the site shows the earlier row whole
    found |= {(f"{metric}.denominator", cell) for metric, cell in found}
    halves = {(r["metric_id"], cell_key(r)) for r in [*standing, *alongside] if r["period_kind"] == "half"}
    for metric, cell in halves:
        year = (key(fiscal_year_of_period(cell[0])), *cell[1:])
        found |= {(metric, year), (f"{metric}.denominator", year)}
    ratios = {m.id for m in metrics if m.aggregate == "ratio"}
    shown_now = {_figure(r) for r in fresh}
    shown_now |= {
        (f"{r['metric_id']}.denominator", cell_key(r))
        for r in fresh
        if r["metric_id"] in ratios and r["breakdown"] == ""
    }  # a total share's "of n"; a group's share prints no base
    return found & shown_now
