"""A setting that decides what a file's rows make (the fiscal year's start month, the hold share),
changed between nights, is refused in one line naming it, both values and the next step: the nights
kept what the old value made of the files already read, a rebuild from the same files made something
else, and nothing said so (a reliability review, 2026-12-06)."""

from __future__ import annotations

import pytest

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import reset_settings
from pipeline.lib.warehouse.verdict_settings import SettingChangedError
from tests.builders import write
from tests.conftest import Ingest
from tests.integration.test_incomplete_figures import H1, H2, tally

FY2025 = ("2024-07-01", "2025-06-30")
STATE = (
    "SELECT * EXCLUDE (_run_id, _delivery_id) FROM core.request_counts ORDER BY ALL",
    "SELECT path, rows_loaded, rows_quarantined, rows_held, status FROM audit.file_manifest ORDER BY ALL",
)


@pytest.mark.parametrize(
    ("setting", "before", "after", "rows", "next_step"),
    [
        # a whole fiscal year under July; under January it is no fiscal year: a clean night holds the file
        (
            "HRP_FISCAL_YEAR_START_MONTH",
            "7",
            "1",
            [tally(FY2025, "DE", "user_data", "government", 9)],
            "start a new data root",
        ),
        # 2 of 3 rows break a rule: held at 0.5, loaded (1 row) at 0.7
        (
            "HRP_HOLD_SHARE",
            "0.5",
            "0.7",
            [
                tally(H1, "DE", "user_data", "government", -1),
                tally(H2, "DE", "user_data", "government", -1),
                tally(H1, "FR", "user_data", "government", 4),
            ],
            "`hrp rebuild`",
        ),
    ],
    ids=["fiscal year start month", "hold share"],
)
def test_a_setting_changed_between_nights_is_refused_naming_it_and_the_way_back(
    paths: DataPaths,
    monkeypatch: pytest.MonkeyPatch,
    setting: str,
    before: str,
    after: str,
    rows: list[dict[str, str]],
    next_step: str,
) -> None:
    monkeypatch.setenv("HRP_TODAY", "2026-11-25")
    monkeypatch.setenv(setting, before)
    reset_settings()
    write(paths.landing_for("request_counts"), "a.csv", rows)
    ingest = Ingest(paths)
    ingest("request_counts")
    first = [ingest.query(q) for q in STATE]

    monkeypatch.setenv(setting, after)
    reset_settings()
    with pytest.raises(SettingChangedError) as refused:
        ingest("request_counts")
    said = str(refused.value)
    assert f"{setting} is {float(after) if '.' in after else after}" in said and next_step in said, said
    assert [ingest.query(q) for q in STATE] == first, "nothing changed"

    monkeypatch.setenv(setting, before)
    reset_settings()
    ingest("request_counts")  # set back: the nights go on
    assert [ingest.query(q) for q in STATE] == first
