"""The protection's own attacker: which hidden numbers a reader pins down.

Every hidden count, and the numerator and rest of every share withheld for too few people, is a
target; each component of a fiscal year's problem (no relation crosses one) is read by a ``Reader``
that knows only what is published, then by one that also reads the labels ("fewer than k", or
withheld meaning k or more). A target is unsafe when the first pins it down to fewer than k values,
or the second works it out exactly.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from pipeline.lib.inference.problem import Problem, QKey, Status, ViewKey, components
from pipeline.lib.inference.reader import Reader

WORKERS = min(2, os.cpu_count() or 1)  # HiGHS solves on one core each; the nightly machine has two
SPLIT_FROM = 8  # targets in a component before they are attacked in parts


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

    No relation crosses a component, so each is attacked on its own, and the targets of one are
    independent questions: they are attacked in ``WORKERS`` parts side by side, each by readers of
    its own (HiGHS releases the interpreter while it solves). ``memo`` is for a caller that only
    ever hides more between calls (``Memo``): a component untouched since the last call is not
    attacked again, nor a number already proven safe."""
    memo = Memo() if memo is None else memo
    found = targets(problem, counts, shares)
    attacks: dict[tuple[object, ...], tuple[tuple[QKey, ...], list[Target]]] = {}
    order: list[tuple[object, ...]] = []
    for component in components(problem):
        inside = [t for t in found if t.terms[0][0] in component]
        if not inside:
            continue
        members = tuple(sorted(component))
        signature: tuple[object, ...] = (
            members,
            tuple(counts.get(q) for q in members),
            tuple(sorted((str(v), st) for v, st in shares.items() if problem.shares[v].numerator in component)),
        )
        order.append(signature)
        if signature not in memo.answers:
            attacks[signature] = (members, inside)
    parts = [
        (signature, members, part)
        for signature, (members, inside) in attacks.items()
        for part in _split([t for t in inside if t not in memo.safe])
    ]
    with ThreadPoolExecutor(WORKERS) as pool:
        done = list(pool.map(lambda job: _attack(problem, counts, shares, k, job[1], job[2], memo.solutions), parts))
    pinned: set[Target] = set()
    found_now: dict[tuple[tuple[QKey, ...], bool], list[np.ndarray]] = {}
    for (_, members, part), (bad, solutions) in zip(parts, done, strict=True):
        pinned.update(bad)
        memo.safe.update(t for t in part if t not in bad)
        for labels, points in solutions.items():
            found_now.setdefault((members, labels), []).append(points)
    for key, arrays in found_now.items():  # each part's readers kept the seeds that solve their program
        memo.solutions[key] = np.unique(np.concatenate(arrays), axis=0)
    for signature, (_, inside) in attacks.items():
        memo.answers[signature] = [t for t in inside if t in pinned]
    return [t for signature in order for t in memo.answers[signature]]


def _split(todo: list[Target]) -> list[list[Target]]:
    """A component's targets in parts for the workers: one part when there are few (each part
    makes its own readers, and a solution one finds does not spare the other's solves)."""
    return [todo[i::WORKERS] for i in range(WORKERS)] if len(todo) >= SPLIT_FROM else [todo] if todo else []


def _attack(
    problem: Problem,
    counts: dict[QKey, Status],
    shares: dict[ViewKey, Status],
    k: int,
    members: tuple[QKey, ...],
    part: list[Target],
    known: dict[tuple[tuple[QKey, ...], bool], np.ndarray],
) -> tuple[set[Target], dict[bool, np.ndarray]]:
    """The targets of ``part`` pinned down, and the whole-number solutions its readers know."""
    readers: dict[bool, Reader] = {}

    def reader(labels: bool) -> Reader:  # made on first use, seeded with the solutions of earlier rounds
        if labels not in readers:
            readers[labels] = Reader(problem, counts, shares, k, labels, set(members), known.get((members, labels)))
        return readers[labels]

    bad = set()
    for t in part:
        if _spread(reader(False).interval(t.terms, k)) < k or (
            t.labelled and _spread(reader(True).interval(t.terms, 1)) < 1
        ):
            bad.add(t)
    return bad, {labels: used.solutions[: used.known] for labels, used in readers.items()}


def _spread(interval: tuple[float, float]) -> float:
    return interval[1] - interval[0]
