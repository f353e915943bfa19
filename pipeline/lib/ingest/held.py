"""Held deliveries: what is held back, and an operator's release of one despite its blocking rule."""

from __future__ import annotations

from typing import Any

import duckdb

from pipeline.lib.ingest.setup import ensure_tables
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.quality.rules import rules_decided_by_a_rebuild, unreleasable_in
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.transaction import transaction


def held_deliveries(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return sql.records(con, "audit/held_deliveries.sql")


class UnreleasableError(ValueError):
    """A held delivery whose rule no operator may override."""


def release(con: duckdb.DuckDBPyConnection, contract: Contract, sha256: str, reason: str) -> bool:
    """Accept a held delivery despite its blocking rule; the next validation merges it.

    Its typed rows waited in staging while it was held (nothing was lost); the next validation reads
    them as they are. Rows that did not parse were quarantined when it was first staged. A delivery
    held for a rule that may not be overridden (a quarter beside the half-year that holds it, a
    period overlapping another: accepted, the same requests would be counted twice, marked complete)
    is refused.
    """
    if not reason.strip():
        raise ValueError("a release needs a reason, for the audit trail")
    held = [r for r in held_deliveries(con) if r["source"] == contract.source and r["sha256"] == sha256]
    blocked = unreleasable_in(contract.source, held[0]["error"] or "") if held else []
    if blocked:
        instead = "set it aside with `hrp acknowledge`"
        if set(blocked) & set(rules_decided_by_a_rebuild(contract.source)):  # set aside, a rebuild's would differ
            instead = "`hrp rebuild`, which holds back the counted file it overlaps"
        raise UnreleasableError(
            f"{contract.source}/{held[0]['path']} is held for {', '.join(blocked)}, which no release may override: "
            "accepted as it is, its rows would be counted twice or in a period no figure has; deliver a corrected "
            f"file under the same name, or {instead}"
        )
    ensure_tables(con, contract)
    missing = con.execute(sql.render("staging/held_rows_missing.sql", source=contract.source), {"sha256": sha256})
    if (found := missing.fetchone()) and found[0]:
        raise UnreleasableError(
            f"{contract.source}/{held[0]['path']}: {found[0]} of its held rows are no longer in the warehouse (an "
            "earlier version cleared them); released, they would be lost: `hrp rebuild` reads the file again, "
            "then release it"
        )
    with transaction(con):
        updated = con.execute(
            sql.render("audit/release_delivery.sql"),
            {"source": contract.source, "sha256": sha256, "reason": reason.strip()},
        ).fetchall()
    return bool(updated and updated[0][0])  # False: nothing was held under that hash
