"""A dry run of one file (``hrp check FILE``): through its profile and the contract, by the very code a
night runs (staging, the suite, the verdicts), in a warehouse in memory, so that the check and the
night cannot disagree and the real warehouse is never touched.

It says which contract columns map and from what, which file columns are ignored (named for a source
with no person ids or free text, else only counted), how many rows would load, every row that would
be set aside (row number, column, rule: never what the row held) and what the total rows say.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.lib.common.fiscal import end_of_today
from pipeline.lib.ingest.merge import validate_and_merge
from pipeline.lib.ingest.quarantine import rows_set_aside
from pipeline.lib.ingest.setup import initialise
from pipeline.lib.ingest.spellings import waiting_spellings
from pipeline.lib.ingest.stage import stage_new_deliveries
from pipeline.lib.landing.discover import LandingFile, describe
from pipeline.lib.landing.profiled import profiled_header
from pipeline.lib.landing.profiles import LoadedProfile, profile_for
from pipeline.lib.landing.shape import UnreadableFileError, csv_header, match_columns, names_shown
from pipeline.lib.quality import runner as validation
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import scratch

RUN_ID = "check"


@dataclass
class CheckedFile:
    source: str
    file: str
    profile: str | None = None  # where the profile is, and its version
    mapped: list[tuple[str, str]] = field(default_factory=list)  # contract column, where it comes from
    ignored: list[str] = field(default_factory=list)  # named, or one "N column(s)" entry
    status: str = ""  # what the night would make of it: loaded | held | failed
    error: str | None = None
    rows_read: int = 0
    rows_would_load: int = 0
    set_aside: list[dict[str, Any]] = field(default_factory=list)  # row, column, rule
    hold_reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    countries: list[dict[str, str]] = field(default_factory=list)  # spelling, what it may mean, the answer

    @property
    def exit_code(self) -> int:
        """0 when every row would load, 1 when rows would be set aside (or held), 2 when unreadable."""
        if self.status == "failed":
            return 2
        return 0 if self.status == "loaded" and not self.set_aside else 1

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_file(path: Path, contract: Contract, sender: str | None, profiles: Path, workdir: Path) -> CheckedFile:
    """What a night would make of ``path`` delivered as ``sender``'s file of ``contract``'s source."""
    relative = f"{sender}/{path.name}" if sender else path.name
    landing = workdir / "landing"
    (landing / relative).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, landing / relative)
    settled = time.time() - 7 * 24 * 3600  # a file handed to the check is complete: not "being written"
    os.utime(landing / relative, (settled, settled))
    checked = CheckedFile(contract.source, path.name)
    loaded = profile_for(profiles, relative, contract)
    checked.profile = f"{loaded.where} ({loaded.label})" if loaded else None
    _describe_columns(checked, describe(landing / relative, relative), contract, loaded)
    with scratch(secrets.token_bytes(32)) as con:
        initialise(con)
        staged = stage_new_deliveries(con, contract, landing, RUN_ID, profiles=profiles)
        if staged.problems():
            checked.status, checked.error = "failed", staged.files[0].error
            return checked
        report = validate_and_merge(
            con,
            contract,
            RUN_ID,
            lambda: validation.runner(workdir / "data-docs"),
            workdir / "results",
            end_of_today(),
        )
        status, rows_read, rows_loaded, notes = con.execute(sql.render("ops/checked_delivery.sql")).fetchall()[0]
        found = rows_set_aside(con)
        asked = waiting_spellings(con)
    checked.countries = [{"spelling": w.spelling, "problem": w.problem, "action": w.action} for w in asked]
    checked.status, checked.rows_read, checked.rows_would_load = status, int(rows_read), int(rows_loaded or 0)
    checked.notes = [n for n in (notes or "").split("; ") if n and not n.startswith(("read through", "ignored"))]
    checked.set_aside = [{"row": r.row, "column": r.column, "rule": r.rule} for r in found]
    checked.hold_reasons = [reason for d in report.held for reason in d.hold_reasons]
    return checked


def _describe_columns(
    checked: CheckedFile, file: LandingFile, contract: Contract, loaded: LoadedProfile | None
) -> None:
    """Which columns map and which are ignored; an unreadable header is left to the staging to say."""
    try:
        if loaded is not None:
            header, _, _ = profiled_header(file, loaded, contract)
            profile = loaded.profile
            checked.mapped = [(c, f) for c, f in profile.columns.items()]
            if profile.period:
                checked.mapped += [("period_start", profile.period), ("period_end", profile.period)]
            checked.mapped += [(c, " + ".join(parts)) for c, parts in profile.sums.items()]
            checked.mapped += [(c, f"= {value}") for c, value in profile.constants.items()]
            unread = [h for h in header if h not in set(profile.file_columns)]
        elif file.format == "csv":
            header, _ = csv_header(file, contract)
            columns, _ = match_columns(header, contract)
            checked.mapped = list(columns.items())
            unread = [h.strip() for h in header if h.strip().lower() not in contract.column_names]
        else:
            return
    except UnreadableFileError:
        return
    checked.ignored = unread if names_shown(contract) or not unread else [f"{len(unread)} column(s)"]
