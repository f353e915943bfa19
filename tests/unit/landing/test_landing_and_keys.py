"""Landing reads only regular files inside the landing area; runs refuse the public pseudonym key."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from pipeline.lib.common.settings import (
    DEVELOPMENT_PSEUDONYM_KEY,
    DevelopmentKeyError,
    DevelopmentKeyWarning,
    pseudonym_key_from,
)
from pipeline.lib.landing.discover import discover, settled_fingerprint

CANARY = "CANARY-PERSON-7f3a9c"


def test_links_devices_and_pipes_are_refused_with_a_logged_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    landing, outside = tmp_path / "landing", tmp_path / "elsewhere"
    landing.mkdir()
    outside.mkdir()
    (outside / "secret.csv").write_text(f"person_id\n{CANARY}\n", encoding="utf-8")
    (landing / "good.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (landing / "link.csv").symlink_to(outside / "secret.csv")
    (landing / "folder").symlink_to(outside, target_is_directory=True)
    os.mkfifo(landing / "pipe.csv")
    with caplog.at_level(logging.WARNING):
        found, _, _ = discover(landing)
        settled_fingerprint(landing, 0, 1e12)
    assert [f.relative for f in found] == ["good.csv"]
    assert "link.csv: a symbolic link" in caplog.text
    assert "folder: a symbolic link to a folder" in caplog.text
    assert "pipe.csv: not a regular file" in caplog.text
    assert CANARY not in caplog.text


def test_a_run_refuses_the_development_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HRP_DEMO", raising=False)
    for value in (None, "", DEVELOPMENT_PSEUDONYM_KEY):
        with pytest.raises(DevelopmentKeyError, match="HRP_PSEUDONYM_KEY"):
            pseudonym_key_from(value)
    assert pseudonym_key_from("a-secret-key-of-at-least-32-characters!") == b"a-secret-key-of-at-least-32-characters!"


def test_the_demo_may_use_it_explicitly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRP_DEMO", "1")
    with pytest.warns(DevelopmentKeyWarning):
        assert pseudonym_key_from(None) == DEVELOPMENT_PSEUDONYM_KEY.encode()
