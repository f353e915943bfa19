"""Fiscal years as partitions: a past year can be recomputed, reported and published alone."""

from datetime import UTC, datetime

import dagster as dg

from pipeline.lib.common.fiscal import calendar_from_env, first_fiscal_year_from_env, fiscal_year_keys

CALENDAR = calendar_from_env()

fiscal_years = dg.StaticPartitionsDefinition(
    fiscal_year_keys(CALENDAR, first_fiscal_year_from_env(), datetime.now(UTC).date())
)
