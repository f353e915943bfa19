"""A release protected against every earlier one: revisions that cannot be published safely are
withheld, held to a later release, or (for a year with periods newly due) held alone while the new
periods come out.

A revision of 1 to k-1 people must not be pinned down to fewer than k values (``release.revisions``).
The figures that show an unsafe revision are withheld and the year protected again. A year an earlier
release already showed whole keeps that release's figures when that does not work. A year released in
part (its first half in March, its second half and the year now due) used to do the same, so a single
late record kept its second half and the year unpublished at every later release. Now it is tried once
more with its **year figures held back** (the year is the first half plus the second, so beside the
first half as first released it would give the revision away) and its new half published with whatever
partners the protection needs: the first half stays as first released, its revision is kept k values
wide through the only relation left between the halves (the backlog's stock-flow). Only if that too
fails is the whole year kept as the earlier release showed it. A figure no withholding can protect
(a count of k-1 accounts beside k-1 requests: ``beyond_withholding``) is held back with its period
before anything is protected. Every period held back is listed
(``Protected.held_back``), so that the site says "held back" there, never "no data".
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.lib.common.fiscal import fiscal_year_of_period, key
from pipeline.lib.disclosure.protect import protect_publication
from pipeline.lib.inference.problem import Status, ViewKey
from pipeline.lib.inference.relations import Halves, Relations, load_relations
from pipeline.lib.inference.stocks import build_year, carried_from
from pipeline.lib.metrics.catalogue import Catalogue, Metric
from pipeline.lib.release import revisions
from pipeline.lib.release.as_released import (
    beside_standing,
    revised_closing_stocks,
    statuses_of,
    unrevised_published,
    with_statuses,
)

Rows = list[dict[str, Any]]
REVISION_ROUNDS = 4  # rounds of withholding unsafe revisions before a year is held


@dataclass(frozen=True)
class Protected:
    released: Rows  # the release's figures about people, with their statuses
    revisions_withheld: int  # figures withheld for their revision's sake
    years_held: int  # fiscal years that kept an earlier release's figures, or held back their year
    held_back: list[tuple[str, str]]  # (metric, period) due at this release and held back to a later one
    kept_years: frozenset[int] = frozenset()  # fiscal years released as the last release showed them


def protect_release(
    catalogue: Catalogue, fresh: Rows, earlier: Rows, halves: Halves, k: int, cache: Path | None
) -> Protected:
    """The release's figures about people with their statuses, protected against ``earlier``."""
    about_people = [m for m in catalogue.public_metrics if m.about_people]
    relations = load_relations()
    versions = versions_of(earlier)
    before = {
        year: [published(about_people, v, halves, relations, k) for v in year_versions]
        for year, year_versions in versions.items()
    }
    years = by_year(fresh)
    # a figure once withheld stays withheld in every later release: a pattern that shifts between
    # releases lets a reader solve the old release's equations with the new release's figures
    forced = frozenset(
        view
        for year_versions in versions.values()
        for rows, _ in year_versions
        for view, status in statuses_of(rows, about_people).items()
        if status != "published"
    )
    sticky = len(forced)
    pinned = frozenset().union(
        *(unrevised_published(v[-1][0], years.get(y, []), about_people) for y, v in versions.items())
    )
    # a year an earlier release already showed whole is held whole when its revision is unsafe:
    # withholding the revised figures would itself point at the cells the late records are in
    shown_whole = {
        year
        for year, year_rows in years.items()
        if year in versions and {r["period_id"] for r in year_rows} <= {r["period_id"] for r in versions[year][-1][0]}
    }
    stocks = {stock for stock, _, _ in relations.stock_flows}
    medians = {m.id for m in about_people if m.aggregate == "median"}
    due = {year: {(r["metric_id"], r["period_id"]) for r in year_rows} for year, year_rows in years.items()}
    without_year: set[int] = set()  # years released in part whose year figures are held back
    beyond = beyond_withholding(fresh, k)  # a count its exact bound and "small" give away: no partner helps
    fresh = [r for r in fresh if (r["metric_id"], r["period_id"]) not in beyond]
    while True:
        rows = [r for r in fresh if r["fiscal_year"] not in without_year or not _a_summed_year(r, years, stocks)]
        years = by_year(rows)
        held: set[int] = set()
        unsafe_years: set[int] = set()
        for _ in range(REVISION_ROUNDS):
            statuses = protect_publication(about_people, rows, halves, k, relations, cache, forced, pinned)
            # a year whose protection could not keep what readers already have stays as they have it
            # (a median is withheld with its count, never as a partner: unrevised, it stands as first released)
            held |= {
                fiscal_year_of_period(v[1][0])
                for v in pinned
                if v[0] not in medians and statuses.get(v, "published") != "published"
            }
            found: set[ViewKey] = set()
            unsafe_years = set()
            for year, year_rows in years.items():
                if year in held:
                    continue
                now = published(about_people, (year_rows, years.get(year - 1, [])), halves, relations, k, statuses)
                unsafe = set().union(*(revisions.unsafe(b, now) for b in before.get(year, [])))
                if unsafe and year in shown_whole:
                    held.add(year)
                    # the next year starts from this year's closing stock: revised, it must stay there as
                    # uncertain as a withheld figure, or the next year's flows give its revision away
                    found |= revised_closing_stocks(year_rows, versions[year][-1][0], relations)
                elif unsafe:
                    unsafe_years.add(year)
                    found |= revisions.figures_of(now.problem, unsafe)
            found |= beside_standing(rows, [r for v in versions.values() for r in v[-1][0]], statuses, about_people)
            if not found - forced:
                break
            forced |= found
        held |= unsafe_years
        retry = held - shown_whole - without_year
        if not retry:
            break
        # a year released in part, protected again without its year figures (held back, not withheld:
        # they need no partners): its new half can then come out
        without_year |= retry
    released: Rows = []
    held_back: set[tuple[str, str]] = set()
    for year in due:  # a year all of whose figures were held back has none left to protect
        out = versions[year][-1][0] if year in held else with_statuses(years.get(year, []), statuses)
        released += out  # a year with no safe revision stays as the last release showed it
        held_back |= due[year] - {(r["metric_id"], r["period_id"]) for r in out}
    kept = frozenset(held & set(due))
    return Protected(released, len(forced) - sticky, len(held | without_year), sorted(held_back), kept)


