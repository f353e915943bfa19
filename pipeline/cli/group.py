"""The ``hrp`` command group: every command says which data root it uses (on stderr, so ``--json``
output stays clean), and an operator's mistake is one line, never a traceback."""

from __future__ import annotations

import warnings
from typing import Any

import click

from pipeline.cli.common import FAULT_EXIT, console, data_paths, report_error
from pipeline.lib.common.permissions import keep_private
from pipeline.lib.common.settings import (
    DevelopmentKeyError,
    DevelopmentKeyWarning,
    SettingsError,
    reset_settings,
    settings,
)
from pipeline.lib.disclosure.policy import checked_k


class Console(click.Group):
    """Answers an operator's mistake in one line (or ``{"error": …}``), never with a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from pipeline.lib.common.clock import ClockError
        from pipeline.lib.common.keys import PseudonymKeyError
        from pipeline.lib.ops.attention import UnknownDeliveryError
        from pipeline.lib.ops.health import explain
        from pipeline.lib.warehouse.aside import RebuildInterruptedError
        from pipeline.lib.warehouse.connection import WarehouseBusyError, WarehouseDamagedError

        def as_json() -> bool:  # --json is parsed with the subcommand: ask once the command has run
            return bool(ctx.meta.get("json"))

        try:
            return super().invoke(ctx)
        except click.ClickException as problem:
            if isinstance(problem, click.UsageError):
                raise
            report_error(problem.format_message(), as_json(), more=getattr(problem, "more", ()))
        except (
            WarehouseBusyError,
            UnknownDeliveryError,
            DevelopmentKeyError,
            SettingsError,
            PseudonymKeyError,
            ClockError,
            WarehouseDamagedError,
            RebuildInterruptedError,
        ) as problem:
            # a KeyError's str() is its repr, in quotes; every other error is its message as written
            report_error(
                str(problem.args[0]) if isinstance(problem, KeyError) and problem.args else str(problem), as_json()
            )
        except Exception as problem:  # a full disk, a damaged file: in words, with the next step
            finding = explain(problem, data_paths())
            if finding is None:
                raise
            report_error(finding.line(), as_json(), exit_code=FAULT_EXIT)


@click.group(cls=Console)
def cli() -> None:
    """Accountability reporting for the human-rights policy."""
    reset_settings()  # each command reads the environment afresh (one process may run several: tests do)
    keep_private()  # what the console writes (warehouse, runs, reports) is the service user's only
    warnings.simplefilter("once", DevelopmentKeyWarning)
    warnings.filterwarnings("ignore", message=".*is currently in beta.*")  # Dagster's notes on its own API
    console.print(f"Data root: {data_paths().root}", highlight=False)
    checked_k(settings().suppression_k)  # a threshold below the policy's floor is refused before anything runs
