"""Verdicts on a validated chunk: the rows breaking each failed expectation are gathered in DuckDB
by the rule's own query, and only if they are as many as Great Expectations counted
(``failing_details``: one row per failing row and rule, with its message); deliveries breaking a
blocking rule are held, and the rest is left for a set operation to quarantine (``merge``). Only
the lines people read (problems, a few examples per rule) come back to Python.
"""

from __future__ import annotations

import string
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import duckdb

from pipeline.lib.common.settings import settings
from pipeline.lib.common.words import counted
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.quality.failing import FailingRowsMismatchError, mostly_rejected
from pipeline.lib.quality.messages import may_show
from pipeline.lib.quality.rules import Rule, suite_rules, unreleasable_in
from pipeline.lib.quality.runner import BATCH_TABLE, RuleOutcome
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script

# How a message shows a column of each DuckDB type (sql/validation/show.sql)
_KINDS = {"DATE": "date", "TIMESTAMP": "timestamp", "BOOLEAN": "boolean", "BIGINT": "integer", "INTEGER": "integer"}
_KINDS |= {"DOUBLE": "decimal", "FLOAT": "decimal", "HUGEINT": "integer"}


@dataclass
class DeliveryVerdict:
    sha256: str
    path: str
    rows: int
    released: bool = False
    rejected: int = 0  # rows quarantined by a row-level expectation
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
        return sum(d.rejected for d in self.deliveries if not d.held)

    def failed_rules(self, level: str) -> dict[str, tuple[int, Rule]]:
        """Failed expectations of a level, with the number of rows that broke them."""
        failed: dict[str, tuple[int, Rule]] = {}
        for o in self.outcomes:
            if not o.success and o.level == level:
                count, _ = failed.get(o.rule.name, (0, o.rule))
                failed[o.rule.name] = (count + o.unexpected_count, o.rule)
        return failed


def judge(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    outcomes: list[RuleOutcome],
    verdicts: dict[str, DeliveryVerdict],
    report: ValidationReport,
) -> None:
    """Turn failed expectations into ``failing_details`` and held deliveries, with one message each."""
    run_script(con, "validation/failing_rows.sql")
    judged: list[Rule] = []
    for o in outcomes:
        if o.success or o.level == "warning":
            continue
        if o.error:
            for v in verdicts.values():
                v.hold_reasons.append(f"{o.rule.name} could not be evaluated: {o.error}")
            continue
        if o.failing_query is None:
            raise FailingRowsMismatchError(f"rule {o.rule.name} failed, but no query selects its failing rows")
        _add_failing_rows(con, o, o.failing_query)
        judged.append(o.rule)
    kinds, listed = _column_kinds(con, contract, sql.ident(BATCH_TABLE)), _allowed(contract)
    rendered = [_rendered(r, contract, kinds, listed) for r in judged]
    run_script(con, "validation/failing_details.sql", rules=rendered)
    _report(con, contract, verdicts, report)


def _add_failing_rows(con: duckdb.DuckDBPyConnection, outcome: RuleOutcome, query: str) -> None:
    """Set down the rows breaking one rule, refusing if they are not the ones GX counted: a row is
    never set aside under a rule it does not break, whatever else is in its batch."""
    rule = outcome.rule.name
    con.execute(
        sql.render("validation/add_failing_rows.sql", query=query.strip().rstrip(";")),
        {"rule": rule, **outcome.failing_parameters},
    )
    [(found,)] = con.execute(sql.render("validation/failing_count.sql"), {"rule": rule}).fetchall()
    if found != outcome.unexpected_count:
        raise FailingRowsMismatchError(
            f"rule {rule}: Great Expectations counted {counted(outcome.unexpected_count, 'row')} breaking it, but its "
            f"failing-rows query (pipeline/lib/quality/failing.py) selects {found:,}: no row is set aside under "
            "a rule it may not break; fix the query for this rule before validating again"
        )


def shown_rule(con: duckdb.DuckDBPyConnection, contract: Contract, rule: Rule, relation: str) -> dict[str, Any]:
    """A rule as ``validation/show.sql``'s ``message`` writes it for rows of ``relation`` (any batch or table)."""
    return _rendered(rule, contract, _column_kinds(con, contract, relation), _allowed(contract))


