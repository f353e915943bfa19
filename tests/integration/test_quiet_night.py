"""A night with nothing new pays for nothing it does not use: no Great Expectations (seconds to
import), no browser, no chart library. Each night is ``hrp run`` in a process of its own, which says
at its exit which of them it imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pipeline.lib.common.layout import DataPaths
from tests.builders import small_world

pytestmark = pytest.mark.slow

HEAVY = ("great_expectations", "plotly", "playwright", "kaleido")
NIGHT = (
    "import atexit, json, sys\n"
    f"atexit.register(lambda: print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules])))\n"
    "from pipeline.cli import main\n"
    "sys.argv = ['hrp', 'run']\n"
    "main()\n"
)


def _night(today: str) -> list[str]:
    """One ``hrp run`` on the test's data root; the heavy modules its process imported."""
    env = {**os.environ, "HRP_TODAY": today}
    done = subprocess.run([sys.executable, "-c", NIGHT], env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_a_night_with_nothing_new_imports_no_validator_browser_or_chart_library(paths: DataPaths) -> None:
    small_world(paths.landing)
    assert "great_expectations" in _night("2026-11-25"), "the first night validates: the probe sees GX"
    assert _night("2026-11-25") == [], "nothing new, the same day: nothing to validate, build or draw"
    # the year in progress is measured "so far": a new day gives it new values, which the blocking
    # mart suite validates before anything is published
    assert "great_expectations" in _night("2026-11-26")
    validated = {p.parent for p in paths.validation.joinpath("results").rglob("metric_values-*.json")}
    assert len(validated) == 2, "the first night's values and the new day's; none the same day"
