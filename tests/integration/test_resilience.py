"""Real processes, real failures: a pipeline killed with SIGKILL at any of several points and run
again ends exactly where an uninterrupted run ends; two runs started together both finish without
counting anything twice; a run that cannot get the warehouse says who holds it; and Dagster's run
queue, driven by a real dagster-daemon, never runs two nightly jobs at once."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.warehouse.connection import connect, writer_lock
from tests.builders import small_world
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.slow
HRP = str(Path(sys.executable).with_name("hrp"))
CRASH_POINTS = [
    "ingest.before_stage_commit",  # during a load: a file's rows are in staging, not committed
    "ingest.before_merge_commit",  # between staging and merge: validated, quarantined, not merged
    "marts.before_commit",  # during the metrics: a fiscal year deleted, not yet rewritten
    "marts.before_verdict",  # after the metrics: values committed, the mart suite's verdict not recorded
    "report.before_pdf",  # during the report build: HTML written, PDF not
    "publish.before_manifest",  # during publishing: files copied, manifest not written
    "publish.before_swap",  # during the swap: publication complete, link not moved
]
# every run of the module is dated the day it started: the reference is made once, and a suite that
# runs past midnight would otherwise compare a year "to date" measured on two different days
RUN_DAY = datetime.now(UTC).date().isoformat()


def environment(root: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "HRP_DATA_ROOT": str(root),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "HRP_PSEUDONYM_KEY": TEST_KEY.decode(),
        "HRP_FIRST_FISCAL_YEAR": "2024",
        "HRP_TODAY": RUN_DAY,
        **extra,
    }


def hrp(root: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run the console in a session of its own, output to files: a killed run's children (Dagster's
    log tailer, a browser) must not keep a pipe open, and are cleaned up as systemd would."""
    return finish(start(root, *args, **extra), timeout=300)


