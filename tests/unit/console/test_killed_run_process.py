"""A run's process killed but never reaped (a zombie) is not a run in progress."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from pipeline.recovery import _alive


def test_a_zombie_is_dead_and_a_running_process_alive() -> None:
    """After `timeout -s KILL`, a container whose first process reaps nothing kept the killed run's
    process as a zombie: "Runs in progress: 1", and the next run did not mark it failed (r5)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert _alive(child.pid)
        child.kill()
        deadline = time.monotonic() + 10
        while Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
            assert time.monotonic() < deadline, "the killed child never became a zombie"
            time.sleep(0.05)
        assert not _alive(child.pid), "killed, not reaped: dead all the same"
    finally:
        child.wait()
    assert not _alive(child.pid)
    assert _alive(os.getpid())
