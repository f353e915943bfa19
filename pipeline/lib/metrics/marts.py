"""Metric values per fiscal year, computed in DuckDB from core by the catalogue's SQL.

A fiscal year is recomputed in one transaction: delete its rows (all of them, or those of the
metrics whose source a night touched), insert every such metric's values for the year and its
halves. Recomputing a past year from the same core data gives the same values, so a year can be
rebuilt alone at any time; the observations a metric keeps between nights (``kept``) are always
those a clean rebuild would make.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.lib.common import paths
from pipeline.lib.common.clock import check_against_data
from pipeline.lib.common.faults import crash_point
from pipeline.lib.common.fiscal import FiscalCalendar, Period
from pipeline.lib.common.settings import SOURCES
from pipeline.lib.metrics import kept
from pipeline.lib.metrics.catalogue import CATALOGUE_DIR, Catalogue, Marks
from pipeline.lib.quality.countries import organisation_aliases
from pipeline.lib.quality.messages import format_message
from pipeline.lib.quality.results import keep_result, record_results
from pipeline.lib.quality.rules import mart_rules
from pipeline.lib.quality.runner import ExpectationRunner, RuleOutcome, arrow_to_pandas
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script, scalar
from pipeline.lib.warehouse.transaction import transaction

# the core table each source's coverage is read from (sql/marts/coverage/<source>.sql)
CORE_TABLES = dict(
    zip(SOURCES, ("training_records", "case_history", "assessment_snapshots", "request_counts"), strict=True)
)


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    run_script(con, "marts/create.sql")


def definition_fingerprint(calendar: FiscalCalendar) -> str:
    """What the metric values are computed from and judged by, besides the data: the catalogue, its
    SQL, the reference tables the SQL joins (a course made required changes every completion rate), the
    mart suite's rules (a stricter rule must judge the values already stored), the calendar."""
    digest = hashlib.sha256(f"start month {calendar.start_month}".encode())
    for path in [
        CATALOGUE_DIR / "metrics.yaml",
        *sorted((sql.SQL_DIR / "marts").rglob("*.sql")),
        *sorted((sql.SQL_DIR / "validation" / "marts").rglob("*.sql")),
        *sorted(paths.REFERENCE.glob("*.csv")),
        *[own for own in [organisation_aliases()] if own.exists()],  # the organisation's country aliases
        *sorted((paths.EXPECTATIONS / "marts").glob("*.json")),
    ]:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def years_to_compute(
    con: duckdb.DuckDBPyConnection, requested: list[int], calendar: FiscalCalendar, today: date
) -> dict[int, Marks | None]:
    """The requested fiscal years whose values are out of date, each with what marked them: the
    sources whose rows reached the year and the dates that placed them there (``Metric.out_of_date``;
    None: every metric is; see sql/marts/years_to_compute.sql)."""
    ensure_tables(con)
    replace_coverage(con)
    rows = con.execute(
        sql.render("marts/years_to_compute.sql", years=requested, sources=list(SOURCES)),
        {
            "requested": [{"fiscal_year": fy, "measured_on": measured_on(calendar, fy, today)} for fy in requested],
            "fingerprint": definition_fingerprint(calendar),
            "current_fiscal_year": calendar.fiscal_year_of(today),
        },
    ).fetchall()
    return {int(year): None if whole else frozenset(tuple(mark) for mark in marks) for year, whole, marks in rows}


def measured_on(calendar: FiscalCalendar, fiscal_year: int, today: date) -> date:
    """The day a fiscal year's values describe: its end, or today while it runs."""
    return min(calendar.year_end(fiscal_year), today)


def check_today_against_data(con: duckdb.DuckDBPyConnection, today: date, unread: int = 0) -> None:
    """Refuse a "today" outside the span the deliveries describe (``clock.check_against_data``),
    before anything is computed as of it (``unread``: landing files not read yet)."""
    ensure_tables(con)
    first, last = con.execute(sql.render("marts/covered_span.sql")).fetchall()[0]
    check_against_data(today, None if first is None else (first, last), unread)


