"""An attacker who sees what a reader sees, solved independently of the pipeline (SciPy's ``milp``).

Given every published figure about people (counts; shares as the interval their printed precision
allows; the "of n" beside total shares; every hidden figure marked the same neutral "withheld", so a
hidden count is known only to be at least 1, since 0 is published as 0) and every equation a reader can write —
totals, two-way margins, halves adding up to the year, the same cell in two metrics, subsets — it
finds the least and greatest whole value of every hidden number of people: hidden counts, and the
numerator and rest of withheld shares. A withheld share's side proven to be k or more reveals no small
number (a share withheld beside another has k or more on each side); its interval may be narrow.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

HALF_STEP = 0.0005 + 1e-7  # one decimal of a percent, and a hair for floating point
# What this attacker knows on its own, whatever the protection's relations file says: the backlog at
# a half-year's end is the backlog at its start plus the cases opened minus the cases closed in it, and
# accounts named in government user-data demands are among those named in all user-data requests.
STOCK_FLOWS = [("cases_open_backlog", "cases_opened", "cases_closed")]
SUBSETS = [("accounts_specified_in_government_data_demands", "user_data_accounts_specified")]
# Numbers of distinct people in a period: a person is counted once in the year however many records
# they have in its halves, in the group of their latest record (in the second half, if they have one
# there). So the year is at most the two halves together and at least its second half, cell for
# cell; at least its first half in total (a person who moved group leaves the first half's group).
PEOPLE_IN_PERIOD = ["training_completion_rate.denominator"]
# Requests are published exactly, and every user-data request names one account or more: a fully
# reported accounts cell is at least the user-data requests of its period (and country).
EXACT_LOWER_BOUNDS = [
    ("user_data_accounts_specified", "requests_received"),
    ("accounts_specified_in_government_data_demands", "government_demands_received"),
]


@dataclass
class World:
    """Variables (whole numbers >= 0 unless bounded otherwise) and linear rows over them."""

    lower: dict[Hashable, float] = field(default_factory=dict)
    upper: dict[Hashable, float] = field(default_factory=dict)
    rows: list[tuple[list[tuple[Hashable, float]], float, float]] = field(default_factory=list)
    integral: bool = False
    solutions: list[np.ndarray] = field(default_factory=list)  # whole-number solutions found so far
    _compiled: tuple[Any, ...] | None = None

    def fix(self, cell: Hashable, value: float) -> None:
        self.bound(cell, value, value)

    def bound(self, cell: Hashable, low: float, high: float) -> None:
        self.lower[cell] = max(self.lower.get(cell, 0.0), low)
        self.upper[cell] = min(self.upper.get(cell, math.inf), high)
        self._compiled, self.solutions = None, []

    def names(self) -> list[Hashable]:
        found = set(self.lower) | {c for terms, _, _ in self.rows for c, _ in terms}
        return sorted(found, key=str)

    def compiled(self) -> tuple[dict[Hashable, int], Any, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Index, sparse row matrix, row bounds and variable bounds; built once for many objectives."""
        if self._compiled is None or self._compiled[0] != len(self.rows):
            names = self.names()
            index = {n: i for i, n in enumerate(names)}
            entries: dict[tuple[int, int], float] = defaultdict(float)
            for r, (terms, _, _) in enumerate(self.rows):
                for cell, a in terms:
                    entries[(r, index[cell])] += a
            matrix = csr_array(
                (list(entries.values()), ([r for r, _ in entries], [c for _, c in entries])),
                shape=(len(self.rows), len(names)),
            )
            self._compiled = (
                len(self.rows),
                index,
                matrix,
                np.array([lo for _, lo, _ in self.rows]),
                np.array([hi for _, _, hi in self.rows]),
                np.array([self.lower.get(n, 0.0) for n in names]),
                np.array([self.upper.get(n, math.inf) for n in names]),
            )
            self.solutions = []
        return self._compiled[1:]  # type: ignore[return-value]

    def interval(self, objective: list[tuple[Hashable, float]], enough: float | None = None) -> tuple[float, float]:
        """Linear relaxation first (its interval contains the whole-number one); whole numbers after.

        With ``enough``, the question is only whether the value is pinned down to within that: a
        whole-number interval at least ``enough`` wide is answered with the relaxation's, which
        contains it (and so the truth). Whole-number solutions already found (each a publication
        consistent with everything shown) that spread the value over ``enough`` show that without a
        solve; their own spread is never the answer, for it may leave the truth out, and which
        solutions were found depends on the order of earlier solves."""
        index = self.compiled()[0]
        c = np.zeros(len(index))
        for cell, a in objective:
            c[index[cell]] += a
        relaxed = self._interval(c, False)
        if not self.integral or relaxed[0] == relaxed[1]:
            return relaxed
        if enough is not None and self.solutions:
            values = np.array(self.solutions) @ c
            if values.max() - values.min() >= enough:
                return relaxed
        low, high = self._interval(c, True)
        if enough is not None and high - low >= enough:
            return relaxed
        return max(low, relaxed[0]), min(high, relaxed[1])

    def _interval(self, c: np.ndarray, integral: bool) -> tuple[float, float]:
        """The least and greatest value of ``c`` over the model, outward-rounded to whole numbers
        (``c`` has whole coefficients): an end the solver did not prove is infinite, never a guess."""
        _, matrix, low_rows, high_rows, lows, highs = self.compiled()

        def solve(objective: np.ndarray) -> Any:
            return milp(
                objective,
                integrality=np.full(len(c), 1 if integral else 0),
                bounds=Bounds(lows, highs),
                constraints=[LinearConstraint(matrix, low_rows, high_rows)] if self.rows else None,
                options={"time_limit": 20, "mip_rel_gap": 0.0},  # HiGHS's default gap stops short of the optimum
            )

        results = [solve(c), solve(-c)]
        for result in results:
            assert result.status in (0, 1, 3, 4), f"the publication must be consistent ({result.message})"
            if integral and result.x is not None:
                self._remember(result.x)
        # HiGHS may answer "infeasible or unbounded" (4), both ways for a value with neither floor nor
        # top (a revision of two withheld counts): once the program is known to have a solution, unbounded
        if not any(r.status in (0, 3) or r.x is not None for r in results):
            assert solve(np.zeros(len(c))).status == 0, "the publication must be consistent"
        ends = []
        for result in results:
            if result.status == 0:  # optimal: a whole-number optimum is a whole number, up to tolerance
                ends.append(round(result.fun) if integral else result.fun)
            elif result.status == 1 and integral and result.mip_dual_bound is not None:
                ends.append(result.mip_dual_bound)  # out of time: the bound proven so far, not the best found
            else:
                ends.append(-math.inf)
        low = float(math.ceil(ends[0] - 1e-6)) if math.isfinite(ends[0]) else -math.inf
        high = float(math.floor(-ends[1] + 1e-6)) if math.isfinite(ends[1]) else math.inf
        return low, high

    def _remember(self, x: np.ndarray) -> None:
        """Keep a solution once checked, rounded, to satisfy every bound and row exactly (to 1e-9)."""
        _, matrix, low_rows, high_rows, lows, highs = self.compiled()
        whole = np.round(x)
        activity = matrix @ whole
        if (
            np.all(np.abs(x - whole) <= 1e-6)
            and np.all(whole >= lows - 1e-9)
            and np.all(whole <= highs + 1e-9)
            and np.all(activity >= low_rows - 1e-9)
            and np.all(activity <= high_rows + 1e-9)
        ):
            self.solutions.append(whole)

    def check(self, truth: dict[Hashable, float]) -> None:
        """Assert that the true numbers satisfy every bound and row: a false one would let the model
        leave the truth out, and every interval with it. A row with a cell ``truth`` does not name (a
        number of another publication, free here) is not checked."""
        for cell, value in truth.items():
            low, high = self.lower.get(cell, 0.0), self.upper.get(cell, math.inf)
            assert low - 1e-9 <= value <= high + 1e-9, f"{cell} is {value}, bounded to {low}..{high}"
        for terms, low, high in self.rows:
            if all(cell in truth for cell, _ in terms):
                total = sum(a * truth[cell] for cell, a in terms)
                assert low - 1e-9 <= total <= high + 1e-9, f"false row {low} <= {terms} <= {high}: it is {total}"


