"""The settings model: every ``HRP_*`` variable typed and read once, a bad value refused in one line.

Each broken value below is refused with a single line that starts with the variable's name, and no
module but ``settings`` reads the environment for an ``HRP_*`` variable (a scan of the source).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline.lib.common import paths
from pipeline.lib.common.settings import (
    Settings,
    SettingsError,
    env_name,
    export,
    read_settings,
    reset_settings,
    settings,
)

KEY = "a-secret-key-of-at-least-32-characters!"


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("HRP_SUPPRESSION_K", "ten", "valid integer"),
        ("HRP_FISCAL_YEAR_START_MONTH", "13", "less than or equal to 12"),
        ("HRP_FIRST_FISCAL_YEAR", "FY2024", "valid integer"),
        ("HRP_TODAY", "2026-02-30", "day is out of range"),
        ("HRP_HOLD_SHARE", "1.5", "less than or equal to 1"),
        ("HRP_PUBLICATIONS_KEPT", "0", "greater than or equal to 1"),
        ("HRP_NIGHTLY_CRON", "0 2 *", "five fields"),
        ("HRP_TIMEZONE", "Mars/Olympus", "not an IANA time zone"),
        ("HRP_LANDING_SETTLE_SECONDS", "five minutes", "valid number"),
        ("HRP_ALERT_WEBHOOK_URL", "file:///etc/passwd", "http(s) URL"),
        ("HRP_LOCK_TIMEOUT_SECONDS", "-1", "greater than or equal to 0"),
        ("HRP_DUCKDB_MEMORY_LIMIT", "lots", "a size DuckDB understands"),
        ("HRP_DEMO", "perhaps", "valid boolean"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable_and_the_reason(variable: str, value: str, reason: str) -> None:
    with pytest.raises(SettingsError) as caught:
        read_settings({variable: value, "HRP_PSEUDONYM_KEY": KEY})
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{variable}={value!r}: ")
    assert reason in message


def test_every_bad_variable_gets_its_own_line_and_the_key_is_never_shown() -> None:
    with pytest.raises(SettingsError) as caught:
        read_settings({"HRP_SUPPRESSION_K": "x", "HRP_TIMEZONE": "Nowhere", "HRP_PSEUDONYM_KEY": KEY})
    lines = str(caught.value).splitlines()
    assert [line.split("=")[0] for line in lines] == ["HRP_SUPPRESSION_K", "HRP_TIMEZONE"]
    assert KEY not in repr(read_settings({"HRP_PSEUDONYM_KEY": KEY}))


def test_unset_or_empty_takes_the_documented_default() -> None:
    given = read_settings({"HRP_FIRST_FISCAL_YEAR": "  ", "HRP_TODAY": "", "HRP_DATA_ROOT": ""})
    assert given == read_settings({})
    assert (given.first_fiscal_year, given.today, given.fiscal_year_start_month) == (None, None, 7)
    assert given.data_root == Path("data").resolve(), "a relative data root is resolved when read"
    assert read_settings({"HRP_TODAY": "2026-11-25"}).today == date(2026, 11, 25)


def test_every_field_is_a_documented_hrp_variable() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description and len(field.description) > 20, f"{env_name(name)} says what it is for"
        assert field.annotation is not None
    assert len(Settings.model_fields) >= 19, "every HRP_ variable of the docs is a field"


def test_the_settings_are_read_once_until_reset() -> None:
    with pytest.MonkeyPatch.context() as plain:  # a plain MonkeyPatch: the cache is not told
        plain.setenv("HRP_SUPPRESSION_K", "12")
        reset_settings()
        first = settings()
        plain.setenv("HRP_SUPPRESSION_K", "15")
        assert settings() is first and settings().suppression_k == 12, "read once, not at every call"
        reset_settings()
        assert settings().suppression_k == 15
    reset_settings()


def test_export_reaches_this_process_and_its_children(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRP_DEMO", "0")
    assert not settings().demo
    export(demo="1")
    assert settings().demo and os.environ["HRP_DEMO"] == "1"
    with pytest.raises(KeyError):
        export(dmeo="1")


def _reads_hrp_variable(node: ast.AST) -> bool:
    """``os.environ[...]``, ``os.environ.get(...)`` or ``os.getenv(...)`` with an ``HRP_`` literal in it."""
    text = ast.unparse(node)
    return ("os.environ" in text or "getenv" in text) and "'HRP_" in text


def test_no_module_but_settings_reads_an_hrp_variable() -> None:
    readers = []
    for path in sorted(paths.PACKAGE.rglob("*.py")):
        if path == paths.PACKAGE / "lib" / "common" / "settings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call | ast.Subscript) and _reads_hrp_variable(node):
                readers.append(f"{path.relative_to(paths.PACKAGE)}:{node.lineno}")
    assert readers == []


def test_nothing_reads_the_environment_at_import() -> None:
    """Every module imports with a broken variable; the definitions then refuse it in one line."""
    script = (
        "import importlib, pkgutil, pipeline, pipeline.defs, pipeline.lib\n"
        "for package in (pipeline.defs, pipeline.lib):\n"
        "    for found in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(found.name)\n"
        "import pipeline.definitions, pipeline.operations, pipeline.cli\n"
        "print('imported')\n"
        "pipeline.definitions.defs()\n"
    )
    env = {**os.environ, "HRP_SUPPRESSION_K": "ten"}
    ran = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert ran.stdout.strip() == "imported", ran.stderr[-2000:]
    assert "SettingsError: HRP_SUPPRESSION_K='ten': Input should be a valid integer" in ran.stderr


def test_the_tests_monkeypatch_makes_a_changed_variable_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/conftest.py's monkeypatch forgets the settings when it changes the environment."""
    monkeypatch.setenv("HRP_SUPPRESSION_K", "12")
    assert settings().suppression_k == 12
    monkeypatch.setenv("HRP_SUPPRESSION_K", "15")
    assert settings().suppression_k == 15
    monkeypatch.delenv("HRP_SUPPRESSION_K")
    assert settings().suppression_k == Settings.model_fields["suppression_k"].default


def test_a_demonstration_without_a_key_uses_the_public_one_and_a_real_night_has_none() -> None:
    """`HRP_DEMO=1 hrp run` on the demo's root said "HRP_PSEUDONYM_KEY is not set" (new users, p5, u5)."""
    from pipeline.lib.common.settings import DEVELOPMENT_PSEUDONYM_KEY

    assert read_settings({"HRP_DEMO": "1"}).key_text() == DEVELOPMENT_PSEUDONYM_KEY
    assert read_settings({}).key_text() is None
    assert read_settings({"HRP_DEMO": "1", "HRP_PSEUDONYM_KEY": "k" * 40}).key_text() == "k" * 40