def _column_kinds(con: duckdb.DuckDBPyConnection, contract: Contract, relation: str) -> dict[str, str]:
    """How each column of a relation is shown in a message: by its type; text of a closed list ("known")
    only when it is one of the list's values; a landing file's name that a validation query derives
    (``_…_path``, the operator's own name for it, as every attention line shows it) escaped; else withheld."""
    described = con.execute(sql.render("validation/batch_columns.sql", relation=relation)).fetchall()
    listed = _allowed(contract)
    delivered = {c.stored_name for c in contract.columns}
    kinds = {}
    for name, sql_type in described:
        typed = _KINDS.get(str(sql_type))
        if name.startswith("_") and name.endswith("_path") and name not in delivered:
            typed = "path"
        kinds[name] = "known" if name in listed else typed if typed and may_show(name, contract) else "withheld"
    return kinds


def _allowed(contract: Contract) -> dict[str, tuple[str, ...]]:
    """The closed lists of values of the text columns that may name one of them (a status, and the
    status before it that a validation query derives as ``_previous_status``)."""
    listed = {c.stored_name: c.allowed for c in contract.columns if c.sensitivity == "none" and c.allowed}
    return listed | {f"_previous_{name}": values for name, values in listed.items()}


def _rendered(
    rule: Rule, contract: Contract, kinds: dict[str, str], listed: dict[str, tuple[str, ...]]
) -> dict[str, Any]:
    """A rule as ``failing_details.sql`` writes its message: literal text and the columns to show."""
    parts = [
        (text, field, kinds.get(field, "withheld") if field else None, list(listed.get(field or "", ())))
        for text, field, _, _ in string.Formatter().parse(rule.message)
    ]
    column = rule.columns[0] if rule.columns else None
    value_kind = kinds.get(column, "withheld") if column else None
    return {
        "name": rule.name,
        "level": rule.level,
        "column_name": contract.delivered_name(column) if column else None,
        "parts": parts,
        "value_column": column if value_kind and value_kind != "withheld" else None,
        "value_kind": value_kind,
        "value_allowed": list(listed.get(column or "", ())),
    }


def _report(
    con: duckdb.DuckDBPyConnection, contract: Contract, verdicts: dict[str, DeliveryVerdict], report: ValidationReport
) -> None:
    """Held deliveries, the problem lines and a few example values, read from ``failing_details``."""
    source = contract.source
    for path, row_number, message in con.execute(sql.render("validation/row_problems.sql")).fetchall():
        report.problems.append(f"{source}/{path} row {row_number}: {message}")
    for rule, values in con.execute(sql.render("validation/failing_examples.sql")).fetchall():
        seen = report.examples[rule]
        for value in values or []:
            if value not in seen and len(seen) < 3:
                seen.append(value)
    for sha, rule, examples in con.execute(sql.render("validation/blocking_examples.sql")).fetchall():
        verdict = verdicts[sha]
        if verdict.released and not unreleasable_in(source, rule):  # a release never overrides those
            for line in examples:
                overridden = "(blocking rule overridden: the delivery was released by an operator)"
                report.problems.append(f"{source}/{verdict.path} {line} {overridden}")
        else:
            verdict.hold_reasons.append(f"{rule} ({'; '.join(examples[:3])})")
    dated = [r.name for r in suite_rules(source) if r.reads_today or r.reads_others]
    rules: dict[str, list[str]] = {"dated_rules": dated}
    if contract.tally:  # validated again for rows staged again: the first validation's rows count too
        rules["row_rules"] = [r.name for r in suite_rules(source) if r.level == "row"]
    outside: dict[str, tuple[int, int, int]] = {}  # a tally's rows passed, set aside before, waiting for a name
    shares = sql.render("validation/rejected_per_delivery_before_holds.sql", contract=contract)
    for sha, rejected, passed, set_aside, waiting in con.execute(shares, rules).fetchall():
        verdicts[sha].rejected, outside[sha] = int(rejected), (int(passed), int(set_aside), int(waiting))
    for verdict in verdicts.values():  # a tally is judged whole, as a clean night with any answer since judges it
        passed, set_aside, waiting = outside.get(verdict.sha256, (0, 0, 0))
        rows = verdict.rows + passed + set_aside + waiting
        reason = mostly_rejected(rows, verdict.rejected + set_aside, settings().hold_share)
        if reason and not (verdict.held or verdict.released):  # an operator's release accepts it
            verdict.hold_reasons.append(reason)
        if verdict.held:
            report.problems.append(
                f"{source}/{verdict.path}: delivery held, it breaks a blocking rule: " + "; ".join(verdict.hold_reasons)
            )
