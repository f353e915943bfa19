"""``hrp run`` through the instance's run queue when a daemon is there to take it.

With ``hrp dev`` (or a deployed daemon) running, a run started from the command line joins the same
queue as the schedule and the sensor (``max_concurrent_runs: 1``), shows in the UI as queued, and is
executed by the daemon; ``hrp run`` waits for it and reports as before. With no daemon, nothing would
ever take the run off the queue, so ``hrp run`` executes in its own process as it always did.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import dagster as dg

from pipeline.lib.ops import health

QUEUE_DAEMON = "QUEUED_RUN_COORDINATOR"
# which process runs an in-process run: a run "in progress" whose process is gone was killed
PID_TAG, HOST_TAG = "hrp/pid", "hrp/host"
FINISHED = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}


def queue_is_served(instance: dg.DagsterInstance) -> bool:
    """Whether the instance queues runs and a daemon sent a healthy heartbeat recently."""
    from dagster._core.run_coordinator import QueuedRunCoordinator

    if not isinstance(instance.run_coordinator, QueuedRunCoordinator):
        return False
    status = instance.get_daemon_statuses([QUEUE_DAEMON]).get(QUEUE_DAEMON)
    return bool(status and status.healthy)


def submit(job_name: str, run_config: dict[str, Any] | None = None, tags: dict[str, str] | None = None) -> str:
    """Put a run of ``job_name`` on the instance's queue (``dagster job launch``); returns its run id."""
    from dagster._core.utils import make_new_run_id

    run_id = make_new_run_id()
    dagster = str(Path(sys.executable).with_name("dagster"))
    command = [dagster, "job", "launch", "-m", "pipeline.definitions", "-j", job_name, "--run-id", run_id]
    if run_config:
        command += ["--config-json", json.dumps(run_config)]
    if tags:
        command += ["--tags", json.dumps(tags)]
    subprocess.run(command, check=True, capture_output=True, env=os.environ.copy(), timeout=300)  # noqa: S603
    return run_id


def wait_for(instance: dg.DagsterInstance, run_id: str, poll_seconds: float = 1.0) -> dg.DagsterRun:
    """Block until the run has finished (succeeded, failed or was cancelled)."""
    while True:
        run = instance.get_run_by_id(run_id)
        if run is not None and run.status in FINISHED:
            return run
        time.sleep(poll_seconds)


def failed_steps(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    return [e.step_key or "" for e in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE)]


def failed_blocking_checks(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """Checks of ERROR severity that did not pass, as ``asset:check`` (warnings do not fail a run)."""
    failed = []
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = entry.dagster_event.event_specific_data if entry.dagster_event else None
        if (
            isinstance(evaluation, dg.AssetCheckEvaluation)
            and not evaluation.passed
            and evaluation.severity == dg.AssetCheckSeverity.ERROR
        ):
            failed.append(f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}")
    return failed


def failure_cause(instance: dg.DagsterInstance, run_id: str) -> str | None:
    """Why a run failed, in one line: the innermost error of its first failed step (``DevelopmentKeyError:
    HRP_PSEUDONYM_KEY is unset …``), else the run's own failure message (a worker that died, a run
    monitoring gave up on). ``None`` for a run that did not fail or left no reason."""
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE):
        data = entry.dagster_event.step_failure_data if entry.dagster_event else None
        error = data.error if data else None
        while error is not None and error.cause is not None:
            error = error.cause
        if error is not None:
            text = f"{error.cls_name}: {said(error)}"
            found = health.refusal(text)  # a refusal's own words already name the next step
            return found.line() if found else text
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.RUN_FAILURE):
        message = entry.dagster_event.message if entry.dagster_event else entry.user_message
        if message:
            return message.strip().splitlines()[0]
    return None


def said(error: Any) -> str:
    """An error's first line without the class path Python's traceback puts before it
    (``pipeline.lib.ingest.profile_checks.ProfileChangedError: ``): a person reads the message. A
    configuration file's error keeps every line: each is one of its problems (``ConfigError``)."""
    message = (error.message or "").strip()  # split at line feeds only: \r, \x1c or U+2028 stay shown escaped
    kept = message if error.cls_name == "ConfigError" else message.split("\n")[0]
    return re.sub(rf"^(?:[\w.]+\.)?{re.escape(error.cls_name)}: ", "", kept)


def failure_texts(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """The error messages (with their causes) of a run's failed steps and of the run itself: read to
    recognise a known fault (a full disk, a damaged warehouse), never printed as they are."""
    texts = []
    for entry in instance.all_logs(run_id, of_type={dg.DagsterEventType.STEP_FAILURE, dg.DagsterEventType.RUN_FAILURE}):
        event = entry.dagster_event
        data = event.event_specific_data if event else None
        error = getattr(data, "error", None)
        while error is not None:
            texts.append(f"{error.cls_name}: {said(error)}")
            error = error.cause or error.context
    return texts


def faults_of(instance: dg.DagsterInstance, run_id: str) -> list[health.Finding]:
    """What a failed run's errors say in words: one finding per known fault (a full disk, a damaged
    warehouse, a refused key or date), each once."""
    from pipeline.lib.common.layout import DataPaths
    from pipeline.lib.common.settings import settings
    from pipeline.lib.ops.health import explain, refusal

    found: list[health.Finding] = []
    paths = DataPaths(settings().data_root)
    for text in failure_texts(instance, run_id):
        finding = explain(text, paths) or refusal(text)
        if finding is not None and finding not in found:
            found.append(finding)
    return found


def this_process() -> dict[str, str]:
    """Tags naming the process that executes a run in process (``recovery.stale_runs`` reads them)."""
    return {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}
