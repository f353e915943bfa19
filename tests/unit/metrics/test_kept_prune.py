"""Kept observations nothing will read leave the warehouse: a year whose values were cleared keeps
no person's observation, and a metric the catalogue stopped keeping keeps no table."""

import duckdb

from pipeline.lib.metrics import kept
from pipeline.lib.metrics.catalogue import load_catalogue

COMPLETION = "marts.kept__training_completion_rate"


def _warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA marts")
    con.execute(
        "CREATE TABLE marts.kept_years (metric_id VARCHAR, source VARCHAR, kept_per VARCHAR, "
        "fiscal_year INTEGER, fingerprint VARCHAR)"
    )
    con.execute(f"CREATE TABLE {COMPLETION} (fiscal_year INTEGER, person_pseudonym VARCHAR, num INTEGER)")
    con.execute(f"INSERT INTO {COMPLETION} VALUES (2025, 'p1', 1), (2026, 'p1', 0), (2026, 'p2', 1)")
    return con


def _kept(con: duckdb.DuckDBPyConnection, metric_id: str, fiscal_year: int) -> None:
    row = "(?, 'training_records', 'person_pseudonym', ?, 'f')"
    con.execute(f"INSERT INTO marts.kept_years VALUES {row}", [metric_id, fiscal_year])


def test_the_observations_of_a_year_no_longer_kept_are_deleted() -> None:
    con = _warehouse()
    _kept(con, "training_completion_rate", 2026)
    kept.prune(con, load_catalogue().metrics)
    assert con.execute(f"SELECT fiscal_year, person_pseudonym FROM {COMPLETION} ORDER BY ALL").fetchall() == [
        (2026, "p1"),
        (2026, "p2"),
    ]


def test_a_metric_the_catalogue_no_longer_keeps_leaves_no_table_and_no_record() -> None:
    con = _warehouse()
    con.execute("CREATE TABLE marts.kept__retired_metric (fiscal_year INTEGER, person_pseudonym VARCHAR)")
    con.execute("INSERT INTO marts.kept__retired_metric VALUES (2026, 'p1')")
    _kept(con, "retired_metric", 2026)
    kept.prune(con, load_catalogue().metrics)
    tables = con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' ORDER BY 1").fetchall()
    assert tables == [("kept__training_completion_rate",), ("kept_years",)]
    assert con.execute("SELECT count(*) FROM marts.kept_years").fetchall() == [(0,)]
    assert con.execute(f"SELECT count(*) FROM {COMPLETION}").fetchall() == [(0,)]  # no year of it is kept either
