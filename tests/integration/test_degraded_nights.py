"""Nights that degrade, never stop: bad files beside good ones, through `hrp run` and the nightly job.

Each scenario says what the operator sees: the exit status, the lines at the end of the run, and
`hrp status` (non-zero until every bad file is dealt with).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.warehouse.connection import connect
from tests.builders import rows, small_world, write

pytestmark = pytest.mark.slow
BAD = Path(__file__).parents[1] / "data" / "bad"
# one or two bad files per source, each with the reason the operator must be told
BAD_FILES = {
    "training_records/empty.csv": "the file is empty",
    "training_records/windows-1251.csv": "not UTF-8",
    "case_outcomes/duplicate-versions.csv": "held back whole",
    "assessment_status/duplicate-snapshot.csv": "held back whole",
    "request_counts/duplicate-keys.csv": "held back whole",
}


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def _drop_bad_files(paths: DataPaths) -> None:
    for name in [*BAD_FILES, "training_records/ragged-rows.csv"]:
        target = paths.landing / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(BAD / name, target)


def test_bad_files_beside_good_ones_never_stop_the_night(paths: DataPaths) -> None:
    small_world(paths.landing)
    _drop_bad_files(paths)
    code, output = _cli("run", "--json")
    assert code == 0, output
    outcome = json.loads(output)
    named = {f"{d['source']}/{d['path']}": d for d in outcome["deliveries"] if d["needs_attention"]}
    assert set(named) == set(BAD_FILES), "every bad file is named at the end of the run"
    for name, reason in BAD_FILES.items():
        assert reason in named[name]["problem"], name
        assert "hrp acknowledge" in named[name]["action"]
    assert (paths.published / "site" / "en" / "index.html").is_file(), "the good data was published"
    with connect(paths.warehouse) as con:
        loaded = con.execute("SELECT count(*) FROM core.training_records").fetchone()
        board = con.execute("SELECT count(*) FROM marts.metric_values").fetchone()
    assert loaded and loaded[0] > 0 and board and board[0] > 0

    code, output = _cli("status", "--json")
    state = json.loads(output)
    assert code == 1 and {f"{d['source']}/{d['path']}" for d in state["needs_attention"]} == set(BAD_FILES)
    assert state["last_run"]["status"] == "SUCCESS" and state["last_run"]["failed_checks"] == []

    # a second night with the bad files still lying there: still green, still named, still not healthy
    code, output = _cli("run", "--json")
    again = json.loads(output)
    assert code == 0 and {f"{d['source']}/{d['path']}" for d in again["deliveries"] if d["needs_attention"]} == set(
        BAD_FILES
    )
    assert not any(d["new"] for d in again["deliveries"]), "nothing new: yesterday's files, named again"
    assert _cli("status")[0] == 1

    # dealt with: one acknowledged (recorded), one released, the rest acknowledged by landing path
    assert _cli("acknowledge", "training_records/empty.csv", "--reason", "")[0] == 2
    code, output = _cli("acknowledge", "training_records/empty.csv", "--reason", "sent by mistake", "--json")
    assert code == 0 and json.loads(output)["acknowledged"]["path"] == "empty.csv"
    assert _cli("acknowledge", "training_records/empty.csv", "--reason", "again")[0] == 2, "nothing left to do"
    assert _cli("release", "request_counts", "duplicate-keys.csv", "--reason", "checked")[0] == 0
    for name in ["training_records/windows-1251.csv", "case_outcomes/duplicate-versions.csv"]:
        assert _cli("acknowledge", name, "--reason", "wrong file, moved away")[0] == 0
    assert _cli("acknowledge", str(paths.landing / "assessment_status/duplicate-snapshot.csv"), "--reason", "x")[0] == 0
    with connect(paths.warehouse) as con:
        recorded = con.execute("SELECT source, path, reason FROM audit.acknowledgements ORDER BY ALL").fetchall()
    assert ("training_records", "empty.csv", "sent by mistake") in recorded and len(recorded) == 4
    code, output = _cli("status", "--json")
    assert json.loads(output)["needs_attention"] == []


def test_the_console_answers_mistakes_in_one_line(paths: DataPaths, tmp_path: Path) -> None:
    for wrong in ["2025", "FY25", "", "FY1999"]:
        result = CliRunner().invoke(cli, ["report", "--fiscal-year", wrong, "--json"], catch_exceptions=False)
        assert result.exit_code == 2 and "error" in json.loads(result.stdout), wrong
    result = CliRunner().invoke(cli, ["release", "no_such_source", "x.csv", "--reason", "r"])
    assert result.exit_code == 2 and "is not a source" in result.output and "Traceback" not in result.output
    assert "Data root: " in result.output
    empty = tmp_path / "nothing-here"
    for command in ["status", "held", "publications"]:
        result = CliRunner(env={"HRP_DATA_ROOT": str(empty)}).invoke(cli, [command])
        assert result.exit_code == 2 and "no warehouse" in result.output, command
    assert not empty.exists(), "a read-only command creates nothing"


def test_gaps_are_no_data_and_a_year_in_progress_is_to_date(paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """A source with no files, a half-year gap in request counts, a delivery with every row rejected,
    and a fiscal year in progress (HRP_TODAY in its middle)."""
    monkeypatch.setenv("HRP_TODAY", "2025-03-01")  # FY2025 runs July 2024 to June 2025
    small_world(paths.landing)
    shutil.rmtree(paths.landing_for("case_outcomes"))  # a source that never delivered
    shutil.rmtree(paths.landing_for("request_counts"))
    write(
        paths.landing_for("request_counts"),
        "fy2024-h1.csv",
        rows("request_counts", 2, period_start="2023-07-01", period_end="2023-12-31"),
    )
    # FY2024-H2 (January to June 2024) never delivered: a half-year gap
    write(
        paths.landing_for("request_counts"),
        "fy2025-h1.csv",
        rows("request_counts", 2, period_start="2024-07-01", period_end="2024-12-31"),
    )
    write(paths.landing_for("training_records"), "all-wrong.csv", rows("training_records", 4, department="NOPE"))

    code, output = _cli("run", "--json")
    assert code == 0, output
    named = {d["path"]: d for d in json.loads(output)["deliveries"] if d["needs_attention"]}
    assert "mostly_rejected" in named["all-wrong.csv"]["problem"], "a delivery with every row rejected is held whole"

    with connect(paths.warehouse) as con:
        demands = dict(
            con.execute(
                "SELECT period_id, (value, status) FROM marts.metric_values "
                "WHERE metric_id = 'government_demands_received' AND breakdown = ''"
            ).fetchall()
        )
        cases = con.execute(
            "SELECT count(*) FROM marts.metric_values WHERE metric_id IN ('cases_opened', 'cases_closed')"
        ).fetchone()
    assert demands["FY2024-H1"] == (20.0, "value")
    assert demands["FY2024-H2"] == (None, "no data"), "a half-year nobody delivered is no data, not 0"
    assert demands["FY2025-H1"] == (20.0, "value") and demands["FY2025"][1] == "to date"
    assert demands["FY2025-H2"] == (None, "no data")
    assert cases == (0,), "a source that never delivered produces no values"

    site = paths.published / "site"
    download = json.loads((site / "data" / "government_demands_received.json").read_text(encoding="utf-8"))
    gap = next(v for v in download["values"] if v["period"] == "FY2024-H2" and v["breakdown"] == "")
    assert gap["value"] is None and gap["status"] == "no data"
    # requests change only at releases, with the accounts they bound: a year in progress is not out
    assert not any(v["period"] == "FY2025" for v in download["values"]), "released with the accounts"
    assert not any(v["value"] == 0 and v["status"] == "no data" for v in download["values"])
    assessed = json.loads((site / "data" / "assessments_by_kind_and_status.json").read_text(encoding="utf-8"))
    in_progress = next(v for v in assessed["values"] if v["period"] == "FY2025" and v["breakdown"] == "")
    assert in_progress["period_status"] == "to date", "an exact figure of another source is out every night"

    code, _ = _cli("report", "--fiscal-year", "FY2025")
    html = (paths.builds / "board" / "FY2025" / "board-report.html").read_text(encoding="utf-8")
    assert code == 0 and "not compared with the target yet" in html and "the year has not ended" in html
    assert "nothing has ever been delivered by case outcomes" in html
