"""Run a long-lived command (``dagster dev``) so that Ctrl-C or SIGTERM stops all of it.

``dagster dev`` starts a webserver, a daemon and code servers. Killed alone (SIGTERM from ``make``, a
service manager or a closing terminal) it can leave them running and holding the warehouse. The
command therefore runs in its own process group; SIGINT or SIGTERM to us is passed on to the whole
group as SIGINT (the clean shutdown ``dagster dev`` performs on Ctrl-C), and whatever is still alive
after a grace period is killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Sequence
from types import FrameType


def run_until_signalled(argv: Sequence[str], grace_seconds: float = 20.0) -> int:
    """Run ``argv`` in a new process group until it exits or we are asked to stop; returns its exit code."""
    process = subprocess.Popen(list(argv), start_new_session=True)  # noqa: S603 - argv is ours
    stopping: list[int] = []

    def stop(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)
        _signal_group(process.pid, signal.SIGINT)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    killed_at: float | None = None
    try:
        while True:  # short waits: a wait already blocking would not notice a stop request
            try:
                code = process.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if stopping and killed_at is None:
                    killed_at = time.monotonic() + grace_seconds
                if killed_at is not None and time.monotonic() > killed_at:
                    _signal_group(process.pid, signal.SIGKILL)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    _signal_group(process.pid, signal.SIGKILL)  # children the leader left behind
    return 0 if stopping else code


def _signal_group(group: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, sig)
