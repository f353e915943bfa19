"""Observations kept between nights, so that a night's cost follows what it delivered.

A night's rows touch past fiscal years (a record of June assigned the year before), and a touched
year's metrics are recomputed. Most metrics re-read the year's rows in well under a second; the
training completion rate groups every assignment of the year by person (about 1.5 M people and
periods a year at scale 1000, 2.5 s), and so grew with the history behind a night. A metric whose
catalogue entry names ``kept_per`` keeps its observations, one per unit (person) and period, in
``marts.kept__<metric>``. The merge marks the units whose rows it changed in the years kept
(``audit.dirty_units``, ``core/mark_dirty.sql``), a past year touched by a night observes only
those units again, and its values are rolled up from the kept observations. A year computed whole
(never kept, other definitions, the current year, a new day) observes every unit, and what is kept
always equals what a clean rebuild would observe.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from pipeline.lib.metrics.catalogue import Metric
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script


def standing(con: duckdb.DuckDBPyConnection, fiscal_year: int, fingerprint: str) -> dict[str, bool]:
    """Per metric with observations kept from these definitions: whether this year's are
    (``marts/kept/standing.sql``). Read before the year's values are cleared."""
    rows = con.execute(
        sql.render("marts/kept/standing.sql"), {"fiscal_year": fiscal_year, "fingerprint": fingerprint}
    ).fetchall()
    return {metric_id: bool(this_year) for metric_id, this_year in rows}


def refresh(
    con: duckdb.DuckDBPyConnection,
    metric: Metric,
    fiscal_year: int,
    fingerprint: str,
    kept: dict[str, bool],
    whole: bool,
) -> None:
    """Bring the metric's kept observations of the year up to date (``marts/kept/refresh.sql``):
    only the changed units' when the year's are kept from these definitions and the year is not
    recomputed ``whole``; all of them otherwise."""
    run_script(
        con,
        "marts/kept/refresh.sql",
        metric=metric,
        fiscal_year=fiscal_year,
        fingerprint=fingerprint,
        only_units=not whole and kept.get(metric.id, False),
        fresh=metric.id not in kept,
    )


def prune(con: duckdb.DuckDBPyConnection, metrics: Sequence[Metric]) -> None:
    """Drop what is kept and will not be read (``marts/kept/prune.sql``): the observations of years
    no longer kept, and those of metrics the catalogue no longer keeps."""
    tables = [name for (name,) in con.execute(sql.render("marts/kept/tables.sql")).fetchall()]
    kept = {m.kept_table: m.id for m in metrics if m.kept_per}
    run_script(con, "marts/kept/prune.sql", kept=kept, tables=tables)
