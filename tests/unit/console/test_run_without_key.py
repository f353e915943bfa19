"""``hrp run`` without ``HRP_PSEUDONYM_KEY`` refuses before launching anything: one line naming the
variable, exit 2, no traceback, no warehouse created."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

HRP = str(Path(sys.executable).with_name("hrp"))


def test_run_without_a_key_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("HRP_PSEUDONYM_KEY", "HRP_DEMO")}
    env["HRP_DATA_ROOT"] = str(tmp_path / "data")
    done = subprocess.run([HRP, "run"], env=env, capture_output=True, text=True, timeout=120, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if "HRP_PSEUDONYM_KEY" in line]
    assert len(errors) == 1 and errors[0].startswith("error:"), output
    assert "published" not in output
    assert not (tmp_path / "data" / "warehouse.duckdb").exists()


def test_a_failed_run_never_says_the_good_data_was_published(capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli.running import _print_deliveries
    from pipeline.lib.ops.attention import Delivery

    failed = Delivery("training_records", "2026/x.csv", 1, "0" * 64, "failed", "unreadable", 0, 0, True, True)
    _print_deliveries([failed], published=False)
    assert "published" not in capsys.readouterr().out
    _print_deliveries([failed], published=True)
    said = capsys.readouterr().out
    assert "whatever else arrived complete and valid was published" in said and "good data" not in said


def test_a_run_that_left_nothing_new_says_what_earlier_runs_left(capsys: pytest.CaptureFixture[str]) -> None:
    """A new user read "Nothing from this run needs attention" while `hrp status` listed eight things."""
    from pipeline.cli.running import _print_deliveries

    _print_deliveries([], published=True, still_open=8)
    said = capsys.readouterr().out
    assert "8 things from earlier still to deal with: `hrp status`" in said and "Nothing needs" not in said
    _print_deliveries([], published=True, still_open=0)
    assert "Nothing needs attention." in capsys.readouterr().out
