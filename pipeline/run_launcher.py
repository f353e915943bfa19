"""The instance's run launcher: Dagster's default one, plus a health check for run monitoring.

Dagster's ``DefaultRunLauncher`` starts each run in a subprocess of the code server, but cannot say
whether that process is still alive, so run monitoring never notices a run whose worker died with
its daemon (``kill -9``, the OOM killer, a machine restarted): the run stays ``STARTED`` for ever,
and with one run at a time (DuckDB has one writer) the queue behind it never moves. Every run
worker records its process id in the run's event log ("Started process for run (pid: …)"), and the
daemon runs on the same machine (docs/operations.md), so the check is whether that process still
exists and is the same one (it started before the event, so a recycled pid is not taken for it).
A dead worker's run is then marked failed by run monitoring, and ``run_retries`` starts it again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dagster as dg
from dagster._core.launcher import DefaultRunLauncher
from dagster._core.launcher.base import CheckRunHealthResult, WorkerStatus


class LocalRunLauncher(DefaultRunLauncher):
    """``DefaultRunLauncher`` whose run workers run monitoring can check (same machine only)."""

    @property
    def supports_check_run_worker_health(self) -> bool:
        return True

    def check_run_worker_health(self, run: dg.DagsterRun) -> CheckRunHealthResult:
        worker = self._worker(run.run_id)
        if worker is None:  # not started yet: the start timeout covers that
            return CheckRunHealthResult(WorkerStatus.RUNNING, "no run worker recorded yet")
        pid, recorded_at = worker
        started = process_started_at(pid)
        if started is None or started > recorded_at + 1:
            gone = f"the run worker (pid {pid}) is gone"
            return CheckRunHealthResult(WorkerStatus.FAILED, gone, run_worker_id=str(pid))
        return CheckRunHealthResult(WorkerStatus.RUNNING, run_worker_id=str(pid))

    def _worker(self, run_id: str) -> tuple[int, float] | None:
        """The latest process id the run's event log names, and when it was recorded."""
        found = None
        for entry in self._instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
            data: Any = entry.dagster_event.event_specific_data if entry.dagster_event else None
            pid = getattr(data, "metadata", {}).get("pid") if data is not None else None
            if pid is not None:
                found = (int(pid.value), entry.timestamp)
        return found


def process_started_at(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), or None if there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(line for line in Path("/proc/stat").read_text().splitlines() if line.startswith("btime"))
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # after the command name, which may hold spaces
    if fields[0] == "Z":  # a zombie: dead, only not yet reaped
        return None
    ticks = int(fields[19])  # field 22 of the whole line: start time in clock ticks after boot
    return int(boot.split()[1]) + ticks / os.sysconf("SC_CLK_TCK")
