"""``hrp backup`` and ``hrp restore-backup``: a copy of everything a night cannot rebuild, and the way
back onto a new data root (docs/operations.md, "Backups")."""

from __future__ import annotations

import os
from pathlib import Path

import click

from pipeline import operations
from pipeline.cli.common import emit, existing_warehouse, fail, json_option, out
from pipeline.cli.group import cli
from pipeline.lib.common.settings import settings


@cli.command()
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@json_option
def backup(destination: Path, as_json: bool) -> None:
    """Back up the warehouse (under its writer lock), the publications, the landing archive and the
    Dagster instance's database into a new folder under DESTINATION."""
    from pipeline.lib.ops.backup import create

    existing_warehouse()
    paths = operations.prepare_environment()
    made = create(paths, Path(os.environ["DAGSTER_HOME"]), destination.resolve(), settings().lock_timeout_seconds)
    emit(as_json, {"backup": str(made.path), **made.manifest}, lambda: out.print(f"Backed up to {made.path}"))


@cli.command("restore-backup")
@click.argument("backup", type=click.Path(exists=True, file_okay=False, path_type=Path))
@json_option
def restore_backup(backup: Path, as_json: bool) -> None:
    """Restore BACKUP (a folder `hrp backup` made) into this data root, which must hold no warehouse."""
    from pipeline.lib.ops.backup import MANIFEST, restore

    if not (backup / MANIFEST).is_file():
        fail(f"{backup} is not a backup made by `hrp backup` (it has no {MANIFEST})")
    paths = operations.prepare_environment()
    try:
        restored = restore(backup, paths, Path(os.environ["DAGSTER_HOME"]))
    except (FileExistsError, ValueError) as problem:
        fail(str(problem))
    emit(
        as_json,
        {"restored": str(restored.path), "data_root": str(paths.root), **restored.manifest},
        lambda: out.print(f"Restored {restored.path} into {paths.root}; the next night carries on from it."),
    )
