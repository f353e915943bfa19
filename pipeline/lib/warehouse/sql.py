"""SQL lives in ``sql/`` as files; this module finds and renders them.

Files are Jinja templates only where the contract decides the shape of a statement (its column
lists); values are rendered through the ``literal`` filter and names through ``ident``, never by
string concatenation.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from pipeline.lib.common import paths

SQL_DIR = paths.SQL


def literal(value: object) -> str:
    """A SQL literal: strings quoted with quotes doubled, numbers as they are, lists as lists, None as NULL."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return "'" + str(value).replace("'", "''") + "'"


def blob(data: bytes) -> str:
    """A SQL BLOB literal."""
    return "'" + "".join(f"\\x{b:02X}" for b in data) + "'::BLOB"


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SQL_DIR),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # noqa: S701 - SQL, not HTML; values go through the literal filter
    )
    env.filters["literal"] = literal
    env.filters["ident"] = ident
    env.filters["blob"] = blob
    return env


def render(name: str, **context: Any) -> str:
    """The statement(s) in ``sql/<name>``, rendered with ``context``."""
    return _environment().get_template(name).render(**context)


def path_of(name: str) -> Path:
    return SQL_DIR / name
