"""The builders cannot be crashed by data: the board report and the site build from any damaged warehouse.

One warehouse is built from the sample once; each Hypothesis example copies it and damages the copy:
sources that never delivered (their core tables emptied), NULLs in non-key columns of core and of the
marts, periods missing from the marts and from the coverage, empty audit tables. The builders must not
raise, must say "no data" (in every language) where a source has nothing, must never publish a 0 for a
period no delivery covers, and must write HTML whose tags nest.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.lib.common.fiscal import FiscalCalendar, key
from pipeline.lib.common.settings import SOURCES, DataPaths
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.metrics.marts import CORE_TABLES, compute_fiscal_years
from pipeline.lib.publish import board_files, board_report, site
from pipeline.lib.publish.i18n import available_locales, translation
from pipeline.lib.warehouse.connection import connect
from tests.conftest import RUN_DATE

TODAY = date(2026, 11, 25)
CALENDAR = FiscalCalendar(7)
YEARS = [2023, 2024, 2025, 2026, 2027]
AUDIT_TABLES = ("file_manifest", "quarantine", "validation_results", "dirty_fiscal_years", "acknowledgements")
# breakdown members are keys of the marts rows: a NULL there is a different row, not a missing value
MART_NULLABLE = ("value", "numerator", "denominator", "status")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SVG_VOID = {"path", "rect", "circle", "line", "polyline", "polygon", "ellipse", "use", "stop"}


@dataclass(frozen=True)
class Damage:
    emptied: frozenset[str]  # sources whose core table is emptied: they never delivered
    core_nulls: tuple[tuple[str, str], ...]  # (core table, column) set to NULL everywhere
    mart_nulls: tuple[tuple[str, str], ...]  # (metric, column) set to NULL in the marts
    lost_periods: tuple[tuple[str, str], ...]  # (source, period) gone from the marts and the coverage
    audit_emptied: bool
    fiscal_year: int


@dataclass
class Base:
    warehouse: Path
    core_columns: list[tuple[str, str]]
    metrics: list[str]
    periods: list[str]
    chart_cache: Path
    examples: list[Damage] = field(default_factory=list)


@pytest.fixture(scope="module")
def base(sample_world: DataPaths, tmp_path_factory: pytest.TempPathFactory) -> Base:
    with connect(sample_world.warehouse) as con:
        core_columns = [
            (t, c)
            for t, c in con.execute(
                "SELECT table_name, column_name FROM duckdb_columns() "
                "WHERE schema_name = 'core' AND is_nullable AND column_name NOT LIKE '%\\_id' ESCAPE '\\' "
                "ORDER BY ALL"
            ).fetchall()
            if t in CORE_TABLES.values()
        ]
        periods = [p for (p,) in con.execute("SELECT period_id FROM marts.periods ORDER BY ALL").fetchall()]
    return Base(
        sample_world.warehouse,
        core_columns,
        [m.id for m in load_catalogue().metrics],
        periods,
        tmp_path_factory.mktemp("property-charts"),
    )


@st.composite
def damages(draw: st.DrawFn, base: Base) -> Damage:
    return Damage(
        frozenset(draw(st.sets(st.sampled_from(SOURCES)))),
        tuple(draw(st.lists(st.sampled_from(base.core_columns), max_size=4, unique=True))),
        tuple(
            draw(
                st.lists(
                    st.tuples(st.sampled_from(base.metrics), st.sampled_from(MART_NULLABLE)), max_size=6, unique=True
                )
            )
        ),
        tuple(
            draw(st.lists(st.tuples(st.sampled_from(SOURCES), st.sampled_from(base.periods)), max_size=4, unique=True))
        ),
        draw(st.booleans()),
        draw(st.sampled_from([CALENDAR.last_complete_year(TODAY), CALENDAR.fiscal_year_of(TODAY)])),
    )


def _with_halves_and_years(con: duckdb.DuckDBPyConnection, lost: tuple[tuple[str, str], ...]) -> set[tuple[str, str]]:
    """A lost year loses its halves, and a year whose halves are both lost is lost: the marts stay coherent."""
    rows = con.execute("SELECT period_id, fiscal_year, period_kind FROM marts.periods").fetchall()
    halves_of: dict[str, set[str]] = {}
    for period_id, fiscal_year, kind in rows:
        if kind == "half":
            halves_of.setdefault(key(fiscal_year), set()).add(period_id)
    out = set(lost)
    for source, period in lost:
        out |= {(source, h) for h in halves_of.get(period, set())}
    for year, halves in halves_of.items():
        for source in SOURCES:
            if halves and all((source, h) in out for h in halves):
                out.add((source, year))
    return out


def _lose_period(con: duckdb.DuckDBPyConnection, source: str, period: str) -> None:
    start, end = con.execute(
        "SELECT period_start, period_end FROM marts.periods WHERE period_id = ?", [period]
    ).fetchone() or (None, None)
    if start is None:
        return
    metrics = [m.id for m in load_catalogue().metrics if m.source == source]
    con.execute(
        "DELETE FROM marts.metric_values WHERE period_id = ? AND metric_id IN (SELECT unnest(?))", [period, metrics]
    )
    spans = con.execute(
        "SELECT covered_from, covered_to FROM marts.coverage WHERE source = ? AND covered_from <= ? AND covered_to >= ?",
        [source, end, start],
    ).fetchall()
    con.execute(
        "DELETE FROM marts.coverage WHERE source = ? AND covered_from <= ? AND covered_to >= ?", [source, end, start]
    )
    for covered_from, covered_to in spans:  # the span is cut around the lost period
        if covered_from < start:
            con.execute("INSERT INTO marts.coverage VALUES (?, ?, ?)", [source, covered_from, start - timedelta(1)])
        if covered_to > end:
            con.execute("INSERT INTO marts.coverage VALUES (?, ?, ?)", [source, end + timedelta(1), covered_to])


def damage(warehouse: Path, d: Damage) -> None:
    catalogue = load_catalogue()
    with connect(warehouse) as con:
        for source in d.emptied:
            con.execute(f"DELETE FROM core.{CORE_TABLES[source]}")
        for table, column in d.core_nulls:
            con.execute(f'UPDATE core.{table} SET "{column}" = NULL')
        if d.emptied or d.core_nulls:
            compute_fiscal_years(con, catalogue, CALENDAR, YEARS, "property-run", TODAY, RUN_DATE)
        for metric, column in d.mart_nulls:
            con.execute(f"UPDATE marts.metric_values SET {column} = NULL WHERE metric_id = ?", [metric])
        for source, period in sorted(_with_halves_and_years(con, d.lost_periods)):
            _lose_period(con, source, period)
        if d.audit_emptied:
            for table in AUDIT_TABLES:
                con.execute(f"DELETE FROM audit.{table}")


class NestingChecker(HTMLParser):
    """Records every end tag that does not close the element open last (void elements aside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else '-'}>")
            if tag in self.open:
                while self.open.pop() != tag:
                    pass
            return
        self.open.pop()


