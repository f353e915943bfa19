"""The protection's own attacker: which hidden numbers a reader pins down.

Every hidden count, and the numerator and rest of every share withheld for too few people, is a
target; each component of a fiscal year's problem (no relation crosses one) is read by a ``Reader``
that knows only what is published, then by one that also reads the labels ("fewer than k", or
withheld meaning k or more). A target is unsafe when the first pins it down to fewer than k values,
or the second works it out exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pipeline.lib.inference.problem import Problem, QKey, Status, ViewKey, components
from pipeline.lib.inference.reader import Reader


@dataclass(frozen=True)
class Target:
    """A hidden number of people: a hidden count, or a withheld share's numerator or rest."""

    item: QKey | ViewKey
    terms: tuple[tuple[QKey, float], ...]
    labelled: bool  # whether its label says something (counts: "fewer than k" / withheld means >= k)


def targets(problem: Problem, counts: dict[QKey, Status], shares: dict[ViewKey, Status]) -> list[Target]:
    found = [Target(q, ((q, 1.0),), True) for q, s in counts.items() if s != "published"]
    for view, s in shares.items():
        if s == "withheld":  # a share hidden beside another has k or more on each side: nothing small to find
            share = problem.shares[view]
            found.append(Target(view, ((share.numerator, 1.0),), False))
            found.append(Target(view, ((share.denominator, 1.0), (share.numerator, -1.0)), False))
    return found


@dataclass
class Memo:
    """What the rounds of one fiscal year's protection have learned (same problem and k). Each round
    only hides more, which relaxes the reader's program: a hidden number once spread over k values
    stays so, and a whole-number solution stays one. ``answers``: each component's unsafe numbers by
    its figures' statuses; ``safe``: numbers proven spread; ``solutions``: by component and reader."""

    answers: dict[tuple[object, ...], list[Target]] = field(default_factory=dict)
    safe: set[Target] = field(default_factory=set)
    solutions: dict[tuple[tuple[QKey, ...], bool], np.ndarray] = field(default_factory=dict)


def unsafe(
    problem: Problem, counts: dict[QKey, Status], shares: dict[ViewKey, Status], k: int, memo: Memo | None = None
) -> list[Target]:
    """Hidden numbers a reader pins down to within k, or (for labelled counts) works out exactly.

    No relation crosses a component, so each is attacked on its own. ``memo`` is for a caller that
    only ever hides more between calls (``Memo``): a component untouched since the last call is not
    attacked again, nor a number already proven safe."""
    memo = Memo() if memo is None else memo
    found = targets(problem, counts, shares)
    bad: list[Target] = []
    for component in components(problem):
        inside = [t for t in found if t.terms[0][0] in component]
        if not inside:
            continue
        members = tuple(sorted(component))
        signature = (
            members,
            tuple(counts.get(q) for q in members),
            tuple(sorted((str(v), st) for v, st in shares.items() if problem.shares[v].numerator in component)),
        )
        if signature not in memo.answers:
            memo.answers[signature] = _audit_component(problem, counts, shares, k, members, inside, memo)
        bad += memo.answers[signature]
    return bad


def _audit_component(
    problem: Problem,
    counts: dict[QKey, Status],
    shares: dict[ViewKey, Status],
    k: int,
    members: tuple[QKey, ...],
    inside: list[Target],
    memo: Memo,
) -> list[Target]:
    readers: dict[bool, Reader] = {}

    def reader(labels: bool) -> Reader:  # made on first use, seeded with the solutions of earlier rounds
        if labels not in readers:
            known = memo.solutions.get((members, labels))
            readers[labels] = Reader(problem, counts, shares, k, labels, set(members), known)
        return readers[labels]

    bad = []
    for t in (t for t in inside if t not in memo.safe):
        if _spread(reader(False).interval(t.terms, k)) < k or (
            t.labelled and _spread(reader(True).interval(t.terms, 1)) < 1
        ):
            bad.append(t)
        else:
            memo.safe.add(t)
    for labels, used in readers.items():
        memo.solutions[(members, labels)] = used.solutions[: used.known]
    return bad


def _spread(interval: tuple[float, float]) -> float:
    return interval[1] - interval[0]
