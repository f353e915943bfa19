"""Running a suite through Great Expectations, and keeping what it found fit to store.

Staged batches are validated inside DuckDB, through GX's SQL datasource on a table of the batch
(``gx_duckdb`` holds the one fix GX 1.24 needs for that); GX counts the failing rows of each rule,
and the query that selects their keys (``_file_sha256``, ``_row_number``) is written from the rule
(``failing``), since GX's own leaves out the missing values and conditions a rule ignores. The
marts, a few hundred rows, still go through GX's pandas datasource. Importing GX costs seconds, so it happens once per
process and only when there is something to validate.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.lib.quality import gx_duckdb
from pipeline.lib.quality.failing import failing_rows_query
from pipeline.lib.quality.messages import WITHHELD
from pipeline.lib.quality.rules import Level, Rule, suite_document
from pipeline.lib.warehouse import sql

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    import pyarrow as pa

_MAX_LISTED = 50
BATCH_TABLE = "validation_batch"  # the temporary table of the staged batch that GX validates
NARROWED_SET_SIZE = 200  # value sets bigger than this are cut to the values the batch holds
# What a staged batch's validation asks GX for: each rule's verdict and counts (of rows, missing and
# breaking values), none of the breaking values themselves and no query of their indexes. The rows
# come from the rule's own query (``failing``); asking GX for more would only cost metric queries
# and keep delivered values in the result, where they would have to be withheld again.
COUNTS_ONLY = {"result_format": "BASIC", "partial_unexpected_count": 0}


@dataclass
class RuleOutcome:
    rule: Rule
    success: bool
    element_count: int
    unexpected_count: int
    failing_index: list[int]
    error: str | None = None
    failing_query: str | None = None  # the failing rows' keys, from the rule itself (SQL validation)
    failing_parameters: dict[str, Any] = field(default_factory=dict)  # the values that query binds

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
    """A Great Expectations context for this process (``docs_dir`` is kept empty: no Data Docs)."""

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
        datasource = self.context.data_sources.add_pandas("staged_batches")
        self._batch = datasource.add_dataframe_asset("staged_batch").add_batch_definition_whole_dataframe("whole")
        gx_duckdb.install()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._table: Any = None  # GX checks the table when the asset is added: added at first use
        self._definitions: dict[str, Any] = {}

    def _lent(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise RuntimeError("no DuckDB connection lent to Great Expectations")
        return self._con

    def _definition(self, suite_name: str, rules: tuple[Rule, ...], data: Any = None) -> Any:
        if suite_name not in self._definitions:
            gx = self._gx
            suite = self.context.suites.add(gx.ExpectationSuite(**suite_document(suite_name, rules)))
            self._definitions[suite_name] = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=suite_name, data=data or self._batch, suite=suite)
            )
        return self._definitions[suite_name]

    def validate_table(
        self,
        con: duckdb.DuckDBPyConnection,
        suite_name: str,
        rules: tuple[Rule, ...],
        parameters: dict[str, Any],
        sensitive_columns: frozenset[str] = frozenset(),
    ) -> SuiteOutcome:
        """Validate the batch table (``validation_batch`` on ``con``) inside DuckDB, asking only how many
        rows break each expectation. The failed row and blocking expectations come back with the query
        that selects their failing rows, written from the rule itself (``failing``): GX's own query for
        them leaves out what the rule ignores. Warnings are counted, not listed."""
        self._con = con
        try:
            narrowed = _narrowed_sets(con, rules)
            checked = tuple(_narrowed(r) for r in rules)
            whole = self._run_table(suite_name, checked, {**parameters, **narrowed}, COUNTS_ONLY)
            verdicts = _by_rule(whole)
        finally:
            self._con = None
        rows = int(next(iter(verdicts.values())).result.get("element_count") or 0) if verdicts else 0
        outcomes = [_outcome(r, verdicts[r.name], rows) for r in rules]
        for o in outcomes:
            if not o.success and not o.error and o.level != "warning":
                o.failing_query, o.failing_parameters = failing_rows_query(o.rule, BATCH_TABLE, parameters)
        document = whole.to_json_dict()
        document["success"] = all(o.success or o.level == "warning" for o in outcomes)
        return SuiteOutcome(suite_name, outcomes, redact_result(document, sensitive_columns))

    def _table_batch(self) -> Any:
        if self._table is None:
            warehouse = self.context.data_sources.add_sql(  # type: ignore[call-arg]
                "warehouse", connection_string="duckdb:///:memory:", kwargs=gx_duckdb.lent_connection_kwargs(self._lent)
            )
            asset = warehouse.add_table_asset(BATCH_TABLE, table_name=BATCH_TABLE)
            self._table = asset.add_batch_definition_whole_table("whole")
        return self._table

    def _run_table(
        self, suite_name: str, rules: tuple[Rule, ...], parameters: dict[str, Any], result_format: dict[str, Any]
    ) -> Any:
        definition = self._definition(f"table.{suite_name}", rules, self._table_batch())
        return definition.run(expectation_parameters=parameters, result_format=result_format)

    def build_docs(self) -> Path:
        """Data Docs are no longer built: they render delivered values unescaped and load scripts and
        styles from outside hosts. Operators read ``pipeline/lib/ops/validation_page`` instead."""
        return self.docs_dir

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


def _narrowed(rule: Rule) -> Rule:
    """A set check against a big reference (thousands of language codes) with its value set taken from
    an expectation parameter: GX would otherwise send the whole set as one huge ``IN (...)`` list."""
    if rule.type != "expect_column_values_to_be_in_set" or len(rule.kwargs.get("value_set", ())) <= NARROWED_SET_SIZE:
        return rule
    kwargs = {**rule.kwargs, "value_set": {"$PARAMETER": f"{rule.name}__present"}}
    return replace(rule, kwargs=kwargs)


def _narrowed_sets(con: duckdb.DuckDBPyConnection, rules: tuple[Rule, ...]) -> dict[str, list[Any]]:
    """For each narrowed set check, the allowed values the batch actually holds: the same verdict on
    this batch as the whole reference, at the cost of a short list ('' never occurs: empty text is
    stored as NULL, so it stands for "none of them")."""
    narrowed: dict[str, list[Any]] = {}
    for rule in rules:
        if _narrowed(rule) is not rule:
            present = con.execute(
                sql.render("validation/present_values.sql", table=BATCH_TABLE, column=rule.kwargs["column"]),
                {"allowed": list(rule.kwargs["value_set"])},
            ).fetchall()
            narrowed[f"{rule.name}__present"] = sorted(v for (v,) in present) or [""]
    return narrowed


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
