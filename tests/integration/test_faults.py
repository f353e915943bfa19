"""Faults answered in words, with a way back: keys, dates, damage, full disks, killed runs, pins.

Every scenario runs the real console (``hrp``) over a real DuckDB warehouse and a real Dagster
instance under the test's data root, and compares numbers with those of a clean run where a repair
is claimed."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.lib.common.keys import DEMONSTRATION_FINGERPRINT, fingerprint
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.warehouse.connection import connect
from tests.builders import small_world
from tests.conftest import TEST_KEY, copy_root, night_settings

DUCKDB_HEADER_BYTES, DUCKDB_BLOCK_BYTES = 3 * 4096, 262144  # DuckDB's file: three header blocks, then 256 KiB blocks

pytestmark = pytest.mark.slow

NEW_KEY = "a-new-secret-key-0123456789-abcdefghijkl"
TODAY = "2026-11-25"
VALUES = (
    "SELECT * EXCLUDE (run_id, computed_at) FROM marts.metric_values "
    "WHERE fiscal_year <= 2026 ORDER BY ALL"  # the years a night on 2026-11-25 computes
)
HRP = str(Path(sys.executable).with_name("hrp"))
RELEASE_RECORD = "SELECT * FROM public_release.released_values ORDER BY ALL"


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _json(*args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--json"], catch_exceptions=False)
    return json.loads(result.stdout)


def _deliver_more(paths: DataPaths, country: str) -> None:
    """A new tally: every night after it has new numbers to publish."""
    (paths.landing_for("request_counts") / f"more-{country}.csv").write_text(
        "period_start,period_end,country,request_type,requester_type,requests,accounts_specified,"
        f"complied_fully,complied_partly,refused,pending\n2026-01-01,2026-06-30,{country},user_data,court,5,5,1,1,3,0\n"
    )


def _query(paths: DataPaths, statement: str) -> list[tuple[Any, ...]]:
    with connect(paths.warehouse) as con:
        return con.execute(statement).fetchall()


@pytest.fixture(scope="module")
def first_night(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small world delivered and one good night run on it through the console, once per module
    (each test gets a copy: ``night``)."""
    with night_settings(tmp_path_factory.mktemp("first-night") / "data", TODAY) as paths:
        small_world(paths.landing)
        code, output = _cli("run")
        assert code == 0, output
    return paths.root


