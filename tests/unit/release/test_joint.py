"""Two fiscal years, each safe alone, attacked together through the backlog they share."""

from __future__ import annotations

from pipeline.lib.inference import audit
from pipeline.lib.inference.problem import Constraint, Problem, QKey, Status, ViewKey
from pipeline.lib.release.joint import unsafe_together
from pipeline.lib.release.revisions import Published

K = 10
SHARED: QKey = ("backlog", "FY2025-H2", "", None, None)  # FY2025's closing backlog, FY2026's opening one


def _q(name: str, period: str) -> QKey:
    return (name, period, "", None, None)


def _year(
    cells: dict[QKey, tuple[float, Status]],
    equations: list[dict[QKey, float]],
    carried: dict[QKey, tuple[float, Status]] | None = None,
) -> Published:
    """One year's publication: each cell's true value and status, every equation summing to 0, and
    the numbers of the year before it reaches (value, and the status that year gave them)."""
    problem = Problem(values={q: value for q, (value, _) in (cells | (carried or {})).items()})
    problem.carried = {q: status for q, (_, status) in (carried or {}).items()}
    problem.structure = [Constraint(tuple(terms.items()), 0.0, 0.0) for terms in equations]
    statuses: dict[ViewKey, Status] = {}
    for q, (_, status) in cells.items():
        view = (q[0], q[1:])
        problem.counts[q].append(view)  # type: ignore[arg-type]
        statuses[view] = status  # type: ignore[index]
    return Published(problem, statuses, K)


def test_a_backlog_each_year_leaves_wide_is_pinned_down_by_both() -> None:
    # FY2025: its closing backlog (22, withheld) and a small count add up to a published 30, and
    # that count and a withheld 12 to a published 20: the backlog is anywhere from 11 to 29
    total, small, rest, twenty = (_q(n, "FY2025") for n in ("total", "small", "rest", "twenty"))
    first = _year(
        {
            SHARED: (22, "secondary"), total: (30, "published"), small: (8, "small"),
            rest: (12, "secondary"), twenty: (20, "published"),
        },
        [{total: 1, SHARED: -1, small: -1}, {twenty: 1, small: -1, rest: -1}],
    )  # fmt: skip
    # FY2026: the backlog at the end of H1 (29) = the opening backlog + opened (10) - closed (3, small),
    # and closed + a withheld 14 = a published 17: the opening backlog is anywhere from 20 to 35
    end, opened, closed, others, all_closed = (_q(n, "FY2026-H1") for n in ("end", "opened", "closed", "others", "all"))
    second_cells = {
        end: (29, "published"), opened: (10, "published"), closed: (3, "small"),
        others: (14, "secondary"), all_closed: (17, "published"),
    }  # fmt: skip
    flows = [{end: 1, SHARED: -1, opened: -1, closed: 1}, {all_closed: 1, closed: -1, others: -1}]
    second = _year(second_cells, flows, carried={SHARED: (22, "secondary")})  # as FY2025 published it

    memos = (audit.Memo(), audit.Memo())  # the solutions each year's own attack finds
    for alone, memo in zip((first, second), memos, strict=True):
        assert audit.unsafe(alone.problem, alone.counts, alone.shares, K, memo) == [], "each year is safe alone"
    found = {t.item for t in unsafe_together(first, second, K)}
    assert SHARED in found, "together they leave it 20..29: nine values"
    # started from each year's own solutions (as the release audit is), the pair is found just as unsafe
    assert memos[0].solutions and memos[1].solutions
    assert {t.item for t in unsafe_together(first, second, K, (memos[0].solutions, memos[1].solutions))} == found
    damaged = {key: points[:, :-1] for key, points in memos[0].solutions.items()}  # a file of the wrong shape
    assert {t.item for t in unsafe_together(first, second, K, (damaged, memos[1].solutions))} == found
