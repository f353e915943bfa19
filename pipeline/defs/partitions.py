"""Fiscal years as partitions: a past year can be recomputed, reported and published alone.

Why dynamic partitions, registered by whoever requests a run (the schedule, the landing sensor,
``hrp``) and never by an asset: the years follow the data and the calendar, and both change while
the code stays loaded. Static partitions computed at load would need the warehouse opened by every
process that loads the code (the webserver, the daemon, each run) while a night may hold its only
writer lock, and a new fiscal year would wait for a reload. So the requester, before it asks for a
run, adds the years that are missing:

* from the configured first year (``HRP_FIRST_FISCAL_YEAR``), else the first year the data covers
  (recorded by ``marts/metric_values`` in its materialization metadata, read from the instance: the
  requester never opens the warehouse), to the year today falls in; the last complete year always;
* "today" is ``HRP_TODAY`` but never later than the real date, so a mistaken date cannot invent
  years; years registered by such a date before this rule existed are removed by the next request,
  so one night with the right date repairs what a wrong one did.

Years are only ever appended, in calendar order. Runs name their partition (the nightly: the last
complete year; ``hrp report``: the year asked for), never a range, so nothing depends on the
order they were added in: a year that turns up earlier than every registered one (history
delivered late) is appended after them and sorts wrong only in the UI's list.
"""

from datetime import UTC, datetime

import dagster as dg

from pipeline.lib.common.fiscal import (
    bounded_today,
    calendar_from_env,
    first_fiscal_year_from_env,
    key,
    partition_years,
    today_from_env,
    year_of_key,
)

PARTITIONS_NAME = "fiscal_years"
METRIC_VALUES = dg.AssetKey(["marts", "metric_values"])
FIRST_YEAR_WITH_DATA = "first_fiscal_year_with_data"  # metadata of marts/metric_values the requester reads

fiscal_years = dg.DynamicPartitionsDefinition(name=PARTITIONS_NAME)

PartitionRequest = dg.AddDynamicPartitionsRequest | dg.DeleteDynamicPartitionsRequest


def wanted_fiscal_years(instance: dg.DagsterInstance) -> list[str]:
    """The partition keys the data and the calendar call for, oldest first."""
    today = bounded_today(today_from_env(), datetime.now(UTC).date())
    years = partition_years(calendar_from_env(), first_fiscal_year_from_env(), first_year_with_data(instance), today)
    return [key(fy) for fy in years]


def first_year_with_data(instance: dg.DagsterInstance) -> int | None:
    """The first fiscal year the data covers, as the last metrics step recorded it (None before one ran)."""
    event = instance.get_latest_materialization_event(METRIC_VALUES)
    materialization = event.asset_materialization if event else None
    value = materialization.metadata.get(FIRST_YEAR_WITH_DATA) if materialization else None
    return value.value if isinstance(value, dg.IntMetadataValue) else None


def partition_requests(instance: dg.DagsterInstance) -> list[PartitionRequest]:
    """What to change so the instance has every wanted year: the missing ones appended in order, and
    any registered year after the current one (only a mistaken clock could have added it) removed."""
    registered = instance.get_dynamic_partitions(PARTITIONS_NAME)
    wanted = wanted_fiscal_years(instance)
    missing = [k for k in wanted if k not in registered]
    future = [k for k in registered if year_of_key(k) > year_of_key(wanted[-1])]
    requests: list[PartitionRequest] = []
    if future:
        requests.append(dg.DeleteDynamicPartitionsRequest(PARTITIONS_NAME, future))
    if missing:
        requests.append(dg.AddDynamicPartitionsRequest(PARTITIONS_NAME, missing))
    return requests


def apply_partition_requests(instance: dg.DagsterInstance, requests: list[PartitionRequest]) -> None:
    """What a sensor's result does, for the schedule and ``hrp`` (a schedule cannot return them)."""
    for request in requests:
        if isinstance(request, dg.DeleteDynamicPartitionsRequest):
            for partition in request.partition_keys:
                instance.delete_dynamic_partition(PARTITIONS_NAME, partition)
        else:
            instance.add_dynamic_partitions(PARTITIONS_NAME, list(request.partition_keys))


def briefed_year() -> str:
    """The nightly's partition: the last complete fiscal year, the one the Board is briefed on."""
    return key(calendar_from_env().last_complete_year(bounded_today(today_from_env(), datetime.now(UTC).date())))


def register_fiscal_years(instance: dg.DagsterInstance) -> list[str]:
    """Bring the instance's fiscal years up to date now; returns them oldest first."""
    apply_partition_requests(instance, partition_requests(instance))
    return sorted(instance.get_dynamic_partitions(PARTITIONS_NAME), key=year_of_key)
