"""Ways back: what is wrong with a data root besides its data, checked before a run and by
``hrp status``, and the repairs (killed runs marked failed, failed builds' leftovers removed; the
warehouse rebuilt from the landing archive is ``pipeline.rebuilding``).

Each fault is said in one line with its documented next step (docs/operations.md, "Faults and the
way back"); the checks themselves live in ``pipeline.lib.ops.health``.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.ops.health import Finding

if TYPE_CHECKING:
    import dagster as dg


def preflight(paths: DataPaths, key: bytes) -> None:
    """Before a run is launched: no rebuild unfinished (``RebuildInterruptedError``: a night would
    make a new warehouse and release record), the key the warehouse's, and today's date one the data
    allows (``PseudonymKeyError`` / ``ClockError``, each one line saying what to do)."""
    from pipeline.lib.common.fiscal import today_from_env
    from pipeline.lib.common.keys import check_fingerprint
    from pipeline.lib.metrics.marts import check_today_against_data
    from pipeline.lib.ops.health import unread_landing_files
    from pipeline.lib.warehouse.aside import refuse_if_marked
    from pipeline.lib.warehouse.connection import connect
    from pipeline.lib.warehouse.pseudonymise import stored_fingerprint

    refuse_if_marked(paths)
    today = today_from_env()
    if not paths.warehouse.exists():
        return
    with connect(paths.warehouse, holder="hrp (checking key and date)", timeout_seconds=60) as con:
        check_fingerprint(stored_fingerprint(con), key)
        check_today_against_data(con, today, unread_landing_files(con, paths))


def check_key_of_readable_warehouse(paths: DataPaths, key: bytes) -> None:
    """Refuse a key other than the warehouse's, when the warehouse can still say which it is (a
    damaged one cannot: rebuilding it is the way back, under the key the operator gives)."""
    import duckdb

    from pipeline.lib.common.keys import check_fingerprint
    from pipeline.lib.warehouse.connection import WarehouseDamagedError, connect, is_damage
    from pipeline.lib.warehouse.pseudonymise import stored_fingerprint

    try:
        with connect(paths.warehouse, holder="hrp (checking the key)", timeout_seconds=60) as con:
            stored = stored_fingerprint(con)
    except WarehouseDamagedError:
        return
    except duckdb.Error as problem:
        if is_damage(problem):
            return
        raise
    check_fingerprint(stored, key)


def stale_runs(instance: dg.DagsterInstance) -> list[dg.DagsterRun]:
    """Runs recorded as in progress that no process is running any more (killed, or the machine
    stopped): an in-process run whose process is gone, or a daemon's run with no daemon alive."""
    import dagster as dg

    from pipeline import run_queue

    served = run_queue.queue_is_served(instance)
    stale = []
    for record in instance.get_run_records(dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])):
        run = record.dagster_run
        pid, host = run.tags.get(run_queue.PID_TAG), run.tags.get(run_queue.HOST_TAG)
        if pid is not None and host == socket.gethostname():
            if not _alive(int(pid)):
                stale.append(run)
        elif pid is None and not served:
            stale.append(run)
    return stale


def _alive(pid: int) -> bool:
    """Whether the process still runs. A zombie (killed, not yet reaped: a container whose first
    process reaps nothing keeps it for ever) is dead: it held "Runs in progress: 1" after a SIGKILL."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (not Linux): as signal 0 says
    return state != "Z"


def tidy(paths: DataPaths) -> list[str]:
    """Before a run: mark killed runs failed and remove failed builds' leftovers (only when no live
    run could own them). Returns one line per thing done."""
    import dagster as dg

    from pipeline.lib.ops.health import remove_leftovers

    instance = dg.DagsterInstance.get()
    done = []
    stale = stale_runs(instance)
    for run in stale:
        instance.report_run_failed(run, "its process was gone (killed); marked failed by `hrp run`")
        done.append(f"Run {run.run_id[:8]} was killed while in progress; marked failed (this run carries on from it).")
    live = set(instance.get_run_ids(dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED]))) - {r.run_id for r in stale}
    if not live:
        removed = remove_leftovers(paths)
        if removed:
            done.append(f"Removed {len(removed)} leftover(s) of failed or killed builds.")
    return done


def findings(paths: DataPaths) -> list[Finding]:
    """What is wrong with the data root besides the data: a damaged warehouse, a key that is not its
    own, killed runs, failed builds' leftovers, files whose names would trick a reader."""
    import dagster as dg
    import duckdb

    from pipeline.lib.common.keys import PseudonymKeyError, check_fingerprint
    from pipeline.lib.common.settings import settings
    from pipeline.lib.landing.names import refused_line, unsafe_names
    from pipeline.lib.ops.health import check_warehouse, damaged_warehouse, leftovers, leftovers_finding
    from pipeline.lib.warehouse.connection import WarehouseBusyError, WarehouseDamagedError, connect, is_damage
    from pipeline.lib.warehouse.pseudonymise import stored_fingerprint

    found: list[Finding] = []
    key = settings().key_text()
    try:
        with connect(paths.warehouse, holder="hrp status (checks)", timeout_seconds=5) as con:
            damage = check_warehouse(con, paths.warehouse)
            stored = None if damage else stored_fingerprint(con)
        if damage:
            found.append(damage)
        elif key:
            check_fingerprint(stored, key.encode("utf-8"))
    except WarehouseDamagedError:
        found.append(damaged_warehouse(paths.warehouse))
    except duckdb.Error as problem:
        if not is_damage(problem):
            raise
        found.append(damaged_warehouse(paths.warehouse))
    except WarehouseBusyError:
        pass  # a run is writing: the status says so, and checks the warehouse another time
    except PseudonymKeyError as refused:
        found.append(Finding(str(refused), ""))
    instance = dg.DagsterInstance.get()
    live_runs = len(instance.get_run_ids(dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])))
    stale = stale_runs(instance)
    for run in stale:
        found.append(
            Finding(
                f"run {run.run_id[:8]} is recorded as in progress but no process runs it (it was killed)",
                "the next `hrp run` marks it failed and carries on where it stopped",
            )
        )
    if live_runs == len(stale) and (leftover := leftovers_finding(leftovers(paths), paths)):
        found.append(leftover)
    found.extend(Finding(refused_line(name), "") for name in unsafe_names(paths.landing))
    return found
