"""The whole nightly job through Dagster: what runs, what a blocking check stops."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import dagster as dg
import pytest

from pipeline.defs.partitions import register_fiscal_years
from pipeline.lib.common.fiscal import FiscalCalendar, calendar_from_env, key, today_from_env, year_of_key
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.metrics.marts import compute_fiscal_years, validate_fiscal_years, years_to_compute
from pipeline.lib.quality.runner import runner
from pipeline.lib.release.publication import history
from pipeline.lib.warehouse.connection import connect
from tests.builders import _case, _training, rows, run_nightly, small_world, write

pytestmark = pytest.mark.slow
QUIET = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


def _nightly(definitions: dg.Definitions) -> dg.ExecuteInProcessResult:
    result: dg.ExecuteInProcessResult = run_nightly(definitions)
    return result


def _materialized(result: dg.ExecuteInProcessResult) -> set[str]:
    return {
        m.asset_key.to_user_string()
        for m in result.get_asset_materialization_events()
        for m in [m.event_specific_data.materialization]
    }  # type: ignore[union-attr]


def test_the_nightly_job_builds_the_board_report(paths: DataPaths, definitions: dg.Definitions) -> None:
    small_world(paths.landing)
    result = _nightly(definitions)
    assert result.success
    assert {"marts/metric_values", "reports/board_report", "site/public_site", "publish/publication"} <= _materialized(
        result
    )
    reports = sorted(paths.confidential.glob("board/FY*/board-report.pdf"))
    assert len(reports) == 1 and all(p.stat().st_size > 10_000 for p in reports), "the last complete year"
    assert (paths.published / "site" / "ky" / "index.html").is_file()
    assert not (paths.published / "board").exists(), "the board reports are not under the public folder"
    manifest = json.loads((paths.published.resolve().parent / "manifest.json").read_text())
    assert manifest["run_id"] == result.run_id and len(manifest["inputs"]) == 6  # the small world's files


def test_a_held_delivery_warns_and_the_night_goes_on(paths: DataPaths, definitions: dg.Definitions) -> None:
    small_world(paths.landing)
    duplicated = rows("request_counts", 2)
    write(paths.landing_for("request_counts"), "twice.csv", duplicated + duplicated[:1])
    result = _nightly(definitions)
    assert result.success
    failed = {
        (e.asset_key.to_user_string(), e.check_name, e.severity.value)
        for e in result.get_asset_check_evaluations()
        if not e.passed
    }
    assert ("core/request_counts", "blocking_rules", "WARN") in failed
    assert not {f for f in failed if f[2] == "ERROR"}
    done = _materialized(result)
    assert {"core/training_records", "marts/metric_values", "site/public_site", "publish/publication"} <= done
    assert paths.published.exists(), "the good deliveries were published"
    with connect(paths.warehouse) as con:
        held = con.execute("SELECT count(*) FROM audit.file_manifest WHERE status = 'held'").fetchone()
    assert held == (1,), "the held delivery is kept aside, not merged"


def test_a_bad_metric_value_fails_the_blocking_mart_suite(small_world_root: DataPaths, tmp_path: Path) -> None:
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(small_world_root.warehouse, copy)
    with connect(copy) as con:
        suite = runner(tmp_path / "docs")
        passed = validate_fiscal_years(con, suite, [2025], "metrics-run", tmp_path / "results", datetime(2026, 11, 25))
        assert passed.passed
        con.execute(
            "UPDATE marts.metric_values SET value = 1.5 WHERE metric_id = 'cases_remedy_share' "
            "AND period_id = 'FY2025' AND breakdown = ''"
        )
        assert years_to_compute(con, [2025], FiscalCalendar(7), date(2026, 11, 25)) == {}, "validated: up to date"
        checked = validate_fiscal_years(con, suite, [2025], "metrics-run", tmp_path / "results", datetime(2026, 11, 25))
        again = years_to_compute(con, [2025], FiscalCalendar(7), date(2026, 11, 25))
    assert not checked.passed
    assert checked.problems == [
        "shares_within_0_and_1: 'cases_remedy_share' 'FY2025' (empty): share 1.5 is outside 0..1"
    ]
    assert again == {2025: None}, "values that failed are recomputed and validated again, whole, whatever the day"


def test_a_night_recomputes_only_the_fiscal_years_its_data_touched(
    paths: DataPaths, definitions: dg.Definitions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HRP_TODAY", "2026-11-25")
    current = key(calendar_from_env().fiscal_year_of(today_from_env()))
    small_world(paths.landing)
    first = _nightly(definitions)
    assert first.success
    with connect(paths.warehouse) as con:
        earliest = con.execute("SELECT min(covered_from) FROM marts.coverage").fetchone()
    assert earliest is not None
    first_year = calendar_from_env().fiscal_year_of(earliest[0])
    every_year = [key(fy) for fy in range(first_year, year_of_key(current) + 1)]
    assert _recomputed(first) == every_year, "first night: every year from the earliest with data"
    quiet = _nightly(definitions)
    assert _recomputed(quiet) == [], "nothing new the same day: every year's values stand"
    monkeypatch.setenv("HRP_TODAY", "2026-11-26")
    next_day = _nightly(definitions)
    assert _recomputed(next_day) == [current], "nothing new the next day: only the current year, whose 'so far' moves"
    write(
        paths.landing_for("request_counts"),
        "correction.csv",
        [dict(rows("request_counts", 1)[0], period_start="2023-07-01", period_end="2023-12-31", country="FR")],
    )
    corrected = _nightly(definitions)
    assert _recomputed(corrected) == ["FY2024"], "a correction to FY2024 the same day recomputes FY2024 alone"
    recent = _training("T30", "P8", "staff", "ENG", "HR-101", "2026-11-20", "2026-12-20")
    write(paths.landing_for("training_records"), "recent.csv", [recent])
    extended = _nightly(definitions)
    assert _recomputed(extended) == ["FY2026", "FY2027"], (
        "training now covers days to November 2026: FY2026's last days and the current year, not the years "
        "before, whose covered days did not change"
    )


def test_nights_that_recompute_only_touched_years_equal_a_full_recomputation(
    paths: DataPaths, definitions: dg.Definitions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Corrections that move a record, a case and a tally between fiscal years: the years they
    left must be recomputed as well as the years they joined."""
    monkeypatch.setenv("HRP_TODAY", "2026-11-25")
    small_world(paths.landing)
    first = _nightly(definitions)
    assert first.success
    moved_training = _training("T0", "P9", "staff", "ENG", "HR-101", "2024-09-04", "2024-11-03", "2024-09-20")
    write(paths.landing_for("training_records"), "correction.csv", [moved_training])  # FY2024 -> FY2025
    reopened = _case("C4", "2025-08-01T09:00:00Z", "2024-08-01", "harassment", "staff", "high")
    write(paths.landing_for("case_outcomes"), "correction.csv", [reopened])  # opened FY2024 -> FY2025
    write(
        paths.landing_for("request_counts"),
        "correction.csv",
        [dict(rows("request_counts", 1)[0], period_start="2024-07-01", period_end="2024-12-31", country="FR")],
    )
    corrected = _nightly(definitions)
    assert corrected.success
    assert {"FY2024", "FY2025"} <= set(_recomputed(corrected)), "the years left and joined"
    assessments = [m.id for m in load_catalogue().metrics if m.source == "assessment_status"]
    with connect(paths.warehouse) as con:
        untouched = con.execute(
            "SELECT DISTINCT run_id FROM marts.metric_values WHERE fiscal_year IN (2024, 2025) "
            "AND list_contains($metrics, metric_id)",
            {"metrics": assessments},
        ).fetchall()
    assert untouched == [(first.run_id,)], "no assessment was delivered: its metrics of past years are kept"
    incremental = _metric_values(paths.warehouse)
    assert len(incremental) > 100
    assert incremental == _recomputed_in_full(paths.warehouse, tmp_path)


