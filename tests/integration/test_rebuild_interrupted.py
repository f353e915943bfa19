"""`hrp rebuild` and `hrp rekey` interrupted between moving the warehouse aside and their night's end
(review s47) end as a clean rebuild would, or in a one-line refusal naming the next step: never a
night on an unfinished warehouse, which would start a new release record (each release is protected
against every earlier one: losing the record is a privacy failure) and drop the operators' decisions.

- an error (a full disk while carrying the release record) puts the previous warehouse back and says
  so, with what to do;
- a kill right after the move leaves the data root marked: `hrp run` refuses in one line naming the
  command and the file kept aside, and the command run again puts it back and starts over;
- a rekey killed in its night (its new warehouse already under the new key): the same, and
  `hrp rekey` run again (the original key still set) finishes.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.release import carry
from pipeline.lib.warehouse.connection import connect
from tests.builders import small_world
from tests.conftest import hrp_process, small_world_for_nights

pytestmark = pytest.mark.slow
OLD, NEW = "old-key-" + "a" * 34, "new-key-" + "b" * 34


def releases(paths: DataPaths) -> list[tuple[object, ...]]:
    """The release record: each release's day and when it was made (a release carried keeps both)."""
    with connect(paths.warehouse) as con:
        return con.execute("SELECT released_on, made_at FROM public_release.releases ORDER BY 1").fetchall()


def hrp(root: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """The console in its own process, which a crash point can kill."""
    return hrp_process(root, *args, **{"HRP_TODAY": "2026-11-25", "HRP_PSEUDONYM_KEY": OLD, **extra})


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    return " ".join(result.stderr.strip().splitlines()[-1].split()) if result.stderr.strip() else ""


def test_a_rebuild_stopped_by_a_full_disk_puts_the_previous_warehouse_back(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_world_for_nights(paths, monkeypatch)
    assert CliRunner().invoke(cli, ["run"]).exit_code == 0
    before = releases(paths)
    assert before

    def disk_full(*_: object, **__: object) -> int:
        raise OSError(28, "No space left on device")

    original = carry.carry_release_record
    monkeypatch.setattr(carry, "carry_release_record", disk_full)
    stopped = CliRunner().invoke(cli, ["rebuild"])
    monkeypatch.setattr(carry, "carry_release_record", original)
    said = " ".join(stopped.stderr.split())
    assert stopped.exit_code != 0 and "Traceback" not in stopped.output, stopped.output
    assert "back in place" in said and "free space" in said and "`hrp rebuild` again" in said, said
    assert not paths.rebuild_marker.exists() and not list(paths.root.glob("warehouse-before-rebuild-*"))
    assert releases(paths) == before
    night = CliRunner().invoke(cli, ["run"])
    assert night.exit_code == 0, night.output
    assert releases(paths)[: len(before)] == before


def killed_after_a_night(root: Path, command: str, **env: str) -> tuple[DataPaths, list[tuple[object, ...]], Path]:
    """A night on the small world (its release made), then ``hrp COMMAND`` killed at ``HRP_CRASH_AT``:
    the data root, the release record before, and the warehouse the command kept aside."""
    paths = DataPaths(root)
    small_world(paths.landing)
    assert hrp(root, "run").returncode == 0
    before = releases(paths)
    killed = hrp(root, command, **env)
    assert killed.returncode in (-9, 137), killed.stderr[-500:]
    [kept] = root.glob("warehouse-before-rebuild-*.duckdb")
    return paths, before, kept


def test_a_rebuild_killed_after_the_move_is_refused_until_run_again(tmp_path: Path) -> None:
    root = tmp_path / "data"
    paths, before, kept = killed_after_a_night(root, "rebuild", HRP_CRASH_AT="rebuild.after_move")
    for refused in (hrp(root, "run"), hrp(root, "status")):
        said = " ".join(refused.stderr.split()) + " ".join(refused.stdout.split())
        assert "Traceback" not in said and "`hrp rebuild` was interrupted" in said and kept.name in said, said
    assert hrp(root, "run").returncode != 0 and not paths.warehouse.exists(), "no new warehouse, no new record"
    again = hrp(root, "rebuild")
    assert again.returncode == 0, again.stderr[-800:]
    assert "was undone" in again.stderr + again.stdout
    assert releases(paths)[: len(before)] == before and not paths.rebuild_marker.exists()
    assert hrp(root, "run").returncode == 0


def test_a_rekey_killed_in_its_night_is_finished_by_rekey_run_again(tmp_path: Path) -> None:
    root = tmp_path / "data"
    paths, before, kept = killed_after_a_night(
        root, "rekey", HRP_NEW_PSEUDONYM_KEY=NEW, HRP_CRASH_AT="marts.before_commit"
    )
    refused = hrp(root, "run")
    said = last_line(refused)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr, refused.stderr[-800:]
    assert "`hrp rekey` was interrupted" in said and kept.name in said and "original key" in said, said
    again = hrp(root, "rekey", HRP_NEW_PSEUDONYM_KEY=NEW)
    assert again.returncode == 0, again.stderr[-800:]
    assert releases(paths)[: len(before)] == before and not paths.rebuild_marker.exists()
    assert hrp(root, "run", HRP_PSEUDONYM_KEY=NEW).returncode == 0
