"""Jinja for pages: templates in ``reports/templates``, styles in ``reports/static``, escaping on.

Autoescaping is on for every template, so a value that came from a delivery (an offending value in
the quality appendix, say) is shown as text and never executed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

REPORTS_DIR = Path(__file__).resolve().parents[2] / "reports"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([REPORTS_DIR / "templates", REPORTS_DIR / "static"]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


def static_text(name: str) -> str:
    return (REPORTS_DIR / "static" / name).read_text(encoding="utf-8")
