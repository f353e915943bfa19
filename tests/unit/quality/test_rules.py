"""The rules the code names by name exist in the suites, with the meaning the code gives them."""

from __future__ import annotations

from pipeline.lib.quality.rules import DECIDED_BY_A_REBUILD, rules_reading_others, suite_rules, unreleasable_in


def test_the_rule_only_a_rebuild_settles_is_a_request_count_rule_no_release_overrides() -> None:
    rules = {r.name: r for r in suite_rules("request_counts")}
    assert DECIDED_BY_A_REBUILD in rules and rules[DECIDED_BY_A_REBUILD].level == "blocking"
    assert unreleasable_in("request_counts", f"held: {DECIDED_BY_A_REBUILD} (row 1: …)") == [DECIDED_BY_A_REBUILD]


def test_only_the_overlap_rules_read_other_deliveries() -> None:
    """Only there are an acknowledged delivery's rows kept after it is set aside: they still hold
    back the later files they overlap, as a rebuild over the same files holds them."""
    assert sorted(rules_reading_others("request_counts")) == sorted(["periods_do_not_overlap", DECIDED_BY_A_REBUILD])
    assert [s for s in ("training_records", "case_outcomes", "assessment_status") if rules_reading_others(s)] == []


def test_the_rules_that_read_today_are_those_about_the_future() -> None:
    """Their verdicts change with the day (``rows_due`` in ``hrp status``); no other rule's does."""
    from pipeline.lib.common.settings import SOURCES
    from pipeline.lib.quality.rules import rules_reading_today

    reading = set(rules_reading_today())
    about_the_future = {f"{s}/{r.name}" for s in SOURCES for r in suite_rules(s) if r.about == "not_in_future"}
    assert about_the_future and about_the_future <= reading
    assert reading - about_the_future == {"request_counts/period_finished"}
