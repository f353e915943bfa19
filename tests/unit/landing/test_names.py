"""A file name cannot print fake lines, reverse itself, or run a command when a suggestion is pasted."""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest

from pipeline.lib.landing.discover import landing_files
from pipeline.lib.landing.names import is_unsafe, shown, unsafe_names
from pipeline.lib.ops.alerts import escape_for_chat
from pipeline.lib.ops.attention import Delivery


def test_control_and_direction_characters_are_shown_escaped() -> None:
    assert shown("a\nb\r\x1b[31m\u202ec.csv") == "a\\x0ab\\x0d\\x1b[31m\\u202ec.csv"
    assert not is_unsafe("2025-11 trainings (v2) é.csv") and is_unsafe("x\u2028y.csv")


def test_such_files_are_refused_at_discovery_with_an_escaped_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "good.csv").write_text("a\n")
    (tmp_path / "evil\nNEEDS ATTENTION: fake.csv").write_text("a\n")
    with caplog.at_level(logging.WARNING):
        found = [p.name for p in landing_files(tmp_path)]
    assert found == ["good.csv"]
    assert unsafe_names(tmp_path) == ["evil\nNEEDS ATTENTION: fake.csv"]
    assert all("\n" not in r.getMessage() for r in caplog.records) and "evil\\x0a" in caplog.text


def test_a_suggested_command_pasted_into_a_shell_runs_nothing_else(tmp_path: Path) -> None:
    name = "$(touch PWNED).csv"
    held = Delivery("request_counts", name, 1, "0" * 64, "held", "held: duplicate keys", 3, 0, True, True)
    line = held.line()
    assert "\n" not in line
    for command in re.findall(r"`(hrp [^`]*)`", line):
        pasted = command.replace("hrp ", "printf '%s\\n' ", 1).replace("…", "x")
        done = subprocess.run(["bash", "-c", pasted], cwd=tmp_path, capture_output=True, text=True, check=True)
        arguments = done.stdout.splitlines()  # the name reaches hrp whole, as one argument
        assert name in arguments or f"request_counts/{name}" in arguments
    assert not (tmp_path / "PWNED").exists()


def test_a_name_in_the_webhook_text_cannot_mention_link_or_break_lines() -> None:
    text = escape_for_chat("held: request_counts/<!channel> <https://evil.example|click> a&b\nfake line.csv")
    assert "<" not in text and ">" not in text and "\n" not in text
    assert "&lt;!channel&gt;" in text and "a&amp;b" in text and "\\x0a" in text