def _periods_table(periods: list[Period], today: date) -> pa.Table:
    return pa.table(
        {
            "period_id": [p.id for p in periods],
            "period_kind": [p.kind for p in periods],
            "fiscal_year": pa.array([p.fiscal_year for p in periods], pa.int32()),
            "period_start": pa.array([p.start for p in periods], pa.date32()),
            "period_end": pa.array([p.end for p in periods], pa.date32()),
            "measured_on": pa.array([min(p.end, today) for p in periods], pa.date32()),
        }
    )


def replace_periods(
    con: duckdb.DuckDBPyConnection, calendar: FiscalCalendar, fiscal_years: list[int], today: date
) -> int:
    """The period dimension for every fiscal year the pipeline knows."""
    ensure_tables(con)
    periods = [p for fy in fiscal_years for p in calendar.periods(fy)]
    con.register("calendar_periods", _periods_table(periods, today))
    try:
        with transaction(con):
            run_script(con, "marts/replace_periods.sql")
    finally:
        con.unregister("calendar_periods")
    return len(periods)


def compute_fiscal_years(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    calendar: FiscalCalendar,
    fiscal_years: list[int],
    run_id: str,
    today: date,
    computed_at: datetime,
    marks: Mapping[int, Marks | None] | None = None,
    first_covered: int | None = None,
) -> dict[int, int]:
    """Recompute the metrics of these fiscal years, all in one transaction (the marts change
    together or not at all); returns the values in each year. Years after today's and, with
    ``first_covered``, before it lose their values (``marts/clear_years_outside.sql``). ``marks``
    narrows a year to the metrics the rows that touched it can change (``years_to_compute``): a
    night's case updates recompute the case metrics of the years those cases were open, not the
    training metrics of those years; a course assigned last year and completed this year recomputes
    last year's completion rate, not last year's median days to complete. Years are computed one at
    a time: measured at scale 1000, one pass over all years' periods is slower (16.9 s against 13.2 s
    for five years), the range joins growing faster than the scans they save."""
    ensure_tables(con)
    with transaction(con):
        delivered = replace_coverage(con)
        run_script(
            con,
            "marts/clear_years_outside.sql",
            current_fiscal_year=calendar.fiscal_year_of(today),
            first_fiscal_year=first_covered,
        )
        for fiscal_year in fiscal_years:
            only = (marks or {}).get(fiscal_year)
            _compute_fiscal_year(con, catalogue, calendar, fiscal_year, run_id, today, computed_at, delivered, only)
        kept.prune(con, catalogue.metrics)
        crash_point("marts.before_commit")
    return {fy: int(scalar(con, sql.render("marts/count_fiscal_year.sql"), {"fiscal_year": fy})) for fy in fiscal_years}


def _compute_fiscal_year(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    calendar: FiscalCalendar,
    fiscal_year: int,
    run_id: str,
    today: date,
    computed_at: datetime,
    delivered: set[str],
    only: Marks | None,
) -> None:
    periods = [p for p in calendar.periods(fiscal_year) if p.start <= today]
    recomputed = [m for m in catalogue.metrics if only is None or m.out_of_date(only)]
    fingerprint = definition_fingerprint(calendar)
    kept_before = kept.standing(con, fiscal_year, fingerprint)
    stamp = {"run_id": run_id, "computed_at": computed_at.isoformat(sep=" ")}  # on every row this writes
    run_script(
        con,
        "marts/clear_fiscal_year.sql",
        fiscal_year=fiscal_year,
        metrics=None if only is None else [m.id for m in recomputed],
    )
    con.register("periods", _periods_table(periods, today))
    try:
        # a source that never delivered produces no values at all: the reports say so instead
        for metric in [m for m in recomputed if m.source in delivered] if periods else ():
            if metric.kept_per:
                kept.refresh(con, metric, fiscal_year, fingerprint, kept_before, whole=only is None)
            run_script(con, "marts/rollup.sql", metric=metric, fiscal_year=fiscal_year, **stamp)
    finally:
        con.unregister("periods")
    run_script(
        con,
        "marts/record_coverage_digests.sql",
        fiscal_year=fiscal_year,
        years=[fiscal_year],
        sources=list(SOURCES) if only is None else sorted({source for source, _ in only}),
    )
    run_script(
        con,
        "marts/record_computed_year.sql",
        fiscal_year=fiscal_year,
        fingerprint=fingerprint,
        measured_on=measured_on(calendar, fiscal_year, today).isoformat(),
        **stamp,
    )


