"""`hrp dev` (and so `make dev`) stops its whole process group on Ctrl-C and on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# A leader that starts a grandchild (as dagster dev starts its webserver and daemon) and exits on SIGINT
# without stopping it: only a signal to the whole group reaches the grandchild.
LEADER = """
import pathlib, signal, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
pathlib.Path(sys.argv[1]).write_text(str(child.pid))
signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
time.sleep(120)
"""
SUPERVISOR = (
    "import sys; from pipeline.lib.ops.supervise import run_until_signalled; "
    "sys.exit(run_until_signalled(sys.argv[1:]))"
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat").read_text().split()[2] if Path(f"/proc/{pid}/stat").exists() else "X"
    return status != "Z"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_the_command_and_everything_it_started(tmp_path: Path, sig: signal.Signals) -> None:
    pid_file = tmp_path / "grandchild.pid"
    supervisor = subprocess.Popen([sys.executable, "-c", SUPERVISOR, sys.executable, "-c", LEADER, str(pid_file)])
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the command did not start"
        time.sleep(0.1)
    grandchild = int(pid_file.read_text())
    assert _alive(grandchild)
    supervisor.send_signal(sig)
    assert supervisor.wait(timeout=30) == 0
    deadline = time.monotonic() + 10
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(grandchild), "a process of the group outlived the stop"
