"""The rules the code names by name exist in the suites, with the meaning the code gives them."""

from __future__ import annotations

from pipeline.lib.common.settings import SOURCES
from pipeline.lib.quality.rules import (
    rebuild_decides,
    rules_decided_by_a_rebuild,
    rules_reading_others,
    suite_rules,
    unreleasable_in,
)

OVERLAP_SORTING_AFTER = "no_counted_overlap_sorts_after"


def test_the_rules_only_a_rebuild_settles_hold_a_tally_file_or_set_a_case_version_aside() -> None:
    """A file sorting before a counted one it overlaps is held whole, and no release overrides it;
    a case version delivered after a later one behind it was counted is set aside as a row."""
    decided = {s: rules_decided_by_a_rebuild(s) for s in SOURCES}
    assert decided == {
        "training_records": [],
        "case_outcomes": ["no_counted_later_version_behind"],
        "assessment_status": [],
        "request_counts": [OVERLAP_SORTING_AFTER],
    }
    levels = {r.name: r.level for s in SOURCES for r in suite_rules(s)}
    assert levels[OVERLAP_SORTING_AFTER] == "blocking" and levels["no_counted_later_version_behind"] == "row"
    held = f"held: {OVERLAP_SORTING_AFTER} (row 1: …)"
    assert unreleasable_in("request_counts", held) == [OVERLAP_SORTING_AFTER]
    assert rebuild_decides("request_counts", held)
    assert not rebuild_decides("request_counts", "held: periods_do_not_overlap (row 1: …)")


def test_only_the_overlap_and_case_history_rules_read_other_deliveries() -> None:
    """Only there are an acknowledged delivery's rows kept after it is set aside: they still hold
    back the later files they overlap, or the case versions that go back from theirs, as a rebuild
    over the same files does."""
    assert sorted(rules_reading_others("request_counts")) == sorted(["periods_do_not_overlap", OVERLAP_SORTING_AFTER])
    assert rules_reading_others("case_outcomes") == ["status_moves_forward", "no_counted_later_version_behind"]
    assert [s for s in ("training_records", "assessment_status") if rules_reading_others(s)] == []


def test_the_rules_that_read_today_are_those_about_the_future() -> None:
    """Their verdicts change with the day (``rows_due`` in ``hrp status``); no other rule's does."""
    from pipeline.lib.quality.rules import rules_reading_today

    reading = set(rules_reading_today())
    about_the_future = {f"{s}/{r.name}" for s in SOURCES for r in suite_rules(s) if r.about == "not_in_future"}
    assert about_the_future and about_the_future <= reading
    assert reading - about_the_future == {"request_counts/period_finished"}
