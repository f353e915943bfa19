"""Small-count suppression over the whole publication, attacked in small adversarial worlds: the same
cells in two metrics, shares whose rounding and denominators give counts away, halves and years.
Each world is made of records, aggregated the way the marts do, protected, and attacked by an
independent solver (``tests.attack``) holding everything a reader sees."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from datetime import date
from typing import Any

import pytest
import yaml

from pipeline.lib.common import paths
from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.disclosure.protect import median_status, share_status
from pipeline.lib.disclosure.values import PublicMetric, protect
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.quality.references import department_groups
from pipeline.lib.site.downloads import data_rows
from tests.attack import attack_publication, by_fiscal_year, revealed, truth_of

K = 10
CATALOGUE = load_catalogue()
CALENDAR = FiscalCalendar(7)
RELATIONS = yaml.safe_load((paths.CATALOGUE / "disclosure_relations.yaml").read_text(encoding="utf-8"))
PERIODS = {"FY2025": "year", "FY2025-H1": "half", "FY2025-H2": "half"}


def aggregate(metric_id: str, records: list[dict[str, Any]], num: str = "", den: str = "") -> list[dict[str, Any]]:
    """A metric's cells for FY2025 and its halves, from records carrying ``half`` and dimensions."""
    metric = CATALOGUE.metric(metric_id)
    sums: dict[tuple[Any, ...], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in records:
        if "department" in r:  # the marts give each record its department's group
            r = {**r, "department_group": department_groups()[r["department"]]}
        for period in ("FY2025", f"FY2025-{r['half']}"):
            for breakdown in metric.breakdowns:
                members = tuple(r[d] for d in breakdown) + (None,) * (2 - len(breakdown))
                cell = sums[(period, ",".join(breakdown), *breakdown, *(None,) * (2 - len(breakdown)), *members)]
                cell[0] += float(r[num]) if num else 1.0
                cell[1] += float(r[den]) if den else 1.0
    rows = []
    for (period, breakdown, d1, d2, m1, m2), (n, d) in sums.items():
        ratio = metric.aggregate == "ratio"
        rows.append(
            {
                "metric_id": metric_id,
                "fiscal_year": 2025,
                "period_id": period,
                "period_kind": PERIODS[period],
                "period_start": date(2024, 7, 1),
                "breakdown": breakdown,
                "dimension_1": d1,
                "member_1": m1,
                "dimension_2": d2,
                "member_2": m2,
                "value": n / d if ratio else n,
                "numerator": n,
                "denominator": d if ratio else None,
                "units": int(d),
            }
        )
    return rows


def protect_and_attack(rows: list[dict[str, Any]]) -> tuple[dict[str, PublicMetric], int]:
    public = protect(CATALOGUE, rows, CALENDAR, K)
    values = {m: data_rows(p) for m, p in public.items() if p.cells}
    people = [m for m in CATALOGUE.public_metrics if m.about_people and m.aggregate in ("sum", "ratio")]
    truth = truth_of(rows, people, RELATIONS)
    attacked = 0
    for values_of_year in by_fiscal_year(values).values():
        for cell, (low, high, status) in attack_publication(values_of_year, people, RELATIONS, K, None, truth).items():
            assert not revealed(low, high, status, K), f"{cell} ({status}) pinned down to {low}..{high}"
            attacked += 1
    return public, attacked


def cases(seed: int, n: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)  # noqa: S311 (a seeded test world)
    groups = ["staff", "contractor", "volunteer", "human_rights_defender", "reader", "other"]
    categories = ["privacy", "harassment", "harm", "discrimination"]
    return [
        {
            "half": rng.choice(["H1", "H2"]),
            "affected_group": rng.choices(groups, [30, 3, 25, 12, 20, 4])[0],
            "category": rng.choices(categories, [40, 30, 20, 5])[0],
            "crisis": int(rng.random() < 0.1),
        }
        for _ in range(n)
    ]


def case_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    defenders = [r for r in records if r["affected_group"] in ("volunteer", "human_rights_defender")]
    return (
        aggregate("cases_opened", records)
        + aggregate("cases_affecting_defenders_and_volunteers", defenders)
        + aggregate("crisis_protocol_activations", [r for r in records if r["crisis"]])
    )


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_same_cells_in_two_metrics_are_protected_as_one(seed: int) -> None:
    public, attacked = protect_and_attack(case_rows(cases(seed, 220)))
    assert attacked
    opened = {c.key: c for c in public["cases_opened"].cells if c.breakdown == "affected_group"}
    for c in public["cases_affecting_defenders_and_volunteers"].cells:
        if c.breakdown == "affected_group":
            assert c.status == opened[c.key].status and c.value == opened[c.key].value, "one cell, one status"


def completions(seed: int, n: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)  # noqa: S311 (a seeded test world)
    departments, types = ["FIN", "ENG", "LEG", "OED"], ["staff", "contractor"]
    return [
        {
            "half": rng.choice(["H1", "H2"]),
            "department": rng.choice(departments),
            "person_type": rng.choices(types, [5, 1])[0],
            "completed": int(rng.random() < 0.6),
        }
        for _ in range(n)
    ]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [4, 5])
