"""Operations: the schedule and sensors, alerts, the console, and a year rebuilt byte for byte."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import dagster as dg
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.definitions import defs
from pipeline.defs.automation import failure_alert, landing_sensor, nightly_schedule
from pipeline.defs.partitions import fiscal_years
from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.ops.alerts import Alert, deliver
from pipeline.lib.warehouse.connection import connect
from tests.builders import rows, run_nightly, small_world, write
from tests.conftest import TEST_KEY

REPOSITORY = defs().get_repository_def()  # a partitioned run request is checked against the jobs' partitions
QUIET = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict]]]:
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()


def test_a_schedule_tick_registers_the_years_in_order_and_asks_for_the_briefed_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HRP_PSEUDONYM_KEY", TEST_KEY.decode())  # without one the tick is skipped (test_keys.py)
    monkeypatch.setenv("HRP_TODAY", "2026-03-02")
    monkeypatch.setenv("HRP_FIRST_FISCAL_YEAR", "2024")
    schedule = nightly_schedule()
    with (
        dg.instance_for_test() as instance,
        # as the daemon does: the context's own instance is closed with it
        dg.build_schedule_context(
            instance=instance, scheduled_execution_time=datetime(2026, 3, 2, 2, 0), repository_def=REPOSITORY
        ) as context,
    ):
        requests = schedule.evaluate_tick(context).run_requests or []
        keys = fiscal_years.get_partition_keys(dynamic_partitions_store=instance)
        assert keys == ["FY2024", "FY2025", "FY2026"], "registered at the tick, oldest first"
        monkeypatch.setenv("HRP_TODAY", "2026-07-01")
        later = schedule.evaluate_tick(context).run_requests or []
        assert fiscal_years.get_partition_keys(dynamic_partitions_store=instance)[-1] == "FY2027", (
            "a new fiscal year appears without reloading the code"
        )
    assert [r.partition_key for r in requests] == ["FY2025"], "one run, for the year the Board is briefed on"
    assert [r.partition_key for r in later] == ["FY2026"]


def test_a_mistaken_date_is_refused_at_the_tick_and_the_right_date_removes_what_one_registered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HRP_PSEUDONYM_KEY", TEST_KEY.decode())  # without one the tick is skipped
    monkeypatch.setenv("HRP_TODAY", "2104-09-01")
    monkeypatch.setenv("HRP_FIRST_FISCAL_YEAR", "2024")
    with (
        dg.instance_for_test() as instance,
        dg.build_schedule_context(instance=instance, repository_def=REPOSITORY) as context,
    ):
        instance.add_dynamic_partitions(fiscal_years.name, ["FY2024", "FY2104", "FY2105"])  # an older night's
        refused = nightly_schedule().evaluate_tick(context)
        assert not refused.run_requests and "HRP_TODAY=2104-09-01" in (refused.skip_message or "")
        assert fiscal_years.get_partition_keys(dynamic_partitions_store=instance)[-1] == "FY2105", "nothing changed"
        monkeypatch.delenv("HRP_TODAY")
        requests = nightly_schedule().evaluate_tick(context).run_requests
        keys = fiscal_years.get_partition_keys(dynamic_partitions_store=instance)
    current = FiscalCalendar().fiscal_year_of(datetime.now(UTC).date())
    assert keys[0] == "FY2024" and keys[-1] == f"FY{current}" and len(keys) == current - 2024 + 1
    assert [r.partition_key for r in requests or []] == [f"FY{current - 1}"]


def test_the_landing_sensor_registers_the_years_with_its_run_request(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HRP_TODAY", "2026-03-02")
    monkeypatch.setenv("HRP_LANDING_SETTLE_SECONDS", "0")
    write(paths.landing_for("request_counts"), "new.csv", rows("request_counts", 2))
    with dg.DagsterInstance.ephemeral() as instance:
        result = landing_sensor(dg.build_sensor_context(instance=instance))
    assert isinstance(result, dg.SensorResult)
    assert [r.partition_key for r in result.run_requests or []] == ["FY2025"]
    added = [r for r in result.dynamic_partitions_requests or [] if isinstance(r, dg.AddDynamicPartitionsRequest)]
    assert [list(r.partition_keys) for r in added] == [["FY2025", "FY2026"]], "no data yet: the calendar's years"


def test_the_schedule_takes_its_time_and_zone_from_the_environment_when_the_code_loads() -> None:
    show = (
        "import pipeline.defs.automation; import os; "
        "os.environ.update(HRP_NIGHTLY_CRON='30 4 * * 1-5', HRP_TIMEZONE='Asia/Bishkek'); "
        "from pipeline.definitions import defs; s = defs().get_schedule_def('nightly_schedule'); "
        "print(s.cron_schedule, s.execution_timezone)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"HRP_NIGHTLY_CRON", "HRP_TIMEZONE"}}
    shown = subprocess.run([sys.executable, "-c", show], env=env, capture_output=True, text=True, check=True)
    assert shown.stdout.strip().splitlines()[-1] == "30 4 * * 1-5 Asia/Bishkek", "read at load, not at import"


def test_the_landing_sensor_waits_for_files_to_settle(paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRP_LANDING_SETTLE_SECONDS", "60")
    with dg.DagsterInstance.ephemeral() as instance:
        context = dg.build_sensor_context(instance=instance)
        assert isinstance(landing_sensor(context), dg.SkipReason)
        path = write(paths.landing_for("request_counts"), "new.csv", rows("request_counts", 2))
        waiting = landing_sensor(context)
        assert isinstance(waiting, dg.SkipReason) and "still changing" in str(waiting.skip_message)
        old = time.time() - 120
        os.utime(path, (old, old))
        result = landing_sensor(context)
        assert isinstance(result, dg.SensorResult) and len(result.run_requests or []) == 1
        again = landing_sensor(dg.build_sensor_context(instance=instance, cursor=result.cursor))
        assert isinstance(again, dg.SkipReason)
        (paths.landing_for("request_counts") / "still-copying.csv.part").write_text("x")
        assert isinstance(
            landing_sensor(dg.build_sensor_context(instance=instance, cursor=result.cursor)), dg.SkipReason
        ), "a .part file is not a delivery"


def test_alerts_are_logged_and_posted(tmp_path: Path, webhook: tuple[str, list[dict]]) -> None:
    url, received = webhook
    alert = Alert("nightly", "abcdef1234", "Steps failed", ["core__x"], ["core/x:blocking_rules"])
    assert deliver(alert, tmp_path / "alerts.log", url) is None
    assert received[0]["failed_checks"] == ["core/x:blocking_rules"]
    assert received[0]["text"].startswith("[human-rights pipeline] nightly run abcdef12 failed")
    logged = json.loads((tmp_path / "alerts.log").read_text().splitlines()[0])
    assert logged["run_id"] == "abcdef1234"
    assert "not reached" in (deliver(alert, tmp_path / "alerts.log", "http://127.0.0.1:9/none", 2) or "")
    assert "http(s)" in (deliver(alert, tmp_path / "alerts.log", "file:///etc/passwd") or "")


@pytest.mark.slow
def test_a_held_delivery_alerts_rows_a_rebuild_counts_alert_when_due_and_a_dead_night_alerts_as_failed(
    paths: DataPaths, definitions: dg.Definitions, webhook: tuple[str, list[dict]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, received = webhook
    monkeypatch.setenv("HRP_ALERT_WEBHOOK_URL", url)
    monkeypatch.setenv("HRP_TODAY", "2026-03-02")
    small_world(paths.landing)
    duplicated = rows("request_counts", 2)
    write(paths.landing_for("request_counts"), "twice.csv", duplicated + duplicated[:1])
    later = rows("training_records", 1, record_id="TR-9", assigned_on="2026-02-20", due_on="2026-04-01")
    completed_later = [row | {"completed_on": "2026-03-10"} for row in later]  # set aside until 10 March
    write(paths.landing_for("training_records"), "later.csv", completed_later)
    with dg.DagsterInstance.ephemeral() as instance:
        result = run_nightly(definitions, instance)
    assert result.success, "a held delivery does not fail the night"
    (attention,) = received
    assert attention["kind"] == "attention" and "request_counts/twice.csv" in attention["text"]
    assert "hrp release request_counts twice.csv" in attention["text"]

    monkeypatch.setenv("HRP_TODAY", "2026-03-20")  # the file did not change; what it needs did
    with dg.DagsterInstance.ephemeral() as instance:
        assert run_nightly(definitions, instance).success
    due = received[-1]
    assert due["kind"] == "attention" and "training_records/later.csv" in due["text"], due
    assert "twice.csv" not in due["text"], "alerted once, the night it was held"

    shutil.rmtree(paths.builds)
    paths.builds.write_text("not a folder")  # the machine's fault, not the data's: the run dies
    with dg.DagsterInstance.ephemeral() as instance:
        result = run_nightly(definitions, instance)
        assert not result.success
        (entry,) = instance.all_logs(result.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
        assert entry.dagster_event is not None
        context = dg.build_run_status_sensor_context(
            sensor_name="failure_alert",
            dagster_event=entry.dagster_event,
            dagster_instance=instance,
            dagster_run=result.dagster_run,
        ).for_run_failure()
        failure_alert(context)
    assert len(received) == 3 and received[-1]["kind"] == "failed" and received[-1]["failed_steps"]
    assert (paths.logs / "alerts.log").read_text().count("\n") == 3


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def test_the_console_says_what_is_held_and_refuses_unknown_requests(paths: DataPaths) -> None:
    duplicated = rows("request_counts", 2)
    write(paths.landing_for("request_counts"), "twice.csv", duplicated + duplicated[:1])
    code, _ = _cli("run", "--json")
    assert code == 0, "a held delivery does not fail the run: it needs attention"
    code, output = _cli("held", "--json")
    held = json.loads(output)["held"]
    assert code == 0 and [h["path"] for h in held] == ["twice.csv"]
    assert _cli("release", "request_counts", "no-such-file", "--reason", "x")[0] == 2
    code, output = _cli("status", "--json")
    state = json.loads(output)
    assert code == 1 and state["held_deliveries"] == 1 and state["last_run"]["status"] == "SUCCESS"
    assert [d["path"] for d in state["needs_attention"]] == ["twice.csv"]
    assert _cli("restore", "20990101")[0] == 2
    code, output = _cli("release", "request_counts", "twice.csv", "--reason", "checked by Legal", "--json")
    assert code == 0 and json.loads(output)["released"]
    with connect(paths.warehouse) as con:
        assert con.execute("SELECT status FROM audit.file_manifest").fetchall() == [("staged",)]


def test_hrp_rebuild_counts_what_an_operator_released_as_the_nights_did(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A release is a decision no landing file gives again: the rebuild night holds the file again,
    ``hrp rebuild`` releases it again and runs the night after, and the rebuilt warehouse counts what
    the nights counted (before, it was held again and listed for a new release)."""
    monkeypatch.setenv("HRP_TODAY", "2024-11-25")  # the rows' half-year, FY2024's second, is recent
    duplicated = rows("request_counts", 2)
    write(paths.landing_for("request_counts"), "twice.csv", duplicated + duplicated[:1])
    assert _cli("run")[0] == 0
    assert _cli("release", "request_counts", "twice.csv", "--reason", "checked by Legal")[0] == 0
    code, output = _cli("run")
    assert code == 0, output
    counted = "SELECT * EXCLUDE (_run_id, _delivery_id) FROM core.request_counts ORDER BY ALL"
    with connect(paths.warehouse) as con:
        before = con.execute(counted).fetchall()
    code, output = _cli("rebuild")
    assert code == 0, output
    assert "Released again: request_counts/twice.csv" in output and "Held back by the rebuild" not in output
    with connect(paths.warehouse) as con:
        assert con.execute(counted).fetchall() == before and len(before) == 2
        assert con.execute("SELECT status, released_reason FROM audit.file_manifest").fetchall() == [
            ("loaded", "checked by Legal")
        ]


@pytest.mark.slow
def test_a_past_year_rebuilds_byte_for_byte(paths: DataPaths) -> None:
    small_world(paths.landing)
    assert _cli("run")[0] == 0
    board = paths.builds / "board" / "FY2025" / "board-report.html"
    values = "SELECT * EXCLUDE (run_id, computed_at) FROM marts.metric_values WHERE fiscal_year = 2025 ORDER BY ALL"
    reports, computed = [], []
    for _ in range(2):
        code, output = _cli("report", "--fiscal-year", "FY2025")
        assert code == 0, output
        reports.append(re.sub(r'<(p|span) class="generated">.*?</(p|span)>', "", board.read_text(encoding="utf-8")))
        with connect(paths.warehouse) as con:
            computed.append(con.execute(values).fetchall())
        assert board.with_suffix(".pdf").stat().st_size > 10_000
    assert computed[0] == computed[1] and len(computed[0]) > 100
    assert reports[0] == reports[1]
