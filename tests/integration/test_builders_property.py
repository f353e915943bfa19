"""The builders cannot be crashed by data: the board report and the site build from any damaged warehouse.

A small warehouse (the hand-worked small world, two fiscal years measured) is built once; each
Hypothesis example copies its file and damages the copy: core tables emptied or dropped (sources
that never delivered, down to one source only), NULLs in nullable columns of core, of the marts and
of the audit tables the reports read, periods missing from the marts and the coverage. The marts are
recomputed from the damaged core for the two years only. The builders must not raise, must say
"no data" (in every language) where a source has nothing, must never publish a 0 for a period no
delivery covers, and must write HTML whose tags nest.

Cost: the static SVG export (kaleido driving Chromium) is what an example spends its time on, and
every damage draws new charts; so this test builds both outputs with the figures checked and drawn
as a placeholder, while the charts themselves are drawn by tests/integration/test_report.py and
test_site.py. Everything before the drawing (figures, sparklines, pages, downloads) runs for real.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pipeline.lib.board import files as board_files
from pipeline.lib.board import report as board_report
from pipeline.lib.common.fiscal import FiscalCalendar, key
from pipeline.lib.common.settings import SOURCES
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.metrics.marts import CORE_TABLES, compute_fiscal_years
from pipeline.lib.release import record
from pipeline.lib.render import charts
from pipeline.lib.render.i18n import available_locales, translation
from pipeline.lib.site import build as site
from pipeline.lib.warehouse.connection import connect
from tests.conftest import RUN_DATE, ingested_small_world, measure

TODAY = date(2026, 3, 15)  # in FY2026: FY2025 is the last complete year, FY2026 is "to date"
CALENDAR = FiscalCalendar(7)
YEARS = [2025, 2026]
EXAMPLES = int(os.environ.get("HRP_PROPERTY_EXAMPLES", "15"))  # 60 passes too, in about 2.5 minutes
AUDIT_TABLES = ("file_manifest", "quarantine", "validation_results", "dirty_fiscal_years", "acknowledgements")
# What a marts row may lack: the value of a share or a median ("nothing to measure", as a share of none).
# A count's value, or a share's numerator or denominator, NULLed alone would break the identities the
# disclosure protection checks (the cases affecting defenders are cases opened; a remedy share's
# denominator is the cases closed), which it refuses by design: the marts never write that, nor a NULL
# status. Breakdown members are keys: a NULL there is another row.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SVG_VOID = {"path", "rect", "circle", "line", "polyline", "polygon", "ellipse", "use", "stop"}
PLACEHOLDER_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="200"></svg>'

Columns = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Damage:
    absent: Mapping[str, str]  # source -> "emptied" | "dropped": it never delivered
    core_nulls: Columns  # (core table, column) set to NULL everywhere
    mart_nulls: tuple[str, ...]  # shares and medians whose value is NULL in the marts
    lost_periods: tuple[tuple[str, str], ...]  # (source, period) gone from the marts and the coverage
    audit_emptied: frozenset[str]
    audit_nulls: Columns  # (audit table, column) set to NULL everywhere
    fiscal_year: int


@dataclass(frozen=True)
class Base:
    warehouse: Path
    core_columns: Columns
    audit_columns: Columns
    measures: list[str]  # shares and medians
    periods: list[str]


def _nullable(con: duckdb.DuckDBPyConnection, schema: str, tables: set[str]) -> Columns:
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = ? AND is_nullable ORDER BY ALL",
        [schema],
    ).fetchall()
    return tuple((t, c) for t, c in rows if t in tables and not c.endswith("_id"))


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    """The small world ingested once and measured for two fiscal years: copied, never re-ingested."""
    paths = ingested_small_world(tmp_path_factory.mktemp("property-base") / "data")
    measure(paths, tuple(YEARS), TODAY, "property-base")
    with connect(paths.warehouse) as con:
        core = _nullable(con, "core", set(CORE_TABLES.values()))
        audit = _nullable(con, "audit", set(AUDIT_TABLES))
        periods = [p for (p,) in con.execute("SELECT period_id FROM marts.periods ORDER BY ALL").fetchall()]
        assert con.execute("SELECT count(DISTINCT source) FROM marts.coverage").fetchone() == (len(SOURCES),)
    return Base(paths.warehouse, core, audit, [m.id for m in load_catalogue().metrics if m.aggregate != "sum"], periods)


def _absent_sources(draw: st.DrawFn) -> dict[str, str]:
    """Sources that never delivered: any few of them, or all but one (one source only)."""
    how = st.sampled_from(["emptied", "dropped"])
    if draw(st.booleans()):
        kept = draw(st.sampled_from(SOURCES))
        return {s: draw(how) for s in SOURCES if s != kept}
    return {s: draw(how) for s in draw(st.lists(st.sampled_from(SOURCES), max_size=2, unique=True))}


@st.composite
def damages(draw: st.DrawFn, base: Base) -> Damage:
    pairs = st.tuples
    return Damage(
        _absent_sources(draw),
        tuple(draw(st.lists(st.sampled_from(base.core_columns), max_size=4, unique=True))),
        tuple(draw(st.lists(st.sampled_from(base.measures), max_size=4, unique=True))),
        tuple(draw(st.lists(pairs(st.sampled_from(SOURCES), st.sampled_from(base.periods)), max_size=3, unique=True))),
        frozenset(draw(st.sets(st.sampled_from(AUDIT_TABLES)))),
        tuple(draw(st.lists(st.sampled_from(base.audit_columns), max_size=5, unique=True))),
        draw(st.sampled_from(YEARS)),
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
    overlapping = "source = ? AND covered_from <= ? AND covered_to >= ?"
    spans = con.execute(
        f"SELECT covered_from, covered_to FROM marts.coverage WHERE {overlapping}", [source, end, start]
    ).fetchall()
    con.execute(f"DELETE FROM marts.coverage WHERE {overlapping}", [source, end, start])
    for covered_from, covered_to in spans:  # the span is cut around the lost period
        if covered_from < start:
            con.execute("INSERT INTO marts.coverage VALUES (?, ?, ?)", [source, covered_from, start - timedelta(1)])
        if covered_to > end:
            con.execute("INSERT INTO marts.coverage VALUES (?, ?, ?)", [source, end + timedelta(1), covered_to])


def damage(warehouse: Path, d: Damage) -> None:
    with connect(warehouse) as con:
        for source, how in d.absent.items():
            table = f"core.{CORE_TABLES[source]}"
            con.execute(f"DROP TABLE {table}" if how == "dropped" else f"DELETE FROM {table}")
        dropped = {CORE_TABLES[source] for source, how in d.absent.items() if how == "dropped"}
        for table, column in d.core_nulls:
            if table not in dropped:
                con.execute(f'UPDATE core.{table} SET "{column}" = NULL')
        if d.absent or d.core_nulls:
            compute_fiscal_years(con, load_catalogue(), CALENDAR, YEARS, "property-run", TODAY, RUN_DATE)
        for metric in d.mart_nulls:
            con.execute("UPDATE marts.metric_values SET value = NULL WHERE metric_id = ?", [metric])
        for source, period in sorted(_with_halves_and_years(con, d.lost_periods)):
            _lose_period(con, source, period)
        for table in d.audit_emptied:
            con.execute(f"DELETE FROM audit.{table}")
        for table, column in d.audit_nulls:
            con.execute(f'UPDATE audit.{table} SET "{column}" = NULL')


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


class FigureCheck:
    """Stands in for the SVG export: checks every figure a builder asks to draw, draws a placeholder.

    A bar for a period with no data is a gap (None), never a 0 bar; and every figure must survive the
    JSON the renderer and the interactive chart are given."""

    def __init__(self) -> None:
        self.figures: dict[str, Mapping[str, Any]] = {}

    def __call__(self, figures: Mapping[str, Mapping[str, Any]], cache_dir: Path) -> dict[str, str]:
        for name, figure in figures.items():
            json.dumps(figure, allow_nan=False)
            assert figure["data"] and "layout" in figure, name
        self.figures.update(figures)
        return dict.fromkeys(figures, PLACEHOLDER_SVG)


def check_example(base: Base, d: Damage, work: Path, draw: FigureCheck) -> None:
    catalogue = load_catalogue()
    warehouse = work / "warehouse.duckdb"
    shutil.copyfile(base.warehouse, warehouse)
    damage(warehouse, d)
    with connect(warehouse) as con:
        report = board_report.build(con, catalogue, CALENDAR, d.fiscal_year, "property-run", RUN_DATE, work / "charts")
        html = board_files.write(report, work / "board")
        record.prepare(con, catalogue, CALENDAR, 10, TODAY, RUN_DATE)
        built = site.build(con, catalogue, CALENDAR, 10, work / "site", work / "charts", RUN_DATE, TODAY)
        gaps = {source: uncovered(con, source) for source in SOURCES}
    assert html.exists() and built.pages and all(page.exists() for page in built.pages)
    assert_well_formed(html)
    for page in built.pages:
        assert_well_formed(page)

    year = key(d.fiscal_year)
    board_text = html.read_text(encoding="utf-8")
    for view in report.metrics:
        if year in gaps[view.metric.source]:
            assert view.value == "no data", f"{view.metric.id} {year}: board shows {view.value!r} with no delivery"
            assert view.standing.status == "no_data", view.metric.id
        if view.metric.source in d.absent:
            assert "nothing has ever been delivered" in view.standing.reason, view.metric.id
    for source in d.absent:
        assert f"No data: nothing has ever been delivered by {source.replace('_', ' ')}" in board_text, source
    for view in report.metrics:  # a trend chart has a gap, not a 0 bar, where the year has no data
        figure = draw.figures[view.chart_name]
        if view.metric.has_total and view.metric.source in d.absent:
            assert all(v is None for v in figure["data"][0]["y"] or []), f"{view.chart_name}: a bar without data"

    for metric in catalogue.public_metrics:
        document = json.loads((work / "site" / "data" / f"{metric.id}.json").read_text(encoding="utf-8"))
        for row in document["values"]:
            if row["period"] in gaps[metric.source]:
                assert row["value"] is None, f"{metric.id} {row['period']}: {row['value']} published, nothing delivered"
                assert row["status"] == "no data", f"{metric.id} {row['period']}: status {row['status']}"
        if metric.source in d.absent:
            assert all(row["value"] is None for row in document["values"]), metric.id
            for locale in available_locales():
                text = (work / "site" / locale / f"{metric.id}.html").read_text(encoding="utf-8")
                words = translation(locale).gettext("no data")
                assert words in text, f"{locale}/{metric.id}.html does not say {words!r} for a source with no data"


@pytest.fixture
def figure_check(monkeypatch: pytest.MonkeyPatch) -> Iterator[FigureCheck]:
    check = FigureCheck()
    monkeypatch.setattr(charts, "render_svgs", check)
    monkeypatch.setenv("HRP_TODAY", TODAY.isoformat())
    yield check


@pytest.mark.slow
def test_the_builders_survive_any_damage_and_say_no_data(base: Base, figure_check: FigureCheck) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: an example costs seconds, the damage reads as is
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(damages(base))
    def each(d: Damage) -> None:
        figure_check.figures.clear()
        with tempfile.TemporaryDirectory(prefix="hrp-damage-") as folder:
            check_example(base, d, Path(folder), figure_check)

    each()


@pytest.mark.slow
def test_a_source_that_never_delivered_says_no_data_with_real_charts(
    base: Base, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One damage end to end with the charts drawn by Chromium: request counts never delivered. Its
    metric shown only by its parts (demands by outcome) once had a page with no figure and no word:
    it says "no data" in every language."""
    monkeypatch.setenv("HRP_TODAY", TODAY.isoformat())
    d = Damage({"request_counts": "emptied"}, (), (), (), frozenset(), (), YEARS[0])
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(base.warehouse, warehouse)
    damage(warehouse, d)
    catalogue = load_catalogue()
    with connect(warehouse) as con:
        report = board_report.build(con, catalogue, CALENDAR, d.fiscal_year, "property-run", RUN_DATE, tmp_path / "c")
        record.prepare(con, catalogue, CALENDAR, 10, TODAY, RUN_DATE)
        built = site.build(con, catalogue, CALENDAR, 10, tmp_path / "site", tmp_path / "c", RUN_DATE, TODAY)
    assert all(view.chart.startswith("<svg") and "<g " in view.chart for view in report.metrics), "drawn, not blank"
    drawn = [svg.read_text(encoding="utf-8") for svg in (tmp_path / "site" / "en" / "charts").glob("*.svg")]
    assert drawn and all(svg.startswith("<svg") and "<g " in svg for svg in drawn)
    split = next(m for m in catalogue.public_metrics if not m.has_total and m.source == "request_counts")
    for locale in available_locales():
        page = tmp_path / "site" / locale / f"{split.id}.html"
        assert page in built.pages
        figure = f'<span class="figure">{translation(locale).gettext("no data")}</span>'
        assert figure in page.read_text(encoding="utf-8"), f"{locale}: {split.id} does not say no data"
