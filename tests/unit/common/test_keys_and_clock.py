"""Keys told apart by fingerprint, never stored; a date the pipeline cannot believe is refused."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.lib.common.clock import ClockError, check_against_data, check_today
from pipeline.lib.common.keys import (
    DEMONSTRATION_FINGERPRINT,
    PseudonymKeyError,
    check_fingerprint,
    check_key_length,
    fingerprint,
)
from pipeline.lib.common.settings import DEVELOPMENT_PSEUDONYM_KEY

REAL = b"a-real-secret-of-at-least-32-characters"
OTHER = b"another-real-secret-of-32-characters-too"


def test_a_fingerprint_identifies_a_key_without_containing_it() -> None:
    assert fingerprint(REAL) == fingerprint(REAL) != fingerprint(OTHER)
    assert REAL.decode() not in fingerprint(REAL) and len(fingerprint(REAL)) == 32
    assert fingerprint(DEVELOPMENT_PSEUDONYM_KEY.encode()) == DEMONSTRATION_FINGERPRINT


def test_keys_shorter_than_32_characters_are_refused() -> None:
    for short in ("x", "k" * 31):
        with pytest.raises(PseudonymKeyError, match="at least 32"):
            check_key_length(short)
    check_key_length("k" * 32)
    check_key_length(DEVELOPMENT_PSEUDONYM_KEY)  # refused elsewhere, outside the demonstration


def test_another_key_a_demonstration_root_and_a_real_root_are_each_refused_with_what_to_do() -> None:
    check_fingerprint(None, REAL)  # a new warehouse takes the key it is given
    check_fingerprint(fingerprint(REAL), REAL)
    with pytest.raises(PseudonymKeyError, match="hrp rekey"):
        check_fingerprint(fingerprint(REAL), OTHER)
    with pytest.raises(PseudonymKeyError, match=r"demonstration root.*HRP_DATA_ROOT"):
        check_fingerprint(DEMONSTRATION_FINGERPRINT, REAL)
    with pytest.raises(PseudonymKeyError, match=r"made with a real key.*hrp demo"):
        check_fingerprint(fingerprint(REAL), DEVELOPMENT_PSEUDONYM_KEY.encode())


def test_a_date_after_the_real_one_is_refused_a_replay_is_not() -> None:
    wall = date(2026, 12, 3)
    check_today(date(2025, 3, 1), wall, from_env=True)
    check_today(date(2026, 12, 4), wall, from_env=True)  # a server a time zone ahead
    with pytest.raises(ClockError, match="HRP_TODAY=2100-01-01 is after"):
        check_today(date(2100, 1, 1), wall, from_env=True)


def test_a_date_outside_what_the_data_describes_is_refused() -> None:
    covered = (date(2023, 9, 4), date(2026, 11, 1))
    check_against_data(date(2026, 11, 25), covered)
    check_against_data(date(2019, 1, 1), None)  # nothing delivered yet: nothing to compare with
    with pytest.raises(ClockError, match="before the first day the data describes \\(2023-09-04\\)"):
        check_against_data(date(2019, 1, 1), covered)
    with pytest.raises(ClockError, match=r"more than two years after.*HRP_TODAY to 2028-11-01 or earlier"):
        check_against_data(date(2029, 1, 1), covered)
    with pytest.raises(ClockError, match=r"2 landing file\(s\) are not read yet.*once with HRP_TODAY=2028-11-01"):
        check_against_data(date(2029, 1, 1), covered, unread=2)
