"""The ``hrp`` command group: every command says which data root it uses (on stderr, so ``--json``
output stays clean), and an operator's mistake is one line, never a traceback."""

from __future__ import annotations

import warnings
from typing import Any

import click

from pipeline.cli.common import console, data_paths, report_error
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
        from pipeline.lib.ops.attention import UnknownDeliveryError
        from pipeline.lib.warehouse.connection import WarehouseBusyError

        try:
            return super().invoke(ctx)
        except click.ClickException as problem:
            if isinstance(problem, click.UsageError):
                raise
            report_error(problem.format_message(), bool(ctx.meta.get("json")))
        except (
            WarehouseBusyError,
            UnknownDeliveryError,
            DevelopmentKeyError,
            SettingsError,
        ) as problem:
            report_error(str(problem).strip("'\""), bool(ctx.meta.get("json")))


@click.group(cls=Console)
def cli() -> None:
    """Accountability reporting for the human-rights policy."""
    reset_settings()  # each command reads the environment afresh (one process may run several: tests do)
    warnings.simplefilter("once", DevelopmentKeyWarning)
    warnings.filterwarnings("ignore", message=".*is currently in beta.*")  # Dagster's notes on its own API
    console.print(f"Data root: {data_paths().root}", highlight=False)
    checked_k(settings().suppression_k)  # a threshold below the policy's floor is refused before anything runs
