"""The restore drill: `hrp backup`, restored onto a new data root, and the next night there publishes
the same site as the original did."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.lib.common.layout import DataPaths
from tests.builders import small_world

pytestmark = pytest.mark.slow
EXPORTS = Path(__file__).parents[1] / "data" / "exports"


def hrp(*args: str) -> dict:
    result = CliRunner().invoke(cli, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_backup_restored_onto_a_new_data_root_publishes_the_same_site(
    paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # both nights dated the day the test started: a release day between them would change the site
    monkeypatch.setenv("HRP_TODAY", datetime.now(UTC).date().isoformat())
    small_world(paths.landing)
    # an export read through an import profile: the profile is part of what a backup keeps
    (paths.landing_for("request_counts") / "northwind").mkdir(parents=True)
    header = (EXPORTS / "northwind" / "northwind-2018-H2.csv").read_text(encoding="utf-8").splitlines()[0]
    (paths.landing_for("request_counts") / "northwind" / "none-yet.csv").write_text(header + "\n", encoding="utf-8")
    paths.profiles_for("request_counts").mkdir(parents=True)
    shutil.copy(EXPORTS / "northwind.yaml", paths.profiles_for("request_counts") / "northwind.yaml")
    first = hrp("run")
    assert first["success"]
    site = tree(paths.published / "site")
    published_id = paths.published.resolve().parent.name

    made = hrp("backup", str(tmp_path / "backups"))
    backup = Path(made["backup"])
    assert made["instance"]["kind"] == "sqlite" and made["instance"]["files"]
    assert (backup / "warehouse.duckdb").stat().st_mode & 0o077 == 0, "the backup is as private as the data root"

    new_root = tmp_path / "elsewhere" / "data"
    monkeypatch.setenv("HRP_DATA_ROOT", str(new_root))
    monkeypatch.setenv("DAGSTER_HOME", str(new_root / "dagster_home"))
    hrp("restore-backup", str(backup))
    restored = DataPaths(new_root)
    assert tree(restored.published / "site") == site, "the restored publication is served as it was"
    runs = hrp("status")
    assert runs["last_run"]["run_id"] == first["run_id"], "the run history came back too"

    again = hrp("run")
    assert again["success"], again  # the profile came back too: the night does not refuse
    assert (restored.profiles_for("request_counts") / "northwind.yaml").is_file()
    assert tree(restored.published / "site") == site, "the next night publishes the same site"
    assert restored.published.resolve().parent.name == published_id, "same inputs: no new publication needed"
    refused = CliRunner().invoke(cli, ["restore-backup", str(backup)])
    assert refused.exit_code == 2 and "already holds a warehouse" in refused.output
