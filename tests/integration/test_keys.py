"""The UI and the console agree on the pseudonymisation key: without one nothing is launched by the
schedule or the sensor (their ticks say why), and a run that failed on it says so in `hrp status`."""

from __future__ import annotations

import os
import time
from datetime import datetime

import dagster as dg
import pytest
from click.testing import CliRunner

from pipeline import operations
from pipeline.cli import cli
from pipeline.defs.automation import landing_sensor, nightly_schedule
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import DEVELOPMENT_PSEUDONYM_KEY
from tests.builders import rows, write


@pytest.mark.parametrize("key", [None, DEVELOPMENT_PSEUDONYM_KEY])
def test_without_a_key_the_schedule_and_sensor_launch_nothing_and_say_why(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch, key: str | None
) -> None:
    monkeypatch.delenv("HRP_DEMO", raising=False)
    if key is None:
        monkeypatch.delenv("HRP_PSEUDONYM_KEY")
    else:
        monkeypatch.setenv("HRP_PSEUDONYM_KEY", key)
    monkeypatch.setenv("HRP_LANDING_SETTLE_SECONDS", "0")
    path = write(paths.landing_for("request_counts"), "new.csv", rows("request_counts", 2))
    os.utime(path, (time.time() - 60, time.time() - 60))
    with dg.DagsterInstance.ephemeral() as instance:
        skipped = landing_sensor(dg.build_sensor_context(instance=instance))
        assert isinstance(skipped, dg.SkipReason)
        assert "No run launched" in str(skipped.skip_message) and "HRP_PSEUDONYM_KEY" in str(skipped.skip_message)
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=datetime(2026, 3, 2, 2))
        tick = nightly_schedule().evaluate_tick(context)
        assert not tick.run_requests and "HRP_PSEUDONYM_KEY" in str(tick.skip_message)
        monkeypatch.setenv("HRP_DEMO", "1")  # the demonstration's public key is accepted where asked for
        assert isinstance(landing_sensor(dg.build_sensor_context(instance=instance)), dg.SensorResult)


@pytest.mark.slow
def test_a_run_that_failed_on_the_key_names_it_in_hrp_status(paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """As a run launched from the UI with no key would: its cause is one line, not a traceback."""
    write(paths.landing_for("request_counts"), "new.csv", rows("request_counts", 2))
    monkeypatch.delenv("HRP_PSEUDONYM_KEY")
    monkeypatch.delenv("HRP_DEMO", raising=False)
    operations.prepare_environment()
    outcome = operations.run_job("nightly")
    assert not outcome.success
    result = CliRunner().invoke(cli, ["status"], catch_exceptions=False)
    assert result.exit_code == 1
    cause = next(line for line in result.output.splitlines() if line.strip().startswith("cause:"))
    assert "DevelopmentKeyError" in cause and "HRP_PSEUDONYM_KEY" in cause, result.output
