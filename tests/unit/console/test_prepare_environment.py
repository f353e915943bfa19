"""An empty DAGSTER_HOME is unset, as every HRP_ variable is: the instance lives under the data root,
never in whatever folder the command was started from."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.operations import prepare_environment


def test_an_empty_dagster_home_means_the_data_roots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRP_DATA_ROOT", str(tmp_path / "root"))
    monkeypatch.setenv("DAGSTER_HOME", "")
    monkeypatch.chdir(tmp_path)
    paths = prepare_environment()
    assert os.environ["DAGSTER_HOME"] == str(paths.dagster_home)
    assert (paths.dagster_home / "dagster.yaml").is_file()
    assert not (tmp_path / "dagster.yaml").exists(), "nothing written into the current folder"