def reader_equations(
    cells: set[tuple[str, str, str | None, str | None]],
    breakdowns: list[str],
    halves_add_up: bool,
    partial: set[tuple[str, str, str | None, str | None]],
    withheld_totals: frozenset[str] = frozenset(),
) -> list[tuple[Any, list[Any], bool]]:
    """One metric's structure: members add up to the total, two-way cells to their one-way margins,
    and, for flows, the halves to the year; each with whether it is an equation. A half-year not
    wholly reported (``partial``: some of it reported for the whole year only, or left blank) leaves
    out what the year holds: the year is at least its halves, not their sum. The parts of a withheld
    total (its period in ``withheld_totals``) are left out of the publication: they add up to nothing
    a reader can write, and a year is only at least the halves that list a member. In sorted order,
    so that the program, and whatever the solver's path through it decides, is the same on every run."""
    ordered = sorted(cells, key=str)
    equations: list[tuple[Any, list[Any], bool]] = []
    for period in sorted({c[0] for c in ordered}):
        for name in breakdowns:
            members = [c for c in ordered if c[0] == period and c[1] == name]
            if name and "," not in name and (period, "", None, None) in cells and period not in withheld_totals:
                equations.append(((period, "", None, None), members, True))
            if "," in name:
                first, second = name.split(",")
                for margin in (c for c in ordered if c[0] == period and c[1] in (first, second)):
                    position = 2 if margin[1] == first else 3
                    equations.append((margin, [m for m in members if m[position] == margin[2]], True))
    periods = {c[0] for c in ordered}
    if halves_add_up:
        for cell in (c for c in ordered if "-H" not in c[0]):
            if not {f"{cell[0]}-H1", f"{cell[0]}-H2"} & periods:
                continue  # no half-year of this year is published: a reader has nothing to add up
            halves = [(f"{cell[0]}-H1", *cell[1:]), (f"{cell[0]}-H2", *cell[1:])]
            shown = [h for h in halves if h in cells]
            left_out = bool(cell[1]) and any(h not in cells and h[0] in withheld_totals for h in halves)
            equations.append((cell, shown, partial.isdisjoint(shown) and not left_out))
    return equations


