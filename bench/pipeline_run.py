"""One nightly run of the real pipeline, measured from inside a fresh process.

``python -m bench.pipeline_run <data root>`` imports what the pipeline imports (timing each), runs
the ``nightly`` job through Dagster on the data root's instance, samples the process's resident
memory every 20 ms, and prints one JSON document: the fixed overhead, each stage's time (from
Dagster's own step events) and the highest RSS seen while it ran.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

STAGES = {
    "raw": "ingest",
    "core": "validate + merge",
    "marts": "metrics",
    "disclosure": "privacy",
    "reports": "board report",
    "site": "site",
    "publish": "publish",
}
PAGE = os.sysconf("SC_PAGE_SIZE")


class RssSampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, int]] = []
        self.running = True

    def run(self) -> None:
        with Path("/proc/self/statm").open() as statm:
            while self.running:
                statm.seek(0)
                self.samples.append((time.time(), int(statm.read().split()[1]) * PAGE))
                time.sleep(0.02)

    def peak(self, start: float, end: float) -> int:
        return max((rss for t, rss in self.samples if start <= t <= end), default=0)


def main(root: Path) -> dict[str, Any]:
    os.environ["HRP_DATA_ROOT"] = str(root)
    os.environ["DAGSTER_HOME"] = str(root / "dagster_home")
    os.environ["HRP_DEMO"] = "1"  # sample data: the public development key is allowed
    os.environ["HRP_LANDING_SETTLE_SECONDS"] = "0"  # the sample files were written whole before the run
    sampler = RssSampler()
    sampler.start()
    overhead: dict[str, float] = {}
    started = time.perf_counter()
    import dagster as dg

    overhead["import dagster"] = time.perf_counter() - started
    mark = time.perf_counter()
    import great_expectations  # noqa: F401 - imported here only to time it; the pipeline imports it lazily

    overhead["import great_expectations"] = time.perf_counter() - mark
    mark = time.perf_counter()
    from pipeline import operations

    operations.prepare_environment()
    job = operations.definitions().resolve_job_def("nightly")
    overhead["load definitions"] = time.perf_counter() - mark
    instance = dg.DagsterInstance.get()
    run_started = time.time()
    from pipeline.defs.automation import nightly_request

    result = job.execute_in_process(
        instance=instance,
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
        partition_key=nightly_request(instance).partition_key,
    )
    run_ended = time.time()
    sampler.running = False
    windows: dict[str, list[tuple[float, float]]] = defaultdict(list)
    starts: dict[str, float] = {}
    for entry in instance.all_logs(result.run_id):
        event = entry.dagster_event
        if event is None or not event.step_key:
            continue
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and event.step_key in starts:
            windows[STAGES.get(event.step_key.split("__")[0], "other")].append(
                (starts[event.step_key], entry.timestamp)
            )
    stages = {
        name: {
            "seconds": sum(end - start for start, end in spans),
            "peak_rss_mb": max(sampler.peak(start, end) for start, end in spans) / 2**20,
        }
        for name, spans in windows.items()
    }
    first_step = min((s for spans in windows.values() for s, _ in spans), default=run_started)
    overhead["start the run"] = first_step - run_started
    return {
        "success": result.success,
        "run_seconds": run_ended - run_started,
        "process_seconds": time.perf_counter() - started,
        "overhead": overhead,
        "stages": stages,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
