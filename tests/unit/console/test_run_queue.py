"""`hrp run` uses the run queue only when the instance queues runs and a daemon is alive to take them."""

from __future__ import annotations

import time

import dagster as dg
import pytest
from dagster._daemon.types import DaemonHeartbeat

from pipeline.run_queue import QUEUE_DAEMON, queue_is_served

pytestmark = pytest.mark.slow  # a test instance takes seconds to start

QUEUED = {"run_coordinator": {"module": "dagster._core.run_coordinator", "class": "QueuedRunCoordinator"}}


def test_a_queue_without_a_daemon_is_not_used() -> None:
    with dg.instance_for_test(overrides=QUEUED) as instance:
        assert not queue_is_served(instance)


def test_a_queue_with_a_live_daemon_is_used_and_a_stale_one_is_not() -> None:
    with dg.instance_for_test(overrides=QUEUED) as instance:
        instance.add_daemon_heartbeat(DaemonHeartbeat(time.time(), QUEUE_DAEMON, "daemon-1", []))
        assert queue_is_served(instance)
    with dg.instance_for_test(overrides=QUEUED) as instance:
        instance.add_daemon_heartbeat(DaemonHeartbeat(time.time() - 3600, QUEUE_DAEMON, "daemon-1", []))
        assert not queue_is_served(instance)


def test_an_instance_that_does_not_queue_runs_in_process() -> None:
    with dg.instance_for_test(
        overrides={"run_coordinator": {"module": "dagster._core.run_coordinator", "class": "DefaultRunCoordinator"}}
    ) as instance:
        instance.add_daemon_heartbeat(DaemonHeartbeat(time.time(), QUEUE_DAEMON, "daemon-1", []))
        assert not queue_is_served(instance)
