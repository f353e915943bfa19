"""The generated parts of ``docs/``: written from the same data the pipeline runs on, so they cannot drift."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, get_args

import jinja2
from pydantic import SecretStr
from pydantic.fields import FieldInfo

from pipeline.lib.common import paths
from pipeline.lib.common.settings import SOURCES, Settings, env_name
from pipeline.lib.metrics.catalogue import CATALOGUE_DIR, load_catalogue, targets_for
from pipeline.lib.metrics.standing import format_value
from pipeline.lib.quality.contracts import Column, all_contracts
from pipeline.lib.quality.references import REFERENCE_TABLES, reference
from pipeline.lib.quality.rules import suite_rules

DOCS_DIR = paths.DOCS


def _allowed(column: Column) -> str:
    if column.allowed:
        return ", ".join(f"`{v}`" for v in column.allowed)
    if column.reference:
        return f"codes in [`{column.reference}`](#reference-data)"
    bounds = [
        f"≥ {column.min:g}" if column.min is not None else "",
        f"≤ {column.max:g}" if column.max is not None else "",
    ]
    return " and ".join(b for b in bounds if b)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(DOCS_DIR / "templates"),
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - Markdown for the repository, not HTML
    )
    env.filters["code"] = lambda v: f"`{v}`"
    env.globals["allowed"] = _allowed
    return env


def data_contracts() -> str:
    return (
        _environment()
        .get_template("data-contracts.md.j2")
        .render(contracts=all_contracts(), references=[reference(name) for name in REFERENCE_TABLES])
    )


def validation() -> str:
    suites = [(source, suite_rules(source)) for source in SOURCES]
    return _environment().get_template("validation.md.j2").render(suites=suites)


def metrics() -> str:
    catalogue = load_catalogue()
    years = sorted(int(p.stem[2:]) for p in (CATALOGUE_DIR / "targets").glob("FY*.yaml"))
    return (
        _environment()
        .get_template("metrics.md.j2")
        .render(
            commitments=catalogue.commitments,
            metrics=catalogue.metrics,
            years=years,
            targets={fy: targets_for(fy) for fy in years},
            fmt=lambda v, unit: format_value(v, unit) if v is not None else "",
            margin=lambda m: (
                f"{m.at_risk_margin * 100:g} points" if m.unit == "share" else format_value(m.at_risk_margin, m.unit)
            ),
        )
    )


_TYPE_NAMES: dict[Any, str] = {
    bool: "true / false",
    int: "whole number",
    float: "number",
    str: "text",
    Path: "path",
    date: "date (YYYY-MM-DD)",
    SecretStr: "secret text",
}
_BOUNDS = (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<"))


def _setting_type(field: FieldInfo) -> str:
    """The field's type as an operator reads it, with its bounds (``whole number, ≥ 1, ≤ 12``)."""
    kinds = [kind for kind in get_args(field.annotation) if kind is not type(None)] or [field.annotation]
    bounds = [
        f"{sign} {getattr(rule, name)}" for rule in field.metadata for name, sign in _BOUNDS if hasattr(rule, name)
    ]
    return ", ".join([_TYPE_NAMES[kinds[0]], *bounds])


def _setting_default(value: object) -> str:
    if value is None:
        return "unset"
    return f"`{str(value).lower() if isinstance(value, bool) else value}`"


def settings() -> str:
    rows = [
        {
            "variable": env_name(name),
            "type": _setting_type(field),
            "default": _setting_default(field.default),
            "meaning": " ".join((field.description or "").split()).replace("``", "`"),
        }
        for name, field in Settings.model_fields.items()
    ]
    return _environment().get_template("settings.md.j2").render(settings=rows)


GENERATED = {
    "data-contracts.md": data_contracts,
    "validation.md": validation,
    "metrics.md": metrics,
    "settings.md": settings,
}


def write_all() -> list[Path]:
    written = []
    for name, render in GENERATED.items():
        path = DOCS_DIR / name
        path.write_text(render(), encoding="utf-8")
        written.append(path)
    return written