def canonical(relations: dict[str, Any], unmeasured: Iterable[tuple[Any, ...]] = ()) -> Any:
    """A reader's name for a number: the same cell published in two metrics is one cell, and a stock's
    year is its second half, unless nothing was delivered for that half (``unmeasured``: its "no data"
    cells): then the year still shows what is open at its end, and the two are different numbers."""
    same = [(r["quantity"], r.get("breakdown"), r["is"]) for r in relations.get("same", [])]
    undelivered = set(unmeasured)

    def cell(quantity: str, period: str, breakdown: str, m1: Any, m2: Any) -> tuple[Any, ...]:
        for name, part, target in same:
            if quantity == name and (part is None or breakdown == part):
                quantity = target
        second = (quantity, f"{period}-H2", breakdown, m1, m2)
        if quantity in relations.get("stocks", []) and "-H" not in period and second not in undelivered:
            period = second[1]
        return (quantity, period, breakdown, m1, m2)

    return cell


def read_into(
    world: World,
    values: dict[str, list[dict[str, Any]]],
    metrics: list[Any],
    relations: dict[str, Any],
    k: int,
    tag: str,
    previous: dict[str, list[dict[str, Any]]] | None = None,
    standing: frozenset[tuple[str, str, str, Any, Any]] = frozenset(),
    opening: dict[tuple[Any, ...], float] | None = None,
) -> list[tuple[list[tuple[Hashable, float]], str]]:
    """Everything one publication tells about one fiscal year, written into ``world`` with every cell
    named ``(tag, *cell)``; ``previous``: the year before as published (where its stocks start);
    ``standing``: figures (metric, period, breakdown, member_1, member_2) the reader takes for "the
    value an earlier publication showed, plus an unknown revision of fewer than k" rather than the
    current value (``attack_shown``); ``opening``: a stock before the first period shown, as the reader
    guesses it (say, none open when the series starts). Returns the year's hidden numbers of people."""
    unmeasured = {
        (metric_id, v["period"], v["breakdown"], v["member_1"], v["member_2"])
        for metric_id, rows in values.items()
        for v in rows
        if v["status"] == "no data"
    }
    base = canonical(relations, unmeasured)

    def cell(*parts: Any) -> tuple[Any, ...]:
        return (tag, *base(*parts))

    hidden: list[tuple[list[tuple[Hashable, float]], str]] = []
    hiding = {(metric_id, period) for metric_id, period, *_ in standing}
    for metric in metrics:
        # a period held back to a later release is no figure at all: its parts are not listed, not 0
        rows = [v for v in values.get(metric.id, []) if v["status"] != "held back"]
        keys = {(v["period"], v["breakdown"], v["member_1"], v["member_2"]) for v in rows}
        partial = {
            (v["period"], v["breakdown"], v["member_1"], v["member_2"])
            for v in rows
            if v["reporting"] not in ("", "no data")
        }
        parts = ["value"] if metric.aggregate == "sum" else ["numerator", "denominator"]
        breakdowns = [",".join(b) for b in metric.public_breakdowns]
        for part in parts:
            name = metric.id if part == "value" else f"{metric.id}.{part}"
            flow = metric.periods_add_up or name in relations.get("flows", [])
            withheld = frozenset(v["period"] for v in rows if v["breakdown"] == "" and v["status"] == "withheld")
            for total, members, exact in reader_equations(keys, breakdowns, flow, partial, withheld):
                # a period whose figures may stand as first released may also hide a member new since,
                # withheld and standing as absent: what is listed adds up to at most the total
                exact = exact and (metric.id, total[0]) not in hiding
                terms = [(cell(name, *total), 1.0), *((cell(name, *m), -1.0) for m in members)]
                world.rows.append((terms, 0.0, 0.0 if exact else math.inf))
        for v in rows:
            key = (v["period"], v["breakdown"], v["member_1"], v["member_2"])
            if (metric.id, *key) in standing and v["status"] == "published":
                _revised_since(world, metric, cell, key, v, k)
                continue
            if v["status"] == "no data":  # nothing delivered for the period: a reader knows it adds nothing
                if metric.aggregate == "sum":
                    world.fix(cell(metric.id, *key), 0.0)
                continue
            if metric.aggregate == "sum":
                c = cell(metric.id, *key)
                if v["status"] == "published":
                    if v["value"] is not None:  # None: not reported, or for the whole year only; not 0
                        world.fix(c, v["value"])
                else:  # withheld: all a reader knows is that it is not 0 (0 is published as 0)
                    world.bound(c, 1.0, math.inf)
                    hidden.append(([(c, 1.0)], "withheld count"))
                continue
            num, den = cell(f"{metric.id}.numerator", *key), cell(f"{metric.id}.denominator", *key)
            world.rows.append(([(den, 1.0), (num, -1.0)], 0.0, math.inf))
            if v.get("based_on") is not None:
                world.fix(den, v["based_on"])
            if v["status"] == "published" and v["value"] is not None:
                share = v["value"]
                world.integral = True
                world.rows.append(([(num, 1.0), (den, -max(share - HALF_STEP, 0))], 0.0, math.inf))
                world.rows.append(([(num, 1.0), (den, -min(share + HALF_STEP, 1))], -math.inf, 0.0))
                world.rows.append(([(num, 1.0)], float(k), math.inf))
                world.rows.append(([(den, 1.0), (num, -1.0)], float(k), math.inf))
            elif v["status"] == "withheld":  # too few on a side, or hidden beside such a share: not told which
                hidden.append(([(num, 1.0)], "withheld share"))
                hidden.append(([(den, 1.0), (num, -1.0)], "withheld share"))
    for name, bigger in [*((r["quantity"], r["in"]) for r in relations.get("within", [])), *SUBSETS]:
        for c in [c for c in world.names() if c[0] == tag and c[1] == name]:
            outer = cell(bigger, *c[2:])
            if outer in world.names():
                world.rows.append(([(outer, 1.0), (c, -1.0)], 0.0, math.inf))
    _stock_flows(world, tag, previous or {}, {(tag, *u) for u in unmeasured}, opening or {})
    _bounded_by_requests(world, values, cell)
    _people_in_period(world, tag)
    return hidden


