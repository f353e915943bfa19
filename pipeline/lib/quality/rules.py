"""Great Expectations suites: every rule of a source or mart, with what failing it means.

A source's suite is its contract's column rules (required, allowed values, references, ranges, a
key unique within a delivery) plus the hand-written rules in ``expectations/<source>.json`` that a
contract cannot express. Each expectation's ``meta`` names it, gives its level and the message a
person reads:

* ``row``: failing rows are quarantined with the expectation's name as the reason;
* ``blocking``: the deliveries holding failing rows are held back whole;
* ``warning``: recorded and reported, nothing is stopped.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from pipeline.lib.common import paths
from pipeline.lib.common.config import Strict, parse
from pipeline.lib.common.settings import SOURCES
from pipeline.lib.quality.contracts import Contract, load_contract
from pipeline.lib.quality.described import About
from pipeline.lib.quality.references import reference

EXPECTATIONS_DIR = paths.EXPECTATIONS
Level = Literal["row", "blocking", "warning"]
LEVELS: tuple[Level, ...] = ("row", "blocking", "warning")


# How a suite names the day a row is judged on (``ingest.merge`` passes the end of today)
RUN_DATE = "run_date"
TODAY_PARAMETER = {"$PARAMETER": RUN_DATE}


@dataclass(frozen=True)
class Rule:
    """One expectation, with what failing it means."""

    name: str
    level: Level
    type: str
    kwargs: dict[str, Any]
    message: str
    origin: str
    about: About | None = None  # what it makes sure of, in a reader's words (``described``)
    releasable: bool = True  # whether an operator may accept a delivery it holds as it is (``hrp release``)
    reads_others: bool = False  # whether its verdict reads the source's other deliveries' rows
    decided_by_a_rebuild: bool = False  # what it sets aside, a rebuild counts: a night does not take back

    @property
    def columns(self) -> tuple[str, ...]:
        k = self.kwargs
        if "column" in k:
            return (k["column"],)
        if "column_A" in k:
            return (k["column_A"], k["column_B"])
        return tuple(c for c in k.get("column_list", ()) if not c.startswith("_file"))

    @property
    def reads_today(self) -> bool:
        """Whether its verdict reads the day a row is judged on (the ``run_date`` parameter, the end of
        today): a row it sets aside may pass on a later day, as a rebuild on that day judges it."""
        return TODAY_PARAMETER in self.kwargs.values()

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
                    "required",
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
                    "known_values",
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
                    "known_values",
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
                    "in_range",
                )
            )
    key_fields = ", ".join(f"{k} {{{k}}}" for k in contract.key)
    rules.append(
        Rule(
            "key_unique_within_delivery",
            "blocking",
            # _key_copies: rows of the same delivery with this row's key (sql/validation/batch.sql). GX's
            # expect_compound_columns_to_be_unique cannot name its failing rows on SQL (its index query
            # cross-joins the table), so the same rule is checked as a count GX can name rows by.
            "expect_column_values_to_be_between",
            {"column": "_key_copies", "max_value": 1},
            f"{key_fields} appears more than once in this delivery",
            origin,
            "unique",
        )
    )
    return rules


class ExpectationMeta(Strict):
    """What an expectation means to the pipeline: its name, its level and the message a person reads."""

    name: str
    level: Level
    about: About | None = None  # a source's rule must say it (``described``); a mart's need not
    message: str
    # false: a delivery it holds may not be accepted as it is (``hrp release``), for accepted it would
    # count the same things twice or in a period no figure has; only a corrected file clears it
    releasable: bool = True
    # true: its verdict reads the source's other deliveries (of two request-count files whose periods
    # overlap, the later by name is held; a case version is judged against the case's versions in
    # every file), so the rows of every delivery still in landing/ stay where it reads them,
    # acknowledged or not, as a rebuild over the same files reads them; bytes that come back unjudged
    # are judged against them after the recount (sql/core/after_recount/<source>.sql)
    reads_others: bool = False
    # true: it sets aside what arrived after something it contradicts was counted, which a clean
    # rebuild over the same files counts instead (taking the other back); a night does not take back
    # what it counted, so what it sets aside needs attention until `hrp rebuild`
    decided_by_a_rebuild: bool = False


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
    return [
        Rule(
            e.meta.name,
            e.meta.level,
            e.type,
            e.kwargs,
            e.meta.message,
            where,
            e.meta.about,
            e.meta.releasable,
            e.meta.reads_others,
            e.meta.decided_by_a_rebuild,
        )
        for e in suite.expectations
    ]


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
    untold = [r.name for r in rules if r.about is None]
    if untold:  # the public site tells readers what each check of a source makes sure of
        raise ValueError(f"suite {source}: meta.about missing for {untold} (pipeline/lib/quality/described.py)")
    return tuple(rules)


def rules_decided_by_a_rebuild(source: str) -> list[str]:
    """The rules whose verdict a rebuild decides otherwise (``decided_by_a_rebuild``): of request
    counts, a file sorting before a counted one it overlaps; of cases, a version delivered after a
    later one that is behind it was counted."""
    return [r.name for r in suite_rules(source) if r.decided_by_a_rebuild]


def rebuild_decides(source: str, reason: str) -> bool:
    """Whether a hold's reason names a rule a rebuild decides otherwise."""
    return any(rule in reason for rule in rules_decided_by_a_rebuild(source))


def rules_reading_others(source: str) -> list[str]:
    """The rules whose verdict reads the source's other deliveries (``reads_others``)."""
    return [r.name for r in suite_rules(source) if r.reads_others]


def rules_reading_today() -> list[str]:
    """Every source's rules whose verdict reads the day a row is judged on, as ``source/rule``."""
    return [f"{source}/{rule.name}" for source in SOURCES for rule in suite_rules(source) if rule.reads_today]


def rows_due_parameters(today: date) -> dict[str, Any]:
    """What ``audit/dates_passed.sql`` reads: rows set aside that a rebuild on ``today`` counts are
    those set aside only by rules reading today, for dates passed by then, or by rules a rebuild
    decides otherwise (each as ``source/rule``)."""
    decided = [f"{source}/{rule}" for source in SOURCES for rule in rules_decided_by_a_rebuild(source)]
    return {"rules": rules_reading_today(), "decided": decided, "today": today}


def unreleasable_in(source: str, hold_reason: str) -> list[str]:
    """The rules a delivery is held for that no operator may override (``releasable: false``)."""
    return [r.name for r in suite_rules(source) if not r.releasable and r.name in hold_reason]


def suite_document(name: str, rules: tuple[Rule, ...], description: str = "") -> dict[str, Any]:
    """The suite as GX 1.x JSON."""
    return {"name": name, "meta": {"description": description}, "expectations": [r.gx_config() for r in rules]}
