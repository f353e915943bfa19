"""The deployment as shipped: docs/operations.md quotes every file of deploy/ verbatim, and the team's
instance differs from the single-machine one in its storage only."""

from __future__ import annotations

import re

import yaml

from pipeline.lib.common import paths

DEPLOY = paths.REPOSITORY / "deploy"
OPERATIONS = paths.DOCS / "operations.md"
QUOTED = re.compile(r"<!-- quoted from (?P<file>\S+) -->\n```[a-z]*\n(?P<body>.*?)```\n", re.S)


def test_the_operations_guide_quotes_every_deployment_file_as_it_is() -> None:
    quoted = {m["file"]: m["body"] for m in QUOTED.finditer(OPERATIONS.read_text(encoding="utf-8"))}
    shipped = {f"deploy/{p.name}" for p in DEPLOY.iterdir() if p.is_file()}
    assert set(quoted) == shipped, "every file of deploy/ is quoted once, and nothing else under that name"
    for name, body in quoted.items():
        assert body == (paths.REPOSITORY / name).read_text(encoding="utf-8"), f"{name} differs from its quote"


def test_the_team_instance_differs_from_the_single_machine_one_in_storage_only() -> None:
    team = yaml.safe_load((DEPLOY / "dagster.yaml").read_text(encoding="utf-8"))
    single = yaml.safe_load(paths.INSTANCE_TEMPLATE.read_text(encoding="utf-8"))
    assert "postgres" in team.pop("storage")
    assert "storage" not in single, "the single-machine instance keeps Dagster's SQLite default"
    assert team == single
    assert team["concurrency"]["runs"]["max_concurrent_runs"] == 1 and team["run_monitoring"]["enabled"]
