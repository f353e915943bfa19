"""The board pack's parts that need no browser: label placement, commentary, explanations."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.lib.board import commentary
from pipeline.lib.board.files import breakable
from pipeline.lib.board.sparkline import sparkline
from pipeline.lib.common.config import ConfigError
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.render.charts import LABEL_ROOM, Series, bars, label_positions
from pipeline.lib.render.explain import FLOW, calculation, year_versus_halves


def test_a_label_the_target_line_would_cross_goes_inside_its_bar() -> None:
    positions, lifted = label_positions([0.78, 0.87, 0.95, 0.5], 0.90, 1.0)
    assert positions == ["inside", "inside", "outside", "outside"]
    assert lifted == [None, None, None, None]


def test_a_bar_too_short_for_its_label_has_it_lifted_above_the_target() -> None:
    positions, lifted = label_positions([3.0, 40.0], 5.0, 50.0)
    assert 3.0 < 5.0 <= 3.0 + LABEL_ROOM * 50.0
    assert positions == ["none", "outside"] and lifted == [5.0, None]
    figure = bars(Series(["a", "b"], [3.0, 40.0], ["3", "40"]), "count", target=5.0)
    assert figure["layout"]["annotations"][0]["text"] == "3" and figure["data"][0]["text"] == ["", "40"]


def test_commentary_is_validated_against_the_catalogue(tmp_path: Path) -> None:
    catalogue = load_catalogue()
    shipped = commentary.load("FY2026", catalogue)
    assert shipped.example and "training_completion_rate" in shipped.metrics
    entry = "why: w\n    owner: o\n    next_step: n\n    due: 2027-01-01"
    (tmp_path / "FY2030.yaml").write_text(
        f"fiscal_year: FY2030\nexample: false\nmetrics:\n  no_such_metric:\n    {entry}\n"
    )
    with pytest.raises(ConfigError, match=r"FY2030.yaml: metrics: not in the catalogue: no_such_metric$"):
        commentary.load("FY2030", catalogue, tmp_path)
    (tmp_path / "FY2032.yaml").write_text("fiscal_year: FY2031\nexample: false\n")
    with pytest.raises(ConfigError, match="fiscal_year: FY2031 in the file of FY2032"):
        commentary.load("FY2032", catalogue, tmp_path)
    assert commentary.load("FY1999", catalogue, tmp_path).metrics == {}, "no file: no commentary yet"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "example: false\nmetrics:\n  cases_opened:\n    {entry}\n    person: someone\n",
            "metrics.cases_opened.person: extra key not permitted",
        ),
        (
            "example: false\nmetrics:\n  cases_opened:\n    {entry}\n    nxt_step: n\n",
            "metrics.cases_opened.nxt_step: extra key not permitted",
        ),
        (
            "example: false\nmetrics:\n  cases_opened:\n    {late}\n",
            "metrics.cases_opened.due: Input should be a valid date",
        ),
        ("example: perhaps\n", "example: Input should be a valid boolean"),
        (
            "example: false\ncommitments:\n  world_peace:\n    {entry}\n",
            "commitments: not in the catalogue: world_peace",
        ),
    ],
)
def test_a_broken_commentary_file_is_one_line_naming_file_key_and_reason(
    tmp_path: Path, text: str, message: str
) -> None:
    entry = "why: w\n    owner: o\n    next_step: n\n    due: 2027-01-01"
    late = entry.replace("2027-01-01", "next spring")
    (tmp_path / "FY2031.yaml").write_text("fiscal_year: FY2031\n" + text.format(entry=entry, late=late))
    with pytest.raises(ConfigError) as caught:
        commentary.load("FY2031", load_catalogue(), tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / 'FY2031.yaml'}: {message}")


def test_every_metric_whose_year_is_not_the_sum_of_its_halves_says_so() -> None:
    catalogue = load_catalogue()
    median = year_versus_halves(catalogue.metric("training_median_days_to_complete"))
    assert median and "median" in median
    assert year_versus_halves(catalogue.metric("training_completion_rate"))
    assert year_versus_halves(catalogue.metric("cases_open_backlog"))
    assert year_versus_halves(catalogue.metric("cases_opened")) is None
    assert calculation(catalogue.metric("cases_opened")) == FLOW
    assert calculation(catalogue.metric("cases_open_backlog")) != FLOW


def test_a_sparkline_needs_two_years_and_draws_the_target() -> None:
    assert sparkline([0.5], 0.9, "x") == ""
    svg = sparkline([0.5, None, 0.7, 0.8], 0.9, "Trend <x>")
    assert svg.count("<circle") == 1 and "stroke-dasharray" in svg and "&lt;x&gt;" in svg


def test_rule_names_may_wrap_only_after_an_underscore() -> None:
    assert str(breakable("completed_not_before_assigned")) == "completed_<wbr>not_<wbr>before_<wbr>assigned"
    assert str(breakable("<b>_x")) == "&lt;b&gt;_<wbr>x"


def test_a_message_without_a_translation_falls_back_to_english_marked_as_english() -> None:
    from pipeline.lib.render.i18n import translation_from_po

    po = 'msgid "Definition"\nmsgstr "Аныктама"\n\nmsgid "Source"\nmsgstr ""\n'.encode()
    messages = translation_from_po(po, "ky")
    assert messages.gettext("Source") == "Source" and str(messages.lang_attr("Source")) == ' lang="en"'
    assert messages.gettext("Definition") == "Аныктама" and str(messages.lang_attr("Definition")) == ""


def test_the_shipped_kyrgyz_catalogue_translates_every_message() -> None:
    from pipeline.lib.render.i18n import extract, translation

    kyrgyz = translation("ky")
    missing = [m.id for m in extract() if m.id and not kyrgyz.is_translated(m.id if isinstance(m.id, str) else m.id[0])]
    assert missing == []


def test_input_files_without_a_processing_time_are_summarised_not_fatal() -> None:
    """Found by the builders' property test: files with no ``processed_at`` made the inputs appendix
    compare None with None and the whole board report fail."""
    from datetime import datetime
    from types import SimpleNamespace
    from typing import Any

    from pipeline.lib.board.files import inputs_summary

    when = datetime(2025, 3, 1, 2, 0)
    inputs = [
        {"source": "case_outcomes", "rows_loaded": 3, "processed_at": None},
        {"source": "case_outcomes", "rows_loaded": 2, "processed_at": when},
        {"source": "training_records", "rows_loaded": 4, "processed_at": None},
    ]
    report: Any = SimpleNamespace(inputs=inputs)
    assert inputs_summary(report) == [
        {"source": "case_outcomes", "files": 2, "rows": 5, "first": when, "last": when},
        {"source": "training_records", "files": 1, "rows": 4, "first": None, "last": None},
    ]