def test_shares_rounded_as_shown_do_not_give_away_their_counts(seed: int) -> None:
    rows = aggregate("training_completion_rate", completions(seed, 180), num="completed")
    public, attacked = protect_and_attack(rows)
    assert attacked
    for c in public["training_completion_rate"].cells:
        assert c.value is None or round(c.value, 3) == c.value


def closed_cases(seed: int, n: int) -> list[dict[str, Any]]:
    """Closed cases, their remedy share beside them: the same people counted in two metrics."""
    rng = random.Random(seed)  # noqa: S311 (a seeded test world)
    closed = [
        {
            "half": rng.choice(["H1", "H2"]),
            "category": rng.choice(["privacy", "harm", "other"]),
            "remedy": rng.random() < 0.4,
        }
        for _ in range(n)
    ]
    return aggregate("cases_closed", closed) + aggregate("cases_remedy_share", closed, num="remedy")


@pytest.mark.slow
def test_remedy_shares_and_closed_cases_are_one_problem() -> None:
    public, attacked = protect_and_attack(closed_cases(6, 70))
    assert attacked
    statuses = {c.status for c in public["cases_remedy_share"].cells}
    assert statuses & {"withheld", "secondary"}


@pytest.mark.slow
def test_large_tables_keep_most_cells() -> None:
    public, _ = protect_and_attack(case_rows(cases(7, 3000)))
    cells = list(itertools.chain.from_iterable(p.cells for p in public.values()))
    assert sum(c.status == "published" for c in cells) / len(cells) > 0.6


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(None, None, "published"), (20, 40, "published"), (3, 40, "withheld"), (35, 40, "withheld"),
     (5, 8, "withheld"), (0, 40, "withheld"), (40, 40, "withheld")],
)  # fmt: skip
def test_shares(numerator: float | None, denominator: float | None, expected: str) -> None:
    assert share_status(numerator, denominator, K) == expected


def test_medians() -> None:
    assert median_status(3, K) == "withheld"
    assert median_status(12, K) == "published"