def test_a_past_year_recomputes_only_the_metrics_its_new_rows_are_placed_in_there(
    paths: DataPaths, definitions: dg.Definitions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A course assigned and due in FY2025 and completed in FY2026 changes FY2025's completion rate
    and overdue assignments (placed by the days it was assigned and fell due), not FY2025's median
    days to complete or languages (placed by the day it was completed, in FY2026): those keep the
    values of the night before, and every value equals a full recomputation's."""
    monkeypatch.setenv("HRP_TODAY", "2026-11-25")
    small_world(paths.landing)
    first = _nightly(definitions)
    assert first.success
    late = _training("T20", "P7", "staff", "ENG", "HR-101", "2024-09-02", "2024-11-01", "2025-08-04", language="en")
    write(paths.landing_for("training_records"), "late.csv", [late])
    assert _nightly(definitions).success
    with connect(paths.warehouse) as con:
        runs = dict(
            con.execute(
                "SELECT metric_id, list(DISTINCT run_id = $first) FROM marts.metric_values "
                "WHERE fiscal_year = 2025 AND metric_id LIKE 'training%' GROUP BY 1",
                {"first": first.run_id},
            ).fetchall()
        )
    assert runs == {
        "training_completion_rate": [False],
        "training_overdue_assignments": [False],
        "training_median_days_to_complete": [True],
        "training_languages": [True],
    }
    assert _metric_values(paths.warehouse) == _recomputed_in_full(paths.warehouse, tmp_path)


def test_a_late_case_recomputes_its_opening_year_its_closing_year_and_the_backlogs_between(
    paths: DataPaths, definitions: dg.Definitions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two cases delivered late, inside the days the case exports already cover, both opened in
    FY2024: one closed in FY2025, one still open. FY2024 recomputes the metrics placed by the day a
    case opens, FY2025 those placed by the day it closes, and every year a case was open in its
    backlog; FY2026 keeps its cases opened and closed (the rule before recomputed every case metric
    of every year from a case's opening to today). Every value equals a full recomputation's."""
    monkeypatch.setenv("HRP_TODAY", "2026-11-25")
    small_world(paths.landing)
    first = _nightly(definitions)
    assert first.success
    late = _case(
        "C9", "2025-03-10T09:00:00Z", "2024-06-01", "privacy", "staff", "low", "closed", "2025-03-10", "referred"
    )
    still_open = _case("C10", "2025-03-10T09:00:00Z", "2024-06-02", "privacy", "staff", "low")
    write(paths.landing_for("case_outcomes"), "late.csv", [late, still_open])
    assert _nightly(definitions).success
    opened = {"cases_opened", "crisis_protocol_activations", "cases_affecting_defenders_and_volunteers"}
    closed = {"cases_closed", "cases_median_days_to_close", "cases_remedy_share"}
    backlog = {"cases_open_backlog", "cases_backlog_median_age"}
    assert {m.id for m in load_catalogue().metrics if m.source == "case_outcomes"} == opened | closed | backlog
    with connect(paths.warehouse) as con:
        kept = con.execute(
            "SELECT fiscal_year, metric_id FROM marts.metric_values WHERE list_contains($cases, metric_id) "
            "AND fiscal_year < 2027 GROUP BY ALL HAVING bool_and(run_id = $first)",
            {"first": first.run_id, "cases": sorted(opened | closed | backlog)},
        ).fetchall()
    assert {year: {m for y, m in kept if y == year} for year in (2024, 2025, 2026)} == {
        2024: closed,
        2025: opened,
        2026: opened | closed,
    }
    assert _metric_values(paths.warehouse) == _recomputed_in_full(paths.warehouse, tmp_path)


def test_a_year_whose_every_row_left_core_keeps_no_values(
    paths: DataPaths, definitions: dg.Definitions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The earliest year's only rows withdrawn by a new version of their file: that year was no
    longer one to compute, and its values stood, stale, where a clean rebuild from the same files
    has none (found by a review: a tally held after some of its rows had loaded)."""
    monkeypatch.setenv("HRP_TODAY", "2026-11-25")
    monkeypatch.delenv("HRP_FIRST_FISCAL_YEAR", raising=False)
    early = dict(rows("request_counts", 1)[0], period_start="2024-07-01", period_end="2024-12-31", country="FR")
    later = dict(early, period_start="2025-07-01", period_end="2025-12-31")
    write(paths.landing_for("request_counts"), "transparency.csv", [early, later])
    assert _nightly(definitions).success
    assert _years(paths.warehouse)[0] == 2025
    write(paths.landing_for("request_counts"), "transparency.csv", [later])  # FY2025's rows withdrawn
    assert _nightly(definitions).success
    assert _years(paths.warehouse) == [2026, 2027], "as a clean rebuild from the same files has them"


def _years(warehouse: Path) -> list[int]:
    with connect(warehouse) as con:
        values = con.execute("SELECT DISTINCT fiscal_year FROM marts.metric_values ORDER BY 1").fetchall()
        computed = con.execute("SELECT fiscal_year FROM marts.computed_years ORDER BY 1").fetchall()
    assert values == computed
    return [int(y) for (y,) in values]


def _recomputed_in_full(warehouse: Path, tmp_path: Path) -> list[tuple[object, ...]]:
    """The metric values of a copy of the warehouse whose every computed year is recomputed whole."""
    full = tmp_path / "full.duckdb"
    shutil.copy(warehouse, full)
    with connect(full) as con:
        years = [int(y) for (y,) in con.execute("SELECT fiscal_year FROM marts.computed_years").fetchall()]
        compute_fiscal_years(
            con, load_catalogue(), calendar_from_env(), years, "full", today_from_env(), datetime(2026, 11, 25)
        )
    return _metric_values(full)


def _metric_values(warehouse: Path) -> list[tuple[object, ...]]:
    """Every metric value with what it is made of, without when and by which run it was computed."""
    with connect(warehouse) as con:
        return con.execute("SELECT * EXCLUDE (run_id, computed_at) FROM marts.metric_values ORDER BY ALL").fetchall()


def _recomputed(result: dg.ExecuteInProcessResult) -> list[str]:
    """The fiscal years the metrics step recomputed (from the metadata table of its own partition's
    materialization; the other years it recomputed are recorded beside it)."""
    events = result.asset_materializations_for_node("marts__metric_values")
    tables = " ".join(str(e.metadata["recomputed"].value) for e in events if "recomputed" in e.metadata)
    return sorted({f"FY{year}" for year in re.findall(r"\| (\d{4}) \|", tables)})


def test_runs_record_exactly_the_partitions_they_built(
    paths: DataPaths, definitions: dg.Definitions, monkeypatch: pytest.MonkeyPatch
) -> None:
    # both nights dated the day the test started: on another day the current year is recomputed too
    monkeypatch.setenv("HRP_TODAY", datetime.now(UTC).date().isoformat())
    small_world(paths.landing)
    instance = dg.DagsterInstance.ephemeral()
    nightly = run_nightly(definitions, instance)
    assert nightly.success
    calendar, today = calendar_from_env(), today_from_env()
    briefed = key(calendar.last_complete_year(today))
    reports = nightly.asset_materializations_for_node("reports__board_report")
    assert [e.partition for e in reports] == [briefed], "the nightly builds the year the Board is briefed on"
    again = run_nightly(definitions, instance)  # the years the first night found in the data are registered now
    assert again.success
    past = key(year_of_key(briefed) - 1)
    assert past in register_fiscal_years(instance), "the years the data covers are partitions after its first night"
    assert [e.partition for e in again.asset_materializations_for_node("reports__board_report")] == [briefed]
    marts = {e.partition for e in again.asset_materializations_for_node("marts__metric_values")}
    assert marts == {briefed}, "its own year only: nothing changed since the first night, not even the day"
    assert not (paths.builds / "board" / past).exists()
    briefed_html = paths.builds / "board" / briefed / "board-report.html"
    briefed_written = briefed_html.stat().st_mtime_ns

    as_hrp_report = {**QUIET, "ops": {"marts__metric_values": {"config": {"recompute_all": True}}}}
    one_year = definitions.resolve_job_def("fiscal_year_report").execute_in_process(
        instance=instance, run_config=as_hrp_report, partition_key=past, raise_on_error=False
    )
    assert one_year.success
    report = one_year.asset_materializations_for_node("reports__board_report")
    marts_one = one_year.asset_materializations_for_node("marts__metric_values")
    assert [e.partition for e in report] == [past] and [e.partition for e in marts_one] == [past]
    assert (paths.builds / "board" / past / "board-report.pdf").stat().st_size > 10_000
    assert briefed_html.stat().st_mtime_ns == briefed_written, "the other year's report is left alone"


def _metadata(result: dg.ExecuteInProcessResult, asset: str) -> dict[str, object]:
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization  # type: ignore[union-attr]
        if materialization.asset_key.to_user_string() == asset:
            return {k: v.value for k, v in materialization.metadata.items()}
    raise AssertionError(f"{asset} was not materialised")


def test_a_night_that_changes_nothing_rebuilds_no_output(
    paths: DataPaths, definitions: dg.Definitions, monkeypatch: pytest.MonkeyPatch
) -> None:
    # both nights dated the day the test started: a release day or a new fiscal year between them is a change
    monkeypatch.setenv("HRP_TODAY", datetime.now(UTC).date().isoformat())
    small_world(paths.landing)
    first = _nightly(definitions)
    assert first.success
    pdf = next(paths.builds.glob("board/FY*/board-report.pdf"))
    page = paths.builds / "site" / "en" / "index.html"
    written = (pdf.stat().st_mtime_ns, page.stat().st_mtime_ns)
    assert _metadata(first, "reports/board_report")["rebuilt"] == [pdf.parent.name]
    assert _metadata(first, "site/public_site")["rebuilt"] is True

    second = _nightly(definitions)
    assert second.success
    assert _metadata(second, "reports/board_report")["rebuilt"] == []
    assert _metadata(second, "site/public_site")["rebuilt"] is False
    assert (pdf.stat().st_mtime_ns, page.stat().st_mtime_ns) == written
    assert not list(paths.published.rglob(".inputs-sha256*")), "the stamps are not published"
    assert (
        _metadata(second, "publish/publication")["publication"]
        == _metadata(first, "publish/publication")["publication"]
    ), "nothing changed: the publication stands, and the ones worth restoring are not pushed out"
    assert len(history(paths)) == 1

    write(paths.landing_for("request_counts"), "late.csv", rows("request_counts", 1))
    third = _nightly(definitions)
    assert (
        _metadata(third, "publish/publication")["publication"] != _metadata(first, "publish/publication")["publication"]
    )
    assert len(history(paths)) == 2
