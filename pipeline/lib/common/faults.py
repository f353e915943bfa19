"""Named points where a test may kill the process, to prove that running again repairs a crash.

Production never sets ``HRP_CRASH_AT``; the crash-safety tests set it to one of the names passed to
``crash_point`` and check that the next run ends exactly where an uninterrupted run would.
"""

from __future__ import annotations

import os
import signal

from pipeline.lib.common.settings import settings


def crash_point(name: str) -> None:
    if settings().crash_at == name:
        os.kill(os.getpid(), signal.SIGKILL)
