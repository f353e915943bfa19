"""What ``hrp status`` reports: the last run and why it failed, the queue, each source's freshness,
held deliveries and rows needing attention, the publication (and its pin), and the faults found.

Read-only: it opens the warehouse briefly under the writer lock, and not at all when it is damaged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.ops.health import Finding, damaged_warehouse
from pipeline.operations import warehouse


@dataclass(frozen=True)
class Status:
    last_run: dict[str, Any] | None
    runs_in_progress: int
    runs_queued: int
    sources: list[dict[str, Any]]
    held: int
    publication: dict[str, Any] | None
    warehouse_busy: str | None
    attention: list[dict[str, Any]]
    faults: list[Finding]

    @property
    def healthy(self) -> bool:
        run_ok = self.last_run is not None and self.last_run["status"] == "SUCCESS"
        return run_ok and not (self.held or self.attention or self.faults) and all(s["on_time"] for s in self.sources)

    def as_dict(self) -> dict[str, Any]:
        return {
            "healthy": self.healthy,
            "last_run": self.last_run,
            "runs_in_progress": self.runs_in_progress,
            "runs_queued": self.runs_queued,
            "sources": self.sources,
            "held_deliveries": self.held,
            "needs_attention": self.attention,
            "publication": self.publication,
            "warehouse_busy": self.warehouse_busy,
            "faults": [f.as_dict() for f in self.faults],
        }


def status_of(paths: DataPaths, faults: list[Finding]) -> Status:
    """The last run, the queue, sources' freshness, held deliveries, the publication, and ``faults``."""
    from datetime import UTC, datetime

    import dagster as dg

    from pipeline import run_queue
    from pipeline.defs.automation import failed_checks
    from pipeline.lib.ingest.held import held_deliveries
    from pipeline.lib.ops.attention import needing_attention, still_to_answer
    from pipeline.lib.ops.freshness import source_freshness
    from pipeline.lib.ops.summary import source_summaries
    from pipeline.lib.release import publication
    from pipeline.lib.warehouse.connection import WarehouseBusyError

    instance = dg.DagsterInstance.get()
    last_run = None
    runs = instance.get_run_records(dg.RunsFilter(job_name="nightly"), limit=1)
    if runs:
        record = runs[0]
        last_run = {
            "run_id": record.dagster_run.run_id,
            "status": record.dagster_run.status.value,
            "started": _time(record.start_time),
            "ended": _time(record.end_time),
            "failed_checks": failed_checks(instance, record.dagster_run.run_id, blocking_only=True),
            "cause": run_queue.failure_cause(instance, record.dagster_run.run_id)
            if record.dagster_run.status == dg.DagsterRunStatus.FAILURE
            else None,
        }
    in_progress = len(instance.get_run_ids(dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])))
    queued = len(instance.get_run_ids(dg.RunsFilter(statuses=[dg.DagsterRunStatus.QUEUED])))
    sources: list[dict[str, Any]] = []
    held, busy, attention = 0, None, []
    now = datetime.now(UTC).replace(tzinfo=None)
    try:
        if damaged_warehouse(paths.warehouse) not in faults:  # else nothing in it can be read
            with warehouse(paths, "hrp status", timeout_seconds=5) as con:
                freshness = source_freshness(con)
                held = len(held_deliveries(con))
                attention = [{"kind": "delivery", **d.as_dict()} for d in needing_attention(con)]
                attention += still_to_answer(con)
                set_aside = {s.source: s.rows_quarantined for s in source_summaries(con)}
            sources = [
                {
                    "source": f.source,
                    "last_delivery_at": f.last_delivery_at,
                    "cadence_days": f.cadence_days,
                    "on_time": f.is_fresh(now),
                    "describe": f.describe(now),
                    "rows_set_aside": set_aside.get(f.source, 0),
                }
                for f in freshness
            ]
    except WarehouseBusyError as problem:
        busy = str(problem)
    live = publication.current(paths)
    published = (
        {
            "id": live.id,
            **{k: live.manifest.get(k) for k in ("built_at", "run_id")},
            "pinned": publication.pinned(paths),
        }
        if live
        else None
    )
    return Status(last_run, in_progress, queued, sources, held, published, busy, attention, faults)


def _time(timestamp: float | None) -> str | None:
    from datetime import UTC, datetime

    return None if timestamp is None else datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")
