"""Jobs, schedules and sensors: what runs when, with nobody watching.

* ``nightly`` runs on a schedule (``HRP_NIGHTLY_CRON``, ``HRP_TIMEZONE``; 02:00 UTC by default), built
  when the definitions load, never at import;
* the landing sensor starts it early when new files have settled in the landing area;
* neither launches a run that must fail: without a pseudonymisation key their ticks are skipped with
  the reason in words (shown in the UI);
* runs queue one at a time (``max_concurrent_runs: 1`` in dagster.yaml), so two runs started
  together (schedule and sensor, or a person clicking) wait their turn; a run started outside the
  queue waits for the warehouse's writer lock instead. The ``warehouse`` pool has no limit on
  purpose (docs/operations.md): a slot held by a killed process would never be given back;
* a failed run — a blocking check included — is logged to ``logs/alerts.log`` and posted to
  ``HRP_ALERT_WEBHOOK_URL`` when set.
"""

import time

import dagster as dg

from pipeline.defs.partitions import METRIC_VALUES, apply_partition_requests, briefed_year, partition_requests
from pipeline.defs.publish.reports import BOARD_REPORT
from pipeline.lib.common.clock import ClockError
from pipeline.lib.common.fiscal import today_from_env
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import DevelopmentKeyError, require_pseudonym_key, settings
from pipeline.lib.landing.discover import settled_fingerprint
from pipeline.lib.ops.alerts import Alert, deliver
from pipeline.lib.warehouse.aside import RebuildInterruptedError, refuse_if_marked

nightly_job = dg.define_asset_job(
    "nightly",
    selection=dg.AssetSelection.all(),
    description=(
        "Everything, every night: ingest new deliveries, validate them, recompute the metrics of every fiscal "
        "year new data touched (and the current one), rebuild the board report of the last complete year (the "
        "run's partition, the year the Board is briefed on) and the public site, and publish them if every "
        "blocking check passed."
    ),
)

fiscal_year_job = dg.define_asset_job(
    "fiscal_year_report",
    selection=dg.AssetSelection.assets(METRIC_VALUES, BOARD_REPORT),
    description=(
        "Recompute one fiscal year's metrics from core and rebuild its board report: the run's partition is the "
        "year (hrp report --fiscal-year FY2024)."
    ),
)


def nightly_request(instance: dg.DagsterInstance, tags: dict[str, str] | None = None) -> dg.RunRequest:
    """The nightly's run, with the fiscal years brought up to date first (a schedule cannot return
    partition requests as a sensor does, so they are applied here)."""
    apply_partition_requests(instance, partition_requests(instance))
    return dg.RunRequest(partition_key=briefed_year(), tags=tags or {})


def nightly_tick(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    """A schedule tick: skipped in words when the run would fail on its key, else the nightly's request."""
    if problem := launch_problem():
        return dg.SkipReason(problem)
    return nightly_request(context.instance)


def nightly_schedule() -> dg.ScheduleDefinition:
    """The nightly run at ``HRP_NIGHTLY_CRON`` in ``HRP_TIMEZONE`` (02:00 UTC by default). A function,
    called by the code location's one ``Definitions``, so the settings are read when the code loads,
    not when this module is imported."""
    return dg.ScheduleDefinition(
        name="nightly_schedule",
        job=nightly_job,
        cron_schedule=settings().nightly_cron,
        execution_timezone=settings().timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        execution_fn=nightly_tick,
        description=(
            "The nightly run. Cron and time zone from HRP_NIGHTLY_CRON and HRP_TIMEZONE; the fiscal years are "
            "brought up to date when it fires (a new year appears by itself)."
        ),
    )


def launch_problem() -> str | None:
    """Why a run started now would fail on its key or its date, in words (None when it would not).

    The schedule and the sensor ask this before launching anything, so a UI started without a key
    (``make dev`` right after the demo) or with a date after the real one shows its ticks skipped with
    this sentence rather than a failed run with a traceback each night; ``hrp run`` refuses with the
    same sentence. So is an unfinished `hrp rebuild` or `hrp rekey` (``warehouse.aside``): a night on
    its warehouse would start a new one, and a release record protected against nothing before."""
    try:
        require_pseudonym_key(settings().key_text())
        today_from_env()
        refuse_if_marked(DataPaths(settings().data_root))
    except (DevelopmentKeyError, ClockError, RebuildInterruptedError) as error:
        return f"No run launched: {error}"
    return None


@dg.sensor(
    job=nightly_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Starts the nightly job early when files in the landing area have changed and then stayed untouched for "
        "HRP_LANDING_SETTLE_SECONDS (300 by default), so a half-copied file is never read. Looks at the files "
        "only; it never opens the warehouse."
    ),
)
def landing_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    if problem := launch_problem():
        return dg.SkipReason(problem)
    paths = DataPaths(settings().data_root)
    fingerprint, settled, unsettled = settled_fingerprint(paths.landing, settings().landing_settle_seconds, time.time())
    if unsettled:
        return dg.SkipReason(f"{unsettled} file(s) still changing in the landing area; waiting for them to settle")
    if settled == 0 or fingerprint == context.cursor:
        return dg.SkipReason("nothing new has settled in the landing area")
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                run_key=f"landing-{fingerprint}", partition_key=briefed_year(), tags={"trigger": "landing_sensor"}
            )
        ],
        dynamic_partitions_requests=partition_requests(context.instance),
        cursor=fingerprint,
    )


@dg.run_failure_sensor(
    monitored_jobs=[nightly_job, fiscal_year_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Logs every failed run to logs/alerts.log and posts it to HRP_ALERT_WEBHOOK_URL when that is set.",
)
def failure_alert(context: dg.RunFailureSensorContext) -> None:
    alert = failure_to_alert(context)
    problem = deliver(alert, DataPaths(settings().data_root).logs / "alerts.log", settings().alert_webhook_url)
    if problem:
        context.log.warning(f"alert logged but not delivered: {problem}")


def failure_to_alert(context: dg.RunFailureSensorContext) -> Alert:
    run_id = context.dagster_run.run_id
    steps = [e.step_key or "" for e in context.get_step_failure_events()]
    summary = context.failure_event.message or "the run failed"
    return Alert(
        job=context.dagster_run.job_name,
        run_id=run_id,
        summary=summary.splitlines()[0],
        failed_steps=steps,
        failed_checks=failed_checks(context.instance, run_id, blocking_only=True),
    )


def failed_checks(instance: dg.DagsterInstance, run_id: str, blocking_only: bool = False) -> list[str]:
    """The asset checks that did not pass in a run, as ``asset:check`` (only ERROR ones if asked)."""
    failed = []
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = entry.dagster_event.event_specific_data if entry.dagster_event else None
        if not isinstance(evaluation, dg.AssetCheckEvaluation) or evaluation.passed:
            continue
        if not blocking_only or evaluation.severity == dg.AssetCheckSeverity.ERROR:
            failed.append(f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}")
    return failed
