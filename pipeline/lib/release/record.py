"""Releases: figures about people change only on the calendar's release days, and a release is
protected against every earlier one.

Between releases the nightly run refreshes everything else, but the public figures about people are
the ones the last release froze (``public_release.released_values``): a reader comparing tonight's
site with yesterday's learns nothing about the people in the deliveries that arrived in between. On
a release day (or the first night after it) the figures of every period the calendar has released
are protected as one publication per fiscal year, and then against each earlier release of that
year (``release.revisions``): a figure whose revision would tell about fewer than k people is
withheld and the year protected again (``release.revise``); what cannot be published safely is held
back to a later release, and the record says which periods (``public_release.held_back``).
``public_release.public_values``: the release's people figures and tonight's exact ones.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.lib.common.fiscal import FiscalCalendar, key
from pipeline.lib.disclosure import cache as kept
from pipeline.lib.disclosure import calendar as calendar_of_releases
from pipeline.lib.disclosure import policy
from pipeline.lib.disclosure.values import (
    last_release,
    load_rows,
    public_rows,
    without_parts_of_withheld_totals,
)
from pipeline.lib.inference import audit
from pipeline.lib.inference.bounds import with_bounds
from pipeline.lib.inference.relations import Halves, load_relations
from pipeline.lib.metrics.catalogue import Catalogue
from pipeline.lib.metrics.incomplete import CellKey, Missing, annotate, missing_rows
from pipeline.lib.release import joint, revisions
from pipeline.lib.release.as_released import as_shown, mark
from pipeline.lib.release.revise import by_year, protect_release, published, versions_of, without_date
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import scalar
from pipeline.lib.warehouse.transaction import transaction

Rows = list[dict[str, Any]]


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
    calendar_of_releases.same_k_as_released(
        k, next((r["k"] for r in sql.records(con, "disclosure/last_release.sql")), None)
    )
    rows = public_rows(catalogue, load_rows(con, catalogue))
    people = {m.id for m in catalogue.public_metrics if m.about_people}
    on_calendar = catalogue.released_on_calendar
    beside = on_calendar - people  # exact, but released with the figures about people
    due = calendar_of_releases.releases_around(calendar, today)[0]
    last = last_release(con)  # a night dated before a release already made replays it, never releases
    upcoming = calendar_of_releases.next_release(calendar, today, last)
    withheld = held = 0
    years = sorted({r["fiscal_year"] for r in rows})
    with transaction(con):
        made = due is not None and (last is None or due > last)
        if due is not None and made:
            out = calendar_of_releases.released_periods(calendar, years, due)
            missing = missing_rows(con, catalogue)
            fresh = [r for r in rows if r["metric_id"] in people and r["period_id"] in out]
            fresh = with_bounds(fresh, [r for r in rows if r["metric_id"] not in people], load_relations())
            fresh = annotate(fresh, missing)  # frozen with the figures they are beside
            earlier = _released(con, due)
            earlier_people = [r for r in earlier if r["metric_id"] in people]
            protected = protect_release(catalogue, fresh, earlier_people, _halves(calendar, years), k, cache)
            released = mark(protected.released, earlier_people)
            released += _beside_people(rows, beside, out, missing, earlier, protected.kept_years)
            withheld, held = protected.revisions_withheld, protected.years_held
            con.execute(
                sql.render("disclosure/record_release.sql"),
                {"released_on": due, "k": k, "made_at": made_at, "revisions_withheld": withheld, "years_held": held},
            )
            _insert(con, "disclosure/store_release.sql", released, {"released_on": due})
            held_back = [{"metric_id": m, "period_id": p} for m, p in protected.held_back]
            _insert(con, "disclosure/store_held_back.sql", held_back, {"released_on": due})
            last = due
        elif last is not None and not scalar(con, sql.render("disclosure/beside_people_recorded.sql"), {"day": last}):
            # a release made before exact figures were released with the figures about people: they
            # are frozen as of this night, the first that knows to (they were published every night)
            out = calendar_of_releases.released_periods(calendar, years, last)
            frozen = _beside_people(rows, beside, out, missing_rows(con, catalogue), [], frozenset())
            _insert(con, "disclosure/store_release.sql", frozen, {"released_on": last})
            con.execute(sql.render("disclosure/record_beside_people.sql"), {"day": last})
        record_so_far = _released(con, last) if last else []
        last_rows = [r for r in record_so_far if r["released_on"] == last]
        shown = [
            {**r, "missing_rows": r.get("missing_rows") or 0, "accepted_rows": r.get("accepted_rows") or 0}
            for r in without_parts_of_withheld_totals(as_shown(last_rows, record_so_far))
        ]
        exact = [
            {**r, "status": "published", "denominator_status": "published", "missing_rows": None, "accepted_rows": None}
            for r in rows
            if r["metric_id"] not in on_calendar
        ]
        con.execute(sql.render("disclosure/clear_public_values.sql"))
        _insert(con, "disclosure/insert_public_values.sql", shown + exact, {})
    people_shown = sum(r["metric_id"] in people for r in shown)
    return Outcome(last, upcoming, made, withheld, held, people_shown, len(shown) - people_shown + len(exact))


def _beside_people(
    rows: Rows,
    beside: frozenset[str],
    out: set[str],
    missing: dict[CellKey, Missing],
    earlier: Rows,
    kept_years: frozenset[int],
) -> Rows:
    """The exact figures released with the figures about people (``Catalogue.released_on_calendar``):
    tonight's in the periods released, marked as they stand tonight, except in a fiscal year the
    release keeps as the last one showed it (``Protected.kept_years``), which keeps that release's
    too: the figures about people of that year were protected beside those, not tonight's."""
    tonight = [
        r for r in rows if r["metric_id"] in beside and r["period_id"] in out and r["fiscal_year"] not in kept_years
    ]
    latest = max((r["released_on"] for r in earlier), default=None)
    kept = [
        without_date(r)
        for r in earlier
        if r["released_on"] == latest and r["metric_id"] in beside and r["fiscal_year"] in kept_years
    ]
    published = {"status": "published", "denominator_status": "published", "shown_from": None, "at_least": None}
    return [{**r, **published} for r in annotate(tonight, missing)] + kept


