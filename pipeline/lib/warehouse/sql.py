"""SQL lives in ``sql/`` as files; this module finds and renders them.

Files are Jinja templates only where the contract decides the shape of a statement (its column
lists); values are rendered through the ``literal`` filter and names through ``ident``, never by
string concatenation.
"""

from __future__ import annotations

import re
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


_GLOB_CHARACTERS = re.compile(r"([*?\[])")


def file_literal(value: str | list[str]) -> str:
    """A file path (or a list of them) as a literal DuckDB's readers take for that one file, never
    as a pattern: DuckDB expands ``*``, ``?`` and ``[`` in the paths given to ``read_csv`` and the
    other readers, so a delivery named ``2025-1*.csv`` would read every file matching it. Each of
    those characters is written as a one-character class (``[*]``), which matches only itself."""
    if isinstance(value, list):
        return "[" + ", ".join(file_literal(v) for v in value) + "]"
    return literal(_GLOB_CHARACTERS.sub(r"[\1]", value))


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
    env.filters["file_literal"] = file_literal
    return env


def render(name: str, **context: Any) -> str:
    """The statement(s) in ``sql/<name>``, rendered with ``context``."""
    return _environment().get_template(name).render(**context)


def records(con: Any, name: str, params: dict[str, Any] | None = None, **context: Any) -> list[dict[str, Any]]:
    """The rows of ``sql/<name>`` as dicts by column name: the one way a reader of results gets them."""
    cursor = con.execute(render(name, **context), params or {})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def path_of(name: str) -> Path:
    return SQL_DIR / name
