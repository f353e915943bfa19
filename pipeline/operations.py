"""What operators do, as functions: prepare the instance, run the pipeline, read its state.

The command line (``pipeline.cli``) is a thin skin over these. Runs go through the persistent Dagster
instance under the data root, so whatever the console starts is visible in the Dagster UI too.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.lib.common import paths
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import export, settings
from pipeline.lib.ops.health import Finding

if TYPE_CHECKING:
    import dagster as dg
    import duckdb

    from pipeline.lib.ops.attention import Delivery, Question

INSTANCE_TEMPLATE = paths.INSTANCE_TEMPLATE


def prepare_environment() -> DataPaths:
    """Resolve the data root, create its folders, and point Dagster at its persistent home (the data
    root is exported resolved, for Dagster's resources and the processes the run queue starts)."""
    paths = DataPaths(settings().data_root).ensure()
    export(data_root=str(paths.root))
    if not os.environ.get("DAGSTER_HOME"):  # empty is unset, as for every HRP_ variable (not the current folder)
        os.environ["DAGSTER_HOME"] = str(paths.dagster_home)
    home = Path(os.environ["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    # Two commands started together on a new data root would both write the config and both create
    # the instance's storage (one then fails on Dagster's schema stamp): do both under a lock.
    with (home / ".prepare.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        config = home / "dagster.yaml"
        template = instance_config()
        if not config.exists() or config.read_bytes() != template.read_bytes():
            shutil.copyfile(template, home / ".dagster.yaml.tmp")
            (home / ".dagster.yaml.tmp").replace(config)
        if not (home / "history" / "runs.db").exists():
            import dagster as dg

            dg.DagsterInstance.get().dispose()
    return paths


def instance_config() -> Path:
    """The instance configuration ``hrp`` keeps in ``$DAGSTER_HOME``: the single-machine SQLite one, or
    the file ``HRP_INSTANCE_CONFIG`` names (a team's, on PostgreSQL: deploy/dagster.yaml)."""
    return settings().instance_config or INSTANCE_TEMPLATE


@contextmanager
def warehouse(paths: DataPaths, holder: str, timeout_seconds: float = 600) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for the console, with the schema in place (a new data root has none yet)."""
    from pipeline.lib.ingest.setup import initialise
    from pipeline.lib.warehouse.connection import connect

    with connect(paths.warehouse, holder=holder, timeout_seconds=timeout_seconds) as con:
        initialise(con)
        yield con


def deliveries_after(paths: DataPaths, run_id: str) -> list[Delivery | Question]:
    """What a run leaves the operator: deliveries needing attention, the run's rows set aside, and
    each country spelling it set rows aside for (asked once, with the candidates)."""
    from pipeline.lib.ops.attention import deliveries_to_report, questions

    # a run that failed because another process holds the warehouse must not wait a minute more for it
    with warehouse(paths, "hrp run summary", timeout_seconds=min(settings().lock_timeout_seconds, 60)) as con:
        return [*deliveries_to_report(con, run_id), *questions(con, run_id)]


def still_open(paths: DataPaths) -> int:
    """How many things ``hrp status`` lists to deal with, whichever run left them ("nothing needs
    attention" stood beside eight open items); 0 when the warehouse cannot be read now: the run's
    own outcome has said why."""
    from pipeline.lib.ops.attention import needing_attention, still_to_answer
    from pipeline.lib.warehouse.connection import WarehouseBusyError, WarehouseDamagedError

    try:
        with warehouse(paths, "hrp run summary", timeout_seconds=min(settings().lock_timeout_seconds, 60)) as con:
            return len(needing_attention(con)) + len(still_to_answer(con))
    except (WarehouseBusyError, WarehouseDamagedError, OSError, duckdb.Error):
        return 0


def known_fiscal_years() -> list[str]:
    """The fiscal years the pipeline computes, oldest first, brought up to date as a schedule tick would."""
    import dagster as dg

    from pipeline.defs.partitions import register_fiscal_years

    return register_fiscal_years(dg.DagsterInstance.get())


def landing_is_empty(paths: DataPaths) -> bool:
    return not any(p.is_file() for p in paths.landing.rglob("*"))


def definitions() -> dg.Definitions:
    from pipeline.definitions import defs

    return defs()


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    success: bool
    failed_steps: list[str]
    failed_checks: list[str]
    seconds: float
    faults: list[Finding]  # known causes of the failure, in words

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "success": self.success,
            "failed_steps": self.failed_steps,
            "failed_checks": self.failed_checks,
            "faults": [f.as_dict() for f in self.faults],
            "seconds": round(self.seconds, 2),
        }


def run_nightly(queued: bool = False, on_queued: Callable[[str], None] | None = None) -> RunOutcome:
    """The nightly now, asked for as the schedule asks: fiscal years brought up to date, and the
    run's partition the last complete year."""
    import dagster as dg

    from pipeline.defs.automation import nightly_request

    request = nightly_request(dg.DagsterInstance.get())
    return run_job("nightly", partition_key=request.partition_key, queued=queued, on_queued=on_queued)


def run_job(
    job_name: str = "nightly",
    tags: dict[str, str] | None = None,
    partition_key: str | None = None,
    run_config: dict[str, Any] | None = None,
    queued: bool = False,
    on_queued: Callable[[str], None] | None = None,
) -> RunOutcome:
    """Run a job now, recorded in the persistent instance: with ``queued``, through the instance's run
    queue when a daemon serves it (``on_queued`` is told the run id), else in this process."""
    import time

    import dagster as dg

    from pipeline import run_queue

    started = time.monotonic()
    instance = dg.DagsterInstance.get()
    if queued and run_queue.queue_is_served(instance):
        partition = {"dagster/partition": partition_key} if partition_key else {}
        return _run_queued(instance, job_name, {**(tags or {}), **partition}, run_config, started, on_queued)
    job = definitions().resolve_job_def(job_name)
    quiet = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}  # said in words; tracebacks: event log
    result = job.execute_in_process(
        run_config={**quiet, **(run_config or {})},
        instance=instance,
        tags={**(tags or {}), **run_queue.this_process()},
        partition_key=partition_key,
        raise_on_error=False,
    )
    failed_steps = [e.step_key or "" for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    failed_checks = [
        f"{e.asset_key.to_user_string()}:{e.check_name}"
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.severity.value == "ERROR"
    ]
    success = result.success and not failed_checks
    faults = [] if success else run_queue.faults_of(instance, result.run_id)
    return RunOutcome(result.run_id, success, failed_steps, failed_checks, time.monotonic() - started, faults)


def _run_queued(
    instance: dg.DagsterInstance,
    job_name: str,
    tags: dict[str, str] | None,
    run_config: dict[str, Any] | None,
    started: float,
    on_queued: Callable[[str], None] | None,
) -> RunOutcome:
    import time

    import dagster as dg

    from pipeline import run_queue

    run_id = run_queue.submit(job_name, run_config, tags)
    if on_queued is not None:
        on_queued(run_id)
    run = run_queue.wait_for(instance, run_id)
    checks = run_queue.failed_blocking_checks(instance, run_id)
    success = run.status == dg.DagsterRunStatus.SUCCESS and not checks
    steps, faults = run_queue.failed_steps(instance, run_id), [] if success else run_queue.faults_of(instance, run_id)
    return RunOutcome(run_id, success, steps, checks, time.monotonic() - started, faults)


def outputs(paths: DataPaths, run_id: str) -> list[tuple[str, str]]:
    """What a person opens after a run: the reports, the validation results, the warehouse."""

    from pipeline.lib.common.fiscal import calendar_from_env, key, today_from_env

    year = key(calendar_from_env().last_complete_year(today_from_env()))
    board = paths.confidential / "board" / year / "board-report.html"  # the published one, not a build
    return [
        ("public site (published)", str(paths.published / "site" / "en" / "index.html")),
        (f"board report {year} (HTML, confidential)", str(board)),
        (f"board report {year} (PDF, confidential)", str(board.with_suffix(".pdf"))),
        ("validation results", str(paths.validation / "validation.html")),
        ("validation results (JSON)", str(paths.validation / "results" / run_id)),
        ("warehouse (DuckDB)", str(paths.warehouse)),
        ("Dagster UI", "make dev, then http://127.0.0.1:3000"),
    ]
