"""A row dated after the day it is read: set aside by that day (``HRP_TODAY`` in a replay), and once
its date has passed, the nights say that a rebuild would count it, until one does.

A file is judged once, on the night it is read; a rebuild judges it again on its own day. So a row
set aside only because a date lay in the future is counted by a rebuild after that date, and not by
the nights: the delivery needs attention (``hrp status`` exits non-zero, its To do is
``hrp rebuild``) and cannot be acknowledged away, rather than a figure quietly differing from a
rebuild's. The same, drawn over sequences of nights and days, is in test_sequence_invariant.py.
"""

from __future__ import annotations

import json

import dagster as dg
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.lib.common.layout import DataPaths
from tests.builders import rows, write

FILE = "training_records/2026-03.csv"


def _read_training(definitions: dg.Definitions) -> None:
    """The training records' raw and core steps, as a night runs them."""
    steps = {("raw", "training_records"), ("core", "training_records")}
    assets = [a for a in definitions.assets or [] if isinstance(a, dg.AssetsDefinition)]
    selection = [a for a in assets if tuple(a.key.path) in steps]
    assert dg.materialize(selection, resources=definitions.resources).success


def _core_records(paths: DataPaths) -> set[str]:
    import duckdb

    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return {r for (r,) in con.execute("SELECT record_id FROM core.training_records").fetchall()}


def _needing_attention() -> list[dict[str, object]]:
    """The file's line in ``hrp status`` (which exits non-zero while anything is listed)."""
    result = CliRunner().invoke(cli, ["status", "--json"], catch_exceptions=False)
    listed = json.loads(result.stdout)["needs_attention"]
    assert result.exit_code != 0 or not listed
    return [a for a in listed if a.get("kind") == "delivery" and a["path"] == "2026-03.csv"]


def test_a_row_dated_after_its_night_needs_a_rebuild_once_the_date_has_passed(
    paths: DataPaths, definitions: dg.Definitions, monkeypatch: pytest.MonkeyPatch
) -> None:
    today, later = "2026-03-02", "2026-03-25"
    done_today, done_later = rows("training_records", 2, assigned_on="2026-03-01", due_on="2026-04-01")
    done_today |= {"completed_on": today}  # today is not in the future
    done_later |= {"completed_on": "2026-03-20"}  # after HRP_TODAY, before the real date
    write(paths.landing_for("training_records"), "2026-03.csv", [done_today, done_later])

    monkeypatch.setenv("HRP_TODAY", today)
    _read_training(definitions)
    assert _core_records(paths) == {done_today["record_id"]}, "HRP_TODAY, not the system clock, decides"
    assert _needing_attention() == [], "set aside, and rightly so: nothing to do yet"

    monkeypatch.setenv("HRP_TODAY", later)
    _read_training(definitions)  # a night with nothing new: the file is not judged again
    assert _core_records(paths) == {done_today["record_id"]}
    (delivery,) = _needing_attention()
    assert delivery["rows_due"] == 1
    assert "a rebuild would now count 1 of them" in str(delivery["problem"])
    assert str(delivery["action"]).startswith("`hrp rebuild`")
    refused = CliRunner().invoke(cli, ["acknowledge", FILE, "--reason", "seen"], catch_exceptions=False)
    assert refused.exit_code != 0 and "hrp rebuild" in refused.output

    paths.warehouse.unlink()  # what `hrp rebuild` does first: the same files, read on this day
    _read_training(definitions)
    assert _core_records(paths) == {done_today["record_id"], done_later["record_id"]}
    assert _needing_attention() == []
