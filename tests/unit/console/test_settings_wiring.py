"""The settings reach Dagster and the console as the model says: resources take the model's names and
defaults, and a bad variable is one line from ``hrp``, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.defs.resources import resources_from_env
from pipeline.lib.common.settings import Settings


def test_unset_variables_give_the_resources_the_models_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HRP_SUPPRESSION_K", "HRP_PUBLICATIONS_KEPT", "HRP_LOCK_TIMEOUT_SECONDS", "HRP_DUCKDB_MEMORY_LIMIT"):
        monkeypatch.delenv(name, raising=False)
    resources = resources_from_env()
    defaults = Settings.model_fields
    assert resources["reporting"].suppression_k == defaults["suppression_k"].default  # type: ignore[attr-defined]
    assert resources["reporting"].publications_kept == defaults["publications_kept"].default  # type: ignore[attr-defined]
    warehouse = resources["warehouse"]
    assert warehouse.lock_timeout_seconds == defaults["lock_timeout_seconds"].default  # type: ignore[attr-defined]
    assert warehouse.memory_limit == defaults["duckdb_memory_limit"].default  # type: ignore[attr-defined]


def test_a_set_variable_is_an_env_var_of_the_models_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRP_SUPPRESSION_K", "12")
    monkeypatch.setenv("HRP_DUCKDB_MEMORY_LIMIT", "2GiB")
    monkeypatch.setenv("HRP_PSEUDONYM_KEY", "a-secret-key-of-at-least-32-characters!")
    resources = resources_from_env()
    assert resources["reporting"].suppression_k.env_var_name == "HRP_SUPPRESSION_K"  # type: ignore[attr-defined]
    assert resources["warehouse"].memory_limit.env_var_name == "HRP_DUCKDB_MEMORY_LIMIT"  # type: ignore[attr-defined]
    assert resources["pseudonymiser"].key.env_var_name == "HRP_PSEUDONYM_KEY", "the key is never a value in the UI"  # type: ignore[attr-defined]


def test_a_bad_variable_stops_the_resources_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRP_PUBLICATIONS_KEPT", "all")
    with pytest.raises(ValueError, match=r"^HRP_PUBLICATIONS_KEPT='all': Input should be a valid integer"):
        resources_from_env()


def test_the_console_answers_a_bad_variable_in_one_line(tmp_path: Path) -> None:
    env = {"HRP_DATA_ROOT": str(tmp_path / "data"), "HRP_HOLD_SHARE": "half"}
    result = CliRunner(env=env).invoke(cli, ["status"])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        "error: HRP_HOLD_SHARE='half': Input should be a valid number, unable to parse string as a number"
    ]
    assert not (tmp_path / "data").exists(), "nothing is created on a bad setting"
