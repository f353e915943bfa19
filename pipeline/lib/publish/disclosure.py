"""Small-count suppression for the public site: no published number may single a person out.

Rules, for every metric whose numbers are about people (catalogue ``disclosure: people``):

* **counts**: a count from 1 to k-1 is shown as "fewer than k" (primary suppression). Then, because
  published totals let a reader subtract — a department's count is its row total minus the others —
  further cells are hidden (secondary suppression) until every hidden cell is safe:

  1. from the published numbers (and counts being at least zero), the values it could take span a
     range at least k wide: it is not pinned down to within k; and
  2. even knowing what the labels say (a "fewer than k" cell is between 1 and k-1, a withheld cell
     is at least k), it cannot be worked out exactly.

  Totals, one- and two-way breakdowns and, for flows, the two half-years that add up to the year
  are all linked. The check is exact: the least and greatest value of each hidden cell are found
  by linear programming over every published equation.
* **shares**: withheld when the group is smaller than k, or when fewer than k people are on either
  side of it (a 90 % completion rate in a group of 10 tells of one person). Shares are published
  without their per-group counts, so they cannot be recombined.
* **medians**: withheld when based on fewer than k observations.

Metrics that count organisations rather than people (``disclosure: exact``) are published exactly.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

import numpy as np

Status = Literal["published", "small", "secondary", "withheld"]
Key = tuple[str, str, str | None, str | None]  # period, breakdown, member 1, member 2


@dataclass(frozen=True)
class Cell:
    key: Key
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    units: int = 0

    @property
    def period(self) -> str:
        return self.key[0]


@dataclass(frozen=True)
class Equation:
    """``total`` is the sum of ``parts`` (parts missing from the table are zero)."""

    total: Key
    parts: tuple[Key, ...]


def count_equations(
    cells: Iterable[Key],
    breakdowns: Iterable[tuple[str, ...]],
    periods_add_up: bool,
    halves: dict[str, tuple[str, str]],
) -> list[Equation]:
    """Every linear relation a reader knows between the cells of one metric's published counts."""
    keys = set(cells)
    by_breakdown: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for key in keys:
        by_breakdown[(key[0], key[1])].append(key)
    periods = {k[0] for k in keys}
    names = [",".join(b) for b in breakdowns]
    equations = []
    for period in periods:
        total: Key = (period, "", None, None)
        for name in names:
            members = by_breakdown.get((period, name), [])
            if name and "," not in name and total in keys:
                equations.append(Equation(total, tuple(sorted(members, key=str))))
            if "," in name:
                first, second = name.split(",")
                for margin_name, index in ((first, 2), (second, 3)):
                    for margin in by_breakdown.get((period, margin_name), []):
                        parts = tuple(sorted((m for m in members if m[index] == margin[2]), key=str))
                        equations.append(Equation(margin, parts))
    if periods_add_up:
        for year, (first_half, second_half) in halves.items():
            for key in keys:
                if key[0] == year:
                    parts = tuple(k for k in ((first_half, *key[1:]), (second_half, *key[1:])) if k in keys)
                    equations.append(Equation(key, parts))  # type: ignore[arg-type]
    return equations


def protect_counts(cells: dict[Key, float], equations: list[Equation], k: int) -> dict[Key, Status]:
    """Primary suppression of 1..k-1, then secondary suppression until every hidden cell is safe.

    Secondary suppression runs in rounds: first the quick rule that no equation may hide exactly one
    of its cells (else subtraction reveals it), then an exact audit by linear programming; every
    cell the audit finds unsafe gets a partner hidden beside it, and the round repeats.
    """
    status: dict[Key, Status] = {key: "small" if 1 <= value <= k - 1 else "published" for key, value in cells.items()}
    linked: dict[Key, set[Key]] = defaultdict(set)
    for eq in equations:
        members = {eq.total, *eq.parts}
        for key in members:
            linked[key] |= members
    totals = {eq.total for eq in equations}

    def partner(key: Key) -> Key | None:
        """The least informative published cell that helps hide ``key``: parts before totals, smallest first."""
        candidates = [c for c in linked[key] if status[c] == "published" and cells[c] > 0]
        return min(candidates, key=lambda c: (c in totals, cells[c], str(c))) if candidates else None

    while True:
        _no_lonely_cells(cells, equations, status, totals)
        unsafe = _unsafe(cells, equations, status, k)
        if not unsafe:
            return status
        progressed = False
        for key in unsafe:
            chosen = partner(key)
            if chosen is not None:
                status[chosen] = "secondary"
                progressed = True
        if not progressed:  # nothing left to hide beside them: publish no non-zero count of this table
            return {key: "secondary" if s == "published" and cells[key] > 0 else s for key, s in status.items()}


