"""The generated parts of ``docs/``: written from the same data the pipeline runs on, so they cannot drift."""

from __future__ import annotations

from pathlib import Path

import jinja2

from pipeline.lib.common import paths
from pipeline.lib.common.settings import SOURCES
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


GENERATED = {"data-contracts.md": data_contracts, "validation.md": validation, "metrics.md": metrics}


def write_all() -> list[Path]:
    written = []
    for name, render in GENERATED.items():
        path = DOCS_DIR / name
        path.write_text(render(), encoding="utf-8")
        written.append(path)
    return written