def test_a_year_reported_whole_is_more_than_its_halves_not_their_sum() -> None:
    """Accounts delivered for a whole fiscal year only: the halves show nothing (not reported), the year
    shows them all. A reader knows the year is at least its halves, not that it equals them: the
    equation year = H1 + H2 would be false (47 = 0 + 0), and an attacker built on a false equation
    pins down hidden numbers it cannot (the transparency fixture's FY2026 failed its release audit so)."""
    from pipeline.lib.inference.problem import build_problem
    from pipeline.lib.inference.relations import load_relations

    catalogue = load_catalogue()
    metric = catalogue.metric("user_data_accounts_specified")

    def row(period: str, country: str | None, value: float | None, for_year: int) -> dict[str, Any]:
        return {
            "metric_id": metric.id, "period_id": period, "breakdown": "country" if country else "",
            "member_1": country, "member_2": None, "value": value, "reported_for_year": for_year,
        }  # fmt: skip

    rows = [row("FY2026", None, 47.0, 0), row("FY2026", "US", 47.0, 0)]
    rows += [row(half, c, None, 1) for half in ("FY2026-H1", "FY2026-H2") for c in (None, "US")]
    problem = build_problem([metric], rows, {"FY2026": ("FY2026-H1", "FY2026-H2")}, load_relations())
    year_rows = [c for c in problem.structure if c.terms[0][0][1] == "FY2026" and len(c.terms) == 3]
    assert year_rows and all(c.lower == 0.0 and c.upper == float("inf") for c in year_rows)
    for c in problem.structure:  # the truth is a solution of everything a reader is said to know
        total = sum(problem.values[q] * a for q, a in c.terms)
        assert c.lower - 1e-9 <= total <= c.upper + 1e-9


def test_a_stock_whose_second_half_was_never_delivered_is_its_own_number() -> None:
    """The backlog of a year is its second half's, one number, unless nothing was delivered for that
    half: the half reads "no data" while the year still counts the cases open at its end. A release
    night on such data stopped with "is said to be … but differs" before each became its own."""
    from pipeline.lib.inference.problem import build_problem
    from pipeline.lib.inference.relations import load_relations

    metric = load_catalogue().metric("cases_open_backlog")

    def row(period: str, value: float | None) -> dict[str, Any]:
        return {
            "metric_id": metric.id, "period_id": period, "breakdown": "", "member_1": None,
            "member_2": None, "value": value, "reported_for_year": 0,
        }  # fmt: skip

    halves = {"FY2027": ("FY2027-H1", "FY2027-H2")}
    problem = build_problem(
        [metric], [row("FY2027", 45.0), row("FY2027-H1", 40.0), row("FY2027-H2", None)], halves, load_relations()
    )
    assert problem.values[(metric.id, "FY2027", "", None, None)] == 45.0
    assert problem.values[(metric.id, "FY2027-H2", "", None, None)] == 0.0
    merged = build_problem([metric], [row("FY2027", 45.0), row("FY2027-H2", 45.0)], halves, load_relations())
    assert (metric.id, "FY2027", "", None, None) not in merged.values, "measured, the year is its second half"


def test_the_parts_of_a_withheld_total_are_not_shown() -> None:
    """Beside a withheld total, a breakdown listing only "critical: withheld" told that every case
    counted there was critical: the parts of a withheld total are left out, those of a shown one
    stay, and so does a part with no number at all ("not reported" tells nothing of anyone)."""
    from pipeline.lib.disclosure.values import without_parts_of_withheld_totals

    def row(period: str, member: str | None, status: str, value: float | None = 5.0) -> dict[str, Any]:
        return {"metric_id": "cases_open_backlog", "period_id": period, "breakdown": "severity" if member else "",
                "member_1": member, "status": status, "value": value}  # fmt: skip

    rows = [row("FY2025", None, "published"), row("FY2025", "critical", "small"), row("FY2025", "high", "published")]
    rows += [
        row("FY2026", None, "secondary"),
        row("FY2026", "critical", "small"),
        row("FY2026", "low", "published", None),
    ]
    shown = without_parts_of_withheld_totals(rows)
    assert [(r["period_id"], r["member_1"]) for r in shown] == [
        ("FY2025", None), ("FY2025", "critical"), ("FY2025", "high"), ("FY2026", None), ("FY2026", "low"),
    ]  # fmt: skip