def _no_lonely_cells(
    cells: dict[Key, float], equations: list[Equation], status: dict[Key, Status], totals: set[Key]
) -> None:
    """Hide a second cell in every equation that hides exactly one (subtraction would reveal it)."""
    changed = True
    while changed:
        changed = False
        for eq in equations:
            members = [eq.total, *eq.parts]
            hidden = [m for m in members if status[m] != "published"]
            if len(hidden) != 1:
                continue
            candidates = [m for m in members if status[m] == "published" and cells[m] > 0]
            if candidates:
                choice = min(candidates, key=lambda c: (c in totals, cells[c], str(c)))
                status[choice] = "secondary"
                changed = True


def _unsafe(cells: dict[Key, float], equations: list[Equation], status: dict[Key, Status], k: int) -> list[Key]:
    """Hidden cells a reader can pin down to within k, or work out exactly with the labels' help."""
    published_only = intervals(cells, equations, status, k, use_labels=False)
    narrow = {key for key, (low, high) in published_only.items() if high - low < k}
    with_labels = intervals(cells, equations, status, k, use_labels=True, only=set(published_only) - narrow)
    exact = {key for key, (low, high) in with_labels.items() if high - low < 1}
    return sorted(narrow | exact, key=str)


def intervals(
    cells: dict[Key, float],
    equations: list[Equation],
    status: dict[Key, Status],
    k: int,
    use_labels: bool = False,
    only: set[Key] | None = None,
) -> dict[Key, tuple[float, float]]:
    """For every hidden cell, the least and greatest value consistent with what is published
    (and, with ``use_labels``, with what its label says: 1..k-1 for "fewer than k", >= k if withheld).

    One HiGHS model holds the equations; each bound is a re-solve with another objective.
    """
    import highspy

    hidden = sorted((key for key, s in status.items() if s != "published"), key=str)
    if not hidden:
        return {}
    index = {key: i for i, key in enumerate(hidden)}
    infinity = highspy.kHighsInf
    with _console_silenced():  # the first highspy.Highs() of a process prints a licence banner
        model = highspy.Highs()  # type: ignore[no-untyped-call]
    model.setOptionValue("output_flag", False)
    if use_labels:
        bounds = [(1.0, k - 1.0) if status[key] == "small" else (float(k), infinity) for key in hidden]
    else:
        bounds = [(0.0, infinity)] * len(hidden)
    model.addVars(len(hidden), np.array([b[0] for b in bounds]), np.array([b[1] for b in bounds]))
    for eq in equations:
        members = [(eq.total, 1.0), *((part, -1.0) for part in eq.parts)]
        coefficients: dict[int, float] = defaultdict(float)
        constant = 0.0
        for key, sign in members:
            if key in index:
                coefficients[index[key]] += sign
            else:
                constant -= sign * cells.get(key, 0.0)
        if coefficients:
            columns = np.array(list(coefficients), dtype=np.int32)
            model.addRow(constant, constant, len(columns), columns, np.array(list(coefficients.values())))
    result = {}
    for i, key in enumerate(hidden):
        if only is not None and key not in only:
            continue
        low, high = _solve(model, i, 1.0), _solve(model, i, -1.0)
        lo = low if low is not None else bounds[i][0]
        hi = -high if high is not None else float("inf")
        # counts are whole numbers: the reader can round the bounds inwards
        result[key] = (float(np.ceil(lo - 1e-6)), float(np.floor(hi + 1e-6)) if np.isfinite(hi) else hi)
    return result


def _solve(model: object, column: int, sign: float) -> float | None:
    """Minimise sign * x[column]; None when unbounded."""
    import highspy

    model.changeColCost(column, sign)  # type: ignore[attr-defined]
    model.run()  # type: ignore[attr-defined]
    status = model.getModelStatus()  # type: ignore[attr-defined]
    value = model.getInfo().objective_function_value if status == highspy.HighsModelStatus.kOptimal else None  # type: ignore[attr-defined]
    model.changeColCost(column, 0.0)  # type: ignore[attr-defined]
    return value


def share_status(numerator: float | None, denominator: float | None, k: int) -> Status:
    """A share is withheld unless at least k people are on each side of it."""
    if numerator is None or denominator is None or denominator <= 0:
        return "published"  # nothing measured: shown as no value
    rest = denominator - numerator
    if denominator < k or 1 <= numerator <= k - 1 or 1 <= rest <= k - 1:
        return "withheld"
    return "published"


def median_status(units: int, k: int) -> Status:
    return "withheld" if 1 <= units < k else "published"


@contextlib.contextmanager
def _console_silenced() -> Iterator[None]:
    """Send the process's standard output (file descriptor 1, where HiGHS's C++ writes) to /dev/null."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