@pytest.fixture
def night(first_night: Path, paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    """A data root with the small world delivered and one good night behind it (a copy of the
    module's first night)."""
    monkeypatch.setenv("HRP_TODAY", TODAY)
    return copy_root(first_night, paths)


def test_a_warehouse_keeps_its_key_and_refuses_another_in_one_line(
    night: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    (stored,) = _query(night, "SELECT fingerprint FROM audit.pseudonym_key")
    assert stored == (fingerprint(TEST_KEY),)
    monkeypatch.setenv("HRP_PSEUDONYM_KEY", NEW_KEY)
    code, output = _cli("run")
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert code == 2 and len(errors) == 1 and "hrp rekey" in errors[0], output
    code, output = _cli("status")
    assert code == 1 and "not the key this warehouse was made with" in output
    monkeypatch.setenv("HRP_PSEUDONYM_KEY", "too-short")
    code, output = _cli("run")
    assert code == 2 and "at least 32" in output


def test_rekey_repseudonymises_everyone_and_keeps_every_number(
    night: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _query(night, VALUES)
    released = _query(night, RELEASE_RECORD)
    people = _query(night, "SELECT DISTINCT person_pseudonym FROM core.training_records ORDER BY 1")
    monkeypatch.setenv("HRP_NEW_PSEUDONYM_KEY", NEW_KEY)
    code, output = _cli("rekey")
    assert code == 0, output
    # what was published stays on the record: the next release is protected against it
    assert released and _query(night, RELEASE_RECORD) == released
    assert "1 release(s) of figures about people carried over" in output, output
    assert _query(night, "SELECT fingerprint FROM audit.pseudonym_key") == [(fingerprint(NEW_KEY.encode()),)]
    after = _query(night, "SELECT DISTINCT person_pseudonym FROM core.training_records ORDER BY 1")
    assert len(after) == len(people) and not set(after) & set(people), "everyone, under new pseudonyms only"
    assert _query(night, VALUES) == before
    assert os.environ["HRP_PSEUDONYM_KEY"] == NEW_KEY, "rekey ran with the new key"
    monkeypatch.setenv("HRP_PSEUDONYM_KEY", TEST_KEY.decode())  # the old key is refused from now on
    assert _cli("run")[0] == 2
    monkeypatch.setenv("HRP_PSEUDONYM_KEY", NEW_KEY)
    assert _cli("run")[0] == 0


def test_a_demonstration_root_and_a_real_root_never_mix(paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRP_TODAY", "2026-11-25")
    small_world(paths.landing)
    code, output = _cli("demo")
    assert code == 0, output
    assert "DEMONSTRATION ROOT" in output and "PUBLIC development key" in output, "dropped files: one loud line"
    last_note = max(output.rfind("note: "), output.rfind("NEEDS ATTENTION: "))
    assert 0 < last_note < output.index("\nOpen:"), "what to deal with comes before what to open"
    assert _query(paths, "SELECT fingerprint FROM audit.pseudonym_key") == [(DEMONSTRATION_FINGERPRINT,)]
    monkeypatch.setenv("HRP_PSEUDONYM_KEY", TEST_KEY.decode())
    monkeypatch.delenv("HRP_DEMO")
    code, output = _cli("run")
    assert code == 2 and "demonstration root" in output, output
    real = paths.root.parent / "real"
    monkeypatch.setenv("HRP_DATA_ROOT", str(real))
    monkeypatch.setenv("DAGSTER_HOME", str(real / "dagster_home"))
    small_world(real / "landing")
    assert _cli("run")[0] == 0
    code, output = _cli("demo")
    assert code == 2 and "made with a real key" in output, output


def test_a_wrong_date_is_refused_and_a_replayed_one_is_repaired_by_the_next_right_night(
    night: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    right = _query(night, VALUES)
    for wrong, said in (("2100-01-01", "after the system clock"), ("2019-01-01", "before the first day")):
        monkeypatch.setenv("HRP_TODAY", wrong)
        code, output = _cli("run")
        assert code == 2 and said in output and len(output.strip().splitlines()) == 2, output
    monkeypatch.setenv("HRP_TODAY", "2025-03-01")  # a replay: FY2025 computed "to date" as of March 2025
    assert _cli("run")[0] == 0
    assert _query(night, VALUES) != right
    monkeypatch.setenv("HRP_TODAY", "2026-11-25")
    assert _cli("run")[0] == 0
    assert _query(night, VALUES) == right, "one night with the right date repairs the replay"


def test_a_damaged_warehouse_is_said_and_rebuilt_from_landing_with_the_same_numbers(night: DataPaths) -> None:
    before = _query(night, VALUES)
    # a block the training records are stored in (the middle of the file may be a free block, which
    # nothing reads: damage there is no damage, and the test's verdict depended on the file's layout)
    with connect(night.warehouse) as con:
        (block,) = con.execute(
            "SELECT min(block_id) FROM pragma_storage_info('core.training_records') WHERE persistent AND block_id >= 0"
        ).fetchall()[0]
    with night.warehouse.open("r+b") as fh:
        fh.seek(DUCKDB_HEADER_BYTES + block * DUCKDB_BLOCK_BYTES)
        fh.write(b"\xa5" * 65536)
    code, output = _cli("status")
    damaged = [line for line in output.splitlines() if "cannot be read" in line]
    assert code == 1 and len(damaged) == 1 and "hrp rebuild" in damaged[0] and "Traceback" not in output, output
    code, output = _cli("rebuild")
    if "release record cannot be read" in output:  # the damage reached the release record: refused first
        assert code == 2 and "--without-release-record" in output, output
        code, output = _cli("rebuild", "--without-release-record")
    assert code == 0, output
    assert _query(night, VALUES) == before
    assert _cli("status")[0] == 0
    assert list(night.root.glob("warehouse-before-rebuild-*.duckdb")), "the damaged file is kept aside"


def test_a_rebuild_that_cannot_carry_the_release_record_changes_nothing_until_told(night: DataPaths) -> None:
    """Rebuilt without its release record, the warehouse made that night's release again, protected
    against none published before it (reliability review): refused in one line, nothing changed."""
    night.warehouse.write_bytes(b"not a warehouse any more" * 4096)
    damaged = night.warehouse.read_bytes()
    code, output = _cli("rebuild")
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert code == 2 and len(errors) == 1 and "--without-release-record" in output, output
    assert "warehouse-before-rebuild" not in output and str(night.warehouse) in " ".join(output.split()), output
    assert night.warehouse.read_bytes() == damaged and not list(night.root.glob("warehouse-before-rebuild-*"))
    code, output = _cli("rebuild", "--without-release-record")
    assert code == 0 and "a new one starts" in output, output


def test_a_full_disk_is_one_line_and_the_retry_has_the_failed_builds_space_back(
    night: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.lib.release.publication as publication

    _deliver_more(night, "FR")
    real_copytree = shutil.copytree

    def full(*args: Any, **kwargs: Any) -> Any:
        real_copytree(*args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(publication.shutil, "copytree", full)
    standing = _json("status")["publication"]["id"]
    code, output = _cli("run")
    assert code == 1 and "Traceback" not in output, output
    full_lines = [line for line in output.splitlines() if "is full" in line]
    assert len(full_lines) == 1 and "hrp run" in full_lines[0], output
    assert "Nothing needs attention" not in output and "Nothing new from this run" not in output
    assert list(night.publications.glob(".building-*")), "the failed publication's folder"
    state = _json("status")
    assert state["publication"]["id"] == standing
    assert any("leftover" in f["problem"] for f in state["faults"])
    monkeypatch.setattr(publication.shutil, "copytree", real_copytree)
    code, output = _cli("run")
    assert code == 0, output
    assert not list(night.publications.glob(".building-*"))


def test_a_killed_run_is_said_and_marked_failed_by_the_next(night: DataPaths) -> None:
    # a new day: the current year is recomputed, so the marts step reaches its crash point
    env = {**os.environ, "HRP_CRASH_AT": "marts.before_commit", "HRP_TODAY": "2026-11-26"}
    killed = subprocess.run([HRP, "run"], env=env, capture_output=True, timeout=600, check=False)
    assert killed.returncode == -9
    code, output = _cli("status")
    stale = [line for line in output.splitlines() if "no process runs it" in line]
    assert code == 1 and len(stale) == 1 and "hrp run" in stale[0], output
    code, output = _cli("run")
    assert code == 0 and "marked failed" in output, output
    assert _cli("status")[0] == 0


def test_a_restored_publication_stays_until_released(night: DataPaths) -> None:
    first = _json("status")["publication"]["id"]
    _deliver_more(night, "FR")
    assert _cli("run")[0] == 0
    second = _json("status")["publication"]["id"]
    assert second != first
    assert _cli("restore", first)[0] == 0
    _deliver_more(night, "IT")
    assert _cli("run")[0] == 0
    _, output = _cli("status")
    assert f"Pinned: {first}" in output and "hrp restore --release" in output
    assert _json("status")["publication"]["id"] == first, "the night did not undo it"
    assert _cli("restore", "--release")[0] == 0
    _deliver_more(night, "ES")
    assert _cli("run")[0] == 0
    assert _json("status")["publication"]["id"] not in (first, second)


def test_a_name_with_a_newline_prints_no_fake_line(night: DataPaths) -> None:
    (night.landing_for("training_records") / "x.csv\nNEEDS ATTENTION: fake.csv").write_text("record_id\n")
    for command in ("run", "status"):
        code, output = _cli(command)
        assert code == 1 or command == "run", output
        assert not any(
            line.startswith(("NEEDS ATTENTION: fake", "  NEEDS ATTENTION: fake")) for line in output.splitlines()
        )
        assert "x.csv\\x0aNEEDS ATTENTION: fake.csv" in output
