"""The disclosure policy: k's floor cannot be talked down, and the release calendar is as announced."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from pipeline.cli.group import cli
from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.disclosure import calendar, policy

CALENDAR = FiscalCalendar(7)


def test_k_below_the_floor_is_refused_not_clamped() -> None:
    assert policy.checked_k(10) == 10
    assert policy.checked_k(25) == 25
    with pytest.raises(policy.BelowFloorError, match="below the disclosure policy's floor of 10"):
        policy.checked_k(1)


@pytest.mark.parametrize("value", ["1", "9", "0"])
def test_the_console_refuses_a_threshold_below_the_floor_with_one_line_and_exit_2(
    value: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HRP_DATA_ROOT", str(tmp_path))
    monkeypatch.setenv("HRP_SUPPRESSION_K", value)
    result = CliRunner().invoke(cli, ["status"])
    assert result.exit_code == 2
    assert "refused" in result.output and "Traceback" not in result.output


def test_releases_come_a_set_number_of_days_after_each_half_year() -> None:
    assert calendar.releases_around(CALENDAR, date(2026, 8, 28)) == (date(2026, 3, 1), date(2026, 8, 29))
    assert calendar.releases_around(CALENDAR, date(2026, 8, 29)) == (date(2026, 8, 29), date(2027, 3, 1))
    out = calendar.released_periods(CALENDAR, [2026, 2027], date(2026, 8, 29))
    assert out == {"FY2026-H1", "FY2026-H2", "FY2026"}  # the year with its second half; FY2027 not yet
    assert calendar.released_periods(CALENDAR, [2026, 2027], date(2027, 3, 1)) == out | {"FY2027-H1"}


def test_each_period_knows_the_release_that_first_shows_it() -> None:
    assert calendar.release_of(CALENDAR, "FY2026-H1") == date(2026, 3, 1)
    assert calendar.release_of(CALENDAR, "FY2026-H2") == calendar.release_of(CALENDAR, "FY2026") == date(2026, 8, 29)