def _people_in_period(world: World, tag: str) -> None:
    """half-year <= year <= H1 + H2 for numbers of distinct people, where both halves are shown."""
    names = set(world.names())
    shown = {c[1:3] for c in names}
    for c in sorted((c for c in names if c[0] == tag and c[1] in PEOPLE_IN_PERIOD and "-H" not in c[2]), key=str):
        halves = [(tag, c[1], f"{c[2]}-{h}", *c[3:]) for h in ("H1", "H2")]
        if not all(h[1:3] in shown for h in halves):
            continue
        first, second = halves
        for half in (second, first) if c[3] == "" else (second,):
            if half in names:
                world.rows.append(([(c, 1.0), (half, -1.0)], 0.0, math.inf))
        if first in names and second in names:
            world.rows.append(([(c, 1.0), (first, -1.0), (second, -1.0)], -math.inf, 0.0))


def _revised_since(world: World, metric: Any, cell: Any, key: tuple[Any, ...], v: dict[str, Any], k: int) -> None:
    """A figure that may stand as first released: its current number is the shown one plus a revision
    of fewer than k either way (a share's base likewise; its printed value tells nothing exact of the
    current numbers)."""
    if metric.aggregate == "sum":
        if v["value"] is not None:
            world.bound(cell(metric.id, *key), max(v["value"] - (k - 1), 0.0), v["value"] + (k - 1))
        return
    num, den = cell(f"{metric.id}.numerator", *key), cell(f"{metric.id}.denominator", *key)
    world.rows.append(([(den, 1.0), (num, -1.0)], 0.0, math.inf))
    if v.get("based_on") is not None:
        world.bound(den, max(v["based_on"] - (k - 1), 0.0), v["based_on"] + (k - 1))