def replace_coverage(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Rebuild ``marts.coverage`` from core; returns the sources that have delivered anything."""
    present = {name for (name,) in con.execute(sql.render("warehouse/core_tables.sql")).fetchall()}
    sources = [s for s, table in CORE_TABLES.items() if table in present]
    run_script(con, "marts/replace_coverage.sql", sources=sources)
    return {s for (s,) in con.execute(sql.render("marts/delivered_sources.sql")).fetchall()}


def earliest_fiscal_year_with_data(con: duckdb.DuckDBPyConnection, calendar: FiscalCalendar) -> int | None:
    """The fiscal year of the earliest day any delivery covers (None before anything was delivered)."""
    ensure_tables(con)
    replace_coverage(con)
    first = scalar(con, sql.render("marts/first_covered_day.sql"))
    return None if first is None else calendar.fiscal_year_of(first)


def period_coverage(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, bool]]:
    """(source, period, delivered) for every period of the calendar: what the reports say of gaps."""
    rows = con.execute(sql.render("marts/period_coverage.sql"), {"sources": list(CORE_TABLES)}).fetchall()
    return [(source, period_id, bool(delivered)) for source, period_id, *_, delivered in rows]


def year_totals(con: duckdb.DuckDBPyConnection, fiscal_year: int) -> list[tuple[str, str, float | None]]:
    return [
        (m, p, v) for m, p, v in con.execute(sql.render("marts/headline.sql"), {"fiscal_year": fiscal_year}).fetchall()
    ]


@dataclass
class MartValidation:
    outcomes: list[RuleOutcome]
    problems: list[str]
    result_path: str
    rows: int

    @property
    def passed(self) -> bool:
        return all(o.success for o in self.outcomes if o.level == "blocking")


def validate_fiscal_years(
    con: duckdb.DuckDBPyConnection,
    runner: ExpectationRunner,
    fiscal_years: list[int],
    run_id: str,
    results_dir: Path,
    now: datetime,
) -> MartValidation:
    """Run the mart suite on the values of ``fiscal_years``; record and keep the results."""
    crash_point("marts.before_verdict")  # values committed, no verdict yet: the next run must validate them
    arrow: pa.Table = con.sql(
        sql.render("validation/marts/metric_values.sql"), params={"fiscal_years": fiscal_years}
    ).to_arrow_table()
    frame = arrow_to_pandas(arrow)
    rules = mart_rules("metric_values")
    outcome = runner.validate("metric_values", rules, frame, {})
    runner.build_docs()
    problems = []
    for o in outcome.outcomes:
        if o.success:
            continue
        if o.error:
            problems.append(f"{o.rule.name} could not be evaluated: {o.error}")
        for index in o.failing_index[:20]:
            problems.append(f"{o.rule.name}: {format_message(o.rule, frame.iloc[index].to_dict(), None)}")
    name = "metric_values-" + "-".join(str(fy) for fy in fiscal_years)
    path = keep_result(results_dir, run_id, name, 0, outcome.result_document)
    with transaction(con):
        record_results(con, run_id, "metric_values", outcome.outcomes, 0, str(path), now)
    return MartValidation(outcome.outcomes, problems, str(path), len(frame))
