"""Verdicts on a validated chunk: failed expectations turned into quarantined rows and held
deliveries, with one message each for people."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.lib.common.settings import hold_share_from_env
from pipeline.lib.ingest.quarantine import Quarantine
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.quality.messages import format_message, offending_value
from pipeline.lib.quality.rules import Rule
from pipeline.lib.quality.runner import RuleOutcome

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class DeliveryVerdict:
    sha256: str
    path: str
    rows: int
    released: bool = False
    rejected_rows: set[int] = field(default_factory=set)
    hold_reasons: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return bool(self.hold_reasons)


@dataclass
class ValidationReport:
    source: str
    deliveries: list[DeliveryVerdict] = field(default_factory=list)
    outcomes: list[RuleOutcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line per problem, for people
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # rule -> values
    result_paths: list[str] = field(default_factory=list)
    rows_merged: int = 0

    @property
    def held(self) -> list[DeliveryVerdict]:
        return [d for d in self.deliveries if d.held]

    @property
    def rows_validated(self) -> int:
        return sum(d.rows for d in self.deliveries)

    @property
    def rows_quarantined(self) -> int:
        return sum(len(d.rejected_rows) for d in self.deliveries if not d.held)

    def failed_rules(self, level: str) -> dict[str, tuple[int, Rule]]:
        """Failed expectations of a level, with the number of rows that broke them."""
        failed: dict[str, tuple[int, Rule]] = {}
        for o in self.outcomes:
            if not o.success and o.level == level:
                count, _ = failed.get(o.rule.name, (0, o.rule))
                failed[o.rule.name] = (count + o.unexpected_count, o.rule)
        return failed


def judge(
    contract: Contract,
    frame: pd.DataFrame,
    outcomes: list[RuleOutcome],
    verdicts: dict[str, DeliveryVerdict],
    run_id: str,
    report: ValidationReport,
) -> Quarantine:
    """Turn failed expectations into quarantined rows and held deliveries, with one message each."""
    shas = frame["_file_sha256"].to_numpy()
    rows = frame["_row_number"].to_numpy()
    quarantine = Quarantine(contract.source, run_id)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for o in outcomes:
        if o.success or o.level == "warning":
            continue
        if o.error:
            for v in verdicts.values():
                v.hold_reasons.append(f"{o.rule.name} could not be evaluated: {o.error}")
            continue
        for index in o.failing_index:
            sha, row_number = str(shas[index]), int(rows[index])
            record = frame.iloc[index].to_dict()
            message = format_message(o.rule, record, contract)
            value = offending_value(o.rule, record, contract)
            seen = report.examples[o.rule.name]
            if value is not None and value not in seen and len(seen) < 3:
                seen.append(value)
            verdict = verdicts[sha]
            if o.level == "row":
                verdict.rejected_rows.add(row_number)
                quarantine.add(
                    sha,
                    verdict.path,
                    row_number,
                    contract.delivered_name(o.rule.columns[0]) if o.rule.columns else None,
                    o.rule.name,
                    message,
                    value,
                )
                report.problems.append(f"{contract.source}/{verdict.path} row {row_number}: {message}")
            elif verdict.released:
                report.problems.append(
                    f"{contract.source}/{verdict.path} row {row_number}: {message} "
                    "(blocking rule overridden: the delivery was released by an operator)"
                )
            else:
                listed = examples[(sha, o.rule.name)]
                if len(listed) < 3:
                    listed.append(f"row {row_number}: {message}")
                if len(listed) == 1:
                    verdict.hold_reasons.append(o.rule.name)
    _hold_mostly_rejected(verdicts, hold_share_from_env())
    # a held delivery's rows are held whole: its row-level problems are reported, not quarantined
    quarantine.rows = [r for r in quarantine.rows if not verdicts[r["sha256"]].held]
    for verdict in verdicts.values():
        if verdict.held:
            reasons = [
                f"{name} ({'; '.join(examples[(verdict.sha256, name)])})" if examples[(verdict.sha256, name)] else name
                for name in verdict.hold_reasons
            ]
            verdict.hold_reasons = reasons
            report.problems.append(
                f"{contract.source}/{verdict.path}: delivery held, it breaks a blocking rule: " + "; ".join(reasons)
            )
    return quarantine


def _hold_mostly_rejected(verdicts: dict[str, DeliveryVerdict], share: float) -> None:
    """A delivery most of whose rows break row rules is held whole (unless an operator released it).
    A one-row delivery is exempt: one row cannot tell a wrong file from a bad row."""
    for verdict in verdicts.values():
        rejected = len(verdict.rejected_rows)
        if verdict.held or verdict.released or verdict.rows < 2 or rejected / verdict.rows <= share:
            continue
        verdict.hold_reasons.append(
            f"mostly_rejected ({rejected:,} of {verdict.rows:,} rows break row rules, more than {share:.0%}: "
            "is it the right file?)"
        )