def start(root: Path, *args: str, **extra: str) -> subprocess.Popen[str]:
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed by finish()
    process = subprocess.Popen(
        [HRP, *args],
        env=environment(root, **extra),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    process.log = log  # type: ignore[attr-defined]
    return process


def finish(process: subprocess.Popen[str], timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        process.wait(timeout=timeout)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    log = process.log  # type: ignore[attr-defined]
    log.seek(0)
    output = log.read()
    log.close()
    return subprocess.CompletedProcess(process.args, process.returncode, output, "")


SHARED_CHARTS: list[Path] = []  # the reference run's chart cache, content-addressed and safe to share


def new_world(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    small_world(root / "landing")
    if SHARED_CHARTS:
        shutil.copytree(SHARED_CHARTS[0], root / "cache" / "charts")
    return root


def snapshot(root: Path) -> dict[str, Any]:
    """Everything that must come out the same: metrics, quarantine, core, manifest, published files."""
    with connect(root / "warehouse.duckdb") as con:
        state: dict[str, Any] = {
            "metrics": con.execute(
                "SELECT * EXCLUDE (run_id, computed_at) FROM marts.metric_values ORDER BY ALL"
            ).fetchall(),
            "quarantine": con.execute(
                "SELECT source, path, row_number, column_name, rule, message, offending_value "
                "FROM audit.quarantine ORDER BY ALL"
            ).fetchall(),
            "manifest": con.execute(
                "SELECT source, path, version, sha256, status, rows_read, rows_loaded, "
                "rows_quarantined, rows_held FROM audit.file_manifest ORDER BY ALL"
            ).fetchall(),
            "core": {
                t: con.execute(f"SELECT * EXCLUDE (_run_id, _delivery_id) FROM core.{t} ORDER BY ALL").fetchall()
                for t in (
                    "training_records",
                    "case_history",
                    "cases",
                    "assessment_snapshots",
                    "assessments",
                    "request_counts",
                )
            },
            "staged_rows": con.execute("SELECT count(*) FROM staging.training_records").fetchall(),
        }
    published = root / "published"
    state["published_data"] = {
        str(p.relative_to(published)): p.read_text(encoding="utf-8")
        for p in sorted((published / "site" / "data").rglob("*.csv"))
    }
    state["published_pages"] = sorted(str(p.relative_to(published)) for p in published.rglob("*.html"))
    return state


def assert_complete_publication(root: Path) -> None:
    published = root / "published"
    assert published.is_symlink() and (published.resolve().parent / "manifest.json").is_file()
    assert not list((root / "publications").glob(".building-*"))
    for pdf in (root / "confidential").glob("board/*/board-report.pdf"):
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.read_bytes().rstrip().endswith(b"%%EOF")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = new_world(tmp_path_factory.mktemp("reference"), "data")
    result = hrp(root, "run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert_complete_publication(root)
    SHARED_CHARTS.append(root / "cache" / "charts")
    return snapshot(root)


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_killed_at_any_point_then_run_again_equals_an_uninterrupted_run(
    tmp_path: Path, reference: dict[str, Any], point: str
) -> None:
    root = new_world(tmp_path, "data")
    crashed = hrp(root, "run", HRP_CRASH_AT=point)
    assert crashed.returncode == -signal.SIGKILL, f"the crash point {point} was not reached: {crashed.stdout}"
    repaired = hrp(root, "run")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert_complete_publication(root)
    assert snapshot(root) == reference


def test_two_runs_started_together_both_finish_and_count_once(tmp_path: Path, reference: dict[str, Any]) -> None:
    root = new_world(tmp_path, "data")
    first = subprocess.Popen(
        [HRP, "run"], env=environment(root), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    second = subprocess.Popen(
        [HRP, "run"], env=environment(root), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    outputs = [p.communicate(timeout=600) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert_complete_publication(root)
    assert snapshot(root) == reference


def test_a_run_that_cannot_get_the_warehouse_says_who_holds_it(tmp_path: Path) -> None:
    root = new_world(tmp_path, "data")
    DataPaths(root).ensure()
    with writer_lock(root / "warehouse.lock", 5, "an analyst's notebook"):
        blocked = hrp(root, "run", HRP_LOCK_TIMEOUT_SECONDS="2")
    assert blocked.returncode == 1
    assert "is being written by" in blocked.stdout + blocked.stderr
    assert "an analyst's notebook" in blocked.stdout + blocked.stderr
    assert not (root / "published").exists()


def test_the_run_queue_runs_one_nightly_at_a_time_under_the_daemon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_world(tmp_path, "data")
    env = environment(root)
    # the instance's dagster.yaml, and the fiscal years registered as the schedule registers them: a run of the
    # nightly names its partition, the last complete year, in its tags (the UI's launchpad asks for it; the
    # schedule, the sensor and hrp add it)
    prepare = (
        "import json, dagster as dg; from pipeline import operations; operations.prepare_environment(); "
        "from pipeline.defs.automation import nightly_request; "
        "print(json.dumps({'dagster/partition': nightly_request(dg.DagsterInstance.get()).partition_key}))"
    )
    tags = (
        subprocess.run(
            [sys.executable, "-c", prepare], env=env, check=True, timeout=120, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    dagster = str(Path(sys.executable).with_name("dagster"))
    for _ in range(2):
        launched = subprocess.run(
            [dagster, "job", "launch", "-m", "pipeline.definitions", "-j", "nightly", "--tags", tags],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert launched.returncode == 0, launched.stdout + launched.stderr
    daemon = subprocess.Popen(
        [str(Path(sys.executable).with_name("dagster-daemon")), "run", "-m", "pipeline.definitions"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    monkeypatch.setenv("DAGSTER_HOME", env["DAGSTER_HOME"])
    try:
        instance = dg.DagsterInstance.get()
        most_at_once, deadline = 0, time.monotonic() + 420
        while time.monotonic() < deadline:
            runs = instance.get_runs()
            statuses = [r.status for r in runs]
            most_at_once = max(most_at_once, statuses.count(dg.DagsterRunStatus.STARTED))
            if all(s in (dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE) for s in statuses):
                break
            time.sleep(0.5)
        # the two launched, and one the landing sensor may start on its own (test files settle at once:
        # HRP_LANDING_SETTLE_SECONDS=0): every one succeeds, one at a time
        assert len(runs) >= 2 and [r.status for r in runs] == [dg.DagsterRunStatus.SUCCESS] * len(runs)
        assert most_at_once == 1
        instance.dispose()
    finally:
        daemon.send_signal(signal.SIGINT)
        daemon.wait(timeout=60)
    assert_complete_publication(root)
