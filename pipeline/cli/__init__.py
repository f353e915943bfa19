"""``hrp``: the operators' console. Human-readable by default, ``--json`` for scripts; the exit status
is non-zero whenever what was asked did not fully succeed (2 when the request itself was wrong).

The commands live by concern: running the pipeline (``running``), reading its state (``state``),
deciding about deliveries and publications (``actions``), a dry run of one file (``check``), ways
back from faults (``repair``), and developer tools (``tools``).
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.cli import actions, backup, check, repair, running, state, tools
from pipeline.cli.group import cli

__all__ = ["actions", "backup", "check", "cli", "main", "repair", "running", "state", "tools"]


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="hrp")
