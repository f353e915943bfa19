"""Dagster wiring only: thin assets, checks and schedules that call plain functions in ``pipeline.lib``."""
