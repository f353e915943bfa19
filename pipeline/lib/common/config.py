"""Loading configuration files into typed models, failing at load with the file, the key and the reason.

Contracts, the metric catalogue, the targets and the expectation files are data the code trusts. A
misspelled key or an unknown value must stop the load with one line that says where, not be silently
ignored: every model derives from :class:`Strict` (unknown keys forbidden, immutable) and every file goes
through :func:`parse`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.lib.common import paths


class Strict(BaseModel):
    """A configuration model: unknown keys are an error and a loaded value cannot be changed."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class ConfigError(ValueError):
    """A configuration file does not match its model; the message names the file, the key and the reason."""


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


def describe(error: ValidationError, where: str) -> str:
    """One line per problem: ``<file>: <dotted key>: <reason>``."""
    lines = []
    for problem in error.errors(include_url=False):
        key = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        reason = _REASONS.get(problem["type"], problem["msg"]).removeprefix("Value error, ")
        lines.append(f"{where}: {key}: {reason}")
    return "\n".join(lines)


def parse(model: type[Model], raw: Any, where: str, context: dict[str, Any] | None = None) -> Model:
    """Validate ``raw`` (parsed YAML or JSON) against ``model``; raise :class:`ConfigError` naming ``where``."""
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as error:
        raise ConfigError(describe(error, where)) from None
