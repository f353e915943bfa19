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


class SimulatedCrash(BaseException):
    """A crash at a named point, for tests that run the pipeline in their own process."""


def crash_point(name: str) -> None:
    if os.environ.get("HRP_CRASH_AT") != name:
        return
    passes = int(os.environ.get("HRP_CRASH_AFTER", "0"))
    if passes > 0:  # counted down in the environment: no state in this module
        os.environ["HRP_CRASH_AFTER"] = str(passes - 1)
        return
    if os.environ.get("HRP_CRASH_IN_PROCESS") == "1":
        raise SimulatedCrash(name)
    os.kill(os.getpid(), signal.SIGKILL)
