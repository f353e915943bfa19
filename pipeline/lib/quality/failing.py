"""The rows a failed expectation counted, selected from the rule itself.

Great Expectations' own ``unexpected_index_query`` is not the set it counts: for a column pair it
drops ``ignore_row_if`` (every row with a missing value comes back as failing) and it leaves a
``row_condition`` out altogether. A delivery whose rows merely lack an optional value was therefore
set aside, or held whole, only when another delivery in the same batch really broke the rule: its
verdict depended on its company. So the failing rows are selected here from the rule's type,
column(s), condition and the missing values it ignores (``sql/validation/rule_failing_rows.sql``),
and ``judge`` checks their number against GX's ``unexpected_count`` before setting any row aside.

A rule of a type or with an option this module does not know is refused with its name rather than
guessed at; ``tests/unit/quality/test_failing.py`` renders every rule of every suite and compares
the rows with the keys GX itself lists.
"""

from __future__ import annotations

from typing import Any

from pipeline.lib.quality.rules import Rule
from pipeline.lib.warehouse import sql

_SINGLE = (
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_be_null",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_be_between",
)
_PAIR = ("expect_column_pair_values_to_be_equal", "expect_column_pair_values_a_to_be_greater_than_b")
# Options that change which rows fail; ``mostly`` changes only whether the rule fails, never which rows.
_OPTIONS = {"value_set", "min_value", "max_value", "or_equal", "ignore_row_if", "row_condition", "mostly"}
_OPERATORS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "IN": "IN", "NOT_IN": "NOT IN"}


class UnsupportedRuleError(ValueError):
    """A rule whose failing rows this module cannot select exactly as GX counts them."""


class FailingRowsMismatchError(RuntimeError):
    """The rows selected as breaking a rule are not as many as GX counted: nothing is set aside."""


def failing_rows_query(rule: Rule, table: str, parameters: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The statement selecting the keys (``_file_sha256``, ``_row_number``) of the rows of ``table``
    that break ``rule``, and the values it binds (``$PARAMETER`` values resolved from ``parameters``)."""
    kwargs = {k: _resolved(rule, v, parameters) for k, v in rule.kwargs.items()}
    columns = {k: kwargs.pop(k) for k in ("column", "column_A", "column_B") if k in kwargs}
    unknown = set(kwargs) - _OPTIONS
    if unknown:
        raise UnsupportedRuleError(f"rule {rule.name}: options {sorted(unknown)} are not known to failing.py")
    if rule.type in _PAIR and kwargs.get("ignore_row_if") != "either_value_is_missing":
        raise UnsupportedRuleError(f"rule {rule.name}: a pair rule must say ignore_row_if: either_value_is_missing")
    expected = {"column_A", "column_B"} if rule.type in _PAIR else {"column"}
    if rule.type not in (*_SINGLE, *_PAIR) or set(columns) != expected:
        raise UnsupportedRuleError(f"rule {rule.name}: {rule.type} with {sorted(columns)} is not known to failing.py")
    bound = {k: kwargs[k] for k in ("value_set", "min_value", "max_value") if kwargs.get(k) is not None}
    condition = _condition(rule, kwargs.get("row_condition"), parameters)
    if condition:
        bound["condition"] = condition.pop("parameter")
    text = sql.render(
        "validation/rule_failing_rows.sql",
        table=table,
        type=rule.type,
        condition=condition,
        has_min="min_value" in bound,
        has_max="max_value" in bound,
        or_equal=bool(kwargs.get("or_equal")),
        **columns,
    )
    return text, bound


def _resolved(rule: Rule, value: Any, parameters: dict[str, Any]) -> Any:
    if isinstance(value, dict) and set(value) == {"$PARAMETER"}:
        name = value["$PARAMETER"]
        if name not in parameters:
            raise UnsupportedRuleError(f"rule {rule.name}: parameter {name} was not given")
        return parameters[name]
    return value


def _condition(rule: Rule, condition: Any, parameters: dict[str, Any]) -> dict[str, Any] | None:
    """A structured ``row_condition`` of one comparison, as the template writes it."""
    if condition is None:
        return None
    if (
        not isinstance(condition, dict)
        or condition.get("type") != "comparison"
        or condition.get("operator") not in _OPERATORS
    ):
        raise UnsupportedRuleError(f"rule {rule.name}: only a row_condition of one comparison is known to failing.py")
    operator = condition["operator"]
    return {
        "column": condition["column"]["name"],
        "operator": _OPERATORS[operator],
        "listed": operator in ("IN", "NOT_IN"),
        "parameter": _resolved(rule, condition["parameter"], parameters),
    }


def mostly_rejected(rows: int, rejected: int, share: float) -> str | None:
    """The hold reason of a delivery most of whose rows break row rules (rows set aside only for a date,
    or for other files, left out of ``rejected``): is it the wrong file? None for a one-row delivery,
    since one row cannot tell a wrong file from a bad row."""
    if rows < 2 or rejected / rows <= share:
        return None
    return (
        f"mostly_rejected ({rejected:,} of {rows:,} rows break row rules, more than {share:.0%}: is it the right file?)"
    )
