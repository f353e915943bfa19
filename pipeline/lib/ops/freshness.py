"""Is every source delivering on time? Each contract says how often its files should arrive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from pipeline.lib.quality.contracts import all_contracts
from pipeline.lib.warehouse import sql


@dataclass(frozen=True)
class SourceFreshness:
    source: str
    cadence_days: int
    last_delivery_at: datetime | None
    held: int
    failed: int

    def age(self, now: datetime) -> timedelta | None:
        return None if self.last_delivery_at is None else now - self.last_delivery_at

    def is_fresh(self, now: datetime) -> bool:
        age = self.age(now)
        return age is not None and age <= timedelta(days=self.cadence_days)

    def describe(self, now: datetime) -> str:
        age = self.age(now)
        if age is None:
            return f"{self.source}: nothing delivered yet (expected every {self.cadence_days} days)"
        state = "on time" if self.is_fresh(now) else "LATE"
        return f"{self.source}: last delivery {age.days} days ago, expected every {self.cadence_days} days ({state})"


def source_freshness(con: duckdb.DuckDBPyConnection) -> list[SourceFreshness]:
    seen = {row[0]: row[1:] for row in con.execute(sql.render("audit/latest_deliveries.sql")).fetchall()}
    return [SourceFreshness(c.source, c.cadence_days, *(seen.get(c.source) or (None, 0, 0))) for c in all_contracts()]
