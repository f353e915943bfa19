"""Named points where a test may kill the process, to prove that running again repairs a crash.

Production never sets ``HRP_CRASH_AT``; the crash-safety tests set it to one of the names passed to
``crash_point`` and check that the next run ends exactly where an uninterrupted run would.
``HRP_CRASH_AFTER=N`` lets the point pass N times first (a crash after some files of a night were
committed, not only before the first). ``HRP_CRASH_IN_PROCESS=1`` raises ``SimulatedCrash`` instead
of SIGKILL, so that a test running many nights in its own process can crash one: nothing catches a
``BaseException`` on the way out, and every open transaction rolls back as a killed process's would.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass

from pipeline.lib.common.settings import Settings, settings


class SimulatedCrash(BaseException):
    """A crash at a named point, for tests that run the pipeline in their own process."""


@dataclass
class _Armed:
    """How often the armed point was passed, under the settings that armed it (a test that arms a
    crash again reads the settings anew, and the count starts over)."""

    by: Settings | None = None
    passes: int = 0


_ARMED = _Armed()


def crash_point(name: str) -> None:
    current = settings()
    if current.crash_at != name:
        return
    if _ARMED.by is not current:
        _ARMED.by, _ARMED.passes = current, 0
    _ARMED.passes += 1
    if _ARMED.passes <= current.crash_after:
        return
    if current.crash_in_process:
        raise SimulatedCrash(name)
    os.kill(os.getpid(), signal.SIGKILL)
