"""What every ``hrp`` command shares: the consoles, JSON or tables, and errors as one clear line.

An operator's mistake (a fiscal year written ``2025``, an unknown source, an ambiguous publication
id, a warehouse another run holds) is answered with one line and a non-zero exit, never a
traceback; with ``--json`` the same line comes as ``{"error": …}``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import SOURCES, settings
from pipeline.lib.landing.names import shown

# Piped output (a log file, CI, a cron mail) is not cut at 80 columns: paths, ids and the commands
# to run stay whole. In a terminal, its width; table cells fold rather than end in an ellipsis.
PIPED_WIDTH = 200
console = Console(stderr=True, width=None if sys.stderr.isatty() else PIPED_WIDTH)
out = Console(width=None if sys.stdout.isatty() else PIPED_WIDTH)

USER_ERROR_EXIT = 2
FAULT_EXIT = 1  # the request was fine; the machine was not (a full disk, a damaged warehouse)


class UserError(click.ClickException):
    """Something the operator asked that cannot be done as asked; the message says why and what instead
    (``more``: further lines of the same answer, each shown on a line of its own)."""

    exit_code = USER_ERROR_EXIT

    def __init__(self, message: str, more: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.more = more


def fail(message: str, *more: str) -> NoReturn:
    raise UserError(message, more)


def report_error(message: str, as_json: bool, exit_code: int = USER_ERROR_EXIT, more: tuple[str, ...] = ()) -> NoReturn:
    """The answer's first line after "error:", and each further line indented under it: every line
    escaped on its own, so that none can start a line the command did not write."""
    if as_json:
        click.echo(json.dumps({"error": "\n".join([message, *more])}))
    else:
        print_lines(console, [message, *more], "[red]error:[/] ")
    sys.exit(exit_code)


def print_lines(target: Console, lines: Sequence[str], lead: str = "", style: str = "") -> None:
    """An answer of several lines (a configuration file's problems, one per line): the first after
    ``lead`` (console markup), each further one indented under it, every line escaped on its own so
    that none can start a line the command did not write, or carry markup into the console."""
    first, *more = lines
    opened, closed = (f"[{style}]", "[/]") if style else ("", "")
    target.print(f"{lead}{opened}{escape(shown(first))}{closed}", highlight=False, soft_wrap=True)
    indent = lead[: len(lead) - len(lead.lstrip(" "))] + "  "  # under the first line's own indent
    for line in more:
        target.print(f"{indent}{opened}{escape(shown(line))}{closed}", highlight=False, soft_wrap=True)


def json_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--json``, remembered on the context so an error can be answered in JSON too."""

    def remember(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
        ctx.find_root().meta["json"] = value
        return value

    return click.option(
        "--json", "as_json", is_flag=True, is_eager=True, callback=remember, help="Print the result as JSON."
    )(command)


def emit(as_json: bool, payload: dict[str, Any], render: Callable[[], Any]) -> None:
    if as_json:
        click.echo(json.dumps(payload, indent=2, default=str))
    else:
        render()


def out_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table = Table(title=title, title_justify="left")
    for h in headers:
        table.add_column(
            h,
            justify="right" if h not in ("source", "core table", "file", "column", "rule", "from") else "left",
            overflow="fold",
        )
    for row in rows:
        table.add_row(*(escape(str(v)) for v in row))  # file names and messages are text, never markup
    out.print(table)


def data_paths() -> DataPaths:
    """The data root as configured, without creating anything."""
    return DataPaths(settings().data_root)


def existing_warehouse() -> DataPaths:
    """For read-only commands: the data root, if a warehouse is there; never creates one."""
    paths = data_paths()
    if not paths.warehouse.exists():
        fail(f"no warehouse in {paths.root}: nothing has run here yet (`hrp run` or `hrp demo` creates one)")
    return paths


FISCAL_YEAR = re.compile(r"FY(\d{4})")


def parse_fiscal_year(text: str, known: Sequence[str] | None = None) -> str:
    """``FY2025`` (the year the fiscal year ends in), and one the pipeline knows."""
    match = FISCAL_YEAR.fullmatch(text.strip().upper())
    if not match:
        fail(f"{text!r} is not a fiscal year: write FY and the four-digit year it ends in, e.g. FY2025")
    key = f"FY{match.group(1)}"
    if known is not None and key not in known:
        span = f"{known[0]} to {known[-1]}" if known else "none yet"
        fail(f"{key} is not a fiscal year the pipeline knows (known: {span})")
    return key


def known_source(source: str) -> str:
    if source not in SOURCES:
        fail(f"{source!r} is not a source; the sources are {', '.join(SOURCES)}")
    return source
