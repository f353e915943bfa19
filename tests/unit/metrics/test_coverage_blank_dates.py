"""Rows whose dates are blank make no coverage span (found by the property test of the builders: a
NULL ``as_of`` made ``marts.coverage`` refuse the row and the whole night's marts fail). A source
whose every row lacks its dates counts as not having delivered; the rows with dates still cover."""

from datetime import date

import duckdb

from pipeline.lib.metrics.marts import ensure_tables, replace_coverage


def _warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA core; CREATE SCHEMA marts")
    ensure_tables(con)
    con.execute("CREATE TABLE core.assessment_snapshots (as_of DATE)")
    con.execute("CREATE TABLE core.case_history (opened_on DATE, updated_at TIMESTAMP)")
    con.execute("CREATE TABLE core.training_records (assigned_on DATE, completed_on DATE)")
    con.execute("CREATE TABLE core.request_counts (period_start DATE, period_end DATE)")
    return con


def test_rows_without_dates_cover_nothing() -> None:
    con = _warehouse()
    con.execute("INSERT INTO core.assessment_snapshots VALUES (NULL), (NULL)")
    con.execute("INSERT INTO core.case_history VALUES (NULL, NULL)")
    con.execute("INSERT INTO core.training_records VALUES (NULL, DATE '2025-01-10')")
    con.execute("INSERT INTO core.request_counts VALUES (NULL, DATE '2024-12-31'), (DATE '2024-07-01', NULL)")
    assert replace_coverage(con) == set()
    assert con.execute("SELECT count(*) FROM marts.coverage").fetchone() == (0,)


def test_rows_with_dates_still_cover_beside_blank_ones() -> None:
    con = _warehouse()
    con.execute("INSERT INTO core.assessment_snapshots VALUES (NULL), (DATE '2025-03-31')")
    con.execute("INSERT INTO core.request_counts VALUES (NULL, NULL), (DATE '2024-07-01', DATE '2024-12-31')")
    assert replace_coverage(con) == {"assessment_status", "request_counts"}
    spans = con.execute("SELECT source, covered_from, covered_to FROM marts.coverage ORDER BY ALL").fetchall()
    assert spans == [
        ("assessment_status", date(2025, 3, 31), date(2025, 3, 31)),
        ("request_counts", date(2024, 7, 1), date(2024, 12, 31)),
    ]
