"""The morning line for a delivery ends each sentence once: a reason ending in "?" gets no extra full stop."""

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
