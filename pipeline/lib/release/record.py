"""Releases: figures about people change only on the calendar's release days, and a release is
protected against every earlier one.

Between releases the nightly run refreshes everything else, but the public figures about people are
the ones the last release froze (``public_release.released_values``): a reader comparing tonight's
site with yesterday's learns nothing about the people in the deliveries that arrived in between. On
a release day (or the first night after it) the figures of every period the calendar has released
are protected as one publication per fiscal year, and then against each earlier release of that
year (``disclosure.revisions``): a figure whose revision would tell about fewer than k people is
withheld and the year protected again; a year that cannot be made safe that way keeps the figures
an earlier release showed. ``public_release.public_values``: the release's people figures and tonight's exact ones.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.lib.common.fiscal import FiscalCalendar, fiscal_year_of_period, key
from pipeline.lib.disclosure import audit, joint, policy, revisions
from pipeline.lib.disclosure.bounds import with_bounds
from pipeline.lib.disclosure.problem import Status, ViewKey
from pipeline.lib.disclosure.protect import protect_publication
from pipeline.lib.disclosure.relations import Halves, Relations, load_relations
from pipeline.lib.disclosure.stocks import build_year, carried_from
from pipeline.lib.disclosure.values import (
    last_release,
    load_rows,
    public_rows,
    without_parts_of_withheld_totals,
)
from pipeline.lib.metrics.catalogue import Catalogue, Metric
from pipeline.lib.release.as_released import (
    as_shown,
    mark,
    revised_closing_stocks,
    statuses_of,
    unrevised_published,
    with_statuses,
    years_beside_standing,
)
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.transaction import transaction

Rows = list[dict[str, Any]]
REVISION_ROUNDS = 4  # rounds of withholding unsafe revisions before a year keeps its earlier figures


@dataclass(frozen=True)
class Outcome:
    released_on: date | None  # the release the site's figures about people come from (None: none yet)
    next_release: date
    made: bool  # whether this night made that release
    revisions_withheld: int
    years_held: int
    people_cells: int
    exact_cells: int


def prepare(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    calendar: FiscalCalendar,
    k: int,
    today: date,
    made_at: datetime,
    cache: Path | None = None,
) -> Outcome:
    """Make the release that is due, if any, and write tonight's publishable values."""
    k = policy.checked_k(k)
    con.execute(sql.render("disclosure/create.sql"))
    rows = public_rows(catalogue, load_rows(con, catalogue))
    people = {m.id for m in catalogue.public_metrics if m.about_people}
    due, upcoming = policy.releases_around(calendar, today)
    last = last_release(con, today)
    latest = last_release(con, date.max)  # a night dated before a release already made replays, never releases
    withheld = held = 0
    with transaction(con):
        made = due is not None and (latest is None or due > latest)
        if due is not None and made:
            years = sorted({r["fiscal_year"] for r in rows})
            out = policy.released_periods(calendar, years, due)
            fresh = [r for r in rows if r["metric_id"] in people and r["period_id"] in out]
            fresh = with_bounds(fresh, [r for r in rows if r["metric_id"] not in people], load_relations())
            earlier = _released(con, due)
            released, withheld, held = protect_release(catalogue, fresh, earlier, _halves(calendar, years), k, cache)
            released = mark(released, earlier)
            con.execute(
                sql.render("disclosure/record_release.sql"),
                {"released_on": due, "k": k, "made_at": made_at, "revisions_withheld": withheld, "years_held": held},
            )
            _insert(con, "disclosure/store_release.sql", released, {"released_on": due})
            last = due
        record_so_far = _released(con, last) if last else []
        last_rows = [r for r in record_so_far if r["released_on"] == last]
        shown = without_parts_of_withheld_totals(as_shown(last_rows, record_so_far))
        exact = [
            {**r, "status": "published", "denominator_status": "published"}
            for r in rows
            if r["metric_id"] not in people
        ]
        con.execute(sql.render("disclosure/clear_public_values.sql"))
        _insert(con, "disclosure/insert_public_values.sql", shown + exact, {})
    return Outcome(last, upcoming, made, withheld, held, len(shown), len(exact))


def protect_release(
    catalogue: Catalogue, fresh: Rows, earlier: Rows, halves: Halves, k: int, cache: Path | None
) -> tuple[Rows, int, int]:
    """The release's figures about people with their statuses, how many figures were withheld for
    their revision's sake, and how many fiscal years kept an earlier release's figures."""
    about_people = [m for m in catalogue.public_metrics if m.about_people]
    relations = load_relations()
    versions = _versions(earlier)
    before = {
        year: [_published(about_people, v, halves, relations, k) for v in year_versions]
        for year, year_versions in versions.items()
    }
    years = _by_year(fresh)
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
    held: set[int] = set()
    unsafe_years: set[int] = set()
    for _ in range(REVISION_ROUNDS):
        statuses = protect_publication(about_people, fresh, halves, k, relations, cache, forced, pinned)
        # a year whose protection could not keep what readers already have stays as they have it
        held |= {fiscal_year_of_period(v[1][0]) for v in pinned if statuses.get(v, "published") != "published"}
        found: set[ViewKey] = set()
        unsafe_years = set()
        for year, year_rows in years.items():
            if year in held:
                continue
            now = _published(about_people, (year_rows, years.get(year - 1, [])), halves, relations, k, statuses)
            unsafe = set().union(*(revisions.unsafe(b, now) for b in before.get(year, [])))
            if unsafe and year in shown_whole:
                held.add(year)
                # the next year starts from this year's closing stock: revised, it must stay there as
                # uncertain as a withheld figure, or the next year's flows give its revision away
                found |= revised_closing_stocks(year_rows, versions[year][-1][0], relations)
            elif unsafe:
                unsafe_years.add(year)
                found |= revisions.figures_of(now.problem, unsafe)
        found |= years_beside_standing(fresh, [r for v in versions.values() for r in v[-1][0]], statuses)
        if not found - forced:
            break
        forced |= found
    released: Rows = []
    for year, year_rows in years.items():
        if year in unsafe_years | held:  # no safe revision: the year stays as the last release showed it
            released += versions[year][-1][0]
        else:
            released += with_statuses(year_rows, statuses)
    return released, len(forced) - sticky, len(unsafe_years | held)


