"""The morning line for a delivery ends each sentence once: a reason ending in "?" gets no extra full stop."""

from pipeline.lib.common.words import counted
from pipeline.lib.ops.attention import Delivery


def _failed(error: str) -> Delivery:
    return Delivery("training_records", "2026/x.csv", 1, "0" * 64, "failed", error, 0, 0, True, True)


def test_a_question_is_not_followed_by_a_full_stop() -> None:
    line = _failed("missing required column(s): person_id. Is the first line the header row?").line()
    assert "header row? To do:" in line
    assert "?." not in line


def test_a_plain_reason_gets_its_full_stop() -> None:
    line = _failed("the file is empty").line()
    assert "could not be read: the file is empty. To do:" in line
    assert ".." not in line.replace("…", "")


def test_a_delivery_with_every_row_set_aside_does_not_say_the_rest_loaded() -> None:
    """Found by a hostile reading: 4 of 4 rows set aside, and the line said "the rest loaded"."""
    every = Delivery("request_counts", "h2.csv", 1, "0" * 64, "loaded", "", 4, 4, True, False).line()
    some = Delivery("request_counts", "h2.csv", 1, "0" * 64, "loaded", "", 4, 1, True, False).line()
    assert "every row (4) set aside" in every and "nothing loaded" in every and "the rest" not in every
    assert "1 of 4 rows set aside" in some and "the rest loaded" in some


def test_rows_set_aside_are_pointed_at_with_the_command_that_lists_them() -> None:
    line = Delivery("request_counts", "2025 h2.csv", 1, "0" * 64, "loaded", "", 4, 1, True, False).line()
    assert line.endswith(
        "To do: see which rows were set aside, and why, with `hrp rows --file 'request_counts/2025 h2.csv'`; "
        "deliver them again, or accept the figures without them: "
        "`hrp acknowledge 'request_counts/2025 h2.csv' --reason …`."
    )
    training = Delivery("training_records", "a.csv", 1, "0" * 64, "loaded", "", 4, 1, True, False).line()
    assert training.endswith("with `hrp rows --file training_records/a.csv`.")  # not a tally: nothing to accept
    assert "validation page" not in line and "appendix" not in line


def test_one_row_is_one_row() -> None:
    """New-user review: "held back whole (1 rows)"; every count on the console agrees with its noun."""
    held = Delivery("request_counts", "h2.csv", 1, "0" * 64, "held", "held: duplicate keys", 1, 0, True, True).line()
    assert "held back whole (1 row): duplicate keys" in held
    many = Delivery("request_counts", "h2.csv", 1, "0" * 64, "held", "held: duplicate keys", 2, 0, True, True).line()
    assert "held back whole (2 rows)" in many
    assert (counted(1, "row"), counted(1_200, "row"), counted(1, "delivery", "deliveries")) == (
        "1 row",
        "1,200 rows",
        "1 delivery",
    )
    assert counted(0, "delivery", "deliveries") == "0 deliveries"


def test_rows_whose_date_has_passed_point_at_a_rebuild_and_are_not_offered_for_acceptance() -> None:
    """A rebuild today counts them: accepting the figures without them would keep a figure that
    differs from the rebuild's (``hrp acknowledge`` refuses it too)."""
    due = Delivery("request_counts", "h2.csv", 1, "0" * 64, "loaded", "", 4, 2, False, True, rows_due=1)
    line = due.line()
    assert line.startswith("NEEDS ATTENTION: request_counts/h2.csv: 2 of 4 rows set aside")
    assert "a rebuild would now count 1 of them, the nights do not: they were set aside for a date" in line
    assert "To do: `hrp rebuild` to count those rows; see which rows" in line
    assert "acknowledge" not in line
