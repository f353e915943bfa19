"""Fiscal years as partitions: a past year can be recomputed, reported and published alone.

The years follow the data and the calendar's "today" (``HRP_TODAY``, else the UTC date), read when
a run is requested, never at import: a new fiscal year appears on the first night it has begun,
without reloading the code. They are dynamic partitions, registered in the Dagster instance in
order (oldest first) by whoever requests a run: the schedule, the landing sensor, ``hrp``.
"""

import dagster as dg

from pipeline.lib.common.fiscal import (
    calendar_from_env,
    first_fiscal_year_from_env,
    fiscal_year_range,
    key,
    today_from_env,
    year_of_key,
)

PARTITIONS_NAME = "fiscal_years"

fiscal_years = dg.DynamicPartitionsDefinition(name=PARTITIONS_NAME)


def wanted_fiscal_years(instance: dg.DagsterInstance) -> list[str]:
    """Every year already known to the instance (the metrics step adds the years it finds in the
    data) plus every year from the configured first one to the current one."""
    known = [year_of_key(k) for k in instance.get_dynamic_partitions(PARTITIONS_NAME)]
    earliest = min(known) if known else None
    years = set(fiscal_year_range(calendar_from_env(), first_fiscal_year_from_env(), earliest, today_from_env())) | set(
        known
    )
    return [key(fy) for fy in sorted(years)]


def register_fiscal_years(instance: dg.DagsterInstance, keys: list[str]) -> list[str]:
    """Make the instance's fiscal-year partitions exactly ``keys``' union with what it has, oldest
    first (a range of partitions follows the order they were added in); returns them in order."""
    known = list(instance.get_dynamic_partitions(PARTITIONS_NAME))
    wanted = sorted(set(known) | set(keys), key=year_of_key)
    if known == wanted:
        return wanted
    if known != wanted[: len(known)]:  # an earlier year turned up: re-add every year in order
        for old in known:
            instance.delete_dynamic_partition(PARTITIONS_NAME, old)
        known = []
    instance.add_dynamic_partitions(PARTITIONS_NAME, wanted[len(known) :])
    return wanted


def every_fiscal_year(instance: dg.DagsterInstance) -> dict[str, str]:
    """Run tags asking for every fiscal year at once (the marts take them in a single run), with
    the years registered first."""
    keys = register_fiscal_years(instance, wanted_fiscal_years(instance))
    return {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]}