def assert_well_formed(path: Path) -> None:
    checker = NestingChecker()
    checker.feed(path.read_text(encoding="utf-8"))
    checker.close()
    unclosed = [t for t in checker.open if t not in SVG_VOID | {"p", "li", "html", "body", "head"}]
    assert not checker.problems and not unclosed, f"{path.name}: {checker.problems[:3]} unclosed {unclosed[:3]}"


def uncovered(con: duckdb.DuckDBPyConnection, source: str) -> set[str]:
    """The periods no delivery of the source covers, by the marts' coverage."""
    rows = con.execute(
        "SELECT p.period_id FROM marts.periods p WHERE NOT EXISTS (SELECT 1 FROM marts.coverage c "
        "WHERE c.source = ? AND c.covered_from <= p.period_end AND c.covered_to >= p.period_start)",
        [source],
    ).fetchall()
    return {p for (p,) in rows}


def check_example(base: Base, d: Damage, work: Path) -> None:
    catalogue = load_catalogue()
    warehouse = work / "warehouse.duckdb"
    shutil.copyfile(base.warehouse, warehouse)
    damage(warehouse, d)
    with connect(warehouse) as con:
        report = board_report.build(con, catalogue, CALENDAR, d.fiscal_year, "property-run", RUN_DATE, base.chart_cache)
        html = board_files.write(report, work / "board")
        built = site.build(con, catalogue, CALENDAR, 10, work / "site", base.chart_cache, RUN_DATE, TODAY)
        gaps = {source: uncovered(con, source) for source in SOURCES}
    assert_well_formed(html)
    for page in built.pages:
        assert_well_formed(page)

    year = key(d.fiscal_year)
    for view in report.metrics:
        if year in gaps[view.metric.source]:
            assert view.value == "no data", f"{view.metric.id} {year}: board shows {view.value!r} with no delivery"
            assert view.standing.status == "no_data", view.metric.id
    board_text = html.read_text(encoding="utf-8")
    assert "No data: nothing has ever been delivered" in board_text or not d.emptied

    for metric in catalogue.public_metrics:
        document = json.loads((work / "site" / "data" / f"{metric.id}.json").read_text(encoding="utf-8"))
        for row in document["values"]:
            if row["period"] in gaps[metric.source]:
                assert row["value"] is None, f"{metric.id} {row['period']}: {row['value']} published, nothing delivered"
                assert row["status"] == "no data", f"{metric.id} {row['period']}: status {row['status']}"
        if metric.source in d.emptied:
            assert all(row["value"] is None for row in document["values"]), metric.id
            for locale in available_locales():
                page = (work / "site" / locale / f"{metric.id}.html").read_text(encoding="utf-8")
                words = translation(locale).gettext("no data")
                assert words in page, f"{locale}/{metric.id}.html does not say {words!r} for a source with no data"


@pytest.mark.slow
def test_the_builders_survive_any_damage_and_say_no_data(base: Base) -> None:
    @settings(
        max_examples=int(__import__("os").environ.get("HRP_PROPERTY_EXAMPLES", "20")),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(damages(base))
    def each(d: Damage) -> None:
        with tempfile.TemporaryDirectory(prefix="hrp-damage-") as folder:
            check_example(base, d, Path(folder))

    each()