def _bounded_by_requests(world: World, values: dict[str, list[dict[str, Any]]], cell: Any) -> None:
    """Accounts >= user-data requests, cell for cell, where every tally row stated its accounts."""
    for accounts, requests in EXACT_LOWER_BOUNDS:
        exact = {
            (v["period"], v["breakdown"], v["member_1"], v["member_2"]): v["value"]
            for v in values.get(requests, [])
            if v["status"] == "published"
        }
        for v in values.get(accounts, []):
            if v["reporting"] or v["status"] not in ("published", "withheld"):
                continue
            inner = "request_type" + (f",{v['breakdown']}" if v["breakdown"] else "")
            bound = exact.get((v["period"], inner, "user_data", v["member_1"]))
            if bound:
                world.bound(cell(accounts, v["period"], v["breakdown"], v["member_1"], v["member_2"]), bound, math.inf)


def _stock_flows(
    world: World,
    tag: str,
    previous: dict[str, list[dict[str, Any]]],
    unmeasured: set[tuple[Any, ...]],
    opening: dict[tuple[Any, ...], float],
) -> None:
    """backlog(end of a half) = backlog(its start) + opened - closed, for every cell all three publish
    (not across a half nothing was delivered for: its "no data" is no number to add up)."""
    ordered = world.names()
    names = set(ordered)
    for stock, opened, closed in STOCK_FLOWS:
        for c in [c for c in ordered if c[0] == tag and c[1] == stock and "-H" in c[2]]:
            rest = c[3:]
            ins, outs = (tag, opened, c[2], *rest), (tag, closed, c[2], *rest)
            if ins not in names or outs not in names:
                continue
            year, half = c[2].split("-")
            start: tuple[Any, ...] = (tag, stock, f"{year}-H1", *rest)
            if half == "H1":
                start = (tag, stock, f"FY{int(year[2:]) - 1}-H2", *rest)
                shown = [
                    v
                    for v in previous.get(stock, [])
                    if (v["period"], v["breakdown"], v["member_1"], v["member_2"]) == (start[2], *rest)
                ]
                if shown and shown[0]["status"] == "published" and shown[0]["value"] is not None:
                    world.fix(start, shown[0]["value"])
                elif shown and shown[0]["status"] == "withheld":
                    world.bound(start, 1.0, math.inf)
                elif not shown and start[1:] in opening:  # before the series: the reader's guess
                    world.fix(start, opening[start[1:]])
            elif start not in names:
                world.fix(start, 0.0)
            if unmeasured & {c, ins, outs, start}:
                continue
            world.rows.append(([(c, 1.0), (start, -1.0), (ins, -1.0), (outs, 1.0)], 0.0, 0.0))


