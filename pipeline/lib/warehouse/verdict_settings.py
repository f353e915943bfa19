"""Settings that decide what a delivered file's rows make, kept with the warehouse that made it.

The fiscal year's start month places every row and names every period; the hold share decides
which files are held whole (``quality.failing.mostly_rejected``). Changed between nights, the nights
kept what the old value made of the files already read while a rebuild from the same files made
something else, and nothing said so (a reliability review, 2026-12-06); a changed import profile is
refused for the same reason (``ingest.profile_checks``). The first night records them
(``audit.verdict_settings``); a night under other values is refused, in one line naming the setting,
both values and the next step.
"""

from __future__ import annotations

import duckdb

from pipeline.lib.common.settings import env_name, settings
from pipeline.lib.warehouse import sql

NEXT_STEP = {
    "fiscal_year_start_month": (
        "set it back: every period this warehouse computed and released is named by it, and a rebuild "
        "would carry releases made under the old one (to use another, start a new data root)"
    ),
    "hold_share": "set it back, or run `hrp rebuild` to judge every file again under the new share",
}


class SettingChangedError(RuntimeError):
    """A setting that decides verdicts differs from the one the warehouse's files were read under."""


def check_verdict_settings(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse a night under settings other than those the warehouse's files were read under; record
    them on the first night (or the first after this check came in)."""
    now = {name: str(getattr(settings(), name)) for name in NEXT_STEP}
    kept = dict(con.execute(sql.render("audit/verdict_settings.sql")).fetchall())
    for name, value in now.items():
        if name in kept and kept[name] != value:
            before = kept[name]
            raise SettingChangedError(
                f"{env_name(name)} is {value}, but this warehouse's files were read under {before}: {NEXT_STEP[name]}"
            )
        if name not in kept:
            con.execute(sql.render("audit/record_verdict_setting.sql"), {"name": name, "value": value})
