"""What operators do, as functions: prepare the instance, run the pipeline, read its state.

The command line (``pipeline.cli``) is a thin skin over these. Runs go through the persistent Dagster
instance under the data root, so whatever the console starts is visible in the Dagster UI too.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.lib.settings import DataPaths, data_root_from_env

if TYPE_CHECKING:
    import dagster as dg

INSTANCE_TEMPLATE = Path(__file__).parent / "instance" / "dagster.yaml"


def prepare_environment() -> DataPaths:
    """Resolve the data root, create its folders, and point Dagster at its persistent home."""
    paths = DataPaths(data_root_from_env()).ensure()
    os.environ["HRP_DATA_ROOT"] = str(paths.root)
    os.environ.setdefault("DAGSTER_HOME", str(paths.dagster_home))
    home = Path(os.environ["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or config.read_bytes() != INSTANCE_TEMPLATE.read_bytes():
        shutil.copyfile(INSTANCE_TEMPLATE, config)
    return paths


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "success": self.success,
            "failed_steps": self.failed_steps,
            "failed_checks": self.failed_checks,
            "seconds": round(self.seconds, 2),
        }


def run_job(
    job_name: str = "nightly",
    tags: dict[str, str] | None = None,
    partition_key: str | None = None,
    run_config: dict[str, Any] | None = None,
) -> RunOutcome:
    """Run a job now, in this process, recorded in the persistent instance."""
    import time

    import dagster as dg

    started = time.monotonic()
    instance = dg.DagsterInstance.get()
    job = definitions().resolve_job_def(job_name)
    quiet = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}  # the event log keeps everything
    result = job.execute_in_process(
        run_config={**quiet, **(run_config or {})},
        instance=instance,
        tags=tags or {},
        partition_key=partition_key,
        raise_on_error=False,
    )
    failed_steps = [e.step_key or "" for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    failed_checks = [
        f"{e.asset_key.to_user_string()}:{e.check_name}"
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.severity.value == "ERROR"
    ]
    return RunOutcome(
        result.run_id, result.success and not failed_checks, failed_steps, failed_checks, time.monotonic() - started
    )


def outputs(paths: DataPaths, run_id: str) -> list[tuple[str, str]]:
    """What a person opens after a run: the reports, the validation results, the warehouse."""
    from datetime import UTC, datetime

    from pipeline.lib.fiscal import calendar_from_env, key

    year = key(calendar_from_env().last_complete_year(datetime.now(UTC).date()))
    board = paths.builds / "board" / year / "board-report.html"
    return [
        ("public site (published)", str(paths.published / "site" / "en" / "index.html")),
        (f"board report {year} (HTML)", str(board)),
        (f"board report {year} (PDF)", str(board.with_suffix(".pdf"))),
        ("validation Data Docs", str(paths.validation / "data-docs" / "index.html")),
        ("validation results (JSON)", str(paths.validation / "results" / run_id)),
        ("warehouse (DuckDB)", str(paths.warehouse)),
        ("Dagster UI", "make dev, then http://127.0.0.1:3000"),
    ]
