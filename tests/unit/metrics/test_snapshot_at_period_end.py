"""Each assessment's latest snapshot at each period's end, as the assessment metrics read it
(``marts/assessment_snapshot_at_period_end.sql``), against its definition written out in Python:
for every period, every assessment with a snapshot on or before the day it is measured on, that
assessment's latest such snapshot. The SQL joins each snapshot only to the periods it is the latest
for (it used to pair every earlier snapshot with every period), so the cases that could go wrong
are drawn here: snapshots after every period, on a period's last day, several assessments and
periods overlapping, blank dates."""

from datetime import date, timedelta

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.lib.warehouse.sql import render

DAY_ZERO = date(2025, 1, 1)
days = st.integers(min_value=0, max_value=60).map(lambda n: DAY_ZERO + timedelta(days=n))
snapshots = st.dictionaries(
    st.tuples(st.sampled_from(["A1", "A2", "A3", "A4"]), days | st.none()),  # the key: (assessment_id, as_of)
    st.sampled_from(["planned", "completed", "cancelled"]),
    max_size=25,
)
periods = st.lists(st.tuples(days, st.integers(min_value=0, max_value=40)), max_size=4)


def _expected(snaps: dict[tuple[str, date | None], str], spans: list[tuple[date, int]]) -> set[tuple[object, ...]]:
    rows = set()
    for number, (start, length) in enumerate(spans):
        measured_on = start + timedelta(days=length)
        for assessment in {a for a, _ in snaps}:
            dated = [as_of for a, as_of in snaps if a == assessment and as_of is not None and as_of <= measured_on]
            if dated:
                latest = max(dated)
                rows.add((f"P{number}", assessment, latest, snaps[(assessment, latest)], latest >= start))
    return rows


@settings(max_examples=150, deadline=None)
@given(snaps=snapshots, spans=periods)
def test_each_assessments_latest_snapshot_at_each_period_end(
    snaps: dict[tuple[str, date | None], str], spans: list[tuple[date, int]]
) -> None:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA core")
    con.execute("CREATE TABLE core.assessment_snapshots (assessment_id VARCHAR, as_of DATE, status VARCHAR)")
    con.execute("CREATE TABLE periods (period_id VARCHAR, period_start DATE, measured_on DATE)")
    for key, status in snaps.items():
        con.execute("INSERT INTO core.assessment_snapshots VALUES (?, ?, ?)", [*key, status])
    for number, (start, length) in enumerate(spans):
        con.execute("INSERT INTO periods VALUES (?, ?, ?)", [f"P{number}", start, start + timedelta(days=length)])
    found = con.execute(
        "SELECT period_id, assessment_id, as_of, status, live FROM ("
        + render("marts/assessment_snapshot_at_period_end.sql")
        + ")"
    ).fetchall()
    assert len(found) == len(set(found))  # one row per assessment and period
    assert set(found) == _expected(snaps, spans)
