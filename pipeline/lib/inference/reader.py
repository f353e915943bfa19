"""A reader of one fiscal year's publication, as a mixed-integer program: how narrowly each hidden
number can be pinned down.

One program per component of a year's problem holds its quantities and every relation a reader can
write between them (see ``inference.problem``); what is published fixes a count, or bounds a share's
numerator between the rounding interval's ends times its denominator. Integrality matters: a share
printed as 60.8 % is a continuum to a linear program, but only a handful of whole-number pairs to an
integer one. HiGHS is driven through its public ``highspy.Highs`` API.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import threading
from collections.abc import Iterable, Iterator

import highspy
import numpy as np

from pipeline.lib.inference.problem import Problem, QKey, Status, ViewKey

SHARE_HALF_STEP = 0.0005 + 1e-7  # shares are published to one decimal of a percent: ± half of 0.1 % (and a hair)
LARGEST = 2.0**31  # no number of people is larger; sums of rows of such numbers are exact in floating point
SOLVE_SECONDS = 1.0  # per bound; on time-out the best solution found stands in (never wider than the truth)


def published_share_rows(value: float, k: int) -> list[tuple[tuple[float, float], float, float]]:
    """What a published share tells: (coefficients of numerator, denominator), lower, upper."""
    low, high = max(value - SHARE_HALF_STEP, 0.0), min(value + SHARE_HALF_STEP, 1.0)
    return [
        ((1.0, -low), 0.0, math.inf),  # numerator >= low * denominator
        ((1.0, -high), -math.inf, 0.0),  # numerator <= high * denominator
        ((1.0, 0.0), float(k), math.inf),  # published only with k or more on each side
        ((-1.0, 1.0), float(k), math.inf),
    ]


class Reader:
    """One fiscal year's publication as a reader sees it, as a HiGHS model."""

    def __init__(
        self,
        problem: Problem,
        counts: dict[QKey, Status],
        shares: dict[ViewKey, Status],
        k: int,
        use_labels: bool,
        component: set[QKey],
        known: np.ndarray | None = None,
    ) -> None:
        """``known``: whole-number solutions found before, in the columns of ``sorted(component)``
        (checked again: only those that solve this program are kept)."""
        self.index = {q: i for i, q in enumerate(sorted(component))}
        with _console_silenced():  # the first highspy.Highs() of a process prints a licence banner
            self.model = highspy.Highs()  # type: ignore[no-untyped-call]
        self.model.setOptionValue("output_flag", False)
        self.model.setOptionValue("mip_rel_gap", 0.0)
        # one thread: these programs are small, and HiGHS's worker threads cost more in handing work
        # around than they save (measured: 40 % less CPU for a year's protection, same statuses)
        self.model.setOptionValue("threads", 1)
        # no presolve: a reader solves the same small program hundreds of times, changing only the
        # objective or one row, and presolving it again each time costs more than it saves (measured
        # on the first demo's release: the solves' CPU 6.3 s -> 4.1 s, the same statuses)
        self.model.setOptionValue("presolve", "off")
        n = len(self.index)
        lower, upper = np.zeros(n), np.full(n, highspy.kHighsInf)
        for q, status in counts.items():
            if q not in self.index:
                continue
            i = self.index[q]
            if status == "published":
                lower[i] = upper[i] = problem.values[q]
            elif use_labels:
                lower[i], upper[i] = (1.0, k - 1.0) if status == "small" else (float(k), highspy.kHighsInf)
            else:  # 0 is published as 0, so a reader knows a hidden count is at least 1
                lower[i] = 1.0
        self.model.addVars(n, lower, upper)
        self.lower, self.upper = lower, upper
        self.rows: list[tuple[np.ndarray, np.ndarray, float, float]] = []  # to check a rounded vertex
        self.integral = False
        self.solutions, self.known = np.empty((64, n)), 0  # whole-number solutions known (``_known_spread``)
        for c in problem.structure:
            if c.terms[0][0] in self.index:
                self._row(c.terms, c.lower, c.upper)
        for view, status in shares.items():
            share = problem.shares[view]
            if status == "published" and share.value is not None and share.numerator in self.index:
                self.integral = True
                for (a, b), lo, hi in published_share_rows(share.value, k):
                    self._row(((share.numerator, a), (share.denominator, b)), lo, hi)
        self.matrix = np.zeros((len(self.rows), n))  # the rows at once: a vertex is checked in one product
        for r, (columns, coefficients, _, _) in enumerate(self.rows):
            self.matrix[r, columns] = coefficients
        self.row_bounds = np.array([(lo, hi) for *_, lo, hi in self.rows]).reshape(-1, 2)
        known = known if known is not None and known.ndim == 2 and known.shape[1] == n else np.empty((0, n))
        for point in [np.array([problem.values[q] for q in self.index]), *known]:
            self._remember(point)  # the truth is one solution

    def _row(self, terms: Iterable[tuple[QKey, float]], lower: float, upper: float) -> None:
        merged: dict[int, float] = {}
        for q, a in terms:
            merged[self.index[q]] = merged.get(self.index[q], 0.0) + a
        merged = {i: a for i, a in merged.items() if a != 0.0}
        if merged:
            inf = highspy.kHighsInf
            columns, coefficients = np.array(list(merged), dtype=np.int32), np.array(list(merged.values()))
            self.model.addRow(
                -inf if math.isinf(lower) else lower,
                inf if math.isinf(upper) else upper,
                len(merged),
                columns,
                coefficients,
            )
            self.rows.append((columns, coefficients, lower, upper))

    def interval(self, terms: tuple[tuple[QKey, float], ...], k: int) -> tuple[float, float]:
        """The least and greatest whole value the expression can take, or an interval at least k
        wide that it is proven to span.

        Whole-number solutions already known (the true values, and every solution an earlier solve
        of this reader found) are tried first: if they already spread the expression over k values,
        it cannot be pinned down more narrowly, and no solve is needed. Then the linear relaxation:
        its interval contains the whole-number one, so a narrow one is final, and where no published
        share makes whole numbers matter (sums of counts alone have whole-number vertices) it is the
        answer. Only then the mixed-integer program, by far the costliest step of the protection:
        first for any solution k beyond the known ones (``_beyond``), then for the bounds."""
        known = self._known_spread(terms)
        if known is not None and known[1] - known[0] >= k:
            return known
        low, high = self._bounds(terms, k)
        if self.integral and high - low >= k:
            n = len(self.index)
            self.model.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
            try:
                low, high = self._beyond(terms, k, (low, high)) or self._bounds(terms, k)
            finally:
                self.model.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.zeros(n, dtype=np.uint8))
        return low, high

    def _beyond(
        self, terms: tuple[tuple[QKey, float], ...], k: int, relaxed: tuple[float, float]
    ) -> tuple[float, float] | None:
        """The known spread once a solution is found k above the least known value or k below the
        greatest (where the relaxation's interval reaches): proof enough, and a program with no
        objective stops at the first solution it finds, where the bounds would have to be proven."""
        known = self._known_spread(terms)
        if known is None:
            return None
        columns = np.array([self.index[q] for q, _ in terms], dtype=np.int32)
        inf = highspy.kHighsInf
        for lower, upper in ((known[0] + k, inf), (-inf, known[1] - k)):
            if lower > relaxed[1] or upper < relaxed[0]:
                continue
            self.model.addRow(lower, upper, len(columns), columns, np.array([a for _, a in terms]))
            try:
                if self._run():
                    self._remember(np.array(self.model.getSolution().col_value))
            finally:
                self.model.deleteRows(1, np.array([self.model.getNumRow() - 1], dtype=np.int32))
            spread = self._known_spread(terms)
            if spread is not None and spread[1] - spread[0] >= k:
                return spread
        return None

    def _run(self) -> bool:
        """Solve within ``SOLVE_SECONDS`` (the clock is cumulative); whether a solution was found."""
        self.model.setOptionValue("time_limit", self.model.getRunTime() + SOLVE_SECONDS)
        self.model.run()
        if self.model.getModelStatus() == highspy.HighsModelStatus.kUnknown:  # no verdict from the last basis:
            self.model.clearSolver()  # seen on unbounded directions (wide counts read as pinned); from scratch
            self.model.run()
        return bool(self.model.getInfo().primal_solution_status == 2)  # kSolutionStatusFeasible

    def _known_spread(self, terms: tuple[tuple[QKey, float], ...]) -> tuple[float, float] | None:
        """The least and greatest value of the expression over the known whole-number solutions."""
        if not self.known:
            return None
        columns = np.array([self.index[q] for q, _ in terms], dtype=np.int32)
        values = self.solutions[: self.known, columns] @ np.array([a for _, a in terms])
        return float(values.min()), float(values.max())

    def _remember(self, point: np.ndarray) -> None:
        """Keep a whole-number solution for ``_known_spread``, once checked to be one exactly."""
        whole = np.round(point)
        recent = self.solutions[max(self.known - 8, 0) : self.known]
        if self._whole_and_feasible(point) and not np.any(np.all(recent == whole, axis=1)):
            if self.known == len(self.solutions):
                self.solutions = np.concatenate([self.solutions, np.empty_like(self.solutions)])
            self.solutions[self.known], self.known = whole, self.known + 1

    def _bounds(self, terms: tuple[tuple[QKey, float], ...], k: int) -> tuple[float, float]:
        """The least value, then the greatest unless a known solution already lies k above the least
        (the solve for the least adds its own): the interval is then proven k wide as it is."""
        low = self._minimise(terms, 1.0)
        if low is not None and math.isnan(low):
            return (0.0, 0.0)  # no answer in time: treated as pinned down
        known = self._known_spread(terms)
        whole_low = math.ceil(low - 1e-6) if low is not None else -math.inf
        if known is not None and known[1] - whole_low >= k:
            return whole_low, known[1]
        high = self._minimise(terms, -1.0)
        if high is not None and math.isnan(high):
            return (0.0, 0.0)
        return whole_low, math.floor(-high + 1e-6) if high is not None else math.inf

    def _whole_and_feasible(self, point: np.ndarray) -> bool:
        """Whether the point, rounded to whole numbers, still satisfies every bound and row exactly
        (to 1e-9): only then is it a whole-number solution the reader could be looking at. Numbers
        beyond ``LARGEST`` are refused: a sum of such numbers in floating point drops its small terms,
        and a point breaking a row would pass (a review fooled the check with 1e18)."""
        whole = np.round(point)
        if not np.all(np.abs(point) <= LARGEST) or np.any(np.abs(point - whole) > 1e-6):  # NaN fails the first
            return False
        tolerance = 1e-9
        if np.any(whole < self.lower - tolerance) or np.any(whole > self.upper + tolerance):
            return False
        activity = self.matrix @ whole
        return bool(
            np.all(activity >= self.row_bounds[:, 0] - tolerance)
            and np.all(activity <= self.row_bounds[:, 1] + tolerance)
        )

    def _minimise(self, terms: tuple[tuple[QKey, float], ...], sign: float) -> float | None:
        """The least value of the objective; None when unbounded. Under a time limit the best
        solution found stands in (never beyond the true least value, so the interval is never
        reported wider than it is); with none found, NaN, which the caller treats as unsafe. Every
        whole-number solution found is remembered (``_known_spread``): a vertex of the linear
        relaxation rounded to whole numbers is one too when it still satisfies every row exactly
        (about half the first demo's feasibility solves spared), and spares later solves."""
        columns = np.array([self.index[q] for q, _ in terms], dtype=np.int32)
        self.model.changeColsCost(len(columns), columns, np.array([sign * a for _, a in terms]))
        self._run()
        status = self.model.getModelStatus()
        info = self.model.getInfo()
        if status == highspy.HighsModelStatus.kOptimal:
            value: float | None = info.objective_function_value
        elif status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            value = None  # the truth is a solution, so never infeasible: unbounded (hidden counts >= 1, no top)
        elif info.primal_solution_status == 2:  # kSolutionStatusFeasible: the best solution found
            value = info.objective_function_value
        else:
            value = math.nan
        if info.primal_solution_status == 2:
            self._remember(np.round(np.array(self.model.getSolution().col_value)))
        self.model.changeColsCost(len(columns), columns, np.zeros(len(columns)))
        return value


_CONSOLE = threading.Lock()  # readers are made on several threads (``audit``); file descriptor 1 is one


@contextlib.contextmanager
def _console_silenced() -> Iterator[None]:
    """Send the process's standard output (file descriptor 1, where HiGHS's C++ writes) to /dev/null."""
    with _CONSOLE:
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
