"""A delivery's verdict does not depend on what else is in its validation batch (review HIGH 3).

Northwind's export reports no outcome split, so ``outcomes_add_up_to_requests`` ignores every one of
its rows. GX's own query for the rule's failing rows leaves ``ignore_row_if`` out, and it used to be
run only when another delivery of the batch really broke the rule: the export was then held whole as
``mostly_rejected``, and loaded when validated alone. Here the export and a sample-shaped file that
breaks the rule in two rows (and leaves the outcomes of two others empty) are validated together,
each alone, and in pairs: every delivery gets the same verdict each time, and exactly the two rows
that break the rule are set aside.
"""

from __future__ import annotations

import shutil
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from pipeline.lib.common.layout import DataPaths
from tests.builders import request_count, write
from tests.conftest import TEST_KEY, Ingest, SettingsMonkeyPatch

pytestmark = pytest.mark.slow
EXPORTS = Path(__file__).parents[1] / "data" / "exports"
SAMPLE = "transparency-2020-H2.csv"
NORTHWIND = ("northwind/northwind-2018-H2.csv", "northwind/northwind-2019-H2.csv")
BREAKING = {3, 7}  # rows whose four outcomes do not add up to requests


def _sample_rows() -> list[dict[str, Any]]:
    """Ten counts for FY2021-H1 shaped like the sample's: rows 3 and 7 break the rule, rows 4 and 5
    leave the outcomes empty (not reported) and row 6 gives only some of them."""
    countries = ["DE", "FR", "GB", "US", "JP", "BR", "IN", "MX", "ES", "IT"]
    rows = []
    for number, country in enumerate(countries, start=1):
        row: dict[str, Any] = request_count("2020-07-01", "2020-12-31", country, "user_data", "court", "10")
        outcomes = ("4", "3", "2", "1") if number not in BREAKING else ("4", "3", "2", "9")
        if number in (4, 5):
            outcomes = ("", "", "", "")
        elif number == 6:
            outcomes = ("4", "", "2", "")
        row |= dict(zip(("complied_fully", "complied_partly", "refused", "pending"), outcomes, strict=True))
        rows.append(row)
    return rows


def _night(root: Path, deliveries: tuple[str, ...]) -> dict[str, Any]:
    """One validation of these deliveries on a fresh data root: per delivery its status and rows
    set aside, and the rows set aside by file, row and rule."""
    with SettingsMonkeyPatch.context() as mp:
        mp.setenv("HRP_DATA_ROOT", str(root))
        mp.setenv("HRP_PSEUDONYM_KEY", TEST_KEY.decode())
        paths = DataPaths(root).ensure()
        landing = paths.landing_for("request_counts")
        for name in deliveries:
            if name == SAMPLE:
                write(landing, SAMPLE, _sample_rows())
            else:
                (landing / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(EXPORTS / name, landing / name)
        paths.profiles_for("request_counts").mkdir(parents=True)
        shutil.copy(EXPORTS / "northwind.yaml", paths.profiles_for("request_counts") / "northwind.yaml")
        ingest = Ingest(paths)
        ingest("request_counts")
        manifest = ingest.query("SELECT path, status, rows_read, rows_quarantined FROM audit.file_manifest")
        quarantined = ingest.query("SELECT path, row_number, rule FROM audit.quarantine ORDER BY ALL")
    return {
        "verdicts": {path: (status, read, aside) for path, status, read, aside in manifest},
        "set_aside": [tuple(r) for r in quarantined],
    }


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], dict[str, Any]]:
    everything = (SAMPLE, *NORTHWIND)
    batches = [everything, *((d,) for d in everything), *combinations(everything, 2)]
    return {b: _night(tmp_path_factory.mktemp("batch") / "data", b) for b in batches}


def test_the_export_loads_beside_a_file_that_breaks_the_rule(nights: dict[tuple[str, ...], Any]) -> None:
    together = nights[(SAMPLE, *NORTHWIND)]
    for name in NORTHWIND:
        assert together["verdicts"][name] == ("loaded", 36, 0), name
    assert together["verdicts"][SAMPLE] == ("loaded", 10, len(BREAKING))


def test_exactly_the_rows_breaking_the_rule_are_set_aside(nights: dict[tuple[str, ...], Any]) -> None:
    together = nights[(SAMPLE, *NORTHWIND)]
    assert together["set_aside"] == [(SAMPLE, n, "outcomes_add_up_to_requests") for n in sorted(BREAKING)]


def test_a_deliverys_verdict_is_the_same_alone_and_in_any_batch(nights: dict[tuple[str, ...], Any]) -> None:
    for batch, night in nights.items():
        for name in batch:
            alone = nights[(name,)]
            assert night["verdicts"][name] == alone["verdicts"][name], (name, batch)
            mine = [r for r in night["set_aside"] if r[0] == name]
            assert mine == alone["set_aside"], (name, batch)