def truth_of(rows: Iterable[dict[str, Any]], metrics: list[Any], relations: dict[str, Any]) -> dict[Any, float]:
    """The numbers of people behind a publication, from the rows it was made of (a sum's ``value``, a
    share's ``numerator`` and ``denominator``; blank is 0, as the marts add up), named as ``canonical``
    names them (a row whose ``data_status`` is "no data" is unmeasured). Two rows ``canonical`` makes
    one cell must hold one number."""
    rows = list(rows)
    unmeasured = [
        (r["metric_id"], r["period_id"], r["breakdown"], r["member_1"], r["member_2"])
        for r in rows
        if r.get("data_status") == "no data"
    ]
    cell = canonical(relations, unmeasured)
    kinds = {m.id: m.aggregate for m in metrics}
    found: dict[Any, float] = {}
    for r in rows:
        if r["metric_id"] not in kinds:
            continue
        key = (r["period_id"], r["breakdown"], r["member_1"], r["member_2"])
        for part in ("value",) if kinds[r["metric_id"]] == "sum" else ("numerator", "denominator"):
            name = cell(r["metric_id"] if part == "value" else f"{r['metric_id']}.{part}", *key)
            value = float(r[part] or 0)
            assert found.setdefault(name, value) == value, f"{name} is {found[name]} and {value}"
    return found


def _planted(world: World, tag: str, truth: dict[Any, float], periods: set[str]) -> dict[Hashable, float]:
    """The true number of every cell ``tag`` names in the ``periods`` its publication shows (a cell
    the truth does not name is 0, as the marts leave it out); cells of other periods (the year
    before's closing stock) are left out: the publication's truth does not tell them."""
    cells: list[tuple[Any, ...]] = world.names()  # type: ignore[assignment]
    return {c: truth.get(c[1:], 0.0) for c in cells if c[0] == tag and c[2] in periods}


def _intervals(
    world: World, objectives: list[list[tuple[Hashable, float]]], k: int, truth: dict[Hashable, float] | None
) -> list[tuple[float, float]]:
    """Each objective's interval; with ``truth`` (world cell -> true number, ``_planted``), the truth
    is first checked against the model and then found inside every interval."""
    if truth is not None:
        world.check(truth)
    found = []
    for terms in objectives:
        low, high = world.interval(terms, k)
        if truth is not None:
            value = sum(a * truth[c] for c, a in terms)
            assert low <= value <= high, f"{terms}: {value} outside {low}..{high}"
        found.append((low, high))
    return found


