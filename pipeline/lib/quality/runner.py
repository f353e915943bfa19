"""Running a suite through Great Expectations, and keeping what it found fit to store.

GX 1.x cannot validate DuckDB through its SQL datasource, so batches reach it as pandas frames
(DuckDB -> Arrow -> pandas). Importing GX costs seconds, so it happens once per process and only
when there is something to validate.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.lib.quality.messages import WITHHELD
from pipeline.lib.quality.rules import Level, Rule, suite_document

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

_MAX_LISTED = 50


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
