"""Great Expectations suites and the verdicts drawn from them.

A source's suite is its contract's column rules (required, allowed values, references, ranges, a
key unique within a delivery) plus the hand-written rules in ``expectations/<source>.json`` that a
contract cannot express. Each expectation's ``meta`` names it, gives its level and the message a
person reads:

* ``row``: failing rows are quarantined with the expectation's name as the reason;
* ``blocking``: the deliveries holding failing rows are held back whole;
* ``warning``: recorded and reported, nothing is stopped.

GX 1.x cannot validate DuckDB through its SQL datasource, so batches reach it as pandas frames
(DuckDB -> Arrow -> pandas). Importing GX costs seconds, so it happens once per process and only
when there is something to validate.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import string
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pipeline.lib.common import paths
from pipeline.lib.common.config import Strict, parse
from pipeline.lib.quality.contracts import Column, Contract, load_contract, reference

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

EXPECTATIONS_DIR = paths.EXPECTATIONS
Level = Literal["row", "blocking", "warning"]
LEVELS: tuple[Level, ...] = ("row", "blocking", "warning")
WITHHELD = "[withheld]"
_MAX_LISTED = 50


@dataclass(frozen=True)
class Rule:
    """One expectation, with what failing it means."""

    name: str
    level: Level
    type: str
    kwargs: dict[str, Any]
    message: str
    origin: str

    @property
    def columns(self) -> tuple[str, ...]:
        k = self.kwargs
        if "column" in k:
            return (k["column"],)
        if "column_A" in k:
            return (k["column_A"], k["column_B"])
        return tuple(c for c in k.get("column_list", ()) if not c.startswith("_file"))

    @property
    def message_fields(self) -> tuple[str, ...]:
        return tuple(f for _, f, _, _ in string.Formatter().parse(self.message) if f)

    def gx_config(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "kwargs": self.kwargs,
            "meta": {"name": self.name, "level": self.level, "message": self.message, "origin": self.origin},
        }


def contract_rules(contract: Contract) -> list[Rule]:
    """The column-level rules a contract implies, as expectations (single source of truth)."""
    origin = f"pipeline/contracts/{contract.source}.yaml"
    rules: list[Rule] = []
    for column in contract.kept_columns:
        col = column.stored_name
        if column.required:
            rules.append(
                Rule(
                    f"{column.name}_required",
                    "row",
                    "expect_column_values_to_not_be_null",
                    {"column": col},
                    f"{column.name} is required but empty",
                    origin,
                )
            )
        if column.allowed:
            rules.append(
                Rule(
                    f"{column.name}_allowed",
                    "row",
                    "expect_column_values_to_be_in_set",
                    {"column": col, "value_set": list(column.allowed)},
                    f"{column.name} {{{col}}} is not one of {', '.join(column.allowed)}",
                    origin,
                )
            )
        if column.reference:
            rules.append(
                Rule(
                    f"{column.name}_in_{column.reference}",
                    "row",
                    "expect_column_values_to_be_in_set",
                    {"column": col, "value_set": list(reference(column.reference).codes)},
                    f"{column.name} {{{col}}} is not in the {column.reference} reference",
                    origin,
                )
            )
        if column.min is not None or column.max is not None:
            bounds = {k: v for k, v in (("min_value", column.min), ("max_value", column.max)) if v is not None}
            shown = f"{column.min if column.min is not None else '…'}..{column.max if column.max is not None else '…'}"
            rules.append(
                Rule(
                    f"{column.name}_in_range",
                    "row",
                    "expect_column_values_to_be_between",
                    {"column": col, **bounds},
                    f"{column.name} {{{col}}} is outside {shown}",
                    origin,
                )
            )
    key_fields = ", ".join(f"{k} {{{k}}}" for k in contract.key)
    rules.append(
        Rule(
            "key_unique_within_delivery",
            "blocking",
            "expect_compound_columns_to_be_unique",
            {"column_list": ["_file_sha256", *contract.key]},
            f"{key_fields} appears more than once in this delivery",
            origin,
        )
    )
    return rules


class ExpectationMeta(Strict):
    """What an expectation means to the pipeline: its name, its level and the message a person reads."""

    name: str
    level: Level
    message: str


class Expectation(Strict):
    type: str
    kwargs: dict[str, Any]
    meta: ExpectationMeta


class SuiteDescription(Strict):
    description: str


class SuiteFile(Strict):
    """An ``expectations/*.json`` file: a named suite of hand-written expectations."""

    name: str
    meta: SuiteDescription
    expectations: tuple[Expectation, ...]


def parse_suite_file(raw: Any, where: str) -> list[Rule]:
    """The rules of a parsed suite file; :class:`ConfigError` names the file, the key and the reason."""
    suite = parse(SuiteFile, raw, where)
    return [Rule(e.meta.name, e.meta.level, e.type, e.kwargs, e.meta.message, where) for e in suite.expectations]


def file_rules(relative: str) -> list[Rule]:
    """The expectations of a suite file, ``expectations/<relative>``."""
    document = json.loads((EXPECTATIONS_DIR / relative).read_text(encoding="utf-8"))
    return parse_suite_file(document, f"expectations/{relative}")


@cache
def mart_rules(mart: str) -> tuple[Rule, ...]:
    """A mart's suite: all of it hand-written, in ``expectations/marts/<mart>.json``."""
    return tuple(file_rules(f"marts/{mart}.json"))


@cache
def suite_rules(source: str) -> tuple[Rule, ...]:
    """Every rule of a source's suite: the contract's, then the hand-written ones."""
    rules = [*contract_rules(load_contract(source)), *file_rules(f"{source}.json")]
    names = [r.name for r in rules]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"suite {source}: expectation names used twice: {sorted(duplicates)}")
    return tuple(rules)


def suite_document(name: str, rules: tuple[Rule, ...], description: str = "") -> dict[str, Any]:
    """The suite as GX 1.x JSON."""
    return {"name": name, "meta": {"description": description}, "expectations": [r.gx_config() for r in rules]}


# ----------------------------------------------------------------------------- running the suite


@dataclass
class RuleOutcome:
    rule: Rule
    success: bool
    element_count: int
    unexpected_count: int
    failing_index: list[int]
    error: str | None = None

    @property
    def level(self) -> Level:
        # an expectation that could not even be evaluated holds the delivery back: safer than guessing
        return "blocking" if self.error else self.rule.level


@dataclass
class SuiteOutcome:
    suite: str
    outcomes: list[RuleOutcome]
    result_document: dict[str, Any]

    @property
    def success(self) -> bool:
        return all(o.success for o in self.outcomes)


class ExpectationRunner:
    """A Great Expectations context for this process, with a Data Docs site under ``docs_dir``."""

    def __init__(self, docs_dir: Path) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        self.docs_dir = docs_dir
        if docs_dir.exists():
            shutil.rmtree(docs_dir)  # Data Docs describe this process's run only
        docs_dir.mkdir(parents=True)
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.context.add_data_docs_site(
            site_name="pipeline",
            site_config={
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            },
        )
        datasource = self.context.data_sources.add_pandas("staged_batches")
        self._batch = datasource.add_dataframe_asset("staged_batch").add_batch_definition_whole_dataframe("whole")
        self._definitions: dict[str, Any] = {}

    def _definition(self, suite_name: str, rules: tuple[Rule, ...]) -> Any:
        if suite_name not in self._definitions:
            gx = self._gx
            suite = self.context.suites.add(gx.ExpectationSuite(**suite_document(suite_name, rules)))
            self._definitions[suite_name] = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=suite_name, data=self._batch, suite=suite)
            )
        return self._definitions[suite_name]

    def build_docs(self) -> Path:
        """Rebuild the Data Docs site from every validation of this process (once per suite run,
        not per batch: building them costs more than validating a small batch)."""
        self.context.build_data_docs(site_names=["pipeline"])
        return self.docs_dir / "index.html"

    def validate(
        self,
        suite_name: str,
        rules: tuple[Rule, ...],
        frame: pd.DataFrame,
        parameters: dict[str, Any],
        sensitive_columns: frozenset[str] = frozenset(),
    ) -> SuiteOutcome:
        """Validate in two passes: the whole suite asking only whether each expectation holds (cheap),
        then only the expectations that failed, asking which rows broke them."""
        whole = self._run(suite_name, rules, frame, parameters, "BOOLEAN_ONLY")
        verdicts = _by_rule(whole)
        failed = tuple(r for r in rules if not verdicts[r.name].success)
        details = (
            _by_rule(self._run(f"{suite_name}.failures.{_names_key(failed)}", failed, frame, parameters, "COMPLETE"))
            if failed
            else {}
        )
        outcomes = [_outcome(r, details.get(r.name) or verdicts[r.name], len(frame)) for r in rules]
        # The kept document is the whole suite's result, with the detailed result of each failure.
        document = whole.to_json_dict()
        document["results"] = [(details.get(r.name) or verdicts[r.name]).to_json_dict() for r in rules]
        document["success"] = not failed
        return SuiteOutcome(suite_name, outcomes, redact_result(document, sensitive_columns))

    def _run(
        self,
        suite_name: str,
        rules: tuple[Rule, ...],
        frame: pd.DataFrame,
        parameters: dict[str, Any],
        result_format: str,
    ) -> Any:
        return self._definition(suite_name, rules).run(
            batch_parameters={"dataframe": frame},
            expectation_parameters=parameters,
            result_format={"result_format": result_format},
        )


def _by_rule(validation: Any) -> dict[str, Any]:
    return {item.expectation_config.meta["name"]: item for item in validation.results}


def _names_key(rules: tuple[Rule, ...]) -> str:
    """A short stable name for the sub-suite of these rules (GX keys suites by name)."""
    return hashlib.sha256(",".join(r.name for r in rules).encode()).hexdigest()[:10]


def _outcome(rule: Rule, item: Any, rows: int) -> RuleOutcome:
    info = item.exception_info or {}
    result = item.result or {}
    return RuleOutcome(
        rule=rule,
        success=bool(item.success),
        element_count=int(result.get("element_count") or rows),
        unexpected_count=int(result.get("unexpected_count") or 0),
        failing_index=[int(i) for i in result.get("unexpected_index_list") or [] if isinstance(i, int | float)],
        error=info.get("exception_message") if info.get("raised_exception") else None,
    )


_VALUE_LISTS = (
    "unexpected_list",
    "partial_unexpected_list",
    "partial_unexpected_counts",
    "unexpected_index_list",
    "partial_unexpected_index_list",
    "unexpected_index_query",
)


def redact_result(document: dict[str, Any], sensitive_columns: frozenset[str]) -> dict[str, Any]:
    """A validation result fit to keep: value lists capped, and none at all for sensitive columns."""
    for item in document.get("results", []):
        kwargs = item.get("expectation_config", {}).get("kwargs", {})
        touched = {kwargs.get("column"), kwargs.get("column_A"), kwargs.get("column_B"), *kwargs.get("column_list", [])}
        result = item.get("result") or {}
        for key in _VALUE_LISTS:
            if key not in result:
                continue
            if touched & sensitive_columns:
                result[key] = WITHHELD
            elif isinstance(result[key], list) and len(result[key]) > _MAX_LISTED:
                result[key] = [*result[key][:_MAX_LISTED], f"... {len(result[key]) - _MAX_LISTED} more"]
        if len(kwargs.get("value_set", [])) > _MAX_LISTED:
            kwargs["value_set"] = f"{len(kwargs['value_set'])} reference codes"
    return document


def arrow_to_pandas(arrow: pa.Table) -> pd.DataFrame:
    """The frame Great Expectations validates: dates and times as nanosecond datetimes, the only kind
    its between-checks compare in bulk (others it compares one value at a time, ten times slower)."""
    return arrow.to_pandas(date_as_object=False, coerce_temporal_nanoseconds=True)


@cache
def runner(docs_dir: Path) -> ExpectationRunner:
    """The process's one runner (importing GX is the expensive part)."""
    return ExpectationRunner(docs_dir)


# ------------------------------------------------------------------------------------- messages


def show(value: object) -> str:
    """A value as a message shows it: quoted text, ISO dates, '(empty)' for nothing."""
    if value is None or (isinstance(value, float) and value != value):
        return "(empty)"
    if hasattr(value, "isoformat") and isinstance(value, datetime):
        return (
            value.isoformat(sep=" ")
            if (value.hour, value.minute, value.second) != (0, 0, 0)
            else value.date().isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    text = str(value)
    if len(text) > 80:
        text = text[:77] + "..."
    text = re.sub(r"[\r\n\t]", " ", text)
    text = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)
    return "'" + text + "'"


def format_message(rule: Rule, row: dict[str, Any], contract: Contract | None) -> str:
    """The rule's message filled in from one failing row, with personal values withheld."""
    values = {}
    for field in rule.message_fields:
        values[field] = WITHHELD if not _may_show(field, contract) else show(_plain(row.get(field)))
    return rule.message.format(**values)


def offending_value(rule: Rule, row: dict[str, Any], contract: Contract) -> str | None:
    """The value that broke the rule, when it may be stored (never free text or person ids)."""
    if not rule.columns:
        return None
    column = rule.columns[0]
    if not _may_show(column, contract):
        return None
    value = _plain(row.get(column))
    return None if value is None else str(value.isoformat() if hasattr(value, "isoformat") else value)


def _may_show(column: str, contract: Contract | None) -> bool:
    if contract is None:  # marts hold no personal values
        return True
    stored = {c.stored_name: c for c in contract.columns}
    col: Column | None = stored.get(column)
    return col.may_be_shown if col is not None else not column.startswith("_file")


def _plain(value: object) -> object:
    """pandas scalars (Timestamp, NaT, numpy numbers) as plain Python values."""
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):
        try:
            return value.to_pydatetime()
        except (ValueError, TypeError):
            return None
    if hasattr(value, "item"):
        return value.item()
    try:
        if value != value:  # NaN, NaT
            return None
    except (TypeError, ValueError):
        pass
    return value