def test_accounts_are_bounded_below_by_the_requests_published_beside_them() -> None:
    """A reader who sees 8 user-data requests from a country knows its withheld accounts are 8 or more:
    the problem must know it too, wherever every tally row stated its accounts."""
    from pipeline.lib.inference.bounds import with_bounds
    from pipeline.lib.inference.problem import build_problem
    from pipeline.lib.inference.relations import load_relations

    def row(
        metric: str, breakdown: list[str], members: list[str], value: float, not_reported: int = 0
    ) -> dict[str, Any]:
        named = [*zip(breakdown, members, strict=True), (None, None), (None, None)]
        return {
            "metric_id": metric, "period_id": "FY2026", "breakdown": ",".join(breakdown),
            "dimension_1": named[0][0], "member_1": named[0][1], "dimension_2": named[1][0], "member_2": named[1][1],
            "value": value, "not_reported": not_reported, "reported_for_year": 0,
        }  # fmt: skip

    accounts = "user_data_accounts_specified"
    people = [
        row(accounts, [], [], 30.0),
        row(accounts, ["country"], ["KG"], 9.0),
        row(accounts, ["country"], ["US"], 21.0, 1),
    ]
    exact = [
        row("requests_received", ["request_type"], ["user_data"], 25.0),
        row("requests_received", ["request_type", "country"], ["user_data", "KG"], 8.0),
        row("requests_received", ["request_type", "country"], ["user_data", "US"], 17.0),
    ]
    bounded = with_bounds(people, exact, load_relations())
    assert [r["at_least"] for r in bounded] == [25.0, 8.0, None]  # US: one row left its accounts blank
    catalogue = load_catalogue()
    problem = build_problem([catalogue.metric(accounts)], bounded, {}, load_relations())
    lower = {c.terms[0][0][3]: c.lower for c in problem.structure if len(c.terms) == 1}
    assert lower == {None: 25.0, "KG": 8.0}


def test_the_backlog_before_the_first_period_shown_is_taken_as_known() -> None:
    """A hostile reading guessed that no case was open before the series starts (a programme that
    started then) and got every withheld backlog total exactly from the published flows (backlog =
    the opening one + opened - closed). The protection now takes that opening backlog as known, so a
    reader who guesses it right still finds every hidden count k values wide."""
    figures = {
        ("cases_opened", "FY2025-H1"): 30, ("cases_opened", "FY2025-H2"): 40, ("cases_opened", "FY2025"): 70,
        ("cases_closed", "FY2025-H1"): 26, ("cases_closed", "FY2025-H2"): 35, ("cases_closed", "FY2025"): 61,
        ("cases_open_backlog", "FY2025-H1"): 4, ("cases_open_backlog", "FY2025-H2"): 9,
        ("cases_open_backlog", "FY2025"): 9,
    }  # fmt: skip
    rows = [
        {
            "metric_id": metric_id, "fiscal_year": 2025, "period_id": period, "period_kind": PERIODS[period],
            "period_start": date(2024, 7, 1), "breakdown": "", "dimension_1": None, "member_1": None,
            "dimension_2": None, "member_2": None, "value": float(value), "numerator": float(value),
            "denominator": None, "units": value,
        }
        for (metric_id, period), value in figures.items()
    ]  # fmt: skip
    from pipeline.lib.inference.relations import load_relations
    from pipeline.lib.inference.stocks import build_year

    opening = ("cases_open_backlog", "FY2024-H2", "", None, None)
    metrics = [CATALOGUE.metric(m) for m in ("cases_opened", "cases_closed", "cases_open_backlog")]
    problem = build_year(metrics, rows, {"FY2025": ("FY2025-H1", "FY2025-H2")}, load_relations())
    assert (problem.values[opening], problem.carried[opening]) == (0.0, "published"), "known, as if published"
    public = protect(CATALOGUE, rows, CALENDAR, K)
    values = {m: data_rows(p) for m, p in public.items() if p.cells}
    people = [m for m in CATALOGUE.public_metrics if m.about_people and m.aggregate in ("sum", "ratio")]
    none_open = {opening: 0.0}  # the guess, and the truth
    attacked = attack_publication(values, people, RELATIONS, K, None, truth_of(rows, people, RELATIONS), none_open)
    assert attacked, "the small backlogs are withheld"
    for cell, (low, high, status) in attacked.items():
        assert not revealed(low, high, status, K), f"{cell} ({status}) pinned down to {low}..{high}"
