"""Every asset says who owns it, where it sits on the data's way, and which code it was built from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.definitions import defs
from pipeline.defs.ownership import asset_code_version
from pipeline.defs.privacy.public_values import CODE as PRIVACY_CODE
from pipeline.defs.publish.reports import BOARD_CODE
from pipeline.defs.publish.site import SITE_CODE
from pipeline.lib.common import paths
from pipeline.lib.common.version import content_version

LAYERS = {"raw", "core", "marts", "privacy", "publish"}
PRIVACY = {"pseudonymised", "aggregated", "internal", "public"}


def _assets() -> list[tuple[str, object, dict[str, str], str | None]]:
    found = []
    for assets in defs().assets or []:
        for key in assets.keys:  # type: ignore[union-attr]
            found.append(
                (
                    key.to_user_string(),
                    assets.owners_by_key[key],  # type: ignore[union-attr]
                    assets.tags_by_key[key],  # type: ignore[union-attr]
                    assets.code_versions_by_key[key],  # type: ignore[union-attr]
                )
            )
    return found


def test_every_asset_has_an_owner_a_layer_a_privacy_tag_and_a_code_version() -> None:
    assets = _assets()
    assert len(assets) >= 13
    for name, owners, tags, code_version in assets:
        assert owners, name
        assert tags.get("layer") in LAYERS, name
        assert tags.get("privacy") in PRIVACY, name
        assert code_version and len(code_version) == 12, name


def test_code_versions_differ_between_assets_built_from_different_files() -> None:
    versions = [code_version for *_, code_version in _assets()]
    assert len(set(versions)) == len(versions)


@pytest.mark.parametrize("change", ["content", "name", "new file"])
def test_a_code_version_changes_when_one_of_its_files_does(tmp_path: Path, change: str) -> None:
    (tmp_path / "a.sql").write_text("SELECT 1", encoding="utf-8")
    (tmp_path / "b.sql").write_text("SELECT 2", encoding="utf-8")
    before = content_version([(tmp_path, "*.sql")])
    assert content_version([(tmp_path, "*.sql")]) == before
    if change == "content":
        (tmp_path / "a.sql").write_text("SELECT 3", encoding="utf-8")
    elif change == "name":
        (tmp_path / "a.sql").rename(tmp_path / "c.sql")
    else:
        (tmp_path / "d.sql").write_text("", encoding="utf-8")
    assert content_version([(tmp_path, "*.sql")]) != before


@pytest.mark.parametrize(
    ("edited", "stale", "current"),
    [
        ("lib/site/build.py", "site", "board"),
        ("lib/board/report.py", "board", "site"),
        ("lib/release/as_released.py", "privacy", "board"),  # what a release shows is the privacy stage's
    ],
)
def test_an_edit_to_one_room_leaves_the_other_rooms_output_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edited: str, stale: str, current: str
) -> None:
    """The board pack, the site and the privacy stage hash their own rooms (and what they share), not
    each other's."""
    for name in ("sql", "expectations", "reports"):
        shutil.copytree(paths.SQL.parent / name, tmp_path / name)
    shutil.copytree(paths.PACKAGE, tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "SQL", tmp_path / "sql")
    monkeypatch.setattr(paths, "PACKAGE", tmp_path / "pipeline")
    rooms = {"board": BOARD_CODE, "site": SITE_CODE, "privacy": PRIVACY_CODE}
    before = {room: asset_code_version(*patterns) for room, patterns in rooms.items()}
    with (tmp_path / "pipeline" / edited).open("a", encoding="utf-8") as module:
        module.write("\n# an edit\n")
    after = {room: asset_code_version(*patterns) for room, patterns in rooms.items()}
    assert after[stale] != before[stale]
    assert after[current] == before[current]
