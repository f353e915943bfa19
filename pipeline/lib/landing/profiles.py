"""Import profiles: how one sender's export maps onto a source's contract, kept as data in the data
root (``profiles/<source>/<sender>.yaml``), so an export loads as its publisher distributes it,
without a hand edit of the file or of the code.

A delivered file picks its profile by the first folder of its landing path: the files under
``landing/<source>/<sender>/`` are read through ``profiles/<source>/<sender>.yaml`` when it exists.
A file with no profile is read exactly as before (its header names the contract's columns).

Like dlt's column hints and Singer's catalog metadata, a profile only declares; it is kept small:
``columns`` (contract column: file column), ``period`` (a file column holding the whole period),
``dates`` (how dates are written), ``not_reported`` (value words meaning "not reported"), ``sums``
(a contract column that is the sum of file columns), ``constants`` (a contract column with one value
for every row) and ``totals`` (the rows that are totals, checked and never loaded).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from pipeline.lib.common.config import ConfigError, Strict, load_yaml
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.quality.countries import RESOLVED_REFERENCES

DateFormat = Literal["YYYY-MM-DD", "M/D/YY", "M/D/YYYY", "D/M/YY", "D/M/YYYY", "D.M.YYYY"]
# Without a profile saying otherwise, a row whose country reads so is a total, never a country.
DEFAULT_TOTAL_WORDS = ("Total", "Totals", "All countries")
PERIOD_COLUMNS = ("period_start", "period_end")


class Totals(Strict):
    """Rows that are totals: ``column`` (a contract column) holds one of ``values``."""

    column: str
    values: list[str] = Field(min_length=1)


class Profile(Strict):
    """One sender's export of one source, as the operator describes it."""

    columns: dict[str, str] = Field(default_factory=dict)
    period: str | None = None
    dates: DateFormat = "YYYY-MM-DD"
    not_reported: list[str] = Field(default_factory=lambda: ["-", "n/a", "—", "–"])
    sums: dict[str, list[str]] = Field(default_factory=dict)
    constants: dict[str, str] = Field(default_factory=dict)
    totals: Totals | None = None

    @model_validator(mode="after")
    def _each_column_once(self) -> Profile:
        given = [*self.columns, *self.sums, *self.constants, *(PERIOD_COLUMNS if self.period else ())]
        twice = sorted({c for c in given if given.count(c) > 1})
        if twice:
            raise ValueError(f"column(s) given more than one way: {', '.join(twice)}")
        return self

    @property
    def file_columns(self) -> list[str]:
        """Every file column the profile reads, in the order it names them."""
        named = [
            *self.columns.values(),
            *([self.period] if self.period else []),
            *(p for s in self.sums.values() for p in s),
        ]
        return list(dict.fromkeys(named))

    @property
    def contract_columns(self) -> list[str]:
        """Every contract column a profiled file delivers."""
        return [*self.columns, *(PERIOD_COLUMNS if self.period else ()), *self.sums, *self.constants]


@dataclass(frozen=True)
class TotalsRule:
    column: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class LoadedProfile:
    sender: str
    where: str  # the file, as a person finds it
    profile: Profile
    fingerprint: str  # of what the profile says (not of its comments or layout)

    @property
    def label(self) -> str:
        """What the manifest records: which profile, and which version of it."""
        return f"{self.sender}@{self.fingerprint}"


def sender_of(relative: str) -> str | None:
    """The sender a landing path belongs to: its first folder, if it is in one."""
    parts = relative.split("/")
    return parts[0] if len(parts) > 1 else None


def profile_for(profiles: Path | None, relative: str, contract: Contract) -> LoadedProfile | None:
    """The profile a delivered file is read through, or None (read by the contract's names)."""
    sender = sender_of(relative)
    if profiles is None or sender is None:
        return None
    path = profiles / f"{sender}.yaml"
    return load_profile(path, contract) if path.is_file() else None


def load_profile(path: Path, contract: Contract) -> LoadedProfile:
    """A profile file, validated against its model and its source's contract."""
    profile = load_yaml(path, Profile)
    where = f"profiles/{path.parent.name}/{path.name}"  # as the operator finds it in the data root
    problems = _against_contract(profile, contract)
    if problems:
        raise ConfigError(*(f"{where}: {p}" for p in problems))
    fingerprint = hashlib.sha256(profile.model_dump_json().encode()).hexdigest()[:12]
    return LoadedProfile(path.stem, where, profile, fingerprint)


def _against_contract(profile: Profile, contract: Contract) -> list[str]:
    known = set(contract.column_names)
    problems = [
        f"{key}.{name}: not a column of the {contract.source} contract"
        for key, names in (("columns", profile.columns), ("sums", profile.sums), ("constants", profile.constants))
        for name in names
        if name not in known
    ]
    if profile.period and not set(PERIOD_COLUMNS) <= known:
        problems.append(f"period: the {contract.source} contract has no period_start and period_end")
    if profile.totals and profile.totals.column not in profile.columns:
        problems.append(f"totals.column: {profile.totals.column} is not one of the profile's columns")
    for name, value in profile.constants.items():
        allowed = contract.column(name).allowed if name in known else None
        if allowed and value not in allowed:
            problems.append(f"constants.{name}: {value!r} is not one of {', '.join(allowed)}")
    given = set(profile.contract_columns)
    missing = [c for c in contract.required_columns if c not in given]
    if missing:
        problems.append(f"(top level): required column(s) not given: {', '.join(missing)}")
    return problems


def totals_rule(contract: Contract, loaded: LoadedProfile | None) -> TotalsRule | None:
    """Which rows are totals: the profile's rule, else a country column reading "Total" and the like."""
    if loaded is not None and loaded.profile.totals is not None:
        return TotalsRule(loaded.profile.totals.column, tuple(loaded.profile.totals.values))
    country = next((c.name for c in contract.columns if c.reference in RESOLVED_REFERENCES), None)
    return TotalsRule(country, DEFAULT_TOTAL_WORDS) if country else None
