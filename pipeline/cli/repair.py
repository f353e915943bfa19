"""Ways back: ``rebuild`` the warehouse from the landing archive, ``rekey`` it under a new key.

The landing folder is the record of what arrived (every file is kept there), so the warehouse can
always be made again from it: after damage, after a key change, or to check that the nightly history
gives what one clean night would. The previous warehouse file is kept beside the new one until the
operator deletes it.
"""

from __future__ import annotations

import click
from rich.markup import escape

from pipeline import operations, rebuilding, recovery
from pipeline.cli.common import console, data_paths, emit, existing_warehouse, fail, json_option, out
from pipeline.cli.group import cli
from pipeline.cli.running import _print_outcome
from pipeline.lib.common.keys import MIN_KEY_LENGTH, check_key_length
from pipeline.lib.common.settings import (
    DEVELOPMENT_PSEUDONYM_KEY,
    env_name,
    export,
    pseudonym_key_from,
    require_pseudonym_key,
    settings,
)
from pipeline.lib.landing.names import shown

NEW_KEY = env_name("new_pseudonym_key")


def _undo_interrupted() -> None:
    """An earlier rebuild or rekey killed half-way: its previous warehouse put back before anything
    (the key is checked against it), said in one line."""
    from datetime import UTC, datetime

    from pipeline.lib.warehouse.aside import undo_interrupted

    paths = data_paths()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    if said := undo_interrupted(paths, paths.root / f"warehouse-failed-rebuild-{stamp}.duckdb"):
        console.print(said, highlight=False, soft_wrap=True)


def _rebuild(
    as_json: bool,
    after: str,
    start_new_record: bool = False,
    without_gone_files: bool = False,
    command: str = "rebuild",
) -> None:
    paths = existing_warehouse()
    operations.prepare_environment()
    try:
        with console.status("rebuilding the warehouse from landing/ through Dagster…"):
            outcome, kept, record = rebuilding.rebuild(paths, start_new_record, without_gone_files, command)
    except (rebuilding.ReleaseRecordLostError, rebuilding.RebuildUndoneError) as refused:
        fail(str(refused))
    except rebuilding.FilesGoneError as refused:
        fail(str(refused), *refused.lines)

    def show() -> None:
        _print_outcome(outcome)
        for line in record.split("\n"):  # file names in it: each line escaped, none wrapped
            out.print(escape(shown(line)), highlight=False, soft_wrap=True)
        if outcome.success:
            out.print(f"The previous warehouse is kept at {kept}: delete it once you are satisfied. {after}")
        else:
            out.print(f"[red]The rebuild failed: the previous warehouse is back in place ({paths.warehouse}).[/]")

    emit(as_json, {**outcome.as_dict(), "previous_warehouse": str(kept), "release_record": record}, show)
    raise SystemExit(0 if outcome.success else 1)


WITHOUT_GONE_FILES = click.option(
    "--without-gone-files",
    is_flag=True,
    help="Go on when files whose rows count are gone from landing/: the rebuilt warehouse has none of their rows.",
)


@cli.command()
@json_option
@click.option(
    "--without-release-record",
    is_flag=True,
    help="Go on when the old warehouse cannot give its release record: a new record starts, and the "
    "next release is protected against none published before it.",
)
@WITHOUT_GONE_FILES
def rebuild(as_json: bool, without_release_record: bool, without_gone_files: bool) -> None:
    """Rebuild the warehouse from the landing archive (every file under landing/), with the same key.

    For a damaged warehouse, or to check the history against one clean night. The release record
    (what each release published) is carried over, and so is every acknowledgement of a file landing/
    still holds with the same bytes that the night makes the same of (the others are named, with why);
    releases of held deliveries are decisions recorded in the old warehouse: make them again."""
    _undo_interrupted()
    key = settings().key_text()
    require_pseudonym_key(key)
    check_key_length(key or "")
    recovery.check_key_of_readable_warehouse(existing_warehouse(), pseudonym_key_from(key))
    _rebuild(as_json, "", without_release_record, without_gone_files)


@cli.command()
@json_option
@WITHOUT_GONE_FILES
def rekey(as_json: bool, without_gone_files: bool) -> None:
    """Re-pseudonymise everything under a new key: HRP_PSEUDONYM_KEY is the current key (it must be
    the warehouse's), HRP_NEW_PSEUDONYM_KEY the new one. The warehouse is rebuilt from landing/ with
    the new key (person ids are hashed, so only the landing files can give them again)."""
    given = settings().new_pseudonym_key
    old, new = settings().key_text(), given.get_secret_value() if given else ""
    require_pseudonym_key(old)
    check_key_length(old or "")
    if not new or new == DEVELOPMENT_PSEUDONYM_KEY:
        fail(f"set {NEW_KEY} to the new secret key ({MIN_KEY_LENGTH} characters or more; not the public one)")
    check_key_length(new)
    if new == old:
        fail(f"{NEW_KEY} is the current key: nothing to change")
    _undo_interrupted()
    paths = existing_warehouse()
    recovery.check_key_of_readable_warehouse(paths, pseudonym_key_from(old))
    export(pseudonym_key=new)
    _rebuild(
        as_json,
        f"Now set HRP_PSEUDONYM_KEY to the new key wherever the pipeline runs (and unset {NEW_KEY}).",
        without_gone_files=without_gone_files,
        command="rekey",
    )