def attack_publication(
    values: dict[str, list[dict[str, Any]]],
    metrics: list[Any],
    relations: dict[str, Any],
    k: int,
    previous: dict[str, list[dict[str, Any]]] | None = None,
    truth: dict[Any, float] | None = None,
    opening: dict[tuple[Any, ...], float] | None = None,
) -> dict[tuple[Any, ...], tuple[float, float, str]]:
    """Every hidden number of people in one fiscal year's published values -> (low, high, status);
    ``previous``: the year before as published; ``truth`` (``truth_of``): checked to be inside;
    ``opening``: the stocks before the first period shown, as the reader guesses them (``read_into``)."""
    world = World()
    hidden = read_into(world, values, metrics, relations, k, "", previous, opening=opening)
    periods = {v["period"] for rows in values.values() for v in rows}
    planted = None if truth is None else _planted(world, "", truth, periods)
    found = _intervals(world, [terms for terms, _ in hidden], k, planted)
    return {
        tuple(c[1:] for c, _ in terms): (low, high, status)
        for (terms, status), (low, high) in zip(hidden, found, strict=True)
    }


def attack_revisions(
    before: dict[str, list[dict[str, Any]]],
    after: dict[str, list[dict[str, Any]]],
    metrics: list[Any],
    relations: dict[str, Any],
    k: int,
    cells: Iterable[tuple[Any, ...]],
    truth: tuple[dict[Any, float], dict[Any, float]] | None = None,
) -> dict[tuple[Any, ...], tuple[float, float]]:
    """A reader holding two publications of one fiscal year: for each cell (as ``canonical`` names it),
    the least and greatest value of its revision (after minus before), both publications in one
    program. A cell missing from a period a publication shows is 0 there. ``truth``: both
    publications' (``truth_of``), checked to be inside."""
    world = World()
    read_into(world, before, metrics, relations, k, "before")
    read_into(world, after, metrics, relations, k, "after")
    names = set(world.names())
    shown = {
        tag: {v["period"] for rows in values.values() for v in rows}
        for tag, values in (("before", before), ("after", after))
    }
    revised = sorted({c for c in cells if c[1] in shown["before"]}, key=str)  # not released before: not 0
    for c in revised:
        for tag in ("before", "after"):
            if (tag, *c) not in names:
                world.fix((tag, *c), 0.0)
    planted = None
    if truth is not None:
        planted = _planted(world, "before", truth[0], shown["before"]) | _planted(
            world, "after", truth[1], shown["after"]
        )
    found = _intervals(world, [[(("after", *c), 1.0), (("before", *c), -1.0)] for c in revised], k, planted)
    return dict(zip(revised, found, strict=True))


def read_downloads(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """A publication as its per-language CSV downloads show it (the site's ``data/<language>/``): each
    metric's rows, typed back (an empty cell is None), with nothing the site does not print."""
    values: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.csv")):
        if path.stem == "dictionary" or path.stem.startswith("transparency-"):
            continue
        with path.open(encoding="utf-8-sig", newline="") as f:
            values[path.stem] = [
                {
                    "period": r["period"],
                    "period_kind": r["period_kind"],
                    "fiscal_year": int(r["fiscal_year"]),
                    "breakdown": r["breakdown"],
                    "member_1": r["member_1"] or None,
                    "member_2": r["member_2"] or None,
                    "value": float(r["value"]) if r["value"] else None,
                    "status": r["status"],
                    "based_on": float(r["based_on"]) if r["based_on"] else None,
                    "reporting": r["reporting"],
                }
                for r in csv.DictReader(f)
            ]
    return values


def repeated(before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]]) -> frozenset[Any]:
    """The figures ``after`` shows as ``before`` did, in periods ``before`` showed: any of them may be a
    figure standing as first released while its number moved (the site marks none of them)."""
    shown = {
        (metric_id, v["period"], v["breakdown"], v["member_1"], v["member_2"]): (v["value"], v["based_on"])
        for metric_id, rows in before.items()
        for v in rows
        if v["status"] == "published"
    }
    return frozenset(
        key
        for metric_id, rows in after.items()
        for v in rows
        if v["status"] == "published"
        and shown.get(key := (metric_id, v["period"], v["breakdown"], v["member_1"], v["member_2"]))
        == (v["value"], v["based_on"])
    )