def audit_release(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    calendar: FiscalCalendar,
    k: int,
    cache: Path | None = None,
) -> list[str]:
    """The attacker over the last release and every earlier one: each hidden number of people of the
    release pinned down to fewer than k values (each fiscal year alone, and with the year before:
    ``release.joint``), and each revision since an earlier release that tells about fewer than k
    people (one line each; none when the release is safe). With ``cache``, releases already found
    safe (same figures, k and code) are not attacked again."""
    con.execute(sql.render("disclosure/create.sql"))
    last = last_release(con)
    if last is None:
        return []
    about_people = [m for m in catalogue.public_metrics if m.about_people]
    relations = load_relations()
    record = _released(con, last)
    passed = None if cache is None else cache / f"audit-{_record_key(record, k)}.ok"
    if passed is not None and passed.exists():
        return []
    # the exact figures beside them are in the program as the bounds (``at_least``) they were then
    everything = [r for r in record if r["metric_id"] in {m.id for m in about_people}]
    years = sorted({r["fiscal_year"] for r in everything})
    halves = _halves(calendar, years)
    current = by_year([without_date(r) for r in everything if r["released_on"] == last])
    versions = versions_of([r for r in everything if r["released_on"] < last])
    found = []
    publications = {
        year: published(about_people, (rows, current.get(year - 1, [])), halves, relations, k)
        for year, rows in current.items()
    }
    # the solutions the protection found, each checked against the auditor's own program before it counts
    witnesses = {year: kept.load_witnesses(cache, now.problem, k) for year, now in publications.items()}
    for year, now in publications.items():
        bad = audit.unsafe(now.problem, now.counts, now.shares, k, audit.Memo(solutions=witnesses[year]))
        found += [f"{key(year)}: {t.item} pinned down to fewer than {k} values" for t in bad]
        if year - 1 in publications:
            together = joint.unsafe_together(publications[year - 1], now, k, (witnesses[year - 1], witnesses[year]))
            found += [
                f"{key(year - 1)} with {key(year)}: {t.item} pinned down to fewer than {k} values" for t in together
            ]
        for version in versions.get(year, []):
            for q in revisions.unsafe(published(about_people, version, halves, relations, k), now):
                found.append(f"{key(year)}: the revision of {q} tells about fewer than {k} people")
    if passed is not None and not found:
        passed.parent.mkdir(parents=True, exist_ok=True)
        passed.touch()
    return found


def _record_key(rows: Rows, k: int) -> str:
    """The hash of a release record as attacked: its figures, k and the attacker's code (this room's,
    the inference room's, where the problem and its audit live, and the disclosure room's)."""
    digest = hashlib.sha256(json.dumps([k, sorted(json.dumps(r, default=str, sort_keys=True) for r in rows)]).encode())
    rooms = (Path(__file__).parent, Path(audit.__file__).parent, Path(kept.__file__).parent)
    for module in sorted(module for room in rooms for module in room.glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def _halves(calendar: FiscalCalendar, years: list[int]) -> Halves:
    return {key(y): (calendar.halves(y)[0].id, calendar.halves(y)[1].id) for y in years}


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
