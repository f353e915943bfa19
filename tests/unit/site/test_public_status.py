"""What a reader is told about a hidden figure: one neutral status, whatever the protection's reason.

Telling "fewer than k" apart from "withheld so that small numbers cannot be worked out" would tell a
reader which hidden counts are 1 to k-1, and with the halves adding up to the year, bound the others."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.lib.disclosure.values import PublicCell, PublicMetric
from pipeline.lib.inference.problem import Status
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.render.i18n import translation
from pipeline.lib.site.downloads import data_rows
from pipeline.lib.site.localised import Localised
from pipeline.lib.site.transparency import cell_status

K = 10
HIDDEN: list[Status] = ["small", "secondary", "withheld"]


def cell(status: Status, member: str) -> PublicCell:
    return PublicCell(
        "FY2026-H2",
        "half",
        2026,
        date(2026, 1, 1),
        "affected_group",
        "affected_group",
        member,
        None,
        None,
        None,
        status,
    )


def test_every_hidden_figure_is_published_with_the_same_status() -> None:
    metric = load_catalogue().public_metrics[0]
    public = PublicMetric(metric, [cell(s, f"m{i}") for i, s in enumerate(["published", *HIDDEN])])
    assert [r["status"] for r in data_rows(public)] == ["published", "withheld", "withheld", "withheld"]
    assert {cell_status(c) for c in public.cells[1:]} == {"withheld"}
    # a published share of no requests has no figure: "none", as the dictionary and the page's "–" say
    assert cell_status(public.cells[0]) == "none"
    measured = cell("published", "m9")
    measured.value = 0.5
    assert cell_status(measured) == ""


@pytest.mark.parametrize("locale", ["en", "ky"])
def test_every_hidden_figure_reads_the_same_in_every_language(locale: str) -> None:
    loc = Localised(locale, translation(locale), K, date(2026, 11, 1))
    shown = {(loc.value(cell(s, "x"), unit), loc.note(s)) for s in HIDDEN for unit in ("count", "share")}
    assert len(shown) == 1
    value, note = shown.pop()
    assert value == loc.value(cell("withheld", "x"), "count") and note
    assert str(K) in note and loc.note("published") == ""
    if locale == "en":
        assert note == "withheld to protect small numbers (fewer than 10, or a number that would reveal one)"