def attack_shown(
    before: tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]] | None],
    after: tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]] | None],
    metrics: list[Any],
    relations: dict[str, Any],
    k: int,
    bet_on_no_revision: bool,
    cells: Iterable[tuple[Any, ...]] = (),
    truth: tuple[dict[Any, float], dict[Any, float]] | None = None,
) -> dict[tuple[Any, ...], tuple[float, float, str]]:
    """A reader of two publications of one fiscal year as they show it (``read_downloads``; each with
    the year before as that publication showed it), the site's figures in one program. A figure the
    later one shows as the earlier did may stand as first released: the reader either bets it was not
    revised (the shown number is the current one) or takes it as the shown number plus a revision of
    fewer than k either way. Returns, for every hidden number of people of the later publication and
    the revision (later minus earlier) of every one of ``cells``, (low, high, status). ``truth``
    (``truth_of``, both publications'): checked to be inside, where the model is true (not the bet)."""
    world = World()
    read_into(world, before[0], metrics, relations, k, "before", before[1])
    standing = frozenset() if bet_on_no_revision else repeated(before[0], after[0])
    hidden = read_into(world, after[0], metrics, relations, k, "after", after[1], standing)
    names = set(world.names())
    shown = {v["period"] for rows in before[0].values() for v in rows}
    revised = sorted({c for c in cells if c[1] in shown}, key=str)
    # a member absent from a listed period is 0, unless the period's total is withheld: then its parts
    # are left out of the downloads, and the absent member is any number
    left_out = {
        (tag, metric_id, v["period"])
        for tag, values in (("before", before[0]), ("after", after[0]))
        for metric_id, rows in values.items()
        for v in rows
        if v["breakdown"] == "" and v["status"] == "withheld"
    }
    # and a member absent from a period whose figures may stand as first released may be a new one,
    # withheld and standing as absent: fewer than k
    hiding = {(metric_id, period) for metric_id, period, *_ in standing}
    for c in revised:
        for tag in ("before", "after"):
            if (tag, *c) not in names:
                high = 0.0
                if (tag, c[0], c[1]) in left_out:
                    high = math.inf
                elif tag == "after" and (c[0].split(".")[0], c[1]) in hiding:
                    high = k - 1.0
                world.bound((tag, *c), 0.0, high)
    objectives: list[tuple[list[tuple[Hashable, float]], str]] = [
        *hidden,
        *(([(("after", *c), 1.0), (("before", *c), -1.0)], "revision") for c in revised),
    ]
    planted = None
    if truth is not None and not bet_on_no_revision:
        after_periods = {v["period"] for rows in after[0].values() for v in rows}
        planted = _planted(world, "before", truth[0], shown) | _planted(world, "after", truth[1], after_periods)
    found = _intervals(world, [terms for terms, _ in objectives], k, planted)
    return {
        tuple(c for c, _ in terms): (low, high, status)  # type: ignore[misc]
        for (terms, status), (low, high) in zip(objectives, found, strict=True)
    }


def revealed(low: float, high: float, status: str, k: int) -> bool:
    """Whether an attacked interval gives a small number away: a hidden count pinned to within k, or a
    withheld share's side pinned to within k where it could still be below k."""
    return high - low < k and not (status == "withheld share" and low >= k)


def revealed_under_a_bet(low: float, high: float, status: str, k: int) -> bool:
    """Whether an interval found on a bet the reader cannot check (figures standing as first released
    read as current) gives a small number away: one pinned to within k that could be below k. A
    number of k or more pinned under the bet is not one (a year withheld beside a standing half is
    its halves as shown, give or take the revision the bet leaves out): the revision itself is
    attacked with the figures as shown + r."""
    return revealed(low, high, status, k) and low < k


def by_fiscal_year(values: dict[str, list[dict[str, Any]]]) -> dict[int, dict[str, list[dict[str, Any]]]]:
    years: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for metric, rows in values.items():
        for v in rows:
            years[v["fiscal_year"]][metric].append(v)
    return years
