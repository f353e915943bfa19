"""Consecutive fiscal years attacked together, through the one number they share.

Each fiscal year is protected as its own problem; the previous year's closing stock (the open backlog
at its end) enters the next year's problem as that year's publication showed it, kept k values wide
when hidden (``inference.stocks``). Each year then leaves it at least k values wide, but a reader
holds both years: the two intervals intersect, and the intersection may be narrower than either,
and narrow the hidden numbers around it. So the release audit attacks each pair of consecutive years
again as one program, over the parts of the two problems that a shared number connects. A pair
found unsafe fails the blocking check: the site keeps its last publication.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from pipeline.lib.disclosure.cache import Witnesses
from pipeline.lib.inference import audit
from pipeline.lib.inference.problem import Problem, QKey, Status, ViewKey, components
from pipeline.lib.release.revisions import Published


def unsafe_together(
    before: Published, after: Published, k: int, witnesses: tuple[Witnesses, Witnesses] = ({}, {})
) -> list[audit.Target]:
    """The hidden numbers a reader of both years pins down more narrowly than the rules allow.
    ``witnesses``: each year's own solutions (``cache.load_witnesses``), to start from."""
    problem, counts, shares = _linked(before, after)
    if not problem.values:
        return []
    return audit.unsafe(problem, counts, shares, k, audit.Memo(solutions=_joined(problem, witnesses)))


def _joined(problem: Problem, witnesses: tuple[Witnesses, Witnesses]) -> Witnesses:
    """Solutions of the two years together, made from each year's own: one year's part varied as a
    solution of that year has it, everything else at its true value. One that moves a number the
    years share is no joint solution: the reader checks each against the joint program and keeps
    only those that solve it. (Pairing such a solution with one of the other year's that moves the
    shared number alike spared 13 of 135 solves on the sample: not worth its code.)"""
    group_of = {q: tuple(sorted(g)) for g in components(problem) for q in g}
    found: dict[tuple[tuple[QKey, ...], bool], list[np.ndarray]] = defaultdict(list)
    for (members, labels), points in [*witnesses[0].items(), *witnesses[1].items()]:
        group = group_of.get(members[0]) if members else None
        if group is None or not set(members) <= set(group) or points.ndim != 2 or points.shape[1] != len(members):
            continue  # not of these two years, or not a solution's shape (a damaged file): no witness
        columns = [group.index(q) for q in members]
        for point in points:
            joint = np.array([problem.values[q] for q in group])
            joint[columns] = point
            found[(group, labels)].append(joint)
    return {key: np.array(points) for key, points in found.items()}


def _linked(before: Published, after: Published) -> tuple[Problem, dict[QKey, Status], dict[ViewKey, Status]]:
    """The two years as one problem, cut down to the components holding numbers of both (the shared
    stock is the earlier year's own figure, with the status its publication gave it)."""
    whole = Problem(carried={q: s for q, s in after.problem.carried.items() if q not in before.problem.values})
    for part in (before.problem, after.problem):
        for q, value in part.values.items():
            whole.values.setdefault(q, value)
        whole.structure += part.structure
        for q, views in part.counts.items():
            whole.counts[q] += views
        whole.shares.update(part.shares)
    counts = {**after.counts, **before.counts, **whole.carried}
    only_after = after.problem.values.keys() - before.problem.values.keys()
    keep = set().union(*(g for g in components(whole) if g & before.problem.values.keys() and g & only_after))
    linked = Problem(
        values={q: v for q, v in whole.values.items() if q in keep},
        structure=[c for c in whole.structure if c.terms[0][0] in keep],
        shares={view: s for view, s in whole.shares.items() if s.numerator in keep},
        carried={q: s for q, s in whole.carried.items() if q in keep},
    )
    linked.counts.update({q: views for q, views in whole.counts.items() if q in keep})
    shares = {view: s for view, s in {**after.shares, **before.shares}.items() if view in linked.shares}
    return linked, {q: s for q, s in counts.items() if q in keep}, shares