def beyond_withholding(rows: Rows, k: int) -> set[tuple[str, str]]:
    """The (metric, period)s holding a count from 1 to k-1 whose exact bound (``at_least``,
    ``inference.bounds``) is k-1: 9 accounts beside 9 user-data requests. Withheld, it is at least 9
    to every reader and, to one who learns which withheld counts are the small ones (the audit's
    margin: 1 to k-1), exactly 9; no other figure withheld changes either, so no partner protects
    it. Held back, with the fiscal year of a half (the year less its other half would give the
    half); tried again at every release, it comes out when the data changes."""
    found: set[tuple[str, str]] = set()
    for row in rows:
        bound, value = row.get("at_least"), row["value"]
        if bound is not None and value is not None and 1 <= value <= k - 1 and k - 1 <= bound <= value:
            found |= {(row["metric_id"], row["period_id"]), (row["metric_id"], key(row["fiscal_year"]))}
    return found


def _a_summed_year(row: dict[str, Any], years: dict[int, Rows], stocks: set[str]) -> bool:
    """A year figure that is the sum of half-years shown beside it: not a stock's (its year is its
    second half), nor a metric's the site shows for whole years only (its year adds up nothing shown)."""
    halved = {r["metric_id"] for r in years[row["fiscal_year"]] if r["period_kind"] == "half"}
    return row["period_kind"] == "year" and row["metric_id"] in halved - stocks


def published(
    metrics: list[Metric],
    version: tuple[Rows, Rows],
    halves: Halves,
    relations: Relations,
    k: int,
    statuses: dict[ViewKey, Status] | None = None,
) -> revisions.Published:
    """A fiscal year's publication (with the year before's, same release) as its attacker sees it."""
    rows, previous = version
    if statuses is None:
        statuses = statuses_of(rows + previous, metrics)
    problem = build_year(metrics, rows, halves, relations, carried_from(previous, statuses, relations))
    return revisions.Published(problem, statuses, k)


def versions_of(rows: Rows) -> dict[int, list[tuple[Rows, Rows]]]:
    """Each fiscal year's distinct publications, oldest first (a year held unchanged is one version),
    each with the year before as the same release showed it (where its stocks start)."""
    by_release: dict[date, Rows] = defaultdict(list)
    for r in rows:
        by_release[r["released_on"]].append(without_date(r))
    versions: dict[int, list[tuple[Rows, Rows]]] = defaultdict(list)
    seen: set[tuple[int, str]] = set()
    for released_on in sorted(by_release):
        years = by_year(by_release[released_on])
        for year, year_rows in years.items():
            digest = hashlib.sha256(json.dumps(sorted(map(str, year_rows))).encode()).hexdigest()
            if (year, digest) not in seen:
                seen.add((year, digest))
                versions[year].append((year_rows, years.get(year - 1, [])))
    return versions


def by_year(rows: Rows) -> dict[int, Rows]:
    years: dict[int, Rows] = defaultdict(list)
    for r in rows:
        years[r["fiscal_year"]].append(r)
    return years


def without_date(row: dict[str, Any]) -> dict[str, Any]:
    return {name: v for name, v in row.items() if name != "released_on"}
