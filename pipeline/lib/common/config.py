"""Loading configuration files into typed models, failing at load with the file, the key and the reason.

Contracts, the metric catalogue, the targets, the expectation files, the disclosure relations, the
management commentary and the reference tables are data the code trusts. A misspelled key, an unknown
value or a stray column must stop the load with one line that says where, not be silently ignored:
every model derives from :class:`Strict` (unknown keys forbidden, immutable) and every file goes through
:func:`load_yaml`, :func:`load_csv` or (for an already parsed document) :func:`parse`.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.lib.common import paths


class Strict(BaseModel):
    """A configuration model: unknown keys are an error and a loaded value cannot be changed."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class ConfigError(ValueError):
    """A configuration file does not match its model; each problem names the file, the key and the
    reason, one line each (``problems``; the message is their lines joined)."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


Model = TypeVar("Model", bound=BaseModel)

_REASONS = {
    "extra_forbidden": "extra key not permitted",
    "missing": "required key missing",
}


def shown_path(path: Path) -> str:
    """A file's path as a person finds it: relative to the checkout (or the installed package) when inside."""
    for root in (paths.CHECKOUT, paths.BUNDLED, paths.PACKAGE.parent):
        if root is None:
            continue
        try:
            return path.resolve().relative_to(root).as_posix()
        except ValueError:
            continue
    return str(path)


def describe(error: ValidationError, where: str) -> list[str]:
    """One line per problem: ``<file>: <dotted key>: <reason>``."""
    lines = []
    for problem in error.errors(include_url=False):
        key = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        reason = _REASONS.get(problem["type"], problem["msg"]).removeprefix("Value error, ")
        lines.append(f"{where}: {key}: {reason}")
    return lines


def parse(model: type[Model], raw: Any, where: str, context: dict[str, Any] | None = None) -> Model:
    """Validate ``raw`` (parsed YAML or JSON) against ``model``; raise :class:`ConfigError` naming ``where``."""
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as error:
        raise ConfigError(*describe(error, where)) from None


def load_yaml(path: Path, model: type[Model], context: dict[str, Any] | None = None) -> Model:
    """A YAML file validated against ``model``; broken YAML is one line too, with the line it breaks on."""
    where = shown_path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f"line {mark.line + 1}: " if mark is not None else ""
        raise ConfigError(f"{where}: {at}not valid YAML ({getattr(error, 'problem', None) or error})") from None
    return parse(model, {} if raw is None else raw, where, context)


def load_csv(path: Path, model: type[Model]) -> tuple[Model, ...]:
    """A CSV file's rows, each validated against ``model``. The header must name the model's fields: an
    unknown column is refused (it would be ignored silently), and so is a missing one."""
    where = shown_path(path)
    with path.open(encoding="utf-8", newline="") as fh:
        header, *rows = [row for row in csv.reader(fh) if row] or [[]]
    fields = model.model_fields
    problems = [f"{where}: {column}: unknown column" for column in header if column not in fields]
    problems += [f"{where}: {name}: required column missing" for name in fields if name not in header]
    problems += [f"{where}: {column}: column named twice" for column in sorted(set(header)) if header.count(column) > 1]
    if problems:
        raise ConfigError(*problems)
    parsed = []
    for number, row in enumerate(rows, 2):
        if len(row) != len(header):
            raise ConfigError(f"{where} row {number}: {len(row)} values under {len(header)} columns")
        parsed.append(parse(model, dict(zip(header, row, strict=True)), f"{where} row {number}"))
    return tuple(parsed)
