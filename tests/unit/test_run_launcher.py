"""The run launcher's health check reads when a process started: a live one has a start, an ended one none."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from pipeline.run_launcher import process_started_at


def test_a_live_process_has_a_start_time_before_now() -> None:
    started = process_started_at(os.getpid())
    assert started is not None and started <= time.time()


def test_a_process_that_ended_has_none() -> None:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    assert process_started_at(int(child.stdout)) is None
