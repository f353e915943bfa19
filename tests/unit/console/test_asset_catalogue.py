"""Every asset says who owns it, where it sits on the data's way, and which code it was built from."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.definitions import defs
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
