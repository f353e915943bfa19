"""The index says whether a figure is on track against its public target, with the good direction,
and never calls a withheld, unreleased, incomplete or missing figure "on track"."""

from datetime import date

import pytest

from pipeline.lib.common.config import ConfigError
from pipeline.lib.disclosure.values import PublicCell
from pipeline.lib.metrics.catalogue import Metric, load_catalogue, parse_catalogue
from pipeline.lib.render.i18n import translation
from pipeline.lib.site.localised import Localised, Waiting
from pipeline.lib.site.progress import describe, on_index, progress

CATALOGUE = load_catalogue()
TRAINING = CATALOGUE.metric("training_completion_rate")  # higher is better, public target
DAYS_TO_CLOSE = CATALOGUE.metric("cases_median_days_to_close")  # lower is better, public target
BACKLOG = CATALOGUE.metric("cases_open_backlog")  # lower is better, internal target
REFUSED = CATALOGUE.metric("government_demands_refused_share")  # higher is better, internal target
RECEIVED = CATALOGUE.metric("government_demands_received")  # context
EN = Localised("en", translation("en"), 10, date(2026, 11, 26))
KY = Localised("ky", translation("ky"), 10, date(2026, 11, 26))


def cell(value: float | None, **changes: object) -> PublicCell:
    fields: dict[str, object] = {
        "period_id": "FY2026",
        "period_kind": "year",
        "fiscal_year": 2026,
        "period_start": date(2025, 7, 1),
        "breakdown": "",
        "dimension_1": None,
        "member_1": None,
        "dimension_2": None,
        "member_2": None,
        "value": value,
        "status": "published",
    }
    fields.update(changes)
    return PublicCell(**fields)  # type: ignore[arg-type]


def test_which_targets_are_public_is_the_catalogue_s_choice() -> None:
    public = {m.id for m in CATALOGUE.metrics if m.public_target}
    assert public == {
        "training_completion_rate",
        "high_risk_impact_assessment_coverage",
        "mitigation_completion_rate",
        "cases_remedy_share",
        "cases_median_days_to_close",
    }


@pytest.mark.parametrize(
    ("metric", "target", "value", "track"),
    [
        (TRAINING, 0.9, 0.91, "on_track"),
        (TRAINING, 0.9, 0.9, "on_track"),  # on the target is on it
        (TRAINING, 0.9, 0.88, "at_risk"),  # within the catalogue's 3 points
        (TRAINING, 0.9, 0.5, "off_track"),
        (DAYS_TO_CLOSE, 30, 20, "on_track"),
        (DAYS_TO_CLOSE, 30, 33, "at_risk"),
        (DAYS_TO_CLOSE, 30, 60, "off_track"),
    ],
)
def test_a_published_figure_is_compared_with_its_public_target(
    metric: Metric, target: float, value: float, track: str
) -> None:
    assert progress(metric, cell(value), target, None).track == track


@pytest.mark.parametrize(
    ("shown", "due", "why_not"),
    [
        (cell(None, status="withheld"), None, "withheld"),
        (None, Waiting(date(2027, 1, 1)), "not yet released"),
        (None, Waiting(date(2027, 3, 1), held_back=True), "held back"),
        (None, None, "no data"),
        (cell(0.99, not_reported=1, units=4), None, "partly reported"),
        (cell(0.99, reported_for_year=1, units=4), None, "partly reported"),
        (cell(0.99, missing=2), None, "incomplete"),
        (cell(0.99, not_reported=1, units=4, missing=2), None, "incomplete"),
        (cell(None, undelivered=True), None, "no data"),
        (cell(0.99, to_date=True), None, "to date"),
    ],
)
def test_a_figure_that_is_not_wholly_out_is_never_on_track(
    shown: PublicCell | None, due: Waiting | None, why_not: str
) -> None:
    result = progress(TRAINING, shown, 0.9, due)
    assert (result.track, result.why_not) == ("not_assessed", why_not)
    label, sentences = describe(result, TRAINING, EN, "FY2026")
    assert label == "Not assessed"
    assert "on track" not in " ".join([label, *sentences]).lower()


def test_the_words_say_the_target_and_the_good_direction_in_both_languages() -> None:
    targets = {"training_completion_rate": 0.9, "cases_median_days_to_close": 30.0}
    assert on_index(TRAINING, cell(0.93), None, targets, EN, "FY2026") == (
        "on_track",
        "On track",
        ["Target for FY2026: at least 90.0%.", "Higher is better."],
    )
    track, label, sentences = on_index(DAYS_TO_CLOSE, cell(45), None, targets, KY, "2026 каржы жылы")
    assert (track, label) == ("off_track", "Максаттан артта")
    assert sentences == [
        "2026 каржы жылы үчүн максат: эң көп дегенде 30 күн.",
        "Канчалык төмөн болсо, ошончолук жакшы.",
    ]


def test_an_internal_target_gives_the_direction_only_and_context_says_so() -> None:
    targets = {"cases_open_backlog": 40.0, "government_demands_refused_share": 0.7}
    assert on_index(BACKLOG, cell(400), None, targets, EN, "FY2026") == (
        "no_public_target",
        "",
        ["Lower is better.", "No public target."],
    )
    assert on_index(REFUSED, cell(0.1), None, targets, EN, "FY2026")[0] == "no_public_target"
    assert on_index(RECEIVED, cell(300), None, targets, EN, "FY2026") == ("context", "", ["For context: no target."])


def test_a_public_target_needs_a_target_and_a_public_metric() -> None:
    raw = CATALOGUE.model_dump(mode="json")
    received = next(m for m in raw["metrics"] if m["id"] == "government_demands_received")
    received["public_target"] = True
    with pytest.raises(ConfigError, match="a public target needs a target and a public metric"):
        parse_catalogue(raw, "metrics.yaml")