def _published(
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


def audit_release(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    calendar: FiscalCalendar,
    k: int,
    today: date,
    cache: Path | None = None,
) -> list[str]:
    """The attacker over the last release and every earlier one: each hidden number of people of the
    release pinned down to fewer than k values (each fiscal year alone, and with the year before:
    ``disclosure.joint``), and each revision since an earlier release that tells about fewer than k
    people (one line each; none when the release is safe). With ``cache``, releases already found
    safe (same figures, k and code) are not attacked again."""
    con.execute(sql.render("disclosure/create.sql"))
    last = last_release(con, today)
    if last is None:
        return []
    about_people = [m for m in catalogue.public_metrics if m.about_people]
    relations = load_relations()
    everything = _released(con, last)
    passed = None if cache is None else cache / f"audit-{_record_key(everything, k)}.ok"
    if passed is not None and passed.exists():
        return []
    years = sorted({r["fiscal_year"] for r in everything})
    halves = _halves(calendar, years)
    current = _by_year([_without_date(r) for r in everything if r["released_on"] == last])
    versions = _versions([r for r in everything if r["released_on"] < last])
    found = []
    published = {
        year: _published(about_people, (rows, current.get(year - 1, [])), halves, relations, k)
        for year, rows in current.items()
    }
    for year, now in published.items():
        bad, _ = audit.unsafe(now.problem, now.counts, now.shares, k)
        found += [f"{key(year)}: {t.item} pinned down to fewer than {k} values" for t in bad]
        if year - 1 in published:
            together = joint.unsafe_together(published[year - 1], now, k)
            found += [
                f"{key(year - 1)} with {key(year)}: {t.item} pinned down to fewer than {k} values" for t in together
            ]
        for version in versions.get(year, []):
            for q in revisions.unsafe(_published(about_people, version, halves, relations, k), now):
                found.append(f"{key(year)}: the revision of {q} tells about fewer than {k} people")
    if passed is not None and not found:
        passed.parent.mkdir(parents=True, exist_ok=True)
        passed.touch()
    return found


def _record_key(rows: Rows, k: int) -> str:
    """The hash of a release record as attacked: its figures, k and the attacker's code (this room's
    and the disclosure room's, where the problem and its audit live)."""
    digest = hashlib.sha256(json.dumps([k, sorted(json.dumps(r, default=str, sort_keys=True) for r in rows)]).encode())
    for module in sorted([*Path(__file__).parent.glob("*.py"), *Path(audit.__file__).parent.glob("*.py")]):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def _versions(rows: Rows) -> dict[int, list[tuple[Rows, Rows]]]:
    """Each fiscal year's distinct publications, oldest first (a year held unchanged is one version),
    each with the year before as the same release showed it (where its stocks start)."""
    by_release: dict[date, Rows] = defaultdict(list)
    for r in rows:
        by_release[r["released_on"]].append(_without_date(r))
    versions: dict[int, list[tuple[Rows, Rows]]] = defaultdict(list)
    seen: set[tuple[int, str]] = set()
    for released_on in sorted(by_release):
        years = _by_year(by_release[released_on])
        for year, year_rows in years.items():
            digest = hashlib.sha256(json.dumps(sorted(map(str, year_rows))).encode()).hexdigest()
            if (year, digest) not in seen:
                seen.add((year, digest))
                versions[year].append((year_rows, years.get(year - 1, [])))
    return versions


def _by_year(rows: Rows) -> dict[int, Rows]:
    years: dict[int, Rows] = defaultdict(list)
    for r in rows:
        years[r["fiscal_year"]].append(r)
    return years


def _halves(calendar: FiscalCalendar, years: list[int]) -> Halves:
    return {key(y): (calendar.halves(y)[0].id, calendar.halves(y)[1].id) for y in years}


def _without_date(row: dict[str, Any]) -> dict[str, Any]:
    return {name: v for name, v in row.items() if name != "released_on"}


def _released(con: duckdb.DuckDBPyConnection, until: date) -> Rows:
    return sql.records(con, "disclosure/released_values.sql", {"until": until})


def _insert(con: duckdb.DuckDBPyConnection, statement: str, rows: Rows, params: dict[str, Any]) -> None:
    if not rows:
        return
    con.register("incoming", pa.Table.from_pylist(rows))
    try:
        con.execute(sql.render(statement), params)
    finally:
        con.unregister("incoming")
